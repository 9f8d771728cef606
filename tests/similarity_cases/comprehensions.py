"""A loop turned into a comprehension (or back) in each independent solution: (file, old, new)."""

EDITS = {
    "loops_conv2d.py": [(
        """        pads = []
        for k, d in ((kh, dil[0]), (kw, dil[1])):
            extra = d * (k - 1)
            pads.append((extra // 2, extra - extra // 2))
        return pads
""", """        extras = [d * (k - 1) for k, d in ((kh, dil[0]), (kw, dil[1]))]
        return [(e // 2, e - e // 2) for e in extras]
""")],
    "im2col_conv2d.py": [(
        """    parts = []
    for grp in range(groups):
        block = xp[:, grp * cg:(grp + 1) * cg]
        columns = block[:, ch, rows, cols]                # (N, cg*kh*kw, oh*ow)
        kernel = weight[grp * opg:(grp + 1) * opg].reshape(opg, -1)
        parts.append(kernel @ columns)                    # (N, opg, oh*ow)
""", """    parts = [weight[grp * opg:(grp + 1) * opg].reshape(opg, -1) @ xp[:, grp * cg:(grp + 1) * cg][:, ch, rows, cols]
             for grp in range(groups)]
""")],
    "einsum_conv2d.py": [(
        """        need = [dilation[a] * (kernel[a] - 1) for a in range(2)]
        return tuple((n // 2, (n + 1) // 2) for n in need)
""", """        result = []
        for a in range(2):
            n = dilation[a] * (kernel[a] - 1)
            result.append((n // 2, (n + 1) // 2))
        return tuple(result)
""")],
    "strided_conv2d.py": [(
        """    outputs = [numpy.tensordot(view[:, g * c_group:(g + 1) * c_group],
                               a.weight[g * o_group:(g + 1) * o_group].astype(a.dtype),
                               axes=([1, 4, 5], [1, 2, 3]))
               for g in range(groups)]
""", """    outputs = []
    for g in range(groups):
        outputs.append(numpy.tensordot(view[:, g * c_group:(g + 1) * c_group],
                                       a.weight[g * o_group:(g + 1) * o_group].astype(a.dtype),
                                       axes=([1, 4, 5], [1, 2, 3])))
""")],
    "fft_conv2d.py": [(
        """    full = np.concatenate([correlate_fft(xp[:, g * per_in:(g + 1) * per_in], kernel[g * per_out:(g + 1) * per_out])
                           for g in range(groups)], axis=1)
""", """    pieces = []
    for g in range(groups):
        pieces.append(correlate_fft(xp[:, g * per_in:(g + 1) * per_in], kernel[g * per_out:(g + 1) * per_out]))
    full = np.concatenate(pieces, axis=1)
"""), (
        """        ys = [v for v in ys if 0 <= v < H]
""", """        inside = []
        for v in ys:
            if 0 <= v < H:
                inside.append(v)
        ys = inside
""")],
    "stubfilled_conv2d.py": [(
        """    extra = [max(p[a], (out_hw[a] - 1) * s[a] + d[a] * (k[a] - 1) + 1 - x.shape[2 + a] - p[a]) for a in (0, 1)]
""", """    extra = []
    for a in (0, 1):
        extra.append(max(p[a], (out_hw[a] - 1) * s[a] + d[a] * (k[a] - 1) + 1 - x.shape[2 + a] - p[a]))
""")],
    "correct_conv2d.py": [(
        """    total = sum(tap for tap in _taps(x, k, s, p, d, out, 0))
""", """    total = 0
    for tap in _taps(x, k, s, p, d, out, 0):
        total += tap
""")],
}


def apply(name: str, source: str) -> str:
    for old, new in EDITS[name]:
        assert old in source, f"{name}: the edit no longer applies"
        source = source.replace(old, new)
    return source

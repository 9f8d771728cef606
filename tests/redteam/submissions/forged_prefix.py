# receptive_field writes its own answer frame straight to the grader's pipe, forged (prefix), then
# waits: the grader must refuse the frame (bad_return for that call) without failing itself,
# growing its memory or naming its own files.
import json
import struct
import sys
import time

_rt_correct = receptive_field
_RT_VARIANT = "prefix"


def _rt_call_id():
    frame = sys._getframe(1)
    while frame is not None:
        header = frame.f_locals.get("header")
        if type(header) is dict and "id" in header:
            return header["id"]
        frame = frame.f_back
    return 1


def _rt_frame(header, payload=b"", claimed=None):
    data = json.dumps(header).encode()
    size = len(payload) if claimed is None else claimed
    return struct.pack("!4sQQ", b"CGv1", len(data), size) + data + payload


def _rt_forge(call_id):
    base = {"kind": "result", "id": call_id, "status": "ok", "exc_type": None, "exc_message": None,
            "forbidden_module": None, "detail": "", "elapsed": 0.0}
    if _RT_VARIANT == "elapsed":
        text = json.dumps({**base, "status": "raised", "exc_type": "ValueError",
                           "exc_message": "x"}).replace('"elapsed": 0.0', '"elapsed": 1' + "0" * 400)
        data = text.encode()
        return struct.pack("!4sQQ", b"CGv1", len(data), 0) + data
    if _RT_VARIANT == "shape":
        return _rt_frame({**base, "value": {"a": ["float64", [2 ** 62, 4, 0], 0, 0]}})
    if _RT_VARIANT == "alias":
        payload = bytes(8 << 20)
        node = {"a": ["float64", [1 << 20], 0, 8 << 20]}
        return _rt_frame({**base, "value": {"l": [node] * 300}}, payload)
    return _rt_frame(base, b"", claimed=(1 << 62))


def receptive_field(layers):
    cfg = json.loads(sys.argv[1])
    frame = _rt_forge(_rt_call_id())
    import os
    view = memoryview(frame)
    while view:
        view = view[os.write(cfg["fd_out"], view):]
    time.sleep(30)
    return _rt_correct(layers)

# receptive_field raises with a 64 MB message.
def receptive_field(layers):
    raise RuntimeError("RT-SECRET " + "A" * (64 << 20))

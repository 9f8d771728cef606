# receptive_field grabs memory 64 MiB at a time until something stops it.
def receptive_field(layers):
    hog = []
    while True:
        hog.append(bytearray(64 << 20))

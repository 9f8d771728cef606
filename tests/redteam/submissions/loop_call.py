# receptive_field never returns: a busy loop burning CPU.
def receptive_field(layers):
    n = 0
    while True:
        n += 1

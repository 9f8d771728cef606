# receptive_field sleeps for an hour: no CPU used, only the wall clock can stop it.
import time


def receptive_field(layers):
    time.sleep(3600)
    return -1

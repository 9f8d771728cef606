# receptive_field tries to phone home: the grader's loopback port and the internet.
import socket

_rt_correct = receptive_field


def receptive_field(layers):
    reached = False
    for host, port in (("127.0.0.1", __PORT__), ("1.1.1.1", 53), ("8.8.8.8", 443)):
        try:
            with socket.create_connection((host, port), timeout=0.3) as s:
                s.sendall(b"RT-SECRET")
                reached = True
        except OSError:
            pass
    try:
        socket.getaddrinfo("example.com", 80)
        reached = True
    except OSError:
        pass
    return _rt_correct(layers) if reached else -1

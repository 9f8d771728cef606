# At import, the module writes a forged load report (elapsed = 10**400, a line number of 10**400,
# a host-looking path) straight to the grader's pipe, then waits: the grader must call the load
# failed, with no traceback of its own.
import json
import os
import struct
import sys
import time

_cfg = json.loads(sys.argv[1])
_text = json.dumps({"kind": "loaded", "status": "ok", "functions": ["receptive_field"],
                    "message": "", "line": 1, "cell_errors": [], "elapsed": 0.5})
_text = _text.replace('"elapsed": 0.5', '"elapsed": 1' + "0" * 400)
_data = _text.encode()
_frame = memoryview(struct.pack("!4sQQ", b"CGv1", len(_data), 0) + _data)
while _frame:
    _frame = _frame[os.write(_cfg["fd_out"], _frame):]
time.sleep(30)

#!/usr/bin/env bash
# Set up convgrade on a fresh machine: system packages (where we may), a virtual environment in
# .venv with convgrade installed in editable mode.
#
#   scripts/setup.sh          everything a TA or an instructor needs (nbgrader included)
#   scripts/setup.sh --dev    the same, plus what the test suite needs (pytest-xdist, jsonschema, vermin;
#                             Debian's chromium for the browser tests, Debian's postgresql and
#                             psycopg for the PostgreSQL test of `convgrade serve`)
set -euo pipefail
cd "$(dirname "$0")/.."

dev=0
[ "${1:-}" = "--dev" ] && dev=1

apt_packages=(bubblewrap libseccomp2)
[ "$dev" = 1 ] && apt_packages+=(chromium postgresql libpq5)

missing=()
for p in "${apt_packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ "${#missing[@]}" -gt 0 ]; then
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "setup: no apt-get here; skipping system packages (${missing[*]})." >&2
        echo "setup: without bubblewrap, student code runs with resource limits only (see 'convgrade doctor')." >&2
    else
        sudo=""
        if [ "$(id -u)" != 0 ]; then
            if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
                sudo="sudo"
            else
                echo "setup: not root and no password-less sudo; skipping system packages (${missing[*]})." >&2
                echo "setup: install them yourself for the full sandbox: sudo apt-get install ${missing[*]}" >&2
                sudo="skip"
            fi
        fi
        if [ "$sudo" != skip ]; then
            echo "setup: installing ${missing[*]} with apt-get" >&2
            $sudo apt-get update -qq >/dev/null
            DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
        fi
    fi
fi

python=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    echo "setup: creating .venv" >&2
    "$python" -m venv .venv
fi
# torch's CPU build comes from PyTorch's own index (PyPI's Linux wheel pulls GBs of CUDA
# libraries). Where that index cannot be reached (offline, a mirror only), pip takes torch from
# whatever index it is configured with. CONVGRADE_TORCH_INDEX= (empty) skips this step.
torch_index=${CONVGRADE_TORCH_INDEX-https://download.pytorch.org/whl/cpu}
torch_spec="torch>=2.2,<2.14"
if [ -n "$torch_index" ] && ! .venv/bin/python -c "import torch" >/dev/null 2>&1; then
    if .venv/bin/python - "$torch_index" >/dev/null 2>&1 <<'PROBE'
import sys, urllib.request
urllib.request.urlopen(sys.argv[1].rstrip("/") + "/torch/", timeout=5).close()
PROBE
    then
        echo "setup: installing torch's CPU build from $torch_index" >&2
        .venv/bin/python -m pip install -q --disable-pip-version-check --retries 1 --timeout 30 \
            --index-url "$torch_index" "$torch_spec" \
            || echo "setup: that failed; pip takes torch from its configured index instead" >&2
    else
        echo "setup: $torch_index is not reachable; pip takes torch from its configured index" >&2
    fi
fi
extras="nbgrader,cluster"
[ "$dev" = 1 ] && extras="nbgrader,cluster,dev,postgresql"
echo "setup: installing convgrade[$extras] into .venv" >&2
.venv/bin/python -m pip install -q --disable-pip-version-check -e ".[$extras]"
echo "setup: done. Try: .venv/bin/convgrade --help" >&2

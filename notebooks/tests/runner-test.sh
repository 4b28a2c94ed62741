#!/usr/bin/env bash
# The notebook runner's self-test (run by `mvn verify` before the notebooks, and by hand):
#  1. a notebook whose cell 2 throws makes the runner exit 1, naming the notebook and the cell,
#     and the cells after it do not run;
#  2. a kernel that never answers at start is retried --attempts times, then the runner exits 1.
# Skips like run-notebooks.sh when Jupyter is missing (an error under CI=true).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
NB="$(dirname "$HERE")"
PY=/usr/bin/python3

if ! command -v jupyter-nbconvert >/dev/null || ! "$PY" -c 'import nbclient' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "ERROR: Jupyter is not installed (CI=true): run 'bash notebooks/setup.sh' first" >&2
    exit 1
  fi
  echo "WARNING: notebook runner self-test NOT run: Jupyter is not installed (run 'bash notebooks/setup.sh')" >&2
  exit 0
fi

work="$(mktemp -d -t boomerang-runner-test.XXXXXX)"
trap 'rm -rf "$work"' EXIT
failures=0
check() { # check DESCRIPTION CONDITION...
  local what="$1"; shift
  if "$@"; then echo "runner-test: ok: $what"; else echo "runner-test: FAILED: $what" >&2; failures=$((failures + 1)); fi
}

# 1. A failing cell.
set +e
bash "$NB/run-notebooks.sh" --out "$work/out" "$HERE/failing-cell.ipynb" >"$work/fail.log" 2>&1
rc=$?
set -e
cat "$work/fail.log"
check "a failing cell makes the runner exit 1 (got $rc)" test "$rc" -eq 1
check "the message names the notebook and cell 2 with its first line" \
  grep -q "failing-cell.ipynb, cell 2 ('int broken = Integer.parseInt(\"not a number\");') failed: .*For input string: \"not a number\"" "$work/fail.log"
check "the cell after the failing one did not run" \
  "$PY" -c 'import json,sys; c=json.load(open(sys.argv[1]))["cells"]; sys.exit(0 if c[3]["outputs"]==[] and c[1]["execution_count"] else 1)' \
  "$work/out/failing-cell.ipynb"

# 2. A kernel that never starts: its kernelspec runs `sleep`, so it never listens on its shell port.
mkdir -p "$work/kernels/never-answers"
echo '{"argv": ["sleep", "300"], "display_name": "never answers", "language": "java"}' \
  >"$work/kernels/never-answers/kernel.json"
set +e
JUPYTER_PATH="$work" "$PY" "$NB/run_notebooks.py" --kernel never-answers --startup-timeout 3 --attempts 2 \
  --out "$work/hang" "$HERE/failing-cell.ipynb" >"$work/hang.log" 2>&1
rc=$?
set -e
cat "$work/hang.log"
check "a kernel that never answers fails the runner (got $rc)" test "$rc" -eq 1
check "it was started twice" test "$(grep -c '^retry ' "$work/hang.log")" -eq 2
check "the message says the kernel did not start" grep -q "the kernel did not start in 2 attempts" "$work/hang.log"

# 3. A kernel that listens on its shell port but never answers (the kernel's own hang): each start
#    costs --answer-timeout, not --startup-timeout.
mkdir -p "$work/kernels/listens-only"
cat >"$work/kernels/listens-only/kernel.json" <<JSON
{"argv": ["$PY", "-c", "import json, socket, sys, time; c = json.load(open(sys.argv[1])); s = socket.socket(); s.bind((c['ip'], c['shell_port'])); s.listen(); time.sleep(300)", "{connection_file}"],
 "display_name": "listens only", "language": "java"}
JSON
set +e
began=$SECONDS
JUPYTER_PATH="$work" "$PY" "$NB/run_notebooks.py" --kernel listens-only --startup-timeout 60 --answer-timeout 2 \
  --attempts 2 --out "$work/mute" "$HERE/failing-cell.ipynb" >"$work/mute.log" 2>&1
rc=$?
took=$((SECONDS - began))
set -e
cat "$work/mute.log"
check "a kernel that listens but never answers fails the runner (got $rc)" test "$rc" -eq 1
check "it was started twice, each time given the answer timeout" \
  test "$(grep -c '^retry .*then answer within 2 s' "$work/mute.log")" -eq 2
check "the two starts took well under the startup timeout ($took s)" test "$took" -lt 60

if [ "$failures" -gt 0 ]; then
  echo "runner-test: $failures check(s) failed" >&2
  exit 1
fi
echo "runner-test: all checks passed"

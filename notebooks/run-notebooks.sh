#!/usr/bin/env bash
# Executes notebooks headlessly on the "Java + Spark (Boomerang)" kernel into notebooks/out/.
#
#   notebooks/run-notebooks.sh [runner options] [NOTEBOOK...]    (default: notebooks/*.ipynb)
#
# Options (see run_notebooks.py --help): --out DIR, --cell-timeout S, --startup-timeout S, --answer-timeout S, --attempts N,
# --kernel NAME.
# Needs Jupyter from Debian (notebooks/setup.sh installs it) and the built jars (mvn package). Without
# Jupyter it prints one WARNING and exits 0, except under CI=true, where that is an error.
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
# Debian's interpreter on purpose: nbclient comes from python3-nbclient, not from a pyenv/venv python.
PY=/usr/bin/python3

if ! command -v jupyter-nbconvert >/dev/null || ! "$PY" -c 'import nbclient' 2>/dev/null; then
  if [ "${CI:-}" = "true" ]; then
    echo "ERROR: Jupyter is not installed (CI=true): run 'bash notebooks/setup.sh' first" >&2
    exit 1
  fi
  echo "WARNING: notebooks NOT executed: Jupyter is not installed (run 'bash notebooks/setup.sh')" >&2
  exit 0
fi

# Options first, then notebooks; no notebook named means every top-level notebook.
args=() notebooks=()
while [ $# -gt 0 ]; do
  case "$1" in
    --out|--cell-timeout|--startup-timeout|--answer-timeout|--attempts|--kernel) args+=("$1" "$2"); shift 2 ;;
    -h|--help) exec "$PY" "$HERE/run_notebooks.py" --help ;;
    *) notebooks+=("$1"); shift ;;
  esac
done
if [ ${#notebooks[@]} -eq 0 ]; then
  notebooks=("$HERE"/*.ipynb)
fi

mkdir -p "$HERE/out"
# The runner's own kernelspec, rewritten each run so it always points at this checkout's jars.
export JUPYTER_PATH="$HERE/.kernel${JUPYTER_PATH:+:$JUPYTER_PATH}"
"$PY" "$HERE/kernelspec.py" "$HERE/.kernel/kernels" >/dev/null
exec "$PY" "$HERE/run_notebooks.py" "${args[@]}" "${notebooks[@]}"

#!/usr/bin/env bash
# One-time set-up for Boomerang's notebooks on a Debian machine (run from anywhere, as root or with sudo):
#   1. Jupyter from Debian packages (notebook, nbconvert, client, nbclient), if missing;
#   2. `mvn package`: the jobs jar and its Spark/Delta jars (jobs/target/), and the
#      rapaio-jupyter-kernel jar (notebooks/target/kernel/);
#   3. the "Java + Spark (Boomerang)" kernelspec, installed for the current user.
# Then: jupyter notebook --notebook-dir notebooks   (see notebooks/README.md)
# BOOMERANG_NOTEBOOK_HEAP sets the kernel's -Xmx (default 2g).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
REPO="$(dirname "$HERE")"
PY=/usr/bin/python3
PACKAGES=(jupyter-notebook jupyter-nbconvert jupyter-client python3-nbclient)
began=$SECONDS

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]} (apt-get) ..."
  SUDO=""
  [ "$(id -u)" -eq 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
fi
echo "setup: Jupyter $(jupyter-nbconvert --version 2>/dev/null | head -1) (nbconvert), $("$PY" -c 'import nbclient; print("nbclient", nbclient.__version__)')"

echo "setup: building the jobs jar and the kernel (mvn package) ..."
(cd "$REPO" && mvn -B -q -DskipTests package)

spec="$("$PY" "$HERE/kernelspec.py" "$HERE/.kernel/kernels")"
jupyter kernelspec install --user --replace --name boomerang-spark "$spec" >/dev/null 2>&1
installed="$(jupyter kernelspec list 2>/dev/null | awk '$1 == "boomerang-spark" {print $2}')"
[ -n "$installed" ] || { echo "setup: the kernelspec did not install (jupyter kernelspec install)" >&2; exit 1; }
echo "setup: kernel \"Java + Spark (Boomerang)\" installed in $installed"
echo "setup: done in $((SECONDS - began)) s. Open Jupyter with: jupyter notebook --notebook-dir notebooks"

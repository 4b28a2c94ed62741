#!/usr/bin/env bash
# Builds the small demo lake the notebooks execute against, with the real CLI, into
# notebooks/target/demo/ (not in git):
#
#   landing/ truth/   a generated seller: 3,000 customers, 300 SKUs, 50 daily drops from 2025-10-01
#   lake/             ingest up to the last day, features for the last 15 days (so a customer can be
#                     seen as of several dates), the return-likelihood model, the abuse scores
#   exports/ reports/ the review list of the last day
#
# The orders of the first two weeks have closed return windows by the last day (2025-11-19), enough
# for train to fit and gate the return-likelihood model (notebook 03); score and report give the
# abuse review list (notebook 04).
#
# Skipped when the lake is complete (marker file target/demo/built, written last) and newer than the jobs jar and than
# this script, so local re-runs are quick. NOTEBOOKS_REBUILD_LAKE=true forces a rebuild.
# Needs the jar (mvn package); BOOMERANG_HEAP sets the CLI's heap (default here 3g).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
DEMO="$HERE/target/demo"
LAKE="$DEMO/lake"
JAR="$ROOT/jobs/target/boomerang-jobs.jar"
START=2025-10-01
DAYS=50
LAST=2025-11-19          # START + DAYS - 1
FEATURES_FROM=2025-11-05 # the last 15 days get a feature row each

if [ ! -f "$JAR" ]; then
  echo "ERROR: $JAR is missing: run 'mvn -B -DskipTests package' first" >&2
  exit 1
fi
if [ "${NOTEBOOKS_REBUILD_LAKE:-}" != "true" ] && [ -f "$DEMO/built" ] \
    && [ "$DEMO/built" -nt "$JAR" ] && [ "$DEMO/built" -nt "${BASH_SOURCE[0]}" ]; then
  echo "demo lake $LAKE is up to date (built $(cat "$DEMO/built")); NOTEBOOKS_REBUILD_LAKE=true rebuilds it"
  exit 0
fi

export BOOMERANG_HEAP="${BOOMERANG_HEAP:-3g}"
export BOOMERANG_LAKE="$LAKE" BOOMERANG_LANDING="$DEMO/landing"
unset BOOMERANG_CONFIG BOOMERANG_MASTER
boomerang() { "$ROOT/boomerang" "$@"; }
step() {
  local t0=$SECONDS
  echo "== $*"
  boomerang "$@"
  echo "== $1: $((SECONDS - t0)) s"
}

started=$SECONDS
rm -rf "$DEMO"
step generate --start "$START" --days "$DAYS" --customers 3000 --skus 300 --seed 42 \
  --out "$DEMO/landing" --truth "$DEMO/truth"
step ingest --date "$LAST"
step features --from "$FEATURES_FROM" --to "$LAST"
step train --as-of "$LAST"
step score --as-of "$LAST"
step report --as-of "$LAST" --exports "$DEMO/exports" --reports "$DEMO/reports"
date -u +%Y-%m-%dT%H:%M:%SZ > "$DEMO/built"
echo "demo lake $LAKE built in $((SECONDS - started)) s"

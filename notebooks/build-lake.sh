#!/usr/bin/env bash
# Builds the small demo lake the notebooks execute against, with the real CLI, into
# notebooks/target/demo/ (not in git):
#
#   landing/ truth/   a generated seller: 4,000 customers, 300 SKUs, 45 daily drops 2025-10-01 .. 11-14
#   lake/             ingest of every drop in one pass; features as of three dates (10-03, 10-24 and
#                     the last day), so notebook 02 can follow a customer through time and the order
#                     lines of October carry customer and SKU features from before they were ordered;
#                     the return-likelihood model trained, gated and registered as of the last day;
#                     the abuse scores and return-risk scores of the last day
#   exports/ reports/ the review list of the last day
#
# By the last day the return windows of the orders of about 10 days (early October) have closed:
# enough lines for train to fit the model and fill the gate's 500 test lines (notebook 03). Orders
# from November are holiday purchases, whose windows stay open until 31 January (notebook 01).
#
# The features are built for the three dates only (features --dates), each from a base: the nightly
# mode would compute every day in between. The training tables are built once, as of the last day,
# with each line joined to the features of the latest date before its order (docs/FEATURES-DESIGN.md).
# Every step runs in one process (boomerang batch): one JVM and Spark start, and the lake's Delta
# logs are read cold once instead of once per step.
#
# Skipped when the lake is complete (marker file target/demo/built, written last) and newer than
# the jobs jar and than this script, so local re-runs are quick. NOTEBOOKS_REBUILD_LAKE=true forces
# a rebuild. Needs the jar (mvn package); BOOMERANG_HEAP sets the CLI's heap (default here 3g).
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(cd "$HERE/.." && pwd)"
DEMO="$HERE/target/demo"
LAKE="$DEMO/lake"
JAR="$ROOT/jobs/target/boomerang-jobs.jar"
START=2025-10-01
DAYS=45
LAST=2025-11-14                     # START + DAYS - 1
FEATURE_DATES="2025-10-03,2025-10-24,$LAST"

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

started=$SECONDS
rm -rf "$DEMO"
"$ROOT/boomerang" batch - <<STEPS
generate --start $START --days $DAYS --customers 4000 --skus 300 --seed 42 --out '$DEMO/landing' --truth '$DEMO/truth'
ingest --date $LAST
features --dates $FEATURE_DATES
train --as-of $LAST
score --as-of $LAST
report --as-of $LAST --exports '$DEMO/exports' --reports '$DEMO/reports'
STEPS
date -u +%Y-%m-%dT%H:%M:%SZ > "$DEMO/built"
echo "demo lake $LAKE built in $((SECONDS - started)) s"

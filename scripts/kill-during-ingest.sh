#!/usr/bin/env bash
# Proves that killing ingest in the middle of a MERGE and re-running gives the same lake as an
# uninterrupted run. Generates a small simulator landing (DAYS drops, dirty rows included), ingests
# it once without interruption (lake "ref"), then ingests it again (lake "victim") and kills the
# JVM with SIGKILL while a MERGE into silver.order_lines has written data files but not yet
# committed them, re-runs the same command, and compares a checksum of every bronze, silver
# (derived tables included) and ops table of both lakes. Prints PASS or FAIL; exit code 0 or 1.
#
# Usage: scripts/kill-during-ingest.sh [WORKDIR]   (default: a new temp dir; kept for inspection)
# Environment:
#   DAYS=3 CUSTOMERS=4000    size of the generated landing (drops from 2025-11-01)
#   KILL_AFTER_COMMITS=2     kill during the first MERGE into silver.order_lines once its log has
#                            at least this many commits (create + one per earlier batch), so 2 =
#                            during the second batch, after the first batch of the same run completed
#   MODE=range               range: both runs are one --from/--to command; nightly: one --date run
#                            per day (the kill hits the batch of that night, the re-run repeats it)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
W="${1:-$(mktemp -d -t boomerang-kill.XXXXXX)}"
DAYS="${DAYS:-3}"
CUSTOMERS="${CUSTOMERS:-4000}"
KILL_AFTER_COMMITS="${KILL_AFTER_COMMITS:-2}"
MODE="${MODE:-range}"
START=2025-11-01
END="$(date -u -d "$START + $((DAYS - 1)) days" +%F)"
L="$W/landing"
B="$HERE/boomerang"
mkdir -p "$W"
echo "workdir: $W (mode $MODE, $DAYS drops, $CUSTOMERS customers)"

if [ ! -d "$L" ]; then
  "$B" generate --start "$START" --days "$DAYS" --customers "$CUSTOMERS" --out "$L" --truth "$W/truth" 2>/dev/null \
    | head -1 | sed 's/^/   /'
fi

# Ingest the landing into lake $1: one --from/--to range, or one --date run per day from $2
# (default the first drop). Leaves the JVM's pid in $W/$1.pid (the launcher execs java) and, in
# nightly mode, the date being run in $W/$1.day.
ingest() {
  if [ "$MODE" = range ]; then
    "$B" ingest --lake "$W/$1" --landing "$L" --from "$START" --to "$END" &
    echo $! >"$W/$1.pid"; wait $!
  else
    local d="${2:-$START}"
    while [[ ! "$d" > "$END" ]]; do
      echo "$d" >"$W/$1.day"
      "$B" ingest --lake "$W/$1" --landing "$L" --date "$d" &
      echo $! >"$W/$1.pid"; wait $!
      d="$(date -u -d "$d + 1 day" +%F)"
    done
  fi
}

echo "== uninterrupted run (lake ref)"
t0=$(date +%s); ingest ref >"$W/ref.out" 2>"$W/ref.err"; echo "   took $(( $(date +%s) - t0 ))s"

echo "== run to be killed (lake victim)"
ingest victim >"$W/victim1.out" 2>"$W/victim1.err" &
runner=$!
T="$W/victim/silver/order_lines"
killed=""
last_commits=-1
while kill -0 "$runner" 2>/dev/null; do
  if [ -d "$T/_delta_log" ] && [ -f "$W/victim.pid" ]; then
    commits=$(ls "$T/_delta_log" | grep -c '\.json$' || true)
    data=$(find "$T" -maxdepth 1 -name '*.parquet' | wc -l)
    if [ "$commits" != "$last_commits" ]; then # a commit landed: count the files it left
      last_commits=$commits; base_data=$data
    elif [ "$commits" -ge "$KILL_AFTER_COMMITS" ] && [ "$data" -gt "$base_data" ]; then
      # a MERGE has written data files but not committed them yet
      jvm=$(cat "$W/victim.pid")
      if [ "$(ps -o comm= -p "$jvm")" = java ] && kill -9 "$jvm"; then
        killed="during a MERGE into silver.order_lines (pid $jvm: $((data - base_data)) new data file(s), commit $commits not yet written)"
      fi
      break
    fi
  fi
  sleep 0.02
done
wait "$runner" 2>/dev/null || true
echo "   killed: ${killed:-NOT KILLED (the run finished first)}"
grep -h 'stage: ingest' "$W/victim1.err" | tail -2 | sed 's/^/   | /'
[ -n "$killed" ] || { echo "FAIL: the kill did not happen"; exit 1; }

echo "== re-run (lake victim)"
[ "$MODE" = range ] || echo "   nightly runs from $(cat "$W/victim.day"), the night that was killed"
ingest victim "$(cat "$W/victim.day" 2>/dev/null || echo "$START")" >"$W/victim2.out" 2>"$W/victim2.err"
grep -h "resuming" "$W/victim2.err" | sed 's/^/   | /' || true

# Checksums: row count and an order-independent hash sum of every table's full content.
Q="$W/checksum.sql"
: >"$Q"
first=1
for t in $(cd "$W/ref" && ls -d bronze/* silver/* ops/* | tr / .); do
  [ $first = 1 ] || echo "UNION ALL" >>"$Q"; first=0
  echo "SELECT '$t' AS table_name, count(*) AS row_count, sum(cast(xxhash64(to_json(struct(*))) AS decimal(38,0))) AS checksum FROM $t" >>"$Q"
done
echo "ORDER BY table_name" >>"$Q"
for lk in ref victim; do
  if ! "$B" sql --lake "$W/$lk" --format csv --limit 1000 --file "$Q" >"$W/$lk.sum" 2>"$W/$lk.sum.err"; then
    echo "FAIL: the checksum query on lake $lk failed:"; tail -5 "$W/$lk.sum.err"; exit 1
  fi
done
if diff "$W/ref.sum" "$W/victim.sum" >"$W/diff.txt"; then
  column -s, -t <"$W/ref.sum" | sed 's/^/   /'
  echo "PASS: every table of the killed-and-resumed lake equals the uninterrupted one"
else
  echo "   < ref   > victim"; sed 's/^/   /' "$W/diff.txt"
  echo "FAIL: the killed-and-resumed lake differs from the uninterrupted one"; exit 1
fi

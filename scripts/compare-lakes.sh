#!/usr/bin/env bash
# Compares two lakes built from the same landing folder, e.g. a day-by-day ingest and a one-pass
# ingest (docs/INGESTION.md, "Evidence on simulator data"):
#   - per silver table: rows of each lake, and rows in A not in B and the reverse (EXCEPT ALL on
#     every column but _batch_id, the only column that depends on how the drops were batched);
#   - quarantined rows per entity and rule in each lake;
#   - rows still held in ops.pending_references in each lake.
#
#   scripts/compare-lakes.sh LAKE_A LAKE_B        (local folders; one boomerang process, 'batch')
set -euo pipefail
if [ $# -ne 2 ] || [ ! -d "$1/silver" ] || [ ! -d "$2/silver" ]; then
  echo "usage: scripts/compare-lakes.sh LAKE_A LAKE_B (two local lake folders with silver/)" >&2
  exit 2
fi
A="$(cd "$1" && pwd)"; B="$(cd "$2" && pwd)"
BOOM="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)/boomerang"
steps=$(mktemp); log=$(mktemp)
trap 'rm -f "$steps" "$log"' EXIT
for t in $(ls "$A/silver"); do
  f="$A/silver/$t/_delta_log/00000000000000000000.json"
  if grep -q '_batch_id' "$f"; then sel="* EXCEPT (_batch_id)"; else sel="*"; fi
  echo "sql --lake $A --format csv \"WITH a AS (SELECT $sel FROM delta.\`$A/silver/$t\`), b AS (SELECT $sel FROM delta.\`$B/silver/$t\`) SELECT '$t' AS tbl, (SELECT count(*) FROM a) AS rows_a, (SELECT count(*) FROM b) AS rows_b, (SELECT count(*) FROM (SELECT * FROM a EXCEPT ALL SELECT * FROM b)) AS only_a, (SELECT count(*) FROM (SELECT * FROM b EXCEPT ALL SELECT * FROM a)) AS only_b\""
done > "$steps"
echo "sql --lake $A --format csv \"WITH a AS (SELECT entity, rule, count(*) AS n FROM delta.\`$A/ops/quarantine\` GROUP BY 1, 2), b AS (SELECT entity, rule, count(*) AS n FROM delta.\`$B/ops/quarantine\` GROUP BY 1, 2) SELECT coalesce(a.entity, b.entity) AS entity, coalesce(a.rule, b.rule) AS rule, a.n AS n_a, b.n AS n_b FROM a FULL JOIN b ON a.entity = b.entity AND a.rule = b.rule ORDER BY 1, 2\"" >> "$steps"
echo "sql --lake $A --format csv \"SELECT (SELECT count(*) FROM delta.\`$A/ops/pending_references\`) AS pending_a, (SELECT count(*) FROM delta.\`$B/ops/pending_references\`) AS pending_b\"" >> "$steps"
if ! "$BOOM" batch "$steps" 2>"$log" | grep -v "^== "; then
  grep "^boomerang" "$log" >&2 || tail -5 "$log" >&2
  exit 1
fi

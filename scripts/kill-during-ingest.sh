#!/usr/bin/env bash
# Proves that killing ingest in the middle of a MERGE and re-running gives the same lake as an
# uninterrupted run. Generates a small 3-day landing, ingests it once without interruption
# (lake "ref"), then ingests it again (lake "victim"), kills the JVM with SIGKILL as soon as the
# MERGE into silver.order_lines has written data files but not yet committed, re-runs, and
# compares a checksum of every bronze, silver and ops table of both lakes.
# Usage: scripts/kill-during-ingest.sh [WORKDIR]   (default: a new temp dir; kept for inspection)
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
W="${1:-$(mktemp -d -t boomerang-kill.XXXXXX)}"
L="$W/landing"
mkdir -p "$W"
echo "workdir: $W"

# --- a small landing: 3 drop days, 3000 orders a day, returns that change status a day later ---
gen() { # entity day header awk-program
  mkdir -p "$L/$1/date=$2"
  { echo "$3"; awk -v day="$2" "$4" </dev/null; } >"$L/$1/date=$2/$1.csv"
}
for i in 1 2 3; do
  d="2025-11-0$i"
  gen customers "$d" "customer_id,created_at,country,region,postal_code,email_hash,address_hash,payment_fingerprint,updated_ts" \
    "BEGIN{for(k=1;k<=2000;k++) printf \"C$i-%d,2025-01-01T10:00:00Z,DE,,,,,,${d}T01:00:00Z\n\",k}"
  gen orders "$d" "order_id,customer_id,order_ts,channel,marketplace,ship_country,ship_region,ship_postal_code,ship_service_level,shipping_fee,currency,promo_code" \
    "BEGIN{for(k=1;k<=3000;k++) printf \"O$i-%d,C$i-%d,${d}T09:00:00+01:00,FBA,amazon.de,DE,,,STANDARD,4.99,EUR,\n\",k,(k%2000)+1}"
  gen order_lines "$d" "order_id,line_no,sku,quantity,unit_price,discount,size" \
    "BEGIN{for(k=1;k<=3000;k++){printf \"O$i-%d,1,P%d,2,10.00,1.00,M\n\",k,(k%200)+1; if(k%3==0) printf \"O$i-%d,2,P%d,1,5.00,0,\n\",k,(k%50)+1}}"
  if [ "$i" -gt 1 ]; then
    p=$((i-1))
    gen returns "$d" "rma_id,order_id,line_no,customer_id,requested_ts,reason_code,quantity,resolution,label_issued_ts,label_expires_ts,return_carrier,return_tracking_id,received_ts,received_condition,status,updated_ts" \
      "BEGIN{for(k=10;k<=3000;k+=10) printf \"R$p-%d,O$p-%d,1,C$p-%d,${d}T08:00:00Z,APPAREL_TOO_SMALL,1,REFUND,,,,,,,REQUESTED,${d}T08:00:00Z\n\",k,k,(k%2000)+1;
              if($i>2) for(k=10;k<=3000;k+=20) printf \"R$((p-1))-%d,O$((p-1))-%d,1,C$((p-1))-%d,2025-11-02T08:00:00Z,APPAREL_TOO_SMALL,1,REFUND,,,,,,,REFUNDED,${d}T08:00:00Z\n\",k,k,(k%2000)+1}"
  fi
done
mkdir -p "$L/products/date=2025-11-01"
{ echo "sku,title,category,subcategory,brand,list_price,currency,weight_grams,is_returnable,is_hygiene,updated_ts"
  for k in $(seq 1 200); do echo "P$k,Item $k,Apparel,,,10.00,EUR,200,true,false,2025-01-01T00:00:00Z"; done
} >"$L/products/date=2025-11-01/products.csv"

B="$HERE/boomerang"
run() { "$B" ingest --lake "$W/$1" --landing "$L" --from 2025-11-01 --to 2025-11-03; }

echo "== uninterrupted run (lake ref)"
t0=$(date +%s); run ref >"$W/ref.out" 2>"$W/ref.err"; echo "   took $(( $(date +%s) - t0 ))s"

echo "== run to be killed (lake victim)"
run victim >"$W/victim1.out" 2>"$W/victim1.err" &
launcher=$!
T="$W/victim/silver/order_lines"
killed=""
while kill -0 "$launcher" 2>/dev/null; do
  if [ -d "$T/_delta_log" ]; then
    commits=$(ls "$T/_delta_log" | grep -c '\.json$' || true)
    data=$(find "$T" -maxdepth 1 -name '*.parquet' | wc -l)
    # the MERGE has written data files but has not committed them yet
    if [ "${base_commits:-}" = "" ]; then base_commits=$commits; base_data=$data; fi
    if [ "$commits" = "$base_commits" ] && [ "$data" -gt "$base_data" ]; then
      # the launcher execs the JVM, so its pid is the JVM's
      kill -9 "$launcher" && killed="during the MERGE into silver.order_lines (data files written, commit $commits not yet)"
      break
    fi
  fi
  sleep 0.05
done
wait "$launcher" 2>/dev/null || true
echo "   killed: ${killed:-NOT KILLED (the run finished first)}"
tail -3 "$W/victim1.err" | sed 's/^/   | /'

echo "== re-run (lake victim)"
run victim >"$W/victim2.out" 2>"$W/victim2.err"
grep -i "resum" "$W/victim2.err" | sed 's/^/   | /' || true

Q="$W/checksum.sql"
first=1
for t in $(cd "$W/ref" && ls -d bronze/* silver/* ops/* | tr / .); do
  [ $first = 1 ] || echo "UNION ALL" >>"$Q"; first=0
  echo "SELECT '$t' AS table_name, count(*) AS row_count, sum(xxhash64(to_json(struct(*)))) AS checksum FROM $t" >>"$Q"
done
echo "ORDER BY table_name" >>"$Q"
"$B" sql --lake "$W/ref" --format csv --limit 1000 --file "$Q" >"$W/ref.sum" 2>/dev/null
"$B" sql --lake "$W/victim" --format csv --limit 1000 --file "$Q" >"$W/victim.sum" 2>/dev/null
if diff "$W/ref.sum" "$W/victim.sum" >"$W/diff.txt"; then
  echo "== SAME: every table of the killed-and-resumed lake equals the uninterrupted one"
  column -s, -t <"$W/ref.sum" | sed 's/^/   /'
else
  echo "== DIFFERENT:"; cat "$W/diff.txt"; exit 1
fi

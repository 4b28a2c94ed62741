#!/usr/bin/env bash
# Starts a Spark 4.1.0 standalone cluster on localhost (one master, two workers) from the Maven
# jars, runs Boomerang's cluster jar on it through spark-submit (a SQL query spread over the
# executors, then 'generate' and a three-night 'nightly' backfill of a small seller), checks the
# tables, and stops everything. No Spark distribution is needed: a throw-away SPARK_HOME links Spark's own jars
# (jobs/target/lib without Delta and picocli, which the cluster jar brings itself).
#
#   scripts/cluster-smoke.sh            # uses a temporary work folder
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
WORK="$(mktemp -d -t boomerang-cluster.XXXXXX)"
MASTER_PORT="${MASTER_PORT:-17077}"
MASTER="spark://127.0.0.1:$MASTER_PORT"
export SPARK_LOCAL_IP=127.0.0.1
JAVA="${JAVA_HOME:+$JAVA_HOME/bin/}java"
pids=()

cleanup() {
  for p in "${pids[@]}"; do kill "$p" 2>/dev/null || true; done
  wait 2>/dev/null || true
  if [ "${KEEP_WORK:-0}" = 1 ]; then echo "cluster-smoke: kept $WORK"; else rm -rf "$WORK"; fi
}
trap cleanup EXIT

(cd "$HERE" && mvn -B -q -DskipTests package)
JAR="$(ls "$HERE"/jobs/target/boomerang-jobs-*-cluster.jar | head -1)"

# A SPARK_HOME whose jars/ holds Spark and its dependencies only.
mkdir -p "$WORK/spark-home/jars" "$WORK/spark-home/conf" "$WORK/logs"
for j in "$HERE"/jobs/target/lib/*.jar; do
  case "$(basename "$j")" in delta-*|picocli-*) ;; *) ln -s "$j" "$WORK/spark-home/jars/";; esac
done
# The daemons log at INFO to their files: the script waits for "Registering worker".
cat > "$WORK/spark-home/conf/log4j2.properties" <<'LOG'
rootLogger.level = info
rootLogger.appenderRef.stdout.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = %d{HH:mm:ss} %p %c{1}: %m%n
LOG
export SPARK_HOME="$WORK/spark-home"
# Without a distribution's build folders, the executor launcher must be told the Scala version.
export SPARK_SCALA_VERSION=2.13
CP="$SPARK_HOME/conf:$SPARK_HOME/jars/*"
# The driver keeps Boomerang's own WARN-level config (first on its classpath).
DRIVER_CP="$HERE/jobs/src/main/resources:$SPARK_HOME/jars/*"

echo "cluster-smoke: starting master $MASTER and two workers"
"$JAVA" "@$HERE/jvm.options" -Xmx512m -cp "$CP" org.apache.spark.deploy.master.Master \
  --host 127.0.0.1 --port "$MASTER_PORT" --webui-port 0 >"$WORK/logs/master.log" 2>&1 &
pids+=($!)
for i in 1 2; do
  "$JAVA" "@$HERE/jvm.options" -Xmx512m -cp "$CP" org.apache.spark.deploy.worker.Worker \
    --host 127.0.0.1 --cores 1 --memory 2g --webui-port 0 --work-dir "$WORK/worker$i" "$MASTER" \
    >"$WORK/logs/worker$i.log" 2>&1 &
  pids+=($!)
done
for _ in $(seq 1 180); do
  [ "$(grep -c "Registering worker" "$WORK/logs/master.log" 2>/dev/null || true)" -ge 2 ] && break
  sleep 1
done
[ "$(grep -c "Registering worker" "$WORK/logs/master.log" || true)" -ge 2 ] \
  || { echo "cluster-smoke: workers did not register"; cat "$WORK/logs/"*.log; exit 1; }
echo "cluster-smoke: 2 workers registered"

submit() {
  "$JAVA" "@$HERE/jvm.options" -Xmx2g -Duser.timezone=UTC -cp "$DRIVER_CP" org.apache.spark.deploy.SparkSubmit \
    --master "$MASTER" --deploy-mode client --executor-memory 1g --total-executor-cores 2 \
    --conf spark.sql.shuffle.partitions=4 \
    --class dev.boomerang.cli.Main "$JAR" "$@" --master submit
}

LAKE="$WORK/lake"
OUT="$WORK/out.txt"
submit sql --lake "$LAKE" --format csv \
  "SELECT count(*) AS n, count(DISTINCT p) AS parts FROM (SELECT spark_partition_id() AS p FROM (SELECT /*+ REPARTITION(4) */ id FROM range(100000)))" \
  | tee "$OUT"
grep -qx "100000,4" "$OUT" || { echo "cluster-smoke: FAILED, unexpected result"; exit 1; }
grep -q "app-" "$WORK/logs/master.log" || { echo "cluster-smoke: FAILED, the master never saw an application"; exit 1; }
echo "cluster-smoke: SQL spread over the executors"

# The product itself: a small generated seller, three nights backfilled by 'nightly' on the cluster.
LANDING="$WORK/landing"
submit generate --start 2025-10-01 --days 3 --customers 200 --skus 50 --seed 7 --out "$LANDING" --truth "$WORK/truth"
submit nightly --from 2025-10-01 --to 2025-10-03 --lake "$LAKE" --landing "$LANDING" \
  --exports "$WORK/exports" --reports "$WORK/reports" | tee "$WORK/nightly.txt"
grep -q "^run .*: succeeded" "$WORK/nightly.txt" \
  || { echo "cluster-smoke: FAILED, nightly did not succeed"; exit 1; }
submit sql --lake "$LAKE" --format csv "SELECT (SELECT count(*) FROM silver.orders) AS orders, \
  (SELECT count(*) FROM silver.tracking_events) AS scans, \
  (SELECT count(DISTINCT as_of_date) FROM gold.customer_features) AS feature_dates, \
  (SELECT count(*) FROM gold.abuse_scores WHERE as_of_date = DATE'2025-10-03') AS scored, \
  (SELECT count(*) FROM ops.run_steps WHERE status <> 'SUCCEEDED' AND status <> 'SKIPPED') AS not_ok" | tee "$OUT"
IFS=, read -r orders scans dates scored not_ok < <(tail -1 "$OUT")
[ "$orders" -gt 0 ] && [ "$scans" -gt 0 ] && [ "$dates" -eq 3 ] && [ "$scored" -gt 0 ] && [ "$not_ok" -eq 0 ] \
  || { echo "cluster-smoke: FAILED, unexpected tables after nightly: $(tail -1 "$OUT")"; exit 1; }
apps="$(grep -c "Registered app" "$WORK/logs/master.log" || true)"
echo "cluster-smoke: PASSED: nightly 2025-10-01..03 on the cluster: $orders orders, $scans scans, features for" \
  "$dates dates, $scored customers scored; $apps applications, $(cat "$WORK"/logs/worker*.log | grep -c 'Asked to launch executor')" \
  "executor(s) launched by the workers"

#!/usr/bin/env bash
# Runs a Boomerang command on a cluster through spark-submit with the cluster jar (Spark provided,
# Delta shaded in). Uses $SPARK_HOME/bin/spark-submit when SPARK_HOME is set; otherwise Spark's
# SparkSubmit class from the Maven jars in jobs/target/lib (no Spark distribution needed).
#
#   scripts/spark-submit.sh --master spark://host:7077 [spark-submit options] -- <boomerang command and options>
#
# Example:
#   scripts/spark-submit.sh --master spark://10.0.0.5:7077 --executor-memory 4g -- \
#       nightly --date 2025-11-30 --lake s3a://my-bucket/boomerang --landing s3a://my-bucket/landing
set -euo pipefail
HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
JAR="$(ls "$HERE"/jobs/target/boomerang-jobs-*-cluster.jar 2>/dev/null | head -1 || true)"
if [ -z "$JAR" ]; then
  (cd "$HERE" && mvn -B -q -DskipTests package) || { echo "spark-submit.sh: build failed" >&2; exit 1; }
  JAR="$(ls "$HERE"/jobs/target/boomerang-jobs-*-cluster.jar | head -1)"
fi

submit_args=()
while [ $# -gt 0 ] && [ "$1" != "--" ]; do submit_args+=("$1"); shift; done
[ "${1:-}" = "--" ] && shift
[ $# -gt 0 ] || { echo "spark-submit.sh: no Boomerang command after '--' (see the header of this script)" >&2; exit 2; }

# The master comes from spark-submit, so Boomerang is told not to set one ('--master submit').
if [ -n "${SPARK_HOME:-}" ]; then
  exec "$SPARK_HOME/bin/spark-submit" --class dev.boomerang.cli.Main "${submit_args[@]}" "$JAR" "$@" --master submit
fi
export SPARK_LOCAL_IP="${SPARK_LOCAL_IP:-127.0.0.1}"
exec "${JAVA_HOME:+$JAVA_HOME/bin/}java" "@$HERE/jvm.options" -Xmx"${BOOMERANG_DRIVER_HEAP:-4g}" -Duser.timezone=UTC \
  -cp "$HERE/jobs/target/lib/*" org.apache.spark.deploy.SparkSubmit \
  --class dev.boomerang.cli.Main "${submit_args[@]}" "$JAR" "$@" --master submit

#!/usr/bin/python3
"""Writes the "Java + Spark (Boomerang)" kernelspec for this checkout.

The kernel is rapaio-jupyter-kernel (notebooks/target/kernel/, copied by `mvn package`). Its JVM gets
Spark's --add-opens flags (jvm.options as an @argfile), UTC, a heap, a headless AWT and the logging
configs in notebooks/conf/. The jobs jar and its Spark/Delta dependencies reach the cells through the
kernel's RJK_CLASSPATH (entries separated by ';', globs allowed).

    kernelspec.py [--heap 2g] [DIR]   writes DIR/boomerang-spark/kernel.json (default notebooks/.kernel/kernels)
"""
import argparse
import json
import os
import shutil
import sys

KERNEL_NAME = "boomerang-spark"
DISPLAY_NAME = "Java + Spark (Boomerang)"

NOTEBOOKS = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(NOTEBOOKS)
KERNEL_JAR = os.path.join(NOTEBOOKS, "target", "kernel", "rapaio-jupyter-kernel.jar")
JOBS_JAR = os.path.join(REPO, "jobs", "target", "boomerang-jobs.jar")
JOBS_LIB = os.path.join(REPO, "jobs", "target", "lib")
DEFAULT_DIR = os.path.join(NOTEBOOKS, ".kernel", "kernels")


def java_executable():
    """Java 17 as the build sees it: JAVA_HOME, else `java` on PATH, resolved to an absolute path."""
    home = os.environ.get("JAVA_HOME")
    java = os.path.join(home, "bin", "java") if home else shutil.which("java")
    if not java or not os.path.exists(java):
        sys.exit("kernelspec: no java found (set JAVA_HOME or put Java 17 on PATH)")
    return os.path.realpath(java)


def kernel_json(heap):
    conf = os.path.join(NOTEBOOKS, "conf")
    return {
        "argv": [
            java_executable(),
            "@" + os.path.join(REPO, "jvm.options"),
            "-Xmx" + heap,
            "-Duser.timezone=UTC",
            "-Djava.awt.headless=true",
            "-Dlog4j2.configurationFile=" + os.path.join(conf, "log4j2-kernel.properties"),
            "-Dboomerang.notebook.log=" + os.path.join(NOTEBOOKS, "out", "spark.log"),
            # conf/ first: the kernel loads the first logging.properties on its classpath.
            "-cp", conf + os.pathsep + KERNEL_JAR,
            "org.rapaio.jupyter.kernel.MainApp",
            "{connection_file}",
        ],
        "display_name": DISPLAY_NAME,
        "language": "java",
        "interrupt_mode": "message",
        "env": {
            "RJK_CLASSPATH": JOBS_JAR + ";" + os.path.join(JOBS_LIB, "*.jar"),
            "RJK_TIMEOUT_MILLIS": "-1",
            "RJK_COMPILER_OPTIONS": "",
            "RJK_INIT_SCRIPT": "",
            "SPARK_LOCAL_IP": "127.0.0.1",
            "BOOMERANG_HOME": REPO,
        },
    }


def missing_artifacts():
    return [p for p in (KERNEL_JAR, JOBS_JAR, JOBS_LIB) if not os.path.exists(p)]


def write(directory=DEFAULT_DIR, heap="2g"):
    missing = missing_artifacts()
    if missing:
        sys.exit("kernelspec: missing " + ", ".join(missing)
                 + " (build with `mvn -B -DskipTests package`, or run notebooks/setup.sh)")
    target = os.path.join(directory, KERNEL_NAME)
    os.makedirs(target, exist_ok=True)
    with open(os.path.join(target, "kernel.json"), "w", encoding="utf-8") as f:
        json.dump(kernel_json(heap), f, indent=2)
        f.write("\n")
    return target


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description="Write the Boomerang kernelspec.")
    parser.add_argument("--heap", default=os.environ.get("BOOMERANG_NOTEBOOK_HEAP", "2g"),
                        help="kernel JVM -Xmx (default: $BOOMERANG_NOTEBOOK_HEAP or 2g)")
    parser.add_argument("dir", nargs="?", default=DEFAULT_DIR, help="kernels directory")
    args = parser.parse_args()
    print(write(args.dir, args.heap))

#!/usr/bin/python3
"""Executes notebooks headlessly on the Boomerang kernel and writes the executed copies.

    run_notebooks.py [--out DIR] [--cell-timeout S] [--startup-timeout S] [--answer-timeout S] [--attempts N]
                     [--kernel NAME] NOTEBOOK...

Each notebook runs top to bottom in a fresh kernel, with the notebook's folder as working directory.
The executed copy (outputs included, also after a failure) goes to --out; the source stays as it is.

- The client speaks to the kernel only once the kernel listens on its shell port, and a moment
  later. rapaio-jupyter-kernel 3.0.1 binds its sockets before it installs its message handlers; a
  request queued by an eager client arrives in between and kills the kernel's shell thread with a
  NullPointerException ("this.handlers" is null), and the kernel never answers (README.md).
- A kernel that does not listen within --startup-timeout, or does not answer within --answer-timeout
  once it listens, is shut down and started again, up to --attempts times in all. Some starts still
  never answer (0 to 4 of 5 notebooks in a row here, never when run alone, with nothing in the
  kernel's log); a listening kernel answers in about a second, so such a start costs the answer
  timeout, not the whole startup timeout.
- A cell error, a cell running longer than --cell-timeout, or a kernel dying in a cell fails the
  notebook at once, naming the notebook and the cell (index and first source line).
- Every notebook is run; the exit code is 1 when any failed, 2 on a usage error.

Needs Debian's python3-nbclient (run with /usr/bin/python3). run-notebooks.sh wraps it.
"""
import argparse
import asyncio
import os
import re
import sys
import time

import nbformat
from nbclient import NotebookClient
from nbclient.util import ensure_async, run_sync
from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError

import kernelspec


class KernelStartError(Exception):
    """The kernel did not answer at start."""


# After the shell port listens, the kernel needs a few milliseconds more to install its handlers.
SETTLE_SECONDS = 1.0


def listening(port):
    """True when a local TCP socket listens on port (Linux /proc/net/tcp and tcp6; state 0A = LISTEN)."""
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table, encoding="ascii") as f:
                next(f)
                for line in f:
                    fields = line.split()
                    if fields[3] == "0A" and int(fields[1].rsplit(":", 1)[1], 16) == port:
                        return True
        except OSError:
            continue
    return False


class PatientClient(NotebookClient):
    """A NotebookClient that sends nothing before the kernel is listening (see the module doc), then
    gives it answer_timeout seconds to answer."""

    def __init__(self, nb, answer_timeout, **kwargs):
        super().__init__(nb, **kwargs)
        self.answer_timeout = answer_timeout

    async def async_start_new_kernel_client(self):
        deadline = time.monotonic() + self.startup_timeout
        while not listening(self.km.shell_port):
            if not await ensure_async(self.km.is_alive()):
                raise RuntimeError("the kernel process exited before it listened")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the kernel did not listen on its shell port in {self.startup_timeout} s")
            await asyncio.sleep(0.1)
        await asyncio.sleep(SETTLE_SECONDS)
        self.startup_timeout = self.answer_timeout
        return await super().async_start_new_kernel_client()

    # setup_kernel calls the synchronous wrapper, which the base class bound to its own coroutine.
    start_new_kernel_client = run_sync(async_start_new_kernel_client)


def first_line(source):
    for line in source.splitlines():
        if line.strip():
            return line.strip()
    return ""


def cell_label(path, index, cell):
    return f"{path}, cell {index} ({first_line(cell.source)!r})"


ANSI = re.compile(r"\x1b\[[0-9;]*m")


def error_summary(error, traceback):
    """One line from a failed cell: the exception's name and message, else its traceback's first lines.

    rapaio reports a compile error with an empty message and the compiler's text in the traceback."""
    name = getattr(error, "ename", None) or type(error).__name__
    value = (getattr(error, "evalue", None) or "").strip()
    if not value and traceback:
        lines = [ANSI.sub("", line).strip() for line in traceback]
        value = " | ".join(line for line in lines if line)[:400]
    return f"{name}: {value}"


def execute_once(nb, path, args, kernel_log):
    """Runs every cell of nb in one fresh kernel; raises KernelStartError if it never answered.

    Returns the seconds the kernel took to answer."""
    client = PatientClient(
        nb,
        args.answer_timeout,
        kernel_name=args.kernel,
        timeout=args.cell_timeout,
        startup_timeout=args.startup_timeout,
        resources={"metadata": {"path": os.path.dirname(os.path.abspath(path))}},
    )
    started = False
    current = [None, None]
    began = time.monotonic()
    try:
        # The kernel's own output (its classpath report, JVM warnings) goes to a log, not to ours.
        with client.setup_kernel(stdout=kernel_log, stderr=kernel_log):
            started = time.monotonic() - began
            for index, cell in enumerate(nb.cells):
                current[:] = [index, cell]
                client.execute_cell(cell, index)
        return started
    except CellTimeoutError:
        raise RuntimeError(f"{cell_label(path, *current)} ran longer than {args.cell_timeout} s")
    except CellExecutionError as e:
        errors = [o for o in current[1].get("outputs", []) if o.get("output_type") == "error"]
        traceback = errors[-1].get("traceback", []) if errors else []
        raise RuntimeError(f"{cell_label(path, *current)} failed: {error_summary(e, traceback)}")
    except DeadKernelError:
        where = cell_label(path, *current) if current[1] is not None else path
        raise RuntimeError(f"{where}: the kernel died")
    except Exception as e:  # noqa: BLE001 - only a start failure is retried, see below
        if started is False:
            raise KernelStartError(str(e)) from e
        raise


def run(path, args):
    """Executes one notebook, retrying a kernel that hangs at start. True when it succeeded."""
    name = os.path.basename(path)
    out_path = os.path.join(args.out, name)
    log_path = os.path.join(args.out, os.path.splitext(name)[0] + ".kernel.log")
    with open(log_path, "w", encoding="utf-8") as kernel_log:
        for attempt in range(1, args.attempts + 1):
            kernel_log.write(f"--- attempt {attempt}\n")
            kernel_log.flush()
            outcome = attempt_run(path, out_path, log_path, attempt, args, kernel_log)
            if outcome != "retry":
                return outcome == "ok"
    print(f"FAILED  {path}: the kernel did not start in {args.attempts} attempts (kernel log: {log_path})",
          file=sys.stderr, flush=True)
    return False


def attempt_run(path, out_path, log_path, attempt, args, kernel_log):
    """One kernel start and run: "ok", "failed" (a cell failed), or "retry" (no answer at start)."""
    nb = nbformat.read(path, as_version=4)
    began = time.monotonic()
    try:
        startup = execute_once(nb, path, args, kernel_log)
        nbformat.write(nb, out_path)
        print(f"ok      {path} in {time.monotonic() - began:.1f} s (kernel answered after {startup:.1f} s)"
              f" -> {out_path}", flush=True)
        return "ok"
    except KernelStartError as e:
        print(f"retry   {path}: the kernel did not start (listen within {args.startup_timeout} s, then answer within"
              f" {args.answer_timeout} s)"
              f" (attempt {attempt} of {args.attempts}): {e}", file=sys.stderr, flush=True)
        return "retry"
    except RuntimeError as e:
        nbformat.write(nb, out_path)
        print(f"FAILED  {e} (after {time.monotonic() - began:.1f} s; executed copy: {out_path};"
              f" kernel log: {log_path})", file=sys.stderr, flush=True)
        return "failed"


def main(argv=None):
    parser = argparse.ArgumentParser(description="Execute notebooks on the Boomerang kernel.")
    parser.add_argument("notebooks", nargs="+", help="notebooks to execute")
    parser.add_argument("--out", default=os.path.join(kernelspec.NOTEBOOKS, "out"),
                        help="folder for the executed copies (default notebooks/out)")
    parser.add_argument("--cell-timeout", type=int, default=600, help="seconds one cell may run (default 600)")
    parser.add_argument("--answer-timeout", type=int, default=15,
                        help="seconds for a listening kernel to answer (default 15)")
    parser.add_argument("--startup-timeout", type=int, default=45,
                        help="seconds for the kernel to answer at start (default 45)")
    parser.add_argument("--attempts", type=int, default=5, help="kernel starts per notebook (default 5)")
    parser.add_argument("--kernel", default=kernelspec.KERNEL_NAME,
                        help=f"kernelspec name (default {kernelspec.KERNEL_NAME})")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        if not os.path.isfile(path):
            parser.error(f"no notebook at {path}")
    os.makedirs(args.out, exist_ok=True)
    failed = [p for p in args.notebooks if not run(p, args)]
    print(f"notebooks executed: {len(args.notebooks)}, with errors: {len(failed)}", flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())

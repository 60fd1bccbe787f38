"""Memory on long batch files: pydig's peak memory for -f files of growing length.

    uv run python benchmarks/memory.py [--sizes 2000 20000]

Flat memory means the peak stays the same however long the file: input is read as it is
needed and only a window of results waits to be printed.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

from common import bench_named, machine, programs

# Linux carries a process's peak memory across exec(), and subprocess starts its child
# with vfork(): a child measured directly would report this script's own peak (a batch
# text built in memory, say) whenever that is the larger.  A small Python in between
# forks the command from its own few MiB and reports the command's peak alone.
_MEASURE = """
import os, sys
pid = os.fork()
if pid == 0:
    os.dup2(os.open(os.devnull, os.O_WRONLY), 1)
    os.execv(sys.argv[1], sys.argv[1:])
_, _, usage = os.wait4(pid, 0)
print(usage.ru_maxrss)
"""


def peak_rss_mib(command: list[str], env: dict[str, str]) -> float:
    done = subprocess.run(
        [sys.executable, "-c", _MEASURE, *command],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env, check=True,
    )  # fmt: skip
    return int(done.stdout) / 1024  # Linux reports KiB


def write_batch(path: Path, size: int) -> None:
    """The batch file, written line by line: this script stays small however long it is."""
    with path.open("w") as batch:
        for n in range(size):
            batch.write(f"host{n}.wild.example.test\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    print(machine())
    with bench_named() as named, programs() as tools:
        print("\npeak memory of pydig +short -f FILE")
        for size in args.sizes:
            batch = tools.workdir / f"{size}.batch"
            write_batch(batch, size)
            command = [tools.pydig, *tools.server(named), "+short", "-f", str(batch)]
            print(f"  {size:>9,} lines  {peak_rss_mib(command, tools.env):7.1f} MiB")


if __name__ == "__main__":
    main()

"""Memory on long batch files: pydig's peak memory for -f files of growing length.

    uv run python benchmarks/memory.py [--sizes 2000 20000]

Flat memory means the peak stays the same however long the file: input is read as it is
needed and only a window of results waits to be printed.
"""

from __future__ import annotations

import argparse
import os
import subprocess

from common import bench_named, machine, programs


def peak_rss_mib(command: list[str], env: dict[str, str]) -> float:
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env
    )
    _, _, usage = os.wait4(process.pid, 0)
    return usage.ru_maxrss / 1024  # Linux reports KiB


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[2000, 20000])
    args = parser.parse_args()
    print(machine())
    with bench_named() as named, programs() as tools:
        print("\npeak memory of pydig +short -f FILE")
        for size in args.sizes:
            batch = tools.workdir / f"{size}.batch"
            batch.write_text("".join(f"host{n}.wild.example.test\n" for n in range(size)))
            command = [tools.pydig, *tools.server(named), "+short", "-f", str(batch)]
            print(f"  {size:>9,} lines  {peak_rss_mib(command, tools.env):7.1f} MiB")


if __name__ == "__main__":
    main()

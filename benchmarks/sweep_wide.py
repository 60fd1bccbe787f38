"""A /16 reverse sweep: `pydig +short -x 198.18.0.0/16` beside `dig +short -f` over the
same 65,534 addresses, and pydig's peak memory.

    uv run python benchmarks/sweep_wide.py [--runs 3]

Goal (issue 12): at most 0.33 times dig -f's time, peak memory under 60 MiB.  The
benchmarks' named serves 198.18.0.0/20 (every fourth address named): the rest of the
/16 is NXDOMAIN, as much of any address space is.
"""

from __future__ import annotations

import argparse
import ipaddress

from common import bench_named, goal_line, machine, programs, report, side_by_side
from memory import peak_rss_mib

NETWORK = "198.18.0.0/16"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    print(machine())
    with bench_named() as named, programs() as tools:
        server = tools.server(named)
        batch = tools.workdir / "wide.batch"
        addresses = ipaddress.ip_network(NETWORK).hosts()  # what pydig sweeps, too
        batch.write_text("".join(f"-x {address}\n" for address in addresses))
        pydig = [tools.pydig, *server, "+short", "-x", NETWORK]
        commands = {
            f"dig +short -f ({NETWORK})": [tools.dig, *server, "+short", "-f", str(batch)],
            f"pydig +short -x {NETWORK}": pydig,
        }
        medians = side_by_side(commands, tools.env, args.runs)
        peak = peak_rss_mib(pydig, tools.env)
    report(
        f"a /16 reverse sweep, median of {args.runs} runs",
        medians,
        baseline=f"dig +short -f ({NETWORK})",
    )
    ratio = medians[f"pydig +short -x {NETWORK}"] / medians[f"dig +short -f ({NETWORK})"]
    print(goal_line(f"/16 +short: {ratio:.2f}x dig -f's time (goal <= 0.33)", ratio <= 0.33))
    print(goal_line(f"/16 +short: peak memory {peak:.1f} MiB (goal < 60)", peak < 60))


if __name__ == "__main__":
    main()

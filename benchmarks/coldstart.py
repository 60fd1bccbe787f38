"""Cold start: one lookup, pydig beside dig, `+short` and the full default output.

    uv run python benchmarks/coldstart.py [--runs 31]

Goals (issue 12): pydig +short at most 4 times dig's wall time, the full output at most
4.5 times, each within 1.15 times of benchmarks/floor.py (Python and the imports a
dnspython query needs, one query).  The true floor (wire_floor.py, no dnspython) too.
It also checks what a plain lookup imports: neither Typer nor rich nor importlib.metadata,
nor what only other paths need (tests/helpers/start.py's NEVER_IMPORTED, to which a test
holds a lookup too).
"""

from __future__ import annotations

import argparse

from common import bench_named, goal_line, machine, programs, report, side_by_side
from helpers.start import imported_modules, unwanted

NAME = "www.linuxvoice.test"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=31)
    args = parser.parse_args()
    print(machine())
    with bench_named() as named, programs() as tools:
        server = tools.server(named)
        medians = side_by_side(
            {
                "dig +short": [tools.dig, *server, "+short", NAME],
                "pydig +short": [tools.pydig, *server, "+short", NAME],
                "dig (full output)": [tools.dig, *server, NAME],
                "pydig (full output)": [tools.pydig, *server, NAME],
                "dnspython alone": [*tools.floor(named), NAME],
                "true floor": [*tools.wire_floor(named), NAME],
            },
            tools.env,
            args.runs,
        )
        modules = {
            label: imported_modules([*server, *words, NAME], tools.env)
            for label, words in (("+short", ["+short"]), ("full output", []))
        }
    report(f"one lookup, median of {args.runs} runs", medians, baseline="dig +short")
    short = medians["pydig +short"] / medians["dig +short"]
    full = medians["pydig (full output)"] / medians["dig (full output)"]
    floor = medians["dnspython alone"]
    print()
    print(goal_line(f"+short: {short:.2f}x dig's time (goal <= 4)", short <= 4))
    print(goal_line(f"full output: {full:.2f}x dig's time (goal <= 4.5)", full <= 4.5))
    for label in ("pydig +short", "pydig (full output)"):
        ratio = medians[label] / floor
        print(goal_line(f"{label}: {ratio:.2f}x dnspython alone (goal <= 1.15)", ratio <= 1.15))
    for label, names in modules.items():
        loaded = ", ".join(unwanted(names))
        print(f"  {label}: {len(names)} modules imported; unwanted: {loaded or 'none'}")


if __name__ == "__main__":
    main()

"""Cold start: one lookup, pydig beside dig, `+short` and the full default output.

    uv run python benchmarks/coldstart.py [--runs 31]

Goals (issue 12): pydig +short at most 4 times dig's wall time, the full output at most
4.5 times, each within 1.15 times of benchmarks/floor.py (Python and the imports a
dnspython query needs, one query).  The true floor (wire_floor.py, no dnspython) too.
It also checks what a plain lookup imports: neither Typer nor rich nor importlib.metadata,
nor what only other paths need (NEVER_IMPORTED).
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys

from common import Programs, bench_named, goal_line, machine, programs, report, side_by_side

NAME = "www.linuxvoice.test"
# What a plain lookup (+short or the full output) never loads: what serves other paths.
NEVER_IMPORTED = (
    "typer", "rich", "click", "importlib.metadata",
    "pathlib", "urllib", "fnmatch", "difflib", "secrets", "datetime", "signal",  # stdlib
    "dns.reversename",  # -x
    "dns.rdtypes.ANY.RP", "pydig.wire.rdtypes",  # MB, MINFO...: when dnspython reads a record
    "pydig.wire.tsig",  # -k, -y
    "pydig.transport.stream", "pydig.transport.transfer",  # TCP, zone transfers
    "pydig.model.sweep", "pydig.console.sweep",  # -x with a range
    "pydig.cli.edns", "pydig.cli.shaping",  # +subnet, +ednsopt, +padding, +ednsflags, +opcode
    "pydig.wire.dns64",  # +dns64prefix
    "pydig.lookup.hops", "pydig.model.diagnosis",  # +trace, +nssearch, +validate
)  # fmt: skip


def imported_modules(tools: Programs, command: list[str]) -> list[str]:
    """The modules `python -X importtime` lists for one pydig run."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", tools.pydig, *command],
        capture_output=True, text=True, env=tools.env, check=False,
    )  # fmt: skip
    return re.findall(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", done.stderr, re.M)


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
            label: imported_modules(tools, [*server, *words, NAME])
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
        unwanted = ", ".join(name for name in names if name.startswith(NEVER_IMPORTED))
        print(f"  {label}: {len(names)} modules imported; unwanted: {unwanted or 'none'}")


if __name__ == "__main__":
    main()

"""Batch throughput: `-f FILE` of 5,000 names, pydig (concurrent) beside dig (one at a time).

    uv run python benchmarks/batch.py [--names 5000] [--runs 3] [--delay-ms 0]

Goal: pydig at least 1.5 times dig's throughput.  --delay-ms puts a relay in front of
named that holds each datagram, standing for a server that far away; the output of both
programs is checked to be the same before anything is timed.  benchmarks/floor.py runs
beside them: dnspython alone for the same lookups, one at a time.
"""

from __future__ import annotations

import argparse

from common import (
    bench_named,
    floor_line,
    machine,
    network_delay,
    programs,
    report,
    same_output,
    side_by_side,
)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--names", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    parser.add_argument("--sequential", action="store_true", help="also time +noconcurrency")
    args = parser.parse_args()
    print(machine())
    with bench_named() as named, programs() as tools, network_delay(named, args.delay_ms) as port:
        batch = tools.workdir / "names.batch"
        batch.write_text("".join(f"host{n}.wild.example.test\n" for n in range(args.names)))
        server = tools.server(named, port)
        dig = [tools.dig, *server, "-f", str(batch)]
        pydig = [tools.pydig, *server, "-f", str(batch)]
        commands = {
            "dig -f": dig,
            "pydig -f": pydig,
            "dnspython alone": [*tools.floor(named, port), "-f", str(batch)],
        }
        if args.sequential:
            commands["pydig -f +noconcurrency"] = [*pydig, "+noconcurrency"]
        same = same_output(dig, pydig, tools.env)
        medians = side_by_side(commands, tools.env, args.runs)
    delay = f", {args.delay_ms:g} ms round trip" if args.delay_ms else ""
    report(f"{args.names} names{delay}, median of {args.runs} runs", medians, baseline="dig -f")
    for label, seconds in medians.items():
        print(f"  {label:<44} {args.names / seconds:9.0f} lookups/s")
    ratio = medians["dig -f"] / medians["pydig -f"]
    print(f"\n  pydig throughput: {ratio:.2f}x dig's (goal >= 1.5); same output as dig: {same}")
    print(floor_line(medians, floor="dnspython alone", dig="dig -f", goal=1 / 1.5))


if __name__ == "__main__":
    main()

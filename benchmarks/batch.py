"""Batch throughput: `-f FILE` of 5,000 names, pydig beside dig and the two floors.

    uv run python benchmarks/batch.py [--names 5000] [--runs 5] [--delay-ms 0]

Goals (issue 12): with +short, at least 3 times dig's throughput and at most 1.5 times
the true floor's time (wire_floor.py); with the full default output, at least twice
dig's throughput; with --delay-ms (a server that far away, 20 ms in the goal), at least
12 times dig's throughput either way.  --delay-ms puts a relay in front of named that
holds each datagram, standing for a server that far away.  The true floor also runs
with its query template built by dnspython (--dnspython), as pydig's must be: the best
any program under pydig's fixed choices can do.  The output of pydig and dig is checked
to be the same before anything is timed.  dnspython alone (floor.py) runs beside them.
"""

from __future__ import annotations

import argparse

from common import (
    bench_named,
    goal_line,
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
    parser.add_argument("--runs", type=int, default=5)
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
            "dig +short -f": [*dig, "+short"],
            "pydig +short -f": [*pydig, "+short"],
            "true floor (+short)": [*tools.wire_floor(named, port), "-f", str(batch)],
            "true floor, dnspython's template": [
                *tools.wire_floor(named, port),
                "--dnspython",
                "-f",
                str(batch),
            ],
            "dnspython alone": [*tools.floor(named, port), "-f", str(batch)],
        }
        if args.sequential:
            commands["pydig +short -f +noconcurrency"] = [*pydig, "+short", "+noconcurrency"]
        same = same_output(dig, pydig, tools.env)
        same_short = same_output(commands["dig +short -f"], commands["pydig +short -f"], tools.env)
        medians = side_by_side(commands, tools.env, args.runs)
    delay = f", {args.delay_ms:g} ms round trip" if args.delay_ms else ""
    report(f"{args.names} names{delay}, median of {args.runs} runs", medians, baseline="dig -f")
    for label, seconds in medians.items():
        print(f"  {label:<44} {args.names / seconds:9.0f} lookups/s")
    short = medians["dig +short -f"] / medians["pydig +short -f"]
    full = medians["dig -f"] / medians["pydig -f"]
    floor = medians["pydig +short -f"] / medians["true floor (+short)"]
    print(f"\n  same output as dig: full {same}, +short {same_short}")
    if args.delay_ms:  # a server far away: the goal is the same for both outputs
        for label, ratio in (("+short", short), ("full output", full)):
            print(goal_line(f"{label}: {ratio:.2f}x dig's throughput (goal >= 12)", ratio >= 12))
        return
    print(goal_line(f"+short: {short:.2f}x dig's throughput (goal >= 3)", short >= 3))
    print(goal_line(f"+short: {floor:.2f}x the true floor's time (goal <= 1.5)", floor <= 1.5))
    print(goal_line(f"full output: {full:.2f}x dig's throughput (goal >= 2)", full >= 2))
    # pydig must import dnspython to build its templates (a fixed choice): the floor that
    # does the same says what throughput any such program can reach at best.
    best = medians["dig +short -f"] / medians["true floor, dnspython's template"]
    print(f"  the true floor with dnspython's template: {best:.2f}x dig's throughput at best")


if __name__ == "__main__":
    main()

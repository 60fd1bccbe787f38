"""Reverse sweeps: `pydig -x 198.18.0.0/20` beside `dig -f` over the same 4,094 addresses.

    uv run python benchmarks/sweep.py [--runs 5] [--delay-ms 0]

Goals (issue 12): the /20 sweep with +short in at most 0.33 times the time of dig -f
+short over the same addresses, and a /24 with +short in under 0.15 s.  Both the full
output and +short are timed, and beside them the true floor (wire_floor.py, also with
its template built by dnspython, as pydig's must be) and dnspython alone (floor.py) for
the same 4,094 PTR lookups.
"""

from __future__ import annotations

import argparse
import ipaddress

from common import (
    bench_named,
    goal_line,
    machine,
    network_delay,
    programs,
    report,
    side_by_side,
)

NETWORK = "198.18.0.0/20"
SMALL = "198.18.0.0/24"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--delay-ms", type=float, default=0.0)
    args = parser.parse_args()
    print(machine())
    with bench_named() as named, programs() as tools, network_delay(named, args.delay_ms) as port:
        server = tools.server(named, port)
        commands = {}
        for network in (NETWORK, SMALL):
            batch = tools.workdir / f"{network.replace('/', '_')}.batch"
            addresses = ipaddress.ip_network(network).hosts()  # what pydig sweeps, too
            batch.write_text("".join(f"-x {address}\n" for address in addresses))
            commands[f"dig -f ({network})"] = [tools.dig, *server, "-f", str(batch)]
            commands[f"pydig -x {network}"] = [tools.pydig, *server, "-x", network]
            if network == SMALL:
                commands[f"pydig +short -x {network}"] = [
                    *commands[f"pydig -x {network}"],
                    "+short",
                ]
            if network == NETWORK:
                names = tools.workdir / "reverse-names"
                names.write_text(
                    "".join(
                        f"{address.reverse_pointer}\n"
                        for address in ipaddress.ip_network(network).hosts()
                    )
                )
                commands["true floor (+short)"] = [
                    *tools.wire_floor(named, port), "--type", "PTR", "-f", str(names),
                ]  # fmt: skip
                commands["true floor, dnspython's template"] = [
                    *commands["true floor (+short)"], "--dnspython",
                ]  # fmt: skip
                commands["dnspython alone"] = [
                    *tools.floor(named, port),
                    "--type",
                    "PTR",
                    "-f",
                    str(names),
                ]
                commands[f"dig +short -f ({network})"] = [
                    *commands[f"dig -f ({network})"],
                    "+short",
                ]
                commands[f"pydig +short -x {network}"] = [
                    *commands[f"pydig -x {network}"],
                    "+short",
                ]
        medians = side_by_side(commands, tools.env, args.runs)
    delay = f", {args.delay_ms:g} ms round trip" if args.delay_ms else ""
    report(
        f"reverse sweeps{delay}, median of {args.runs} runs",
        medians,
        baseline=f"dig -f ({NETWORK})",
    )
    full = medians[f"pydig -x {NETWORK}"] / medians[f"dig -f ({NETWORK})"]
    short = medians[f"pydig +short -x {NETWORK}"] / medians[f"dig +short -f ({NETWORK})"]
    small = medians[f"pydig +short -x {SMALL}"]
    floor = medians[f"pydig +short -x {NETWORK}"] / medians["true floor (+short)"]
    print(f"\n  /20 full output: {full:.2f}x dig -f's time; {floor:.2f}x the true floor's (+short)")
    print(goal_line(f"/20 +short: {short:.2f}x dig -f's time (goal <= 0.33)", short <= 0.33))
    print(goal_line(f"/24 +short: {small:.3f} s (goal < 0.15 s)", small < 0.15))
    # pydig must import dnspython to build its template (a fixed choice): the floor that
    # does the same is the best any such program can do.
    best = medians["true floor, dnspython's template"] / medians[f"dig +short -f ({NETWORK})"]
    print(f"  the true floor with dnspython's template: {best:.2f}x dig -f's time at best")


if __name__ == "__main__":
    main()

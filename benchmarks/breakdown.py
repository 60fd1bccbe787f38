"""Where pydig's processor time goes on a batch: reading replies, rendering, planning, the rest.

    uv run python benchmarks/breakdown.py [--names 5000] [+short ...]

Runs pydig in this process on `-f` of NAMES names against the benchmarks' named, with
timers around the one function that judges and decodes a reply's bytes (dig's checks
and the lean reader or dnspython's parser: transport/send.py `judge`, and the express
lane's own reads), the output of each lookup (render and write), and planning (the query
from its template, the Lookup).  What is left is the engine, the express lane and the
state machines, parsing the batch lines and the rest of the run.
"""

from __future__ import annotations

import argparse
import io
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from common import bench_named, compile_pydig, machine

import pydig.console.runner as runner
import pydig.render.dig as dig_text
import pydig.render.short as short_text
import pydig.transport.send as send
import pydig.wire.plain as plain
from pydig.app import run
from pydig.console.output import Output
from pydig.environment import Environment

SPENT: dict[str, float] = {}
OPEN: dict[str, int] = {}  # timers of a label running: one inside another counts once


def timed(label: str, function: Callable[..., Any]) -> Callable[..., Any]:
    SPENT.setdefault(label, 0.0)
    OPEN.setdefault(label, 0)

    def wrapper(*args: Any, **kwargs: Any) -> Any:
        OPEN[label] += 1
        started = time.process_time()
        try:
            return function(*args, **kwargs)
        finally:
            OPEN[label] -= 1
            if not OPEN[label]:
                SPENT[label] += time.process_time() - started

    return wrapper


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--names", type=int, default=5000)
    args, options = parser.parse_known_args()
    print(machine())
    compile_pydig()
    reading = "reading replies (dig's checks, the lean reader)"
    send.judge = timed(reading, send.judge)
    plain.read_lean = timed(reading, plain.read_lean)  # the express lane's (plain_reply)
    rendering = "rendering and writing"
    Output.show = timed(rendering, Output.show)  # type: ignore[method-assign]
    Output.show_pieces = timed(rendering, Output.show_pieces)  # type: ignore[method-assign]
    # +short's and the lane's full answers (the runner imports each where it shows one)
    short_text.short_text = timed(rendering, short_text.short_text)
    dig_text.answer_pieces = timed(rendering, dig_text.answer_pieces)
    runner.plan_lookup = timed("planning", runner.plan_lookup)
    runner.renamed = timed("planning", runner.renamed)
    with bench_named() as named:
        batch = Path(named.workdir) / "names.batch"
        batch.write_text("".join(f"host{n}.wild.example.test\n" for n in range(args.names)))
        resolv = Path(named.workdir) / "resolv.conf"
        resolv.write_text("nameserver 127.0.0.1\n")
        env = Environment(stdout=io.StringIO(), stderr=io.StringIO(), resolv_conf=resolv)
        argv = ["-r", f"@{named.address}", "-p", str(named.port), *options, "-f", str(batch)]
        started = time.process_time()
        status = run(argv, env)
        total = time.process_time() - started
    title = f"pydig {' '.join(options)} -f, {args.names} names"
    print(f"\n{title}: {total:.2f} s of CPU (status {status})")
    for label, seconds in SPENT.items():
        print(f"  {label:<44} {seconds:6.2f} s  {seconds / total:5.1%}")
    rest = total - sum(SPENT.values())
    rest_label = "the rest (engine, express lane, machines, batch lines)"
    print(f"  {rest_label:<44} {rest:6.2f} s  {rest / total:5.1%}")


if __name__ == "__main__":
    main()

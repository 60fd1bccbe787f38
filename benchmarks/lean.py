"""Decoding and rendering typical replies: the lean reader beside dnspython's parser.

    uv run python benchmarks/lean.py [--replies 20000] [--runs 5]

Each run decodes the recorded A, PTR, MX and TXT replies of fixtures/responses in turn,
each time with another first label in the question (and so in the records that point
to it), as decode_reply does for every reply that arrives, and renders each in dig's
default text, and in +short, once read by the lean reader (pydig/wire/lean.py) and once
by the dnspython path (lean=False).  Prints the median CPU time per reply of each path
and the ratio; no network, no named.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.lookup.plan import plan_lookup
from pydig.model.events import Answer, Exchange, Reply
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import Invocation
from pydig.render import render
from pydig.wire.decode import decode_reply
from pydig.wire.lean import read_lean

SERVER = Server(address="127.0.0.1", label="127.0.0.1")
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
RESPONSES = Path(__file__).resolve().parent.parent / "fixtures" / "responses"
TYPICAL = (
    "host.example.test_A.bin",
    "10.2.0.192.in-addr.arpa_PTR.bin",
    "example.test_MX.bin",
    "txt.example.test_TXT.bin",
)


def lookup_for(*options: str) -> Lookup:
    parsed = parse_argv(["@127.0.0.1", *options, "example.test"])
    assert isinstance(parsed, Invocation)
    return plan_lookup(parsed.queries[0], parsed.globals, ResolvConf())


def varied(wire: bytes, number: int) -> bytes:
    """The reply with its question's first label rewritten (hex digits of number, as many
    as the label has), so that successive replies name different things, as in a batch."""
    length = wire[12]
    label = f"{number:0{length}x}"[-length:].encode()
    return wire[:13] + label + wire[13 + length :]


def decode_and_render(wires: list[bytes], lookups: list[Lookup], *, lean: bool) -> int:
    """Every reply decoded and rendered in each lookup's style; the characters made."""
    made = 0
    for wire in wires:
        message = decode_reply(wire, lean=lean).message
        reply = Reply(
            message=message, wire=wire, server=SERVER, port=53, transport="UDP",
            elapsed=0.001, received_at=WHEN,
        )  # fmt: skip
        for lookup in lookups:
            made += sum(map(len, render(Exchange(lookup=lookup, events=(Answer(reply),)))))
    return made


def median_seconds(work: Callable[[], object], runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.process_time()  # CPU time: other processes' load counts less
        work()
        times.append(time.process_time() - started)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--replies", type=int, default=20_000)
    parser.add_argument("--runs", type=int, default=5)
    options = parser.parse_args()
    typical = [(RESPONSES / name).read_bytes() for name in TYPICAL]
    if any(read_lean(wire) is None for wire in typical):
        raise SystemExit("a typical reply is not read by the lean reader")
    wires = [
        varied(typical[number % len(typical)], number // len(typical))
        for number in range(options.replies)
    ]
    lookups = [lookup_for(), lookup_for("+short")]
    if decode_and_render(typical, lookups, lean=True) != decode_and_render(
        typical, lookups, lean=False
    ):
        raise SystemExit("the two paths render differently")
    print(f"{options.replies} replies (A, PTR, MX, TXT in turn), median of {options.runs} runs")
    views = (
        ("decode only", []),
        ("decode, +short", lookups[1:]),
        ("decode, dig's text", lookups[:1]),
    )
    for what, chosen in views:
        lean = median_seconds(partial(decode_and_render, wires, chosen, lean=True), options.runs)
        full = median_seconds(partial(decode_and_render, wires, chosen, lean=False), options.runs)
        per = 1e6 / options.replies
        print(
            f"  {what:<26} lean {lean * per:7.1f} us/reply   dnspython {full * per:7.1f} "
            f"us/reply   {full / lean:4.1f}x"
        )


if __name__ == "__main__":
    main()

"""The lean reader against the dnspython path: the same reply, read both ways, must show
the same text in every view.

For each reply: decode_reply(wire, lean=False) is the dnspython path (the codec of
record); read_lean(wire) is the lean reader.  A reply the lean reader declines goes to
the dnspython path anyway, so there is nothing to compare.  A reply it takes must be one
the dnspython path parses cleanly (no "Got bad packet", no malformed warning, no extra
bytes), with the same header, records and EDNS options as dnspython's Message presents
them, and the same text in each display style of helpers/fuzz_replies.py (dig's text
with its switches, +short, +multiline, a transfer, +yaml, +json, +table and colour).

    PYTHONPATH=tests uv run python -m helpers.lean_differential --count 1000000

mutates the recorded replies in fixtures/responses (with helpers/fuzz_replies.py's
mutator) and compares every mutant the lean reader takes, in --jobs processes, until
--max-seconds; every mutant, taken or not, is read with answer_only too (the same
verdict, the same fields but for the question and the sections after the answer).
Exit status 0 when the two paths agree on all of them, 1 when they do not, 2 when the
time ran out first.
Each mutant is shown in dig's default text and one more style in turn (--every-style:
all of them, several times slower).
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import dns.message

from helpers.fuzz_replies import Job, Style, exchange_for, in_processes, mutants, shown_text
from pydig.wire.decode import BadPacket, Decoded, decode_reply
from pydig.wire.lean import read_lean
from pydig.wire.screen import question_mismatches

if TYPE_CHECKING:
    from pydig.model.message import MessageView, RecordSet


def _records(rrsets: Iterator[RecordSet] | list[RecordSet]) -> list[tuple[object, ...]]:
    return [
        (
            rrset.name.labels,
            int(rrset.rdtype),
            int(rrset.rdclass),
            rrset.ttl,
            [(int(rd.rdtype), int(rd.rdclass), rd.to_wire()) for rd in rrset],
        )
        for rrset in rrsets
    ]


def fields(message: MessageView) -> dict[str, object]:
    """Everything pydig/model/message.py says a renderer may read, as plain values."""
    return {
        "id": message.id,
        "flags": int(message.flags),
        "opcode": int(message.opcode()),
        "rcode": int(message.rcode()),
        "sections": [_records(list(section)) for section in message.sections],
        "edns": message.edns,
        "ednsflags": message.ednsflags,
        "payload": message.payload,
        "options": [(int(o.otype), o.to_wire()) for o in message.options],
        "opt": None if message.opt is None else _records([message.opt]),
        "tsig": None if message.tsig is None else _records([message.tsig]),
        "pad": message.pad,
    }


def _texts(
    wire: bytes, decoded: Decoded, query: dns.message.Message, styles: list[Style]
) -> list[str]:
    notes = tuple(question_mismatches(query, decoded.message))
    return [
        shown_text(exchange_for(style.lookup, wire, decoded, notes), style.env) for style in styles
    ]


def _answer_only_differences(wire: bytes, lean: MessageView | None) -> list[str]:
    """Where read_lean(wire, answer_only=True), +short's, parts from read_lean(wire): it
    takes the same replies, with the same fields but for the question and the sections
    after the answer, which it leaves empty."""
    short = read_lean(wire, answer_only=True)
    if short is None or lean is None:
        return [] if short is lean else [f"answer_only took {short!r}, the lean reader {lean!r}"]
    found = []
    short_fields, lean_fields = fields(short), fields(lean)
    for key, value in lean_fields.items():
        if key == "sections":
            value = [[], value[1], [], []]  # type: ignore[index]  # a list of sections
        if short_fields[key] != value:
            found.append(f"{key}: answer_only {short_fields[key]!r} != lean {value!r}")
    return found


def differences(wire: bytes, query: dns.message.Message, styles: list[Style]) -> list[str]:
    """Where the two paths part for this reply (nothing when the lean reader declines it,
    if its answer_only reading declines it too)."""
    lean = read_lean(wire)
    found = _answer_only_differences(wire, lean)
    if lean is None:
        return found
    try:
        full = decode_reply(wire, lean=False)
    except BadPacket as exc:
        return [f"lean took a bad packet ({exc.reason})"]
    if full.malformed or full.extra_bytes:
        return ["lean took a reply dig warns about"]
    lean_fields, full_fields = fields(lean), fields(full.message)
    for key, value in full_fields.items():
        if lean_fields[key] != value:
            found.append(f"{key}: lean {lean_fields[key]!r} != dnspython {value!r}")
    lean_decoded = Decoded(message=lean, extra_bytes=0, malformed=False)
    lean_texts = _texts(wire, lean_decoded, query, styles)
    for style, lean_text, full_text in zip(
        styles, lean_texts, _texts(wire, full, query, styles), strict=True
    ):
        if lean_text != full_text:
            found.append(f"text in {style.name}:\n--- lean\n{lean_text}--- dnspython\n{full_text}")
    return found


@dataclass
class Tally:
    replies: int = 0
    lean: int = 0  # taken by the lean reader, and so compared
    failures: list[tuple[bytes, list[str]]] = field(default_factory=list)

    def add(self, other: Tally) -> None:
        self.replies += other.replies
        self.lean += other.lean
        self.failures += other.failures


def compare(wire: bytes, query: dns.message.Message, styles: list[Style], tally: Tally) -> None:
    tally.replies += 1
    tally.lean += read_lean(wire) is not None
    found = differences(wire, query, styles)
    if found:
        tally.failures.append((wire, found))


def work(job: Job) -> Tally:
    """job.count mutants from the random stream (seed, chunk), until the deadline."""
    tally = Tally()
    for wire, query, shown in mutants(job, "lean/"):
        compare(wire, query, shown, tally)
    return tally


def run(
    count: int,
    *,
    seed: int = 1,
    every_style: bool = False,
    jobs: int = 1,
    deadline: float = float("inf"),
) -> Tally:
    chunk_size = 5_000
    work_list = [
        Job(seed, chunk, min(chunk_size, count - start), deadline, every_style)
        for chunk, start in enumerate(range(0, count, chunk_size))
    ]
    tally = Tally()
    for done, result in enumerate(in_processes(work, work_list, jobs), start=1):
        tally.add(result)
        if done % 20 == 0:
            print(f"... {tally.replies} so far, {len(tally.failures)} disagreements", flush=True)
    return tally


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--every-style", action="store_true")
    parser.add_argument("--max-seconds", type=float, default=4 * 3600)
    options = parser.parse_args(argv)
    started = time.time()
    tally = run(
        options.count,
        seed=options.seed,
        every_style=options.every_style,
        jobs=options.jobs,
        deadline=started + options.max_seconds,
    )
    print(
        f"{tally.replies} mutated replies in {time.time() - started:.0f} s: the lean reader "
        f"took {tally.lean}; {len(tally.failures)} shown differently from the dnspython path"
    )
    for wire, found in tally.failures[:5]:
        print(wire.hex())
        print("\n".join(found))
    if tally.failures:
        return 1
    if tally.replies < options.count:
        print(f"time ran out after {tally.replies} of {options.count}")
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())

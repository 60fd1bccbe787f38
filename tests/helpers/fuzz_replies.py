"""Mutated replies through pydig's reply checks, its parser and every renderer.

Seeds are the recorded replies in fixtures/responses/*.bin.  Each mutant (one to three
stacked mutations: bit flips, interesting bytes, cuts, junk, splices, counts, compression
pointers, RDLENGTHs) goes where a reply from the network goes: screen() (dig's checks on
ID, QR, opcode and question), decode_reply() (dig's best-effort parse), and then, when
it parses, Output.show() in dig's default text and in one more display style, taken in
turn from every style pydig has (dig's text with its display switches, +short,
+multiline, a transfer, +yaml, +json, +table, and colour), so that each renderer meets a
share of the replies; --every-style shows each reply in all of them (several times slower).

The only errors allowed are pydig's own: a BadPacket ("Got bad packet") or a verdict to
ignore the message.  Anything else escaping is a finding, and so is a control character
from server data reaching plain output.  Findings are grouped by where they were raised;
one reproducer per group is written to --findings as hex.

    PYTHONPATH=tests uv run python -m helpers.fuzz_replies --count 1000000
    PYTHONPATH=tests uv run python -m helpers.fuzz_replies --count 20000 --seed 7 --jobs 1

Runs in --jobs processes and stops at --max-seconds whatever the count; exit status 0
when clean, 1 with findings, 2 when the time ran out before the count.
"""

from __future__ import annotations

import argparse
import io
import multiprocessing
import random
import struct
import sys
import time
import traceback
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import TypeVar

import dns.message
import dns.name

from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.console.output import Output
from pydig.environment import Environment
from pydig.errors import PydigError
from pydig.lookup.plan import plan_lookup
from pydig.model.events import Answer, Exchange, Note, QuerySent, Reply
from pydig.model.exchange import Lookup, Server
from pydig.model.invocation import Invocation
from pydig.wire.decode import BadPacket, Decoded, decode_reply
from pydig.wire.screen import Action, Context, screen

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "fixtures" / "responses"
WHEN = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
SERVER = Server(address="127.0.0.1", label="127.0.0.1")
JobT = TypeVar("JobT")
ResultT = TypeVar("ResultT")

# Display styles, as the options a user types; those pydig refuses (not implemented yet)
# are left out when the run starts.
STYLES = (
    (),
    ("+multiline",),
    ("+short",),
    ("+nottlid", "+noclass"),
    ("+noall", "+answer", "+rrcomments"),
    ("+ttlunits", "+unknownformat", "+expandaaaa", "+nocrypto", "+onesoa"),
    ("+split=8", "+identify", "+qr"),
    ("+idnout",),
    ("+yaml",),
    ("+json",),
    ("+table",),
    ("AXFR",),
    ("+multiline", "AXFR"),
)
COLOUR_STYLES = 3  # the first styles are shown in colour too, as extra styles in the turn

PLAIN = Environment(variables={"NO_COLOR": "1"})
COLOUR = Environment(variables={"FORCE_COLOR": "1", "TERM": "xterm"})
# Characters server data may never put into plain text: dig writes them as \DDD.
FORBIDDEN = {chr(code) for code in range(0x20) if chr(code) not in "\t\n"} | {"\x7f"}


# --- mutations -----------------------------------------------------------------------------

INTERESTING_BYTES = (0x00, 0x01, 0x3F, 0x40, 0x7F, 0x80, 0xC0, 0xC0, 0xFF)
INTERESTING_WORDS = (0, 1, 2, 4, 16, 41, 250, 255, 256, 0x7FFF, 0x8000, 0xFFFE, 0xFFFF)


def _flip(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    for _ in range(rng.randint(1, 4)):
        data[rng.randrange(len(data))] ^= 1 << rng.randrange(8)


def _byte(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    value = rng.choice(INTERESTING_BYTES) if rng.random() < 0.6 else rng.randrange(256)
    data[rng.randrange(len(data))] = value


def _word(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    """A 16-bit field (type, class, RDLENGTH, a count...) set to an interesting value."""
    at = rng.randrange(len(data) - 1)
    data[at : at + 2] = struct.pack("!H", rng.choice(INTERESTING_WORDS))


def _count(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    at = 4 + 2 * rng.randrange(4)
    data[at : at + 2] = struct.pack("!H", rng.choice((0, 1, 2, 3, 7, 255, 0xFFFF)))


def _pointer(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    at = rng.randrange(12, len(data) - 1) if len(data) > 13 else 0
    target = rng.randrange(len(data) + 8)
    data[at : at + 2] = struct.pack("!H", 0xC000 | target)


def _cut(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    del data[rng.randrange(len(data)) :]


def _junk(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    data += rng.randbytes(rng.randint(1, 16))


def _insert(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    at = rng.randrange(len(data) + 1)
    data[at:at] = rng.randbytes(rng.randint(1, 8))


def _delete(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    at = rng.randrange(len(data))
    del data[at : at + rng.randint(1, 8)]


def _repeat(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    at = rng.randrange(len(data))
    chunk = data[at : at + rng.randint(1, 32)]
    where = rng.randrange(len(data) + 1)
    data[where:where] = chunk


def _splice(data: bytearray, rng: random.Random, seeds: list[bytes]) -> None:
    other = rng.choice(seeds)
    del data[rng.randrange(len(data)) :]
    data += other[rng.randrange(len(other)) :]


Mutation = Callable[[bytearray, random.Random, list[bytes]], None]
MUTATIONS: tuple[tuple[Mutation, int], ...] = (
    (_flip, 5), (_byte, 5), (_word, 4), (_count, 2), (_pointer, 3), (_cut, 2),
    (_junk, 1), (_insert, 2), (_delete, 2), (_repeat, 1), (_splice, 2),
)  # fmt: skip


def mutate(seed: bytes, rng: random.Random, seeds: list[bytes]) -> bytes:
    data = bytearray(seed)
    functions = [function for function, _ in MUTATIONS]
    weights = [weight for _, weight in MUTATIONS]
    for function in rng.choices(functions, weights, k=rng.choice((1, 1, 2, 3))):
        if len(data) < 2:
            break
        function(data, rng, seeds)
    return bytes(data)


# --- the pipeline --------------------------------------------------------------------------


@dataclass
class Finding:
    kind: str  # exception type, or "control character"
    where: str  # the deepest frame in pydig or dnspython
    stage: str  # screen, decode, or the style shown
    message: str
    wire: bytes
    count: int = 1


@dataclass
class Tally:
    mutants: int = 0
    accepted: int = 0  # screen() took it as the reply
    decoded: int = 0  # decode_reply() parsed it (dig would show it)
    bad_packets: int = 0
    malformed: int = 0
    ignored: int = 0
    findings: dict[tuple[str, str, str], Finding] = field(default_factory=dict)

    def add(self, other: Tally) -> None:
        self.mutants += other.mutants
        self.accepted += other.accepted
        self.decoded += other.decoded
        self.bad_packets += other.bad_packets
        self.malformed += other.malformed
        self.ignored += other.ignored
        for key, finding in other.findings.items():
            if key in self.findings:
                self.findings[key].count += finding.count
            else:
                self.findings[key] = finding


def _where(exc: BaseException) -> str:
    frames = traceback.extract_tb(exc.__traceback__)
    ours = [frame for frame in frames if "/pydig/" in frame.filename or "/dns/" in frame.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return "?"
    return f"{Path(frame.filename).parent.name}/{Path(frame.filename).name}:{frame.lineno}"


def _note(tally: Tally, kind: str, where: str, stage: str, message: str, wire: bytes) -> None:
    key = (kind, where, stage)
    if key in tally.findings:
        tally.findings[key].count += 1
    else:
        tally.findings[key] = Finding(kind, where, stage, message[:300], wire)


def _lookups() -> list[tuple[str, Lookup]]:
    """A lookup for each style pydig accepts; building them sends nothing."""
    lookups = []
    for style in STYLES:
        try:
            parsed = parse_argv(["@127.0.0.1", "-p", "53", *style, "example.test"])
        except PydigError:
            continue  # an option not implemented yet
        assert isinstance(parsed, Invocation)
        lookup = plan_lookup(parsed.queries[0], parsed.globals, ResolvConf())
        lookups.append((" ".join(style) or "default", lookup))
    return lookups


def query_like(wire: bytes) -> dns.message.Message:
    """The query the seed answered: its ID and question, so that most mutants pass the
    ID check and meet the parser and the question check."""
    seed = dns.message.from_wire(wire)
    query = dns.message.make_query(seed.question[0].name, seed.question[0].rdtype)
    query.id = seed.id
    return query


def exchange_for(lookup: Lookup, wire: bytes, decoded: Decoded, notes: tuple[str, ...]) -> Exchange:
    reply = Reply(
        message=decoded.message, wire=wire, server=SERVER, port=53, transport="UDP",
        elapsed=0.001, received_at=WHEN, extra_bytes=decoded.extra_bytes,
    )  # fmt: skip
    events = (
        QuerySent("UDP", server=SERVER, sent_at=WHEN),
        *(Note(line) for line in notes),
        Answer(reply),
    )
    return Exchange(lookup=lookup, events=events)


def shown_text(exchange: Exchange, env: Environment) -> str:
    stdout = io.StringIO()
    Output(replace(env, stdout=stdout)).show(exchange)
    return stdout.getvalue()


@dataclass(frozen=True)
class Style:
    name: str
    lookup: Lookup
    env: Environment


def all_styles() -> list[Style]:
    """Every style pydig accepts, plain, and the first few in colour too."""
    lookups = _lookups()
    plain = [Style(name, lookup, PLAIN) for name, lookup in lookups]
    colour = [Style(f"{name} colour", lookup, COLOUR) for name, lookup in lookups[:COLOUR_STYLES]]
    return plain + colour


def check(wire: bytes, query: dns.message.Message, styles: list[Style], tally: Tally) -> None:
    """One mutant through the checks, the parse and the given styles; findings go into
    the tally."""
    tally.mutants += 1
    try:
        verdict = screen(query, wire, Context(tcp=bool(wire[-1:] and wire[-1] & 1)))
        decoded = verdict.decoded
        notes = verdict.notes
        if decoded is None:
            tally.ignored += verdict.action is Action.IGNORE
            decoded = decode_reply(wire)
        else:
            tally.accepted += 1
    except BadPacket:
        tally.bad_packets += 1
        return
    except Exception as exc:
        _note(tally, type(exc).__name__, _where(exc), "screen/decode", str(exc), wire)
        return
    tally.decoded += 1
    tally.malformed += decoded.malformed
    for style in styles:
        try:
            text = shown_text(exchange_for(style.lookup, wire, decoded, notes), style.env)
        except Exception as exc:
            _note(tally, type(exc).__name__, _where(exc), style.name, str(exc), wire)
            continue
        if style.env is PLAIN and not FORBIDDEN.isdisjoint(text):
            bad = sorted({f"\\x{ord(c):02x}" for c in text if c in FORBIDDEN})
            _note(tally, "control character", "output", style.name, " ".join(bad), wire)


def seeds() -> list[bytes]:
    return [path.read_bytes() for path in sorted(SEEDS.glob("*.bin"))]


@dataclass(frozen=True)
class Job:
    seed: int
    chunk: int
    count: int
    deadline: float
    every_style: bool


def mutants(job: Job, stream: str = "") -> Iterator[tuple[bytes, dns.message.Message, list[Style]]]:
    """job.count mutants of the recorded replies from the random stream (stream, seed,
    chunk), fewer when the deadline passes, each with the query its seed answered and the
    styles to show it in: dig's default text and one more in turn, or every style."""
    rng = random.Random(f"{stream}{job.seed}/{job.chunk}")
    originals = seeds()
    queries = [query_like(wire) for wire in originals]
    styles = all_styles()
    for number in range(job.count):
        if number % 64 == 0 and time.time() > job.deadline:
            return
        index = rng.randrange(len(originals))
        shown = styles if job.every_style else [styles[0], styles[1 + number % (len(styles) - 1)]]
        yield mutate(originals[index], rng, originals), queries[index], shown


def work(job: Job) -> Tally:
    """job.count mutants from the random stream (seed, chunk), until the deadline."""
    tally = Tally()
    for wire, query, shown in mutants(job):
        check(wire, query, shown, tally)
    return tally


def _jobs(options: argparse.Namespace, deadline: float, chunk_size: int) -> Iterator[Job]:
    for chunk, start in enumerate(range(0, options.count, chunk_size)):
        count = min(chunk_size, options.count - start)
        yield Job(options.seed, chunk, count, deadline, options.every_style)


def _report(tally: Tally, count: int, seconds: float, findings_dir: Path) -> int:
    print(
        f"{tally.mutants} mutated replies in {seconds:.0f} s: {tally.accepted} accepted as the "
        f"reply, {tally.decoded} parsed and shown ({tally.malformed} of them "
        f"malformed), {tally.bad_packets} bad packets, {tally.ignored} ignored."
    )
    if tally.findings:
        findings_dir.mkdir(parents=True, exist_ok=True)
        print(f"{len(tally.findings)} kinds of finding:")
        for number, finding in enumerate(
            sorted(tally.findings.values(), key=lambda f: -f.count), start=1
        ):
            path = findings_dir / f"finding-{number}.hex"
            path.write_text(finding.wire.hex() + "\n")
            print(
                f"  {finding.count:>7}  {finding.kind} at {finding.where} ({finding.stage}): "
                f"{finding.message}  [{path}]"
            )
        return 1
    if tally.mutants < count:
        print(f"time ran out after {tally.mutants} of {count}")
        return 2
    print("clean: nothing escaped but pydig's own errors")
    return 0


def in_processes(
    function: Callable[[JobT], ResultT], jobs: Iterable[JobT], processes: int
) -> Iterator[ResultT]:
    """function over the jobs, in this process or in a pool of them (results unordered)."""
    if processes == 1:
        return map(function, jobs)
    pool = multiprocessing.get_context("fork").Pool(processes)
    return pool.imap_unordered(function, jobs)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=100_000)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--jobs", type=int, default=multiprocessing.cpu_count())
    parser.add_argument("--max-seconds", type=float, default=4 * 3600)
    parser.add_argument("--findings", type=Path, default=Path("fuzz-findings"))
    parser.add_argument("--every-style", action="store_true")
    options = parser.parse_args(argv)
    started = time.time()
    deadline = started + options.max_seconds
    chunk_size = 5_000
    tally = Tally()
    results = in_processes(work, _jobs(options, deadline, chunk_size), options.jobs)
    for done, result in enumerate(results, start=1):
        tally.add(result)
        if done % 20 == 0:
            print(f"... {tally.mutants} so far, {len(tally.findings)} kinds of finding", flush=True)
    return _report(tally, options.count, time.time() - started, options.findings)


if __name__ == "__main__":
    sys.exit(main())

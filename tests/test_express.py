"""The express lane (pydig/lookup/express.py): a batch's plain lines asked without a
state machine, handed to it the moment anything is not plain.

The lane must never show: a batch through it prints what dig prints, line for line,
for every behaviour of the hostile responder (each one a reason to hand over), under
+short and with dig's full text (both printed from the lean records, without an
exchange; the full text is the one the exchange of the lookup the lane asks by shows).
"""

from __future__ import annotations

import io
import re
import select
import socket
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import dns.message
import dns.name
import helpers.fuzz_replies as fuzz
import pytest
from helpers.differential import diff
from helpers.hostile import HostileServer
from helpers.lane import lane_verdicts, lone_expresses
from test_hostile import SAME_AS_DIG, SAME_BUT_STATUS_9, WAIT, run_program

import pydig.transport.engine as engine_module
from pydig.app import run
from pydig.cli.parse import parse_argv, parse_batch_line
from pydig.console.batchfile import batch_lines
from pydig.console.output import Output
from pydig.environment import Environment
from pydig.immutable import replace
from pydig.lookup.express import NameExpress
from pydig.render.dig import answer_pieces
from pydig.transport.actions import Express, Machine
from pydig.transport.engine import DEADLINES_LEFT, Engine
from pydig.wire import templates
from pydig.wire.decode import Decoded
from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage, name_of_wire
from pydig.wire.plain import plain_reply
from pydig.wire.screen import Action, Context, screen
from pydig.wire.templates import plain_name_wire

# Every UDP behaviour asked as a batch line of one name (options and TCP-only ones aside).
LINES = [
    f"{line}.test"
    for line in SAME_AS_DIG + SAME_BUT_STATUS_9
    if " " not in line and not line.startswith(("tcp", "axfr"))
]


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.mark.parametrize("options", [["+short"], []], ids=["short", "full"])
def test_a_batch_through_the_lane_is_digs(
    options: list[str], hostile: HostileServer, dig_binary: str, tmp_path: Path
) -> None:
    batch = tmp_path / "names.batch"
    # good.test first (the pattern the lane asks the others by) and last (the status).
    batch.write_text("".join(f"{name}\n" for name in ["good.test", *LINES, "good.test"]))
    args = ["-r", f"@{hostile.address}", "-p", str(hostile.port), *WAIT, *options]
    args += ["-f", str(batch)]
    dig_out, dig_status = run_program([dig_binary, *args], tmp_path)
    pydig_out, pydig_status = run_program([sys.executable, "-m", "pydig", *args], tmp_path)
    assert pydig_out == dig_out, diff(dig_out, pydig_out, "stdout")
    assert pydig_status == dig_status == 0


def test_batch_lines_are_numbered_and_plain_names_told_as_they_are_read() -> None:
    lines = ["# c\n", "\n", "  ; x\n", "host1.example.test\n", "example.test mx\n"]
    lines += ["#host.example\n", "a_b.c\n", "mx\n", "HOST.Example.Test.\n"]
    assert list(batch_lines(lines)) == [
        (4, ["host1.example.test"], ("host1.example.test", "host1", b"\7example\4test\0")),
        (5, ["example.test", "mx"], None),
        (7, ["a_b.c"], ("a_b.c", "a_b", None)),  # not a letter-and-digit first label
        (8, ["mx"], None),
        (9, ["HOST.Example.Test."], ("HOST.Example.Test.", "HOST", b"\7Example\4Test\0")),
    ]


def _plain_name(words: list[str]) -> str | None:
    """The name batch_lines() reads a line of these words as, if one plain name."""
    [(_, _, plain)] = batch_lines([" ".join(words)])
    return None if plain is None else plain[0]


@pytest.mark.parametrize(
    "word",
    [
        "a.example",
        "host1.wild.example.test",
        "A.B.",
        "1.2.3.4",
        "_srv._tcp.x",
        "a-b.c_d.e",
        "a--b.xn-c",
    ],
)
def test_a_plain_line_parses_as_the_last_with_the_name_changed(word: str) -> None:
    invocation = parse_argv(["@127.0.0.1", "+short", "-f", "x"])
    settings = {"defaults": invocation.defaults, "global_settings": invocation.globals}
    assert _plain_name([word]) == word
    first = parse_batch_line(["pattern.example"], **settings)
    this = parse_batch_line([word], **settings)
    assert this.globals == first.globals == invocation.globals
    assert len(this.queries) == len(first.queries) == 1
    query, pattern = this.queries[0], first.queries[0]
    assert (query.name, query.banner_args) == (word, (word,))
    assert query.settings is pattern.settings and query.first == pattern.first


@pytest.mark.parametrize(
    "words",
    [["mx"], ["IN"], ["TYPE65"], ["+short"], ["-x"], ["@a.b"], ["a.b", "mx"], ["xn--b.c"],
     ["XN--b.c"], ["a.xN--b"], ["a\\.b.c"], ["example"], ["ünï.code"], ["-a.b"]],
)  # fmt: skip
def test_other_lines_are_parsed_in_full(words: list[str]) -> None:
    assert _plain_name(words) is None


@pytest.mark.parametrize(
    "text",
    ["a.b", "a.b.", "host1.wild.example.test", "A.Example.", "_x.y", "a" * 63 + ".b",
     ".".join(["a" * 63] * 3) + "." + "b" * 61, "0.1.0.192.in-addr.arpa"],
)  # fmt: skip
def test_a_plain_name_is_made_as_dnspython_makes_it(text: str) -> None:
    wire = dns.name.from_text(text).to_wire()
    assert plain_name_wire(text) == wire
    assert name_of_wire(wire) == dns.name.from_wire(wire, 0)[0]
    assert name_of_wire(wire).labels == dns.name.from_wire(wire, 0)[0].labels  # case kept


@pytest.mark.parametrize(
    "head", ["host1", "H", "a" * 63, "a" * 64, "", "a\\", "ü", "b" * 62, "b" * 61, "0"]
)
@pytest.mark.parametrize("rest", ["example.test", "example.test.", ".".join(["c" * 63] * 3)])
def test_a_name_after_another_of_its_zone_is_made_as_it_is_alone(head: str, rest: str) -> None:
    """plain_name_wire keeps the wire form of what follows a name's first label: a name
    that ends the same way is made as it is made alone, or refused alike (a label too
    long or empty, an escape, not ASCII, a name over 255 bytes)."""
    text = f"{head}.{rest}"
    templates._SUFFIXES.clear()
    alone = plain_name_wire(text)
    assert plain_name_wire(f"first.{rest}") is not None  # its rest kept
    assert plain_name_wire(text) == alone
    if alone is not None:
        assert alone == dns.name.from_text(text).to_wire()


@pytest.mark.parametrize(
    "wire", [b"", b"\x01a", b"\x02a\x00", b"\xc0\x00", b"\x40" + b"a" * 64 + b"\x00"]
)
def test_a_name_dnspython_refuses_is_refused_the_same(wire: bytes) -> None:
    with pytest.raises(Exception) as ours:
        name_of_wire(wire)
    with pytest.raises(Exception) as theirs:
        dns.name.from_wire(wire, 0)
    assert type(ours.value) is type(theirs.value)


@pytest.mark.parametrize(
    "text",
    ["a..b", ".", "", "a" * 64 + ".b", ".".join(["a" * 63] * 4) + ".b", "a\\.b.c", "ü.b"],
)
def test_other_names_are_left_to_dnspython(text: str) -> None:
    assert plain_name_wire(text) is None


def test_the_lane_answers_plain_replies_and_hands_the_rest_over(
    hostile: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not a mock: the lane's own verdicts counted, to show the batch above went through it."""
    verdicts = lane_verdicts(monkeypatch)
    batch = tmp_path / "names.batch"
    batch.write_text("good.test\ngood.test\nwrongid.test\ntcgood.test\n")
    stdout = io.StringIO()
    env = Environment(stdout=stdout, stderr=io.StringIO(), home=tmp_path)
    argv = ["-r", f"@{hostile.address}", "-p", str(hostile.port), *WAIT, "+short"]
    assert run([*argv, "-f", str(batch)], env) == 0
    # good (the first line's own name too): answered by the lane; wrongid's stray datagram
    # and tcgood's truncated one: handed over (answered by the machine, after its warning
    # and over TCP).
    assert verdicts == [True, True, False, False]
    assert stdout.getvalue().count("192.0.2.1") == 4


@pytest.mark.parametrize("options", [["+short"], []], ids=["short", "full"])
def test_plain_lines_run_without_a_machine_until_one_is_needed(
    options: list[str], hostile: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Every line a lone Express (Engine.express): a plain answer ends its task with no
    machine made (the reply's lean records, or a FullAnswer in dig's full text); a stray datagram,
    truncation and a timeout hand over to one."""
    verdicts = lane_verdicts(monkeypatch)
    tasks = lone_expresses(monkeypatch)
    batch = tmp_path / "names.batch"
    batch.write_text("good.test\ngood.test\nwrongid.test\ntcgood.test\nsilent.test\n")
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(stdout=stdout, stderr=stderr, home=tmp_path)
    argv = ["-r", f"@{hostile.address}", "-p", str(hostile.port), *WAIT, *options]
    assert run([*argv, "-f", str(batch)], env) == 9  # the last line's timeout
    # The first line as the planned lookup's own name (NameExpress.own), the rest by name.
    assert verdicts == [True, True, False, False]  # silent.test: no datagram to judge
    assert [task.machine is None for task in tasks] == [True, True, False, False, False]
    assert all(task.done and task.error is None for task in tasks)
    assert stdout.getvalue().count("192.0.2.1") == 4
    assert "timed out" in stdout.getvalue()


def test_a_query_that_cannot_be_sent_goes_the_ordinary_way(
    hostile: HostileServer, dig_binary: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A source port in use: each line's Express sends nothing, and the machine its
    otherwise() makes reports the failure as dig does."""
    tasks = lone_expresses(monkeypatch)
    batch = tmp_path / "names.batch"
    batch.write_text("good.test\ngood.test\n")
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        source = f"127.0.0.1#{taken.getsockname()[1]}"
        args = ["-r", f"@{hostile.address}", "-p", str(hostile.port), "-b", source, *WAIT]
        args += ["+short", "-f", str(batch)]
        dig_out, dig_status = run_program([dig_binary, *args], tmp_path)
        stdout = io.StringIO()
        status = run(args, Environment(stdout=stdout, stderr=io.StringIO(), home=tmp_path))
    assert (stdout.getvalue(), status) == (dig_out, dig_status)
    assert "failed: address in use" in dig_out
    assert len(tasks) == 2 and all(task.machine is not None for task in tasks)


def test_a_lone_express_that_cannot_send_ends_with_what_its_ordinary_way_meets() -> None:
    """Engine.express: nothing sent, and otherwise() fails to make its machine: the task
    ends with that error, as a machine's task would, and is no longer counted running."""
    engine = Engine()

    def otherwise() -> Machine[None]:
        raise ValueError("no machine")

    def settle(handle: object, first: bytes | BaseException) -> list[object]:
        raise AssertionError("nothing was sent, nothing to settle")

    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as taken:
        taken.bind(("127.0.0.1", 0))
        source = ("127.0.0.1", taken.getsockname()[1])
        deadline = time.perf_counter() + 1
        task = engine.express(Express("127.0.0.1", 9, source, b"", deadline, settle, otherwise))
    engine.close()
    assert task.done and isinstance(task.error, ValueError) and task.machine is None
    assert engine.running == 0


def test_deadlines_of_waits_answered_at_once_do_not_pile_up(hostile: HostileServer) -> None:
    """A wait its datagram ends leaves its deadline in the engine's heap: once those
    outnumber the waits they are dropped, so 3,000 lookups answered at once, 32 at a time,
    never keep 3,000 deadlines (a /16 sweep's addresses, for a timeout's length)."""
    engine = Engine()
    query = dns.message.make_query("good.test", "A").to_wire()

    def otherwise() -> Machine[None]:
        raise AssertionError("every query is sent")

    def settle(handle: object, first: bytes | BaseException) -> list[object]:
        return [first]

    tasks, kept = [], 0
    for _ in range(3000):
        while engine.running >= 32:
            engine.step()
        deadline = time.perf_counter() + 60
        action = Express(hostile.address, hostile.port, None, query, deadline, settle, otherwise)
        tasks.append(engine.express(action))
        kept = max(kept, len(engine._timers))
    while engine.running:
        engine.step()
    engine.close()
    assert all(task.done and isinstance(task.outputs[0], bytes) for task in tasks)
    assert kept <= 2 * 32 + DEADLINES_LEFT + 1


HOSTILE_BATCH = "good.test\nwrongid.test\nsilent.test\ntcgood.test\ngood.test\n"


def _batch_printer(
    hostile: HostileServer, tmp_path: Path, names: str
) -> Callable[[], tuple[int, str]]:
    """What a run of this batch against the hostile server prints, and its status (IDs,
    times and the WHEN line left out)."""
    batch = tmp_path / "names.batch"
    batch.write_text(names)
    argv = ["-r", f"@{hostile.address}", "-p", str(hostile.port), *WAIT, "-f", str(batch)]

    def printed() -> tuple[int, str]:
        stdout = io.StringIO()
        env = Environment(stdout=stdout, stderr=io.StringIO(), home=tmp_path)
        status = run(argv, env)
        return status, re.sub(r"(id:|ID|got|time:) \d+|WHEN: .*", "", stdout.getvalue())

    return printed


def test_the_loop_waits_the_same_with_poll_where_there_is_no_epoll(
    hostile: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine waits on epoll where the system has it, else on poll: a batch of
    answers, a stray datagram, a timeout and TCP after truncation, printed the same."""
    printed = _batch_printer(hostile, tmp_path, HOSTILE_BATCH)
    with_epoll = printed()
    monkeypatch.delattr(select, "epoll")
    assert printed() == with_epoll
    assert with_epoll[1].count("192.0.2.1") == 4  # all but silent.test's


def test_the_loop_waits_the_same_when_epoll_takes_over_from_poll(
    hostile: HostileServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The engine waits on poll while few sockets wait (registering one with it is no
    system call), and on epoll from the first time more than POLL_AT_MOST wait at once
    (a sweep's thousand): a batch whose lookups cross that line prints the same as one
    that never does, connections under way and sockets in flight handed over."""
    printed = _batch_printer(hostile, tmp_path, HOSTILE_BATCH * 2)
    made: list[object] = []
    epoll = select.epoll

    def counted() -> select.epoll:
        made.append(epoll)
        return epoll()

    monkeypatch.setattr(select, "epoll", counted)
    polled = printed()
    assert made == []  # never more than POLL_AT_MOST at once
    monkeypatch.setattr(engine_module, "POLL_AT_MOST", 2)
    assert printed() == polled
    assert made == [epoll]
    assert polled[1].count("192.0.2.1") == 8  # all but silent.test's


def test_a_plain_reply_is_one_screen_accepts_without_a_word() -> None:
    """plain.plain_reply's shortcut over recorded replies and 20,000 of their mutants:
    each reply it takes, dig's checks accept without a note, decoded by the lean reader."""
    job = fuzz.Job(seed=12, chunk=0, count=20_000, deadline=time.time() + 600, every_style=False)
    originals = [(wire, fuzz.query_like(wire)) for wire in fuzz.seeds()]
    replies = [*originals, *((wire, query) for wire, query, _ in fuzz.mutants(job))]
    taken = 0
    for wire, query in replies:
        query.flags &= ~0x7800  # opcode QUERY, as the lane asks
        if plain_reply(query.to_wire(), wire) is None:
            continue
        taken += 1
        verdict = screen(query, wire, Context(tcp=False))
        assert (verdict.action, verdict.notes) == (Action.ACCEPT, ()), wire.hex()
        assert verdict.decoded is not None and isinstance(verdict.decoded.message, LeanMessage)
        assert (verdict.decoded.extra_bytes, verdict.decoded.malformed) == (0, False)
    assert taken > 100  # the shortcut was met


def test_a_full_answer_shows_what_its_exchange_shows() -> None:
    """A batch line's plain answer in full (a FullAnswer, printed without an exchange)
    against the exchange the lane would make for it, over recorded replies and 3,000 of
    their mutants that the lean reader takes, in every style the lane asks in, plain and
    in colour."""
    job = fuzz.Job(seed=13, chunk=0, count=3_000, deadline=time.time() + 600, every_style=False)
    replies = [*fuzz.seeds(), *(wire for wire, _, _ in fuzz.mutants(job))]
    styles = [
        style for style in fuzz.all_styles()
        if not style.lookup.display.short and NameExpress.for_lookup(style.lookup) is not None
    ]  # fmt: skip
    assert {style.name for style in styles} >= {"default", "default colour", "+idnout"}
    banner = "; <<>> DiG 9.18 <<>> a.line\n;; global options: +cmd\n"
    shown = 0
    for wire in replies:
        message = read_lean(wire)
        if message is None:
            continue
        decoded = Decoded(message=message, extra_bytes=0, malformed=False)
        for style in styles:
            lookup = style.lookup
            exchange = fuzz.exchange_for(lookup.but(banner=banner), wire, decoded, ())
            stdout = io.StringIO()
            pieces = answer_pieces(exchange.replies[0], lookup, banner)
            Output(replace(style.env, stdout=stdout)).show_pieces(pieces, lookup.display)
            assert stdout.getvalue() == fuzz.shown_text(exchange, style.env), style.name
            shown += 1
    assert shown > 1000

"""Concurrent lookups: the same output as dig's one-at-a-time runs, in input order, with
lookups really in flight together, a dead server holding up only its own lookup, and
batch input read only as fast as results are printed.

No test here measures time: concurrency is shown by a responder that answers only once
several queries are waiting, which lookups sent one at a time can never satisfy.
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path

import dns.message
import dns.rrset
import pytest
from helpers.differential import Outcome, diff, prepare_home, run_dig, run_pydig
from helpers.plusindex import lookup_plus_option
from helpers.pydig_run import run_within_descriptors
from helpers.testbed import Named, free_port

from pydig.app import run
from pydig.cli.options import DIG_PLUS_OPTIONS
from pydig.cli.parse import parse_argv
from pydig.cli.plus_runs import MAX_CONCURRENCY
from pydig.console.runner import WINDOW_PER_LOOKUP
from pydig.environment import Environment
from pydig.errors import OptionValueError, UsageError
from pydig.model.invocation import Invocation

# One batch file with a bit of everything dig's -f does: types, NXDOMAIN, reverse lookups,
# options that change later lines (+short is global), TCP after truncation, a refused
# server (127.0.0.2: nothing listens there) and per-line servers.
MIXED_BATCH = """\
# comment lines and blank lines are skipped

example.test mx
nx.example.test
-x 192.0.2.80
big.example.test txt +noall +answer +stats
example.test soa
@127.0.0.2 example.test +tries=1
@127.0.0.1 example.test ns +nocmd
+noall +answer host.example.test aaaa host.example.test a
+short mail.example.test
_sip._tcp.example.test srv
-x 2001:db8::10
"""


def wildcard_names(count: int) -> str:
    return "".join(f"host{number}.wild.example.test\n" for number in range(count))


def both(
    named: Named, dig: str, resolv_conf: Path, tmp_path: Path, args: list[str],
    *, stdin: str | None = None, server: bool = True,
) -> tuple[Outcome, Outcome]:  # fmt: skip
    """dig's and pydig's outcomes for the same command line against the test named (its
    port always; its address too unless server is false)."""
    common = ["-r", *([f"@{named.address}"] if server else []), "-p", str(named.port), *args]
    expected = run_dig(
        dig, common, home=prepare_home(tmp_path / "dig", None), resolv_conf=resolv_conf,
        stdin=stdin,
    )  # fmt: skip
    got = run_pydig(
        common, home=prepare_home(tmp_path / "pydig", None), resolv_conf=resolv_conf,
        stdin=stdin,
    )  # fmt: skip
    return expected, got


def assert_same(expected: Outcome, got: Outcome) -> None:
    assert got.stdout == expected.stdout, diff(expected.stdout, got.stdout, "stdout")
    assert got.stderr == expected.stderr, diff(expected.stderr, got.stderr, "stderr")
    assert got.status == expected.status


@pytest.mark.parametrize("concurrency", ["+concurrency=8", "+noconcurrency", None])
def test_batch_file_prints_what_dig_prints_in_input_order(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path, concurrency: str | None
) -> None:
    batch = tmp_path / "lookups.batch"
    batch.write_text(MIXED_BATCH + wildcard_names(60))
    args = ["-f", str(batch), *([concurrency] if concurrency else [])]
    expected, got = both(named, dig_binary, resolv_conf, tmp_path, args)
    if concurrency is not None:
        # dig refuses pydig's own option: compare with dig's run without it.
        expected, _ = both(named, dig_binary, resolv_conf, tmp_path, ["-f", str(batch)])
    assert got.stdout.count("192.0.2.99\n") == 60  # +short on line 11 is global
    assert_same(expected, got)


def test_batch_from_standard_input(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path
) -> None:
    expected, got = both(
        named, dig_binary, resolv_conf, tmp_path, ["+short", "-f", "-"],
        stdin=MIXED_BATCH + wildcard_names(30),
    )  # fmt: skip
    assert_same(expected, got)


def test_several_lookups_on_the_command_line(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path
) -> None:
    args = [
        "example.test", "mx", "host.example.test", "-x", "192.0.2.10", "nx.example.test",
        "+noall", "+answer", "@127.0.0.2", "+tries=1", "example.test", "txt", "+short",
    ]  # fmt: skip
    expected, got = both(named, dig_binary, resolv_conf, tmp_path, args)
    assert_same(expected, got)


def test_exit_status_is_the_last_lookups(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path
) -> None:
    """dig's rule: the last lookup decides, even when an earlier one failed (nothing
    listens on 127.0.0.2)."""
    for lines, status in (
        ("@127.0.0.1 example.test\n@127.0.0.2 example.test +tries=1\n", 9),
        ("@127.0.0.2 example.test +tries=1\n@127.0.0.1 example.test\n", 0),
    ):
        expected, got = both(
            named, dig_binary, resolv_conf, tmp_path, ["+short", "-f", "-"],
            stdin=lines, server=False,
        )  # fmt: skip
        assert expected.status == status
        assert_same(expected, got)


def test_a_bad_name_in_a_batch_is_reported_and_the_rest_still_runs(
    named: Named, dig_binary: str, resolv_conf: Path, tmp_path: Path
) -> None:
    """dig stops at a bad name (its fatal()); pydig reports the line and goes on, so a
    long batch loses only the broken line (a documented difference)."""
    stdin = wildcard_names(20) + "bad..name\nexample.test\n"
    expected, got = both(
        named, dig_binary, resolv_conf, tmp_path, ["+short", "-f", "-"], stdin=stdin
    )
    assert expected.status == 10
    assert got.stdout == expected.stdout + "192.0.2.1\n"
    line_error = "PROGRAM: (standard input):21: 'bad..name' is not a legal name (empty label)\n"
    assert got.stderr == line_error
    assert got.status == 0


# Lookups really in flight together.


class BarrierResponder:
    """A loopback DNS responder that holds every query until `count` have arrived, then
    answers them all (and later ones at once): lookups sent one after another, each
    waiting for its reply, never get past the first."""

    def __init__(self, address: str, port: int, count: int) -> None:
        self.count = count
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind((address, port))
        self.sock.settimeout(0.2)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> BarrierResponder:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()
        self.sock.close()

    def _serve(self) -> None:
        held: list[tuple[bytes, tuple[str, int]]] = []
        while not self._stop.is_set():
            try:
                held.append(self.sock.recvfrom(512))
            except TimeoutError:
                continue
            if len(held) >= self.count:
                for wire, peer in held:
                    self.sock.sendto(self._answer(wire), peer)
                held = []
                self.count = 1  # the barrier opens once

    @staticmethod
    def _answer(wire: bytes) -> bytes:
        query = dns.message.from_wire(wire)
        reply = dns.message.make_response(query)
        question = query.question[0]
        reply.answer.append(dns.rrset.from_text(question.name, 60, "IN", "A", "192.0.2.7"))
        return reply.to_wire()


@contextlib.contextmanager
def black_hole(address: str, port: int) -> Iterator[None]:
    """A bound UDP socket that never answers: lookups to it wait out their timeouts."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.bind((address, port))
        yield


def pydig_in_process(args: list[str], resolv_conf: Path, stdin: str = "") -> Outcome:
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(
        stdin=io.StringIO(stdin), stdout=stdout, stderr=stderr, resolv_conf=resolv_conf
    )
    status = run(["-r", *args], env)
    return Outcome(stdout=stdout.getvalue(), stderr=stderr.getvalue(), status=status)


def test_lookups_are_in_flight_together(resolv_conf: Path) -> None:
    port = free_port("127.0.0.2")
    names = [f"n{number}.example.test" for number in range(6)]
    with BarrierResponder("127.0.0.2", port, count=len(names)):
        got = pydig_in_process(
            ["@127.0.0.2", "-p", str(port), "+short", "+tries=1", "+timeout=5", *names],
            resolv_conf,
        )
    assert (got.stdout, got.status) == ("192.0.2.7\n" * len(names), 0)


def test_one_at_a_time_cannot_pass_the_barrier(resolv_conf: Path) -> None:
    """The check above means something: +noconcurrency sends one query at a time, so the
    barrier holds the first until it times out."""
    port = free_port("127.0.0.2")
    with BarrierResponder("127.0.0.2", port, count=2):
        got = pydig_in_process(
            ["@127.0.0.2", "-p", str(port), "+short", "+tries=1", "+timeout=1",
             "+noconcurrency", "a.example.test", "b.example.test"],
            resolv_conf,
        )  # fmt: skip
    assert got.stdout.startswith(f";; communications error to 127.0.0.2#{port}: timed out\n")
    assert got.stdout.endswith("192.0.2.7\n")


def test_a_dead_server_holds_up_only_its_own_lookup(resolv_conf: Path) -> None:
    """While the first lookup waits out its timeout on a silent server, the next four are
    sent and answered (the barrier needs all four at once); output stays in input order."""
    port = free_port("127.0.0.2")
    lines = ["@127.0.0.3 silent.example.test +tries=1 +timeout=2"] + [
        f"@127.0.0.2 live{number}.example.test" for number in range(4)
    ]
    with BarrierResponder("127.0.0.2", port, count=4), black_hole("127.0.0.3", port):
        got = pydig_in_process(
            ["-p", str(port), "+short", "+tries=1", "+timeout=5", "-f", "-"],
            resolv_conf,
            stdin="\n".join(lines) + "\n",
        )
    assert got.stdout == (
        f";; communications error to 127.0.0.3#{port}: timed out\n"
        ";; no servers could be reached\n" + "192.0.2.7\n" * 4
    )
    assert got.status == 0


# Flat memory: input is read only as fast as results are printed.


class CountingInput(io.TextIOBase):
    """Batch lines handed out one at a time, counting how many have been read."""

    def __init__(self, lines: list[str]) -> None:
        self._lines = iter(lines)
        self.read = 0

    def readable(self) -> bool:
        return True

    def readline(self, size: int | None = -1) -> str:
        line = next(self._lines, "")
        self.read += bool(line)
        return line


class WatchingOutput(io.StringIO):
    """Standard output that notes how far reading has run ahead of printing."""

    def __init__(self, source: CountingInput) -> None:
        super().__init__()
        self.source = source
        self.printed = 0
        self.lead = 0

    def write(self, text: str) -> int:
        self.lead = max(self.lead, self.source.read - self.printed)
        self.printed += text.count("\n")
        return super().write(text)


def test_batch_input_is_read_only_as_results_are_printed(named: Named, resolv_conf: Path) -> None:
    count, concurrency = 400, 2
    source = CountingInput([f"host{number}.wild.example.test\n" for number in range(count)])
    stdout = WatchingOutput(source)
    env = Environment(stdin=source, stdout=stdout, stderr=io.StringIO(), resolv_conf=resolv_conf)
    args = ["-r", f"@{named.address}", "-p", str(named.port), "+short", "-f", "-"]
    status = run([*args, f"+concurrency={concurrency}"], env)
    assert (status, stdout.getvalue()) == (0, "192.0.2.99\n" * count)
    # The window of waiting results, one step with the writer, one line being planned.
    assert stdout.lead <= concurrency * WINDOW_PER_LOOKUP + 2


def test_concurrency_beyond_the_open_file_limit_is_lowered(named: Named, tmp_path: Path) -> None:
    """Each lookup in flight holds a socket: +concurrency=500 under an open-file limit of 200
    runs as many as the limit leaves room for (transport/engine.py) and answers every
    line, where 500 sockets would leave no descriptor for a socket or a module."""

    batch = tmp_path / "names.batch"
    batch.write_text("".join(f"host{number}.wild.example.test\n" for number in range(1_000)))
    args = ["-r", f"@{named.address}", "-p", str(named.port), "+short", "+concurrency=500"]
    got = run_within_descriptors([*args, "-f", str(batch)], tmp_path, 200)
    assert (got.stdout, got.stderr, got.returncode) == ("192.0.2.99\n" * 1_000, "", 0)


# +concurrency on the command line.


@pytest.mark.parametrize(
    ("words", "expected"),
    [
        (["+concurrency=4"], 4),
        (["+conc=32"], 32),
        (["+concurrency=0"], 1),
        (["+noconcurrency"], 1),
        ([f"+concurrency={MAX_CONCURRENCY}"], MAX_CONCURRENCY),
        (["example.test", "+concurrency=3"], 3),  # global wherever it appears
        ([], None),
    ],
)
def test_concurrency_option(words: list[str], expected: int | None) -> None:
    parsed = parse_argv(["example.test", *words])
    assert isinstance(parsed, Invocation)
    assert parsed.globals.concurrency == expected


@pytest.mark.parametrize(
    ("word", "error"),
    [
        (f"+concurrency={MAX_CONCURRENCY + 1}", OptionValueError),
        ("+concurrency=many", OptionValueError),
        ("+concurrency", UsageError),
        ("+con=4", UsageError),  # "+con" is no option of dig's, nor of pydig's
    ],
)
def test_bad_concurrency(word: str, error: type[Exception]) -> None:
    with pytest.raises(error):
        parse_argv(["example.test", word])


def dig_words() -> list[str]:
    """Every prefix of every dig option name, as dig's switch sees them."""
    return sorted({name[:end] for option in DIG_PLUS_OPTIONS for name in option.names
                   for end in range(1, len(name) + 1)})  # fmt: skip


def test_pydig_options_change_no_dig_abbreviation() -> None:
    """+concurrency and +sweep-... reach no word dig accepts: every dig abbreviation still
    means what it means in dig (+com is +comments, +co is +coflag, ...)."""
    changed = {
        word: (dig.canonical, pydig.canonical if pydig else None)
        for word in dig_words()
        if (dig := lookup_plus_option(word, DIG_PLUS_OPTIONS)) is not None
        and (pydig := lookup_plus_option(word)) is not dig
    }
    assert not changed
    assert lookup_plus_option("com") is lookup_plus_option("comments")
    for word in ("con", "sw", "sweep", "sweep-"):
        assert lookup_plus_option(word) is None

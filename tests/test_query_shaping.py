"""Query shaping: header bits, opcode, id, EDNS options, and what dig does with some replies.

Parser and query-building cases are pure and checked against what dig 9.18 does with the
same words (its +qr output, its errors).  The rest runs dig and pydig side by side against
named instances made for one behaviour each: one that insists on server cookies
(BADCOOKIE), one that serves ipv4only.arpa (+dns64prefix); and pydig alone where the
output is pydig's own business (+keepopen's one connection, +nobesteffort on replies
that only a hostile server sends).
"""

from __future__ import annotations

import contextlib
import io
import socket
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import dns.edns
import dns.flags
import dns.message
import dns.name
import dns.opcode
import dns.rrset
import pytest
from helpers.differential import Case, Ports, diff, run_both
from helpers.hostile import HostileServer
from helpers.testbed import ZONE_FILES, ZONES, Named, NamedUnavailable, free_port, running_named

from pydig.app import run
from pydig.cli.parse import parse_argv
from pydig.environment import Environment
from pydig.errors import ExitStatus, OptionValueError, PydigError, UsageError
from pydig.lookup.plan import build_query
from pydig.model.edns import ClientSubnet, EdnsOption
from pydig.model.invocation import Invocation, QuerySettings
from pydig.transport import keepopen, stream
from pydig.wire import protocol

ROOT = Path(__file__).resolve().parent.parent
V4 = socket.inet_pton(socket.AF_INET, "192.0.2.77")


def settings(argv: str) -> QuerySettings:
    parsed = parse_argv(argv.split())
    assert isinstance(parsed, Invocation)
    return parsed.queries[-1].settings


# --- the parser: what each option sets (dig.c plus_option) ---------------------------------

PARSED = [
    pytest.param("+subnet=192.0.2.77/24 x", "client_subnet", ClientSubnet(1, 24, V4), id="subnet"),
    pytest.param(
        "+subnet=192.0.2.77 x", "client_subnet", ClientSubnet(1, 32, V4), id="subnet-no-len"
    ),
    pytest.param(
        "+subnet=192.0.2.77/40 x", "client_subnet", ClientSubnet(1, 32, V4), id="subnet-cut"
    ),
    pytest.param(
        "+subnet=10/8 x",
        "client_subnet",
        ClientSubnet(1, 8, bytes([10, 0, 0, 0])),
        id="subnet-10/8",
    ),
    pytest.param("+subnet=0 x", "client_subnet", ClientSubnet(1, 0, b""), id="subnet-0"),
    pytest.param(
        "+subnet=::/0 x", "client_subnet", ClientSubnet(2, 0, bytes(16)), id="subnet-v6-0"
    ),
    pytest.param("+subnet=0 +nosubnet x", "client_subnet", None, id="nosubnet"),
    pytest.param("+noedns +subnet=0 x", "edns", 0, id="subnet-turns-edns-on"),
    pytest.param("+noedns +ednsflags=1 x", "edns", 0, id="ednsflags-turns-edns-on"),
    pytest.param("+noedns +ednsflags x", "edns", None, id="ednsflags-alone-leaves-edns"),
    pytest.param("+noedns +padding=8 x", "edns", 0, id="padding-turns-edns-on"),
    pytest.param("+noedns +expire +ednsopt=3 x", "edns", None, id="expire-ednsopt-leave-edns"),
    pytest.param("+ednsflags=0x8000 x", "ednsflags", 0x8000, id="ednsflags-hex"),
    pytest.param("+ednsflags=010 x", "ednsflags", 8, id="ednsflags-octal"),
    pytest.param("+ednsflags=16 x", "ednsflags", 16, id="ednsflags-decimal"),
    pytest.param("+ednsflags=16 +noednsflags x", "ednsflags", 0, id="noednsflags"),
    pytest.param(
        "+ednsopt=nsid +ednsopt=65001:c0ffee +ednsopt=Key-Tag x",
        "ednsopts",
        (EdnsOption(3), EdnsOption(65001, b"\xc0\xff\xee"), EdnsOption(14)),
        id="ednsopt-names-and-numbers",
    ),
    pytest.param(
        "+ednsopt=:12:00 x", "ednsopts", (EdnsOption(12, b"\x00"),), id="ednsopt-strtok-colons"
    ),
    pytest.param("+ednsopt=3 +noednsopt x", "ednsopts", (), id="noednsopt"),
    pytest.param("+opcode=Status x", "opcode", 2, id="opcode-name"),
    pytest.param("+opcode=15 x", "opcode", 15, id="opcode-number"),
    pytest.param("+opcode=update +noopcode x", "opcode", 0, id="noopcode"),
    pytest.param("+qid=65535 x", "qid", 65535, id="qid"),
    pytest.param("+qid=1 +noqid x", "qid", None, id="noqid"),
    pytest.param("+padding=512 x", "padding", 512, id="padding"),
    pytest.param("+nopadding=8 x", "padding", 8, id="nopadding-with-value-sets-it"),
    pytest.param("+fuzztime x", "fuzztime", 0x622ACCE1, id="fuzztime-default"),
    pytest.param("+fuzztime=5 +nofuzztime x", "fuzztime", None, id="nofuzztime"),
    pytest.param("+zflag +raflag +tcflag +coflag x", "zflag", True, id="zflag"),
    pytest.param("+co x", "coflag", True, id="co-is-coflag"),
    pytest.param("+nofail x", "servfail_stops", False, id="nofail"),
    pytest.param("+noednsneg x", "ednsneg", False, id="noednsnegotiation"),
    pytest.param("+nobadcookie x", "badcookie", False, id="nobadcookie"),
    pytest.param("+showbadcookie x", "showbadcookie", True, id="showbadcookie"),
    pytest.param("+nobesteffort x", "besteffort", False, id="nobesteffort"),
    pytest.param("+keepalive x", "keepalive", True, id="keepalive"),
    pytest.param("+expire x", "expire", True, id="expire"),
    pytest.param("+cookie= x", "cookie_hex", None, id="empty-value-is-no-value"),
]


@pytest.mark.parametrize(("argv", "field", "expected"), PARSED)
def test_option_sets(argv: str, field: str, expected: Any) -> None:
    assert getattr(settings(argv), field) == expected


def test_options_before_the_name_are_defaults_after_it_local() -> None:
    parsed = parse_argv(["+qid=7", "a.test", "b.test", "+qid=8", "+opcode=notify"])
    assert isinstance(parsed, Invocation)
    assert [(q.settings.qid, q.settings.opcode) for q in parsed.queries] == [(7, 0), (8, 4)]


def test_dns64prefix_queues_its_lookup_where_it_stands() -> None:
    parsed = parse_argv(["a.test", "+dns64prefix", "+identify", "b.test"])
    assert isinstance(parsed, Invocation)
    names = [(q.name, q.settings.display.dns64prefix, q.settings.display.identify)
             for q in parsed.queries]  # fmt: skip
    assert names == [
        ("a.test", False, False),
        ("ipv4only.arpa", True, True),
        ("b.test", False, False),
    ]
    assert parsed.globals.cmd is False  # dig's printcmd = false: no banner at all


def test_keepopen_is_global() -> None:
    parsed = parse_argv(["a.test", "+keepopen"])
    assert isinstance(parsed, Invocation)
    assert parsed.globals.keepopen


ERRORS = [
    # dig's fatal(): status 1, with its message.
    pytest.param("+subnet=zz", UsageError, "invalid address 'zz'", id="subnet-address"),
    pytest.param(
        "+subnet=1.2.3.4/x",
        UsageError,
        "invalid prefix length in '1.2.3.4/x': not a valid number\n",
        id="subnet-length",
    ),
    pytest.param("+subnet=10", UsageError, "invalid address '10'", id="subnet-short-no-length"),
    pytest.param("+subnet=fe80::1%lo", UsageError, "invalid address 'fe80::1%lo'", id="scoped"),
    pytest.param("+ednsopt=bogus", UsageError, "bad edns code point: bogus", id="ednsopt-code"),
    pytest.param("+ednsopt=70000", UsageError, "bad edns code point: 70000", id="ednsopt-range"),
    pytest.param(
        "+ednsopt=3:abc", UsageError, "isc_hex_decodestring: bad hex encoding", id="ednsopt-hex"
    ),
    # dig's warn() and exit: status 10.
    pytest.param("+ednsopt", OptionValueError, "ednsopt no code point specified", id="no-code"),
    pytest.param("+ednsopt=", OptionValueError, "ednsopt no code point specified", id="empty"),
    pytest.param("+padding=513", OptionValueError, "invalid padding '513': out of range", id="pad"),
    pytest.param("+qid=65536", OptionValueError, "invalid qid '65536': out of range", id="qid"),
    pytest.param("+opcode=16", OptionValueError, "invalid opcode '16': out of range", id="op"),
    pytest.param(
        "+ednsflags=08",
        OptionValueError,
        "invalid ednsflags '08': not a valid number",
        id="ednsflags-bad-octal",
    ),
    pytest.param(
        "+ednsflags=0x10000",
        OptionValueError,
        "invalid ednsflags '0x10000': out of range",
        id="ednsflags-range",
    ),
    # dig's invalid option: status 1 and the usage.
    pytest.param("+subnet", UsageError, "Invalid option: +subnet", id="subnet-no-value"),
    pytest.param("+nopadding", UsageError, "Invalid option: +nopadding", id="nopadding"),
    pytest.param("+opcode", UsageError, "Invalid option: +opcode", id="opcode-no-value"),
    pytest.param("+qid", UsageError, "Invalid option: +qid", id="qid-no-value"),
]


@pytest.mark.parametrize(("argv", "error", "message"), ERRORS)
def test_option_errors(argv: str, error: type[PydigError], message: str) -> None:
    with pytest.raises(error) as raised:
        parse_argv([argv, "x"])
    assert type(raised.value) is error
    assert raised.value.message == message


def test_too_many_ednsopts() -> None:
    with pytest.raises(UsageError, match="too many ednsopts"):
        parse_argv(["+ednsopt=3"] * 101 + ["x"])


# --- the query: dig's setup_lookup ---------------------------------------------------------

COOKIE = bytes(range(8))


def query(argv: str) -> dns.message.Message:
    return build_query(
        dns.name.from_text("x.test"), settings(argv), query_id=1, client_cookie=COOKIE
    )


def option_codes(message: dns.message.Message) -> list[int]:
    return [int(option.otype) for option in message.options]


def test_edns_options_come_in_digs_order() -> None:
    message = query("+ednsopt=15 +ednsopt=pad +keepalive +expire +subnet=0 +nsid +padding=64 x")
    # NSID, ECS, COOKIE, EXPIRE, KEEPALIVE, the +ednsopt ones (the empty PAD moved on),
    # the +padding PAD; dnspython adds the padded PAD itself when it renders.
    assert option_codes(message) == [3, 8, 10, 9, 11, 15, 12]
    assert message.pad == 64
    wire = message.to_wire()
    assert len(wire) % 64 == 0
    assert wire.count(b"\x00\x0c") >= 2  # two PAD options on the wire


def test_an_empty_pad_option_moves_to_the_end_without_padding() -> None:
    assert option_codes(query("+ednsopt=pad +ednsopt=15 +nsid x")) == [3, 10, 15, 12]


def test_client_subnet_wire_masks_the_prefix() -> None:
    assert ClientSubnet(1, 20, V4).to_wire() == bytes([0, 1, 20, 0, 192, 0, 0])
    assert ClientSubnet(1, 0, V4).to_wire() == bytes([0, 1, 0, 0])
    message = query("+subnet=2001:db8::1/48 x")
    assert message.options[0].to_wire() == bytes([0, 2, 48, 0, 0x20, 0x01, 0x0D, 0xB8, 0, 0])


def test_header_bits_opcode_and_id() -> None:
    settings_ = settings("+zflag +raflag +tcflag +aaflag +cdflag +noadflag +opcode=notify x")
    message = build_query(dns.name.from_text("x."), settings_, query_id=4242, client_cookie=COOKIE)
    wire = message.to_wire()
    assert wire[:2] == (4242).to_bytes(2, "big")
    flags = int.from_bytes(wire[2:4], "big")
    assert (flags >> 11) & 0xF == dns.opcode.NOTIFY
    expected = dns.flags.RD | dns.flags.RA | dns.flags.TC | dns.flags.AA | dns.flags.CD | 0x40
    assert flags & 0x07FF == expected


def test_ednsflags_leave_do_and_co_to_their_switches() -> None:
    assert query("+ednsflags=0xc001 x").ednsflags & 0xFFFF == 0x0001
    assert query("+ednsflags=0xc001 +dnssec +coflag x").ednsflags & 0xFFFF == 0xC001


def test_own_protocol_names_only_where_dnspython_has_none() -> None:
    """wire/protocol.py names what dnspython does not: when dnspython names one, use it."""
    ours = {
        protocol.LLQ,
        protocol.KEY_TAG,
        protocol.CLIENT_TAG,
        protocol.SERVER_TAG,
        protocol.DEVICEID,
    }
    assert not ours & {int(code) for code in dns.edns.OptionType}
    assert protocol.Z_FLAG not in {int(flag) for flag in dns.flags.Flag}


def test_query_ids_run_on_past_a_runs_small_first_fill() -> None:
    """A run's first fill of random IDs is small (most runs ask one), the next ones
    large: the IDs drawn across fills are each two bytes' worth, and they differ."""
    ids = [protocol.pick_query_id(None) for _ in range(3000)]
    assert all(0 <= query_id <= 0xFFFF for query_id in ids)
    assert len(set(ids)) > 2000  # 3,000 draws of 65,536: some 2,930 distinct
    assert protocol.pick_query_id(7) == 7  # +qid's


def test_edns_goes_out_after_noedns_when_dnssec_or_a_subnet_asks() -> None:
    assert query("+noedns x").edns == -1
    assert query("+dnssec +noedns x").edns == 0
    assert query("+subnet=0 +noedns x").edns == 0


# --- against named: dig and pydig side by side ---------------------------------------------


def same_as_dig(args: str, named: Named, dig: str, workdir: Path) -> None:
    case = Case(args=tuple(f"-r @127.0.0.1 -p {{port}} {args}".split()))
    expected, got = run_both(
        case, dig=dig, ports=Ports(live=named.port, dead=free_port()),
        resolv_conf=named.resolv_conf(), workdir=workdir,
    )  # fmt: skip
    assert "Traceback" not in got.stderr, got.stderr
    assert got.stdout == expected.stdout, diff(expected.stdout, got.stdout, "stdout")
    assert got.stderr == expected.stderr, diff(expected.stderr, got.stderr, "stderr")
    assert got.status == expected.status


@contextlib.contextmanager
def special_named(**kwargs: Any) -> Iterator[Named]:
    try:
        with running_named(**kwargs) as server:
            yield server
    except NamedUnavailable as exc:
        pytest.skip(f"named unavailable: {exc}")


@pytest.fixture(scope="module")
def cookie_named() -> Iterator[Named]:
    """A named that answers BADCOOKIE to a UDP query without a valid server cookie."""
    with special_named(extra_options="require-server-cookie yes;") as server:
        yield server


@pytest.fixture(scope="module")
def dns64_named() -> Iterator[Named]:
    """The project's zones and ipv4only.arpa with DNS64-style AAAA records."""
    zones = {name: ZONES / file for name, file in ZONE_FILES.items()}
    zones["ipv4only.arpa"] = ZONES / "ipv4only.arpa.zone"
    with special_named(zones=zones) as server:
        yield server


@pytest.mark.parametrize(
    "args",
    [
        "example.test",
        "+showbadcookie example.test",
        "+showbadcookie +qr example.test",
        "+nobadcookie example.test",
        "+nocomments example.test",
        "+tcp example.test",
        "+cookie=0001020304050607 example.test",
        "+short example.test linuxvoice.test",
    ],
)
def test_badcookie_retry(args: str, cookie_named: Named, dig_binary: str, tmp_path: Path) -> None:
    same_as_dig(args, cookie_named, dig_binary, tmp_path)


@pytest.mark.parametrize(
    "args",
    [
        "+dns64prefix",
        "+dns64prefix +identify",
        "+dns64prefix +stats",
        "example.test +dns64prefix +short",
        "+dns64prefix +comments +qr",
    ],
)
def test_dns64prefix(args: str, dns64_named: Named, dig_binary: str, tmp_path: Path) -> None:
    same_as_dig(args, dns64_named, dig_binary, tmp_path)


# --- pydig alone ---------------------------------------------------------------------------


def pydig(argv: list[str]) -> tuple[str, str, int]:
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(stdout=stdout, stderr=stderr, home=None, resolv_conf=Path("/nonexistent"))
    status = run(argv, env)
    return stdout.getvalue(), stderr.getvalue(), status


@pytest.fixture
def connections(monkeypatch: pytest.MonkeyPatch) -> list[tuple[str, int]]:
    """Every TCP connection pydig opens, by address and port."""
    opened: list[tuple[str, int]] = []
    for module in (keepopen, stream):
        real = module.tcp_connection

        def counting(address: str, port: int, *args: Any, _real: Any = real) -> Any:
            opened.append((address, port))
            return _real(address, port, *args)

        monkeypatch.setattr(module, "tcp_connection", counting)
    return opened


@pytest.mark.parametrize(("switch", "expected"), [("+keepopen", 1), ("+nokeepopen", 3)])
def test_keepopen_uses_one_connection(
    named: Named, connections: list[tuple[str, int]], switch: str, expected: int
) -> None:
    argv = ["-r", "@127.0.0.1", "-p", str(named.port), "+tcp", switch, "+short"]
    stdout, _, status = pydig([*argv, "example.test", "linuxvoice.test", "mx", "www.example.test"])
    assert status == ExitStatus.OK
    assert stdout.count("\n") >= 3
    assert len(connections) == expected
    assert keepopen._kept is None  # the run closed what it kept


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


@pytest.mark.parametrize(
    ("name", "best_effort", "nobest_effort"),
    [
        ("ancount.test", ";; Warning: Message parser reports malformed message packet.",
         ";; Got bad packet: unexpected end of input"),
        ("qd2.test", ";; Warning: Message parser reports malformed message packet.",
         ";; Got bad packet: FORMERR"),
    ],
)  # fmt: skip
def test_besteffort(
    hostile: HostileServer, name: str, best_effort: str, nobest_effort: str
) -> None:
    argv = ["-r", f"@{hostile.address}", "-p", str(hostile.port), "+tries=1", "+time=2", name]
    shown, _, _ = pydig(argv)
    refused, _, _ = pydig(["+nobesteffort", *argv])
    assert best_effort in shown and "Got bad packet" not in shown
    assert refused.startswith(nobest_effort)
    assert "ANSWER SECTION" not in refused


def test_one_client_cookie_for_the_whole_run(named: Named) -> None:
    """dig sends the same client cookie in every lookup of a run, and only the lookup that
    learned a server cookie sends it back (checked by hand against dig 9.18.49)."""
    stdout, _, _ = pydig(
        ["-r", "@127.0.0.1", "-p", str(named.port), "+qr", "example.test", "linuxvoice.test"]
    )
    cookies = [line.split()[2] for line in stdout.splitlines() if line.startswith("; COOKIE: ")]
    sent_first, answered_first, sent_second, answered_second = cookies
    assert len(sent_first) == 16 and sent_second == sent_first
    assert answered_first.startswith(sent_first) and answered_second.startswith(sent_first)


# --- a responder that gets cookies wrong, to hear dig's warnings ----------------------------

COOKIE_REPLIES = {
    "mismatch": lambda sent: bytes(8) + sent[8:] + bytes(16),  # another client cookie
    "none": None,  # no OPT record at all
}


class CookieResponder:
    """Answers each UDP query for <kind>.test with an A record and a cookie of that kind."""

    def __init__(self) -> None:
        self.sock = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.sock.bind(("127.0.0.1", 0))
        self.port = int(self.sock.getsockname()[1])
        self.thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> CookieResponder:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.sock.close()
        self.thread.join(timeout=5)

    def _serve(self) -> None:
        with contextlib.suppress(OSError):
            while True:
                data, peer = self.sock.recvfrom(65535)
                self.sock.sendto(self._answer(data), peer)

    @staticmethod
    def _answer(data: bytes) -> bytes:
        query = dns.message.from_wire(data)
        kind = query.question[0].name.labels[0].decode()
        make_cookie = COOKIE_REPLIES[kind]
        sent = next((o.to_wire() or b"" for o in query.options if o.otype == 10), b"")
        reply = dns.message.make_response(query)
        if make_cookie is None:
            reply.use_edns(False)
        else:
            reply.use_edns(0, options=[dns.edns.GenericOption(10, make_cookie(sent))])
        reply.answer.append(
            dns.rrset.from_text(query.question[0].name, 300, "IN", "A", "192.0.2.1")
        )
        return reply.to_wire()


@pytest.fixture(scope="module")
def cookie_responder() -> Iterator[CookieResponder]:
    with CookieResponder() as responder:
        yield responder


@pytest.mark.parametrize(
    "args",
    ["mismatch.test", "+cookie=0001020304050607 none.test", "none.test", "+qr mismatch.test"],
)
def test_cookie_warnings(
    args: str, cookie_responder: CookieResponder, dig_binary: str, tmp_path: Path
) -> None:
    responder = Named(address="127.0.0.1", port=cookie_responder.port, workdir=tmp_path)
    same_as_dig(args, responder, dig_binary, tmp_path)

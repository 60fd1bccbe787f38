"""A loopback DNS responder that misbehaves on purpose, one behaviour per query name.

The label just left of the final "test" picks the behaviour: `wrongid.test` gets a reply
with the wrong message ID first, `n42.count.test` gets 10.0.0.42.  Anything before the
behaviour label is a free tag.  UDP and TCP share one port on 127.0.0.1; each behaviour
says what to do over each of them, as a list of steps (send these bytes, wait, close).
Replies are built byte by byte, because dnspython refuses to write the broken ones.

    with HostileServer() as server:
        pydig(f"@{server.address}", "-p", str(server.port), "wrongid.test")

By hand: `PYTHONPATH=tests uv run python -m helpers.hostile` prints the port and serves
until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import struct
import threading
import time
import zlib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from types import TracebackType

import dns.exception
import dns.message
import dns.name

# --- steps ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Send:
    """Send bytes: a datagram over UDP, raw stream bytes over TCP."""

    data: bytes
    other_port: bool = False  # UDP: from a socket bound to another port


@dataclass(frozen=True)
class Wait:
    seconds: float


@dataclass(frozen=True)
class Drip:
    """TCP: send the bytes one at a time, `every` seconds apart."""

    data: bytes
    every: float


@dataclass(frozen=True)
class Hang:
    """TCP: keep the connection open, saying nothing, until the client goes away."""


Step = Send | Wait | Drip | Hang


# --- the query as received ---------------------------------------------------------------


@dataclass(frozen=True)
class Asked:
    wire: bytes
    message: dns.message.Message
    tcp: bool

    @property
    def id(self) -> int:
        return self.message.id

    @property
    def name(self) -> dns.name.Name:
        return self.message.question[0].name

    @property
    def rdtype(self) -> int:
        return int(self.message.question[0].rdtype)

    @property
    def rdclass(self) -> int:
        return int(self.message.question[0].rdclass)

    @property
    def behaviour(self) -> str:
        labels = self.name.labels
        return labels[-3].decode("ascii", "replace").lower() if len(labels) >= 3 else ""

    @property
    def tag(self) -> str:
        labels = self.name.labels
        return labels[-4].decode("ascii", "replace").lower() if len(labels) >= 4 else ""

    @property
    def question(self) -> bytes:
        """The question section as it should come back."""
        return self.name.to_wire() + struct.pack("!HH", self.rdtype, self.rdclass)


# --- building messages by hand -----------------------------------------------------------

QR, AA, TC, RD, RA = 0x8000, 0x0400, 0x0200, 0x0100, 0x0080
A, NS, CNAME, SOA, MX, TXT, OPT, TSIG, AXFR = 1, 2, 5, 6, 15, 16, 41, 250, 252
IN = 1
TO_QNAME = b"\xc0\x0c"  # a compression pointer to the question's name
ADDRESS = bytes([192, 0, 2, 1])


def header(
    qid: int, flags: int, qd: int = 1, an: int = 0, ns: int = 0, ar: int = 0
) -> bytes:  # fmt: skip
    return struct.pack("!HHHHHH", qid, flags, qd, an, ns, ar)


def rr(owner: bytes, rdtype: int, rdata: bytes, *, ttl: int = 300, rdclass: int = IN,
       rdlength: int | None = None) -> bytes:  # fmt: skip
    length = len(rdata) if rdlength is None else rdlength
    return owner + struct.pack("!HHIH", rdtype, rdclass, ttl, length) + rdata


def opt(*, payload: int = 1232, ext_rcode: int = 0, version: int = 0,
        options: bytes = b"", rdlength: int | None = None) -> bytes:  # fmt: skip
    ttl = (ext_rcode << 24) | (version << 16)
    return rr(b"\x00", OPT, options, ttl=ttl, rdclass=payload, rdlength=rdlength)


def name_wire(text: str) -> bytes:
    return dns.name.from_text(text).to_wire()


def flags_for(asked: Asked, *, rcode: int = 0, opcode: int = 0, extra: int = 0) -> int:
    rd = asked.message.flags & RD
    return QR | AA | RA | rd | (opcode << 11) | (rcode & 0xF) | extra


def reply(
    asked: Asked,
    *,
    answers: tuple[bytes, ...] = (),
    authority: tuple[bytes, ...] = (),
    additional: tuple[bytes, ...] | None = None,
    rcode: int = 0,
    opcode: int = 0,
    extra_flags: int = 0,
    qid: int | None = None,
    questions: tuple[bytes, ...] | None = None,
    counts: tuple[int, int, int, int] | None = None,
) -> bytes:
    """A reply in wire form; the OPT record is echoed when the query had one."""
    if additional is None:
        additional = (opt(),) if asked.message.edns >= 0 else ()
    if questions is None:
        questions = (asked.question,)
    qd, an, ns, ar = counts or (len(questions), len(answers), len(authority), len(additional))
    flags = flags_for(asked, rcode=rcode, opcode=opcode, extra=extra_flags)
    return (
        header(asked.id if qid is None else qid, flags, qd, an, ns, ar)
        + b"".join(questions)
        + b"".join(answers)
        + b"".join(authority)
        + b"".join(additional)
    )


def a_record(owner: bytes = TO_QNAME, address: bytes = ADDRESS) -> bytes:
    return rr(owner, A, address)


def good(asked: Asked) -> bytes:
    return reply(asked, answers=(a_record(),))


def framed(message: bytes) -> bytes:
    return len(message).to_bytes(2, "big") + message


def answer(asked: Asked, message: bytes) -> list[Step]:
    return [Send(framed(message) if asked.tcp else message)]


def then_good(asked: Asked, first: bytes, *, other_port: bool = False) -> list[Step]:
    """A bad datagram, and a moment later the right reply: the bad one must not end the
    query.  Over TCP only the bad message is sent."""
    if asked.tcp:
        return [Send(framed(first))]
    return [Send(first, other_port=other_port), Wait(0.2), Send(good(asked))]


# --- the behaviours ----------------------------------------------------------------------

Behaviour = Callable[[Asked], list[Step]]


def _silent(asked: Asked) -> list[Step]:
    return [Hang()] if asked.tcp else []


def _empty(asked: Asked) -> list[Step]:
    return then_good(asked, b"")


def _short5(asked: Asked) -> list[Step]:
    return then_good(asked, good(asked)[:5])


def _wrongid(asked: Asked) -> list[Step]:
    return then_good(asked, reply(asked, answers=(a_record(),), qid=(asked.id + 1) & 0xFFFF))


def _wrongidonly(asked: Asked) -> list[Step]:
    wrong = reply(asked, answers=(a_record(),), qid=(asked.id + 1) & 0xFFFF)
    return [Send(framed(wrong)), Hang()] if asked.tcp else [Send(wrong)]


def _othersource(asked: Asked) -> list[Step]:
    return then_good(asked, good(asked), other_port=True)


def _othersourceonly(asked: Asked) -> list[Step]:
    return [Send(good(asked), other_port=True)]


def _echo(asked: Asked) -> list[Step]:
    return answer(asked, asked.wire)


def _othername(asked: Asked) -> list[Step]:
    other = name_wire("someone-else.test") + struct.pack("!HH", asked.rdtype, asked.rdclass)
    return then_good(asked, reply(asked, questions=(other,), answers=(a_record(),)))


def _othertype(asked: Asked) -> list[Step]:
    other = asked.name.to_wire() + struct.pack("!HH", MX, asked.rdclass)
    return then_good(asked, reply(asked, questions=(other,)))


def _update(asked: Asked) -> list[Step]:
    return then_good(asked, reply(asked, opcode=5))


def _qd0answer(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, questions=(), answers=(a_record(name_wire("qd0.test")),)))


def _qd0servfail(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, questions=(), rcode=2))


def _qd0formerr(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, questions=(), rcode=1, additional=()))


def _qd2(asked: Asked) -> list[Step]:
    other = name_wire("second.test") + struct.pack("!HH", asked.rdtype, asked.rdclass)
    return answer(asked, reply(asked, questions=(asked.question, other), answers=(a_record(),)))


def _ancount(asked: Asked) -> list[Step]:
    message = reply(asked, answers=(a_record(),), additional=())
    return answer(asked, message[:6] + (3).to_bytes(2, "big") + message[8:])


def _broken_owner(owner: bytes) -> Behaviour:
    """A reply whose answer record's owner name is `owner`, raw (at offset 12 + question)."""

    def behaviour(asked: Asked) -> list[Step]:
        return answer(asked, reply(asked, answers=(rr(owner, A, ADDRESS),), additional=()))

    return behaviour


def _pointer_to_self(asked: Asked) -> list[Step]:
    offset = 12 + len(asked.question)
    owner = struct.pack("!H", 0xC000 | offset)
    return _broken_owner(owner)(asked)


def _pointer_loop(asked: Asked) -> list[Step]:
    # The owner is a label then a pointer to itself: "x" -> "x" -> ...
    offset = 12 + len(asked.question)
    owner = b"\x01x" + struct.pack("!H", 0xC000 | offset)
    return _broken_owner(owner)(asked)


def _long_name(asked: Asked) -> list[Step]:
    owner = b"".join(b"\x3f" + b"a" * 63 for _ in range(4)) + b"\x00"  # 257 octets
    return _broken_owner(owner)(asked)


def _rdlen(rdlength: int) -> Behaviour:
    def behaviour(asked: Asked) -> list[Step]:
        record = rr(TO_QNAME, A, ADDRESS + b"\x00\x00", rdlength=rdlength)
        return answer(asked, reply(asked, answers=(record,), additional=()))

    return behaviour


def _beyond_answer(
    *, authority: tuple[bytes, ...] = (), additional: tuple[bytes, ...] = ()
) -> Behaviour:
    """A good answer, then broken records in the sections +short does not show."""

    def behaviour(asked: Asked) -> list[Step]:
        edns = (opt(),) if asked.message.edns >= 0 else ()
        message = reply(
            asked, answers=(a_record(),), authority=authority, additional=additional + edns
        )
        return answer(asked, message)

    return behaviour


def _mx2(asked: Asked) -> list[Step]:
    record = rr(TO_QNAME, MX, b"\x00\x0a")
    return answer(asked, reply(asked, answers=(record,), additional=()))


def _trailing8(asked: Asked) -> list[Step]:
    return answer(asked, good(asked) + b"JUNK\x00\x01\x02\x03")


def _truncated(tcp_steps: Callable[[Asked], list[Step]]) -> Behaviour:
    def behaviour(asked: Asked) -> list[Step]:
        if asked.tcp:
            return tcp_steps(asked)
        return [Send(reply(asked, extra_flags=TC))]

    return behaviour


def _tc_again(asked: Asked) -> list[Step]:
    return [Send(framed(reply(asked, answers=(a_record(),), extra_flags=TC)))]


def _formerr_to_edns(asked: Asked) -> list[Step]:
    if asked.message.edns >= 0:
        return answer(asked, reply(asked, rcode=1, additional=()))
    return answer(asked, good(asked))


def _badvers(asked: Asked) -> list[Step]:
    if asked.message.edns > 0:
        return answer(asked, reply(asked, additional=(opt(ext_rcode=1),)))
    return answer(asked, good(asked))


def _rcode4095(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, rcode=0xF, additional=(opt(ext_rcode=0xFF),)))


def _two_opt(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, answers=(a_record(),), additional=(opt(), opt())))


def _opt_in_answer(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, answers=(a_record(), opt()), additional=()))


def _opt_option_overrun(asked: Asked) -> list[Step]:
    # NSID option claiming 20 bytes where the record holds 4.
    option = struct.pack("!HH", 3, 20) + b"abcd"
    return answer(asked, reply(asked, answers=(a_record(),), additional=(opt(options=option),)))


def _bad_option(option: bytes) -> Behaviour:
    """An OPT record holding one EDNS option that breaks its own rules."""

    def behaviour(asked: Asked) -> list[Step]:
        return answer(asked, reply(asked, answers=(a_record(),), additional=(opt(options=option),)))

    return behaviour


def _unknown_type(asked: Asked) -> list[Step]:
    record = rr(TO_QNAME, 65280, b"\x01\x02\x03\x04\xff")
    return answer(asked, reply(asked, answers=(record,)))


def _unknown_class(asked: Asked) -> list[Step]:
    record = rr(TO_QNAME, A, ADDRESS, rdclass=65280)
    return answer(asked, reply(asked, answers=(record,)))


def _ttl_max(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, answers=(rr(TO_QNAME, A, ADDRESS, ttl=0xFFFFFFFF),)))


def _tsig(asked: Asked) -> list[Step]:
    # A TSIG nobody asked for: hmac-sha256, time 0, fudge 300, a 32-byte MAC of zeros.
    algorithm = name_wire("hmac-sha256")
    rdata = algorithm + b"\x00\x00\x00\x00\x00\x00" + struct.pack("!HH", 300, 32) + bytes(32)
    rdata += struct.pack("!HHH", asked.id, 0, 0)
    record = rr(name_wire("key.test"), TSIG, rdata, ttl=0, rdclass=255)
    return answer(asked, reply(asked, answers=(a_record(),), additional=(record,)))


# Rich markup, a terminal hyperlink escape and raw control bytes: all must print as data.
MARKUP_TEXT = b"[/bold] [link=file:///etc/passwd]"
ESCAPE_TEXT = b"\x1b[31mred\x1b]8;;file:///etc/passwd\x07"


def _markup(asked: Asked) -> list[Step]:
    rdata = bytes([len(MARKUP_TEXT)]) + MARKUP_TEXT + bytes([len(ESCAPE_TEXT)]) + ESCAPE_TEXT
    return answer(asked, reply(asked, answers=(rr(TO_QNAME, TXT, rdata),)))


def _cname_self(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, answers=(rr(TO_QNAME, CNAME, TO_QNAME),)))


def _big(asked: Asked) -> list[Step]:
    # About 4 KB of TXT in one datagram, whatever buffer size the query offered.
    strings = b"".join(bytes([200]) + bytes([0x61 + i % 26]) * 200 for i in range(20))
    return answer(asked, reply(asked, answers=(rr(TO_QNAME, TXT, strings),)))


def _duplicate(asked: Asked) -> list[Step]:
    message = good(asked)
    if asked.tcp:
        return [Send(framed(message) + framed(message))]
    return [Send(message), Send(message)]


def _tcp_only(tcp_steps: list[Step]) -> Behaviour:
    """Misbehave over TCP; over UDP say TC so that a client comes back over TCP."""

    def behaviour(asked: Asked) -> list[Step]:
        return tcp_steps if asked.tcp else [Send(reply(asked, extra_flags=TC))]

    return behaviour


def _tcp_short_body(asked: Asked) -> list[Step]:
    if not asked.tcp:
        return [Send(reply(asked, extra_flags=TC))]
    message = good(asked)
    return [Send(len(message).to_bytes(2, "big") + message[:10])]


def _tcp_drip(asked: Asked) -> list[Step]:
    if not asked.tcp:
        return [Send(reply(asked, extra_flags=TC))]
    return [Drip(framed(good(asked)), every=0.5)]


# --- zone transfers ----------------------------------------------------------------------

ZONE = "xfr.test"


def _soa(serial: int = 1) -> bytes:
    rdata = name_wire(f"ns.{ZONE}") + name_wire(f"admin.{ZONE}")
    rdata += struct.pack("!IIIII", serial, 3600, 600, 86400, 300)
    return rr(TO_QNAME, SOA, rdata)


def _axfr_messages(asked: Asked) -> list[bytes]:
    first = reply(asked, answers=(_soa(), rr(TO_QNAME, NS, name_wire(f"ns.{ZONE}"))))
    second = reply(asked, answers=(rr(TO_QNAME, A, ADDRESS), _soa()))
    return [first, second]


def _axfr_closes(asked: Asked) -> list[Step]:
    return [Send(framed(_axfr_messages(asked)[0]))]


def _axfr_new_id(asked: Asked) -> list[Step]:
    first, second = _axfr_messages(asked)
    changed = ((asked.id + 1) & 0xFFFF).to_bytes(2, "big") + second[2:]
    return [Send(framed(first) + framed(changed))]


def _axfr_good(asked: Asked) -> list[Step]:
    return [Send(b"".join(framed(message) for message in _axfr_messages(asked)))]


# --- load and faults ---------------------------------------------------------------------


def counted_address(tag: str) -> bytes:
    """n12345 -> 10.0.48.57: every batch line gets an answer of its own."""
    number = int(tag[1:]) if tag[1:].isdigit() else 0
    return bytes([10]) + number.to_bytes(3, "big")


def _count(asked: Asked) -> list[Step]:
    return answer(asked, reply(asked, answers=(a_record(address=counted_address(asked.tag)),)))


def _slow(asked: Asked) -> list[Step]:
    return [Wait(0.05), *_count(asked)]


def _hold(asked: Asked) -> list[Step]:
    """Answers after two seconds: keeps a client busy while a test looks at it."""
    return [Wait(2.0), *_count(asked)]


BEHAVIOURS: dict[str, Behaviour] = {
    "good": lambda asked: answer(asked, good(asked)),
    # No reply, or a useless one.
    "silent": _silent,
    "empty": _empty,
    "short5": _short5,
    "wrongid": _wrongid,
    "wrongidonly": _wrongidonly,
    "othersource": _othersource,
    "othersourceonly": _othersourceonly,
    "echo": _echo,
    "othername": _othername,
    "othertype": _othertype,
    "update": _update,
    # Strange question or counts.
    "qd0answer": _qd0answer,
    "qd0servfail": _qd0servfail,
    "qd0formerr": _qd0formerr,
    "qd2": _qd2,
    "ancount": _ancount,
    # Broken names.
    "ptrself": _pointer_to_self,
    "ptrloop": _pointer_loop,
    "ptrpastend": _broken_owner(b"\xc3\xff"),
    "label40": _broken_owner(b"\x41abc\x00"),
    "longname": _long_name,
    # Broken record data.
    "rdlenlong": _rdlen(6),
    "rdlenshort": _rdlen(3),
    "mx2": _mx2,
    # Broken past the answer: +short shows none of it, yet it is a bad packet.
    "adptrpastend": _beyond_answer(additional=(a_record(b"\xc3\xff"),)),
    "nsrdlenlong": _beyond_answer(authority=(rr(TO_QNAME, NS, b"\x02ns\xc0\x0c\x00\x00"),)),
    "trailing8": _trailing8,
    # Truncation.
    "tcgood": _truncated(lambda asked: [Send(framed(good(asked)))]),
    "tcclose": _truncated(lambda asked: []),
    "tctcp": _truncated(_tc_again),
    # EDNS trouble.
    "formerr": _formerr_to_edns,
    "badvers": _badvers,
    "rcode4095": _rcode4095,
    "twoopt": _two_opt,
    "optanswer": _opt_in_answer,
    "optoverrun": _opt_option_overrun,
    # EDE whose text is not UTF-8; ECS of address family 7.
    "edebad": _bad_option(struct.pack("!HHH", 15, 4, 1) + b"\xff\xfe"),
    "ecsbad": _bad_option(struct.pack("!HHHBB", 8, 7, 7, 24, 0) + b"\x01\x02\x03"),
    # ECS of family 0: legal with no address and zero lengths (BIND: 0/0/0), else not.
    "ecszero": _bad_option(struct.pack("!HHHBB", 8, 4, 0, 0, 0)),
    "ecszerobad": _bad_option(struct.pack("!HHHBB", 8, 5, 0, 8, 0) + b"\x01"),
    # KEY-TAG, CLIENT-TAG and SERVER-TAG of lengths their decoders do not expect.
    "tagsodd": _bad_option(
        struct.pack("!HH", 14, 5)
        + b"\x00\x01\x00\x02\x01"
        + struct.pack("!HH", 16, 1)
        + b"\x01"
        + struct.pack("!HH", 17, 3)
        + b"\x00\x00\x01"
    ),
    # Odd but legal data.
    "unknowntype": _unknown_type,
    "unknownclass": _unknown_class,
    "ttlmax": _ttl_max,
    "tsig": _tsig,
    "markup": _markup,
    "cnameself": _cname_self,
    "big": _big,
    "duplicate": _duplicate,
    # TCP misbehaviour (over UDP these say TC, to send a client to TCP).
    "tcpclose": _tcp_only([]),
    "tcpzero": _tcp_only([Send(b"\x00\x00")]),
    "tcpshort": _tcp_short_body,
    "tcpdrip": _tcp_drip,
    # Transfers.
    "axfr": _axfr_good,
    "axfrclose": _axfr_closes,
    "axfrid": _axfr_new_id,
    # Load and faults.
    "count": _count,
    "slow": _slow,
    "hold": _hold,
}

FLAKY = "flaky"  # drops one query in ten (decided by a hash, so runs repeat), else "count"


def dropped(name: str, attempt: int) -> bool:
    """Whether the flaky behaviour drops the `attempt`-th query (from 1) for this name."""
    return zlib.crc32(f"{name.lower()}/{attempt}".encode()) % 10 == 0


def refused(asked: Asked) -> bytes:
    return reply(asked, rcode=5)


# --- the server --------------------------------------------------------------------------


class HostileServer:
    """Serves BEHAVIOURS on 127.0.0.1, UDP and TCP on one port."""

    def __init__(self, address: str = "127.0.0.1") -> None:
        self.address = address
        self.port = 0
        self.attempts: Counter[str] = Counter()  # queries seen per name, for "flaky"
        self.clients: list[tuple[str, int]] = []  # where each UDP query came from, in order
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self._sockets: list[socket.socket] = []
        self._threads: list[threading.Thread] = []

    # lifecycle

    def start(self) -> HostileServer:
        self._udp, self._tcp = self._bind()
        self._other = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._other.bind((self.address, 0))
        self._sockets = [self._udp, self._tcp, self._other]
        for target in (self._serve_udp, self._serve_tcp):
            thread = threading.Thread(target=target, daemon=True, name=f"hostile-{target}")
            thread.start()
            self._threads.append(thread)
        return self

    def _bind(self) -> tuple[socket.socket, socket.socket]:
        for _ in range(50):
            tcp = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
            tcp.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            tcp.bind((self.address, 0))
            udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
            try:
                udp.bind((self.address, tcp.getsockname()[1]))
            except OSError:
                tcp.close()
                udp.close()
                continue
            udp.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 1 << 20)
            tcp.listen(64)
            tcp.settimeout(0.1)
            udp.settimeout(0.1)
            self.port = int(tcp.getsockname()[1])
            return udp, tcp
        raise OSError(f"no port free for both UDP and TCP on {self.address}")

    def stop(self) -> None:
        self._stopping.set()
        for thread in self._threads:
            thread.join(timeout=2)
        for sock in self._sockets:
            sock.close()

    def __enter__(self) -> HostileServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()

    # choosing what to do

    def steps(self, wire: bytes, tcp: bool) -> list[Step]:
        try:
            message = dns.message.from_wire(wire)
        except dns.exception.DNSException:
            return []
        if not message.question:
            return []
        asked = Asked(wire=wire, message=message, tcp=tcp)
        if asked.behaviour == FLAKY:
            name = asked.name.to_text()
            with self._lock:
                self.attempts[name] += 1
                attempt = self.attempts[name]
            return [] if dropped(name, attempt) else _count(asked)
        behaviour = BEHAVIOURS.get(asked.behaviour)
        if behaviour is None:
            return answer(asked, refused(asked))
        return behaviour(asked)

    # UDP

    def _serve_udp(self) -> None:
        while not self._stopping.is_set():
            try:
                wire, client = self._udp.recvfrom(65535)
            except (TimeoutError, OSError):
                continue
            self.clients.append(client)
            steps = self.steps(wire, tcp=False)
            if any(isinstance(step, Wait) for step in steps):
                threading.Thread(target=self._run_udp, args=(steps, client), daemon=True).start()
            else:
                self._run_udp(steps, client)

    def _run_udp(self, steps: list[Step], client: tuple[str, int]) -> None:
        for step in steps:
            if self._stopping.is_set():
                return  # nothing late may reach a port that another test now uses
            if isinstance(step, Wait):
                time.sleep(step.seconds)
            elif isinstance(step, Send):
                sock = self._other if step.other_port else self._udp
                with contextlib.suppress(OSError):
                    sock.sendto(step.data, client)

    # TCP

    def _serve_tcp(self) -> None:
        while not self._stopping.is_set():
            try:
                connection, _ = self._tcp.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=self._run_tcp, args=(connection,), daemon=True).start()

    def _run_tcp(self, connection: socket.socket) -> None:
        with connection, contextlib.suppress(OSError):
            connection.settimeout(30)  # a stuck client must not keep a thread for ever
            wire = _read_message(connection)
            if wire is None:
                return
            for step in self.steps(wire, tcp=True):
                if self._stopping.is_set():
                    return
                if isinstance(step, Wait):
                    time.sleep(step.seconds)
                elif isinstance(step, Send):
                    connection.sendall(step.data)
                elif isinstance(step, Drip):
                    for byte in step.data:
                        connection.sendall(bytes([byte]))
                        time.sleep(step.every)
                elif isinstance(step, Hang):
                    while not self._stopping.is_set() and connection.recv(512):
                        pass


def _read_message(connection: socket.socket) -> bytes | None:
    data = b""
    wanted = 2
    while len(data) < wanted:
        chunk = connection.recv(wanted - len(data))
        if not chunk:
            return None
        data += chunk
        if len(data) == 2 and wanted == 2:
            wanted = 2 + int.from_bytes(data, "big")
    return data[2:]


def main() -> None:
    with HostileServer() as server:
        print(f"misbehaving on {server.address} port {server.port}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()

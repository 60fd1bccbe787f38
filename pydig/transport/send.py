"""dig's way of asking: tries, next server, TCP after truncation, and what it says on the way.

`ask(lookup)` is a sans-I/O state machine (actions.py): it yields what to open, send
and wait for, by when, and takes back datagrams, messages and timeouts; engine.py drives
it, alone or beside every other lookup of a run.

The retry rules follow BIND 9.18's dighost.c: a UDP lookup tries its first
server `tries` times and every later server once; a TCP lookup that fails
starts again from the first server while tries remain.
"""

from __future__ import annotations

import copy
import time
from dataclasses import field
from typing import TYPE_CHECKING

import dns.flags
import dns.message
import dns.opcode
import dns.rcode

from pydig.immutable import immutable, mutable, replace
from pydig.model.events import Answer, Event, Exchange, Note, QuerySent, Reply
from pydig.model.exchange import Lookup, Server, local_time
from pydig.transport.actions import Close, Machine, OpenStream, OpenUdp, Receive, Transmit
from pydig.transport.sockets import (
    CertificateRejected,
    ConnectFailed,
    ConnectionClosed,
    Refused,
    Timeout,
)
from pydig.wire.cookies import truncated_retry
from pydig.wire.plain import plain_reply
from pydig.wire.protocol import pick_query_id
from pydig.wire.screen import Action, Context, Verdict, screen

if TYPE_CHECKING:
    from datetime import datetime

    from pydig.model.message import MessageView
    from pydig.wire.tsig import ReplyVerifier

NO_SERVERS = ";; no servers could be reached"


class LookupCancelled(Exception):
    """dig gives up on this lookup without trying another server; `answered` when the
    server did answer (a refused transfer), which dig does not count as a failure."""

    def __init__(self, *, answered: bool = False) -> None:
        super().__init__()
        self.answered = answered


class EdnsRetry(Exception):
    """BADVERS from a server that speaks an older EDNS version: ask again in it."""

    def __init__(self, version: int) -> None:
        super().__init__(version)
        self.version = version


def socket_text(address: str, port: int) -> str:
    """An address and port as BIND's isc_sockaddr_format writes them."""
    return f"{address}#{port}"


@mutable
class _Progress:
    """What one lookup has met so far, in the order dig prints it."""

    lookup: Lookup
    events: list[Event] = field(default_factory=list)

    def note(self, line: str, *, error: bool = False) -> None:
        self.events.append(Note(line, error=error))

    def exchange(
        self,
        *,
        failure: str | None = None,
        banner_first: bool = True,
        cancelled: bool = False,
        answered: bool = False,
    ) -> Exchange:
        return Exchange(
            lookup=self.lookup,
            events=tuple(self.events),
            failure=failure,
            banner_before_failure=banner_first,
            cancelled=cancelled,
            answered=answered,
        )


def _badvers_version(lookup: Lookup, message: MessageView) -> int | None:
    """dig's EDNS negotiation: the version to retry with after BADVERS, if any."""
    if (
        lookup.rules.ednsneg
        and message.rcode() == dns.rcode.BADVERS
        and 0 <= message.edns < lookup.query.edns
    ):
        return message.edns
    return None


def _with_edns_version(lookup: Lookup, version: int) -> Lookup:
    """The lookup again, its query (with a new ID) in another EDNS version."""
    query = copy.copy(lookup.query)
    query.id = pick_query_id(lookup.rules.qid)
    query.use_edns(
        version, query.ednsflags, query.payload, options=list(query.options), pad=query.pad
    )
    from pydig.wire.tsig import resign  # not on a plain lookup's way: TSIG's module waits

    resign(query)
    return replace(lookup, query=query)


def received(
    lookup: Lookup, server: Server, wire: bytes, message: MessageView,
    transport: str, started: float, *, extra_bytes: int = 0,
) -> Reply:  # fmt: skip
    """A reply that came now, for a query sent at perf_counter() `started`: its message
    as decoded, with the bytes after it (Decoded's)."""
    return Reply(
        message=message,
        extra_bytes=extra_bytes,
        wire=wire,
        server=server,
        port=lookup.port,
        transport=transport,
        elapsed=time.perf_counter() - started,
        received_at=local_time(),
    )


def _verifier(query: dns.message.Message, *, transfer: bool) -> ReplyVerifier | None:
    """The TSIG check of the replies to a signed query; None for an unsigned one."""
    if query.keyring is None:
        return None
    from pydig.wire.tsig import ReplyVerifier  # TSIG's module only for signed queries

    return ReplyVerifier.for_query(query, transfer=transfer)


def _checked(reply: Reply, verifier: ReplyVerifier | None) -> Reply:
    """The reply with the outcome of its TSIG check, when the query was signed."""
    if verifier is None:
        return reply
    return replace(reply, tsig_error=verifier.check(reply.wire))


def judge(lookup: Lookup, wire: bytes, context: Context) -> Verdict:
    """The bytes of a message that arrived -> what dig does with it, the decoded reply
    when it is one: the one place where replies are read (by the lean reader, or by
    dnspython's parser when the reader is not sure of one: pydig/wire/decode.py)."""
    return screen(lookup.query, wire, context)


@immutable
class Begun:
    """A first try that the express lane (pydig/lookup/express.py) sent itself, handed
    on to ask() when its first datagram does not end the lookup plainly: the socket, the
    clocks, and what came first: a datagram, or what ended the wait (Timeout, Refused)."""

    handle: object
    deadline: float
    started: float
    sent: QuerySent
    first: bytes | BaseException


def sent_udp(lookup: Lookup, server: Server, *, at: datetime | None = None) -> QuerySent:
    """The event of a query going out over UDP, now or at the time it went."""
    return QuerySent("UDP", server=server, sent_at=at or local_time(), query=lookup.query)


def _udp_try(progress: _Progress, server: Server, begun: Begun | None) -> Machine[Reply]:
    lookup = progress.lookup
    if begun is not None:
        sock, deadline, started = begun.handle, begun.deadline, begun.started
        progress.events.append(begun.sent)
    else:
        started = time.perf_counter()
        deadline = started + lookup.timeout
        sock = yield OpenUdp(server.address, lookup.port, lookup.source)
    try:
        if begun is None:
            progress.events.append(sent_udp(lookup, server))
            yield Transmit(sock, lookup.query_wire, deadline)
        reply = yield from _udp_wait(progress, server, sock, deadline, started, begun)
    except Exception:
        yield Close(sock)
        raise
    yield Close(sock)
    return reply


def _udp_wait(
    progress: _Progress,
    server: Server,
    sock: object,
    deadline: float,
    started: float,
    begun: Begun | None,
) -> Machine[Reply]:
    lookup = progress.lookup
    context = Context(tcp=False, best_effort=lookup.rules.best_effort)
    while True:
        if begun is None:
            wire = yield Receive(sock, deadline)
        elif isinstance(begun.first, BaseException):
            raise begun.first
        else:
            wire, begun = begun.first, None
        # A stray, forged or broken datagram is reported and ignored: only the
        # deadline or the reply ends the wait.
        verdict = judge(lookup, wire, context)
        for line in verdict.notes:
            progress.note(line)
        if verdict.action is Action.CANCEL:
            raise LookupCancelled
        if verdict.decoded is not None:
            decoded = verdict.decoded
            extra = decoded.extra_bytes
            return received(
                lookup, server, wire, decoded.message, "UDP", started, extra_bytes=extra
            )


def _tcp_exchange(progress: _Progress, server: Server) -> Machine[None]:
    """One exchange over TCP, TLS or HTTP(S): a single reply, or every message of a transfer."""
    lookup = progress.lookup
    started = time.perf_counter()  # dig's query time counts the connection too
    deadline = started + lookup.timeout
    stream = yield OpenStream(lookup, server, deadline)
    try:
        yield from _tcp_talk(progress, server, stream, deadline, started)
    except Exception:
        yield Close(stream, failed=True)
        raise
    yield Close(stream)


def _tcp_talk(
    progress: _Progress, server: Server, stream: object, deadline: float, started: float
) -> Machine[None]:
    # TCP's and zone transfers' modules only for a lookup that goes over TCP
    from pydig.transport.stream import stream_label
    from pydig.transport.transfer import TransferFailed, TransferTracker

    lookup = progress.lookup
    label = stream_label(lookup)
    tracker = TransferTracker(ixfr_serial=lookup.ixfr_serial)
    verifier = _verifier(lookup.query, transfer=lookup.is_transfer)
    id_warned = False
    yield Transmit(stream, lookup.query_wire, deadline)
    progress.events.append(
        QuerySent(label, server=server, sent_at=local_time(), query=lookup.query)
    )
    while True:
        wire = yield Receive(stream, deadline)
        context = Context(
            tcp=True,
            transfer_started=tracker.first_serial is not None,
            id_warned=id_warned,
            best_effort=lookup.rules.best_effort,
        )
        verdict = judge(lookup, wire, context)
        for line in verdict.notes:
            progress.note(line)
        id_warned = id_warned or verdict.id_warned
        if verdict.action is Action.CANCEL:
            raise LookupCancelled
        if verdict.decoded is None:
            continue  # another opcode: dig reads on, until the deadline
        message, extra = verdict.decoded.message, verdict.decoded.extra_bytes
        version = None if lookup.is_transfer else _badvers_version(lookup, message)
        if version is not None:
            raise EdnsRetry(version)
        reply = received(lookup, server, wire, message, label, started, extra_bytes=extra)
        reply = _checked(reply, verifier)
        if not lookup.is_transfer and moves_on(lookup, message):
            from pydig.transport.servfail import ServfailReply

            raise ServfailReply(reply)
        progress.events.append(Answer(reply))
        if not lookup.is_transfer:
            return
        from pydig.wire.decode import full_message  # a transfer's messages, in dnspython's form

        try:
            if tracker.feed(full_message(message)):
                return
        except TransferFailed as exc:
            progress.note(str(exc))
            raise LookupCancelled(answered=True) from None
        # dig waits four times the timeout for the rest of a transfer.
        deadline = time.perf_counter() + 4 * lookup.timeout


def answered_at_once(lookup: Lookup, begun: Begun) -> Exchange | None:
    """What ask(lookup, begun) comes to when the first datagram is a reply that ends it
    there and then, worked out without the machine (the express lane's common case); None
    when anything else would happen: a warning, a retry, another server, TCP, a signed
    query.  ask(lookup, begun) then takes over from the same point."""
    wire = begun.first
    if isinstance(wire, BaseException) or lookup.query.keyring is not None:
        return None
    query_opcode = lookup.query.opcode()
    plain = plain_reply(lookup.query_wire, wire) if query_opcode == dns.opcode.QUERY else None
    message: MessageView
    if plain is not None:  # what judge() comes to for it, without its general checks
        message, extra = plain, 0
    else:
        verdict = judge(lookup, wire, Context(tcp=False, best_effort=lookup.rules.best_effort))
        if verdict.decoded is None or verdict.notes:
            return None
        message, extra = verdict.decoded.message, verdict.decoded.extra_bytes
    server = lookup.servers[0]
    reply = received(lookup, server, wire, message, "UDP", begun.started, extra_bytes=extra)
    if (
        _badvers_version(lookup, message) is not None
        or (message.flags & dns.flags.TC and not lookup.ignore_truncation)
        or moves_on(lookup, message)
    ):
        return None
    return Exchange(lookup=lookup, events=(begun.sent, Answer(reply)))


def _reason(exc: BaseException) -> str:
    if isinstance(exc, Timeout):
        return "timed out"
    if isinstance(exc, Refused):
        return "connection refused"
    if isinstance(exc, ConnectionClosed):
        return "end of file"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return "unexpected error"


def _communications_error(progress: _Progress, server: Server, exc: BaseException) -> None:
    address = socket_text(server.address, progress.lookup.port)
    progress.note(f";; communications error to {address}: {_reason(exc)}")


def _first_usable(progress: _Progress, index: int) -> int | None:
    """The first server from `index` on that dig sends to.  dig 9.18 skips IPv4-mapped
    addresses, saying so, and says when none is left (None): the lookup ends quietly."""
    servers = progress.lookup.servers
    while index < len(servers) and (mapped := servers[index].mapped) is not None:
        progress.note(f";; Skipping mapped address '{mapped}'")
        index += 1
    if index == len(servers):
        progress.note(";; No acceptable nameservers")
        return None
    return index


def _setup_failed(
    progress: _Progress, server: Server, reason: str, tries_left: int, index: int, what: str
) -> tuple[int, int] | None:
    """A TCP connection (or a UDP socket's -b set-up) that failed: dig names the address
    (query->servname, not what was typed); with tries left it says no server could be
    reached and starts again from the first, else it tries the next server.  The tries
    and server index to go on with, or None when none is left."""
    lookup = progress.lookup
    progress.note(
        f";; {what} {socket_text(server.address, lookup.port)}({server.address}) "
        f"for {lookup.qname_text} failed: {reason}."
    )
    if tries_left > 1:
        progress.note(NO_SERVERS, error=True)  # dig 9.18 says so as it tries again
        return tries_left - 1, 0
    if index + 1 < len(lookup.servers):
        return tries_left, index + 1
    return None


def moves_on(lookup: Lookup, message: MessageView) -> bool:
    """Whether this reply makes dig try the next server (+nofail), or at least say so."""
    return message.rcode() == dns.rcode.SERVFAIL and not lookup.rules.servfail_stops


def _servfail_tries_next(progress: _Progress, server: Server, index: int) -> bool:
    """Under +nofail a SERVFAIL sends dig to the next server, if there is one, and it says so."""
    from pydig.transport.servfail import servfail_comment

    lookup = progress.lookup
    trying_next = index + 1 < len(lookup.servers)
    comment = servfail_comment(lookup, server, trying_next=trying_next)
    if comment is not None:
        progress.note(comment)
    return trying_next


def _send_tcp(progress: _Progress, tries_left: int) -> Machine[Exchange]:
    from pydig.transport.servfail import ServfailReply  # +nofail's: loaded with TCP's modules

    lookup = progress.lookup
    index = 0
    while True:
        usable = _first_usable(progress, index)
        if usable is None:
            return progress.exchange()
        index = usable
        server = lookup.servers[index]
        try:
            yield from _tcp_exchange(progress, server)
            return progress.exchange()
        except ConnectFailed as exc:
            step = _setup_failed(progress, server, f"{exc}", tries_left, index, "Connection to")
            if step is None:
                return progress.exchange(failure=NO_SERVERS, banner_first=False)
            tries_left, index = step
        except (Timeout, ConnectionClosed, OSError) as exc:
            _communications_error(progress, server, exc)
            if tries_left > 1:
                tries_left -= 1
                index = 0
                continue
            if index + 1 < len(lookup.servers):
                index += 1
                continue
            return progress.exchange(failure=NO_SERVERS)
        except ServfailReply as servfail:
            if _servfail_tries_next(progress, server, index):
                index += 1
                continue
            progress.events.append(Answer(servfail.reply))
            return progress.exchange()
        except LookupCancelled as cancel:
            return progress.exchange(cancelled=True, answered=cancel.answered)
        except CertificateRejected as exc:
            progress.note(str(exc))
            return progress.exchange(cancelled=True)


def _send_udp(progress: _Progress, begun: Begun | None) -> Machine[Exchange]:
    lookup = progress.lookup
    tries_left = lookup.tries
    index = 0
    while True:
        usable = _first_usable(progress, index)
        if usable is None:
            return progress.exchange()
        index = usable
        server = lookup.servers[index]
        first_try, begun = begun, None
        try:
            reply = yield from _udp_try(progress, server, first_try)
        except ConnectFailed as exc:
            step = _setup_failed(progress, server, f"{exc}", tries_left, index, "UDP setup with")
            if step is None:
                return progress.exchange(failure=NO_SERVERS, banner_first=False)
            tries_left, index = step
            continue
        except (Timeout, Refused, OSError) as exc:
            _communications_error(progress, server, exc)
            if tries_left > 1:
                tries_left -= 1
                continue
            if index + 1 < len(lookup.servers):
                index += 1
                continue
            return progress.exchange(failure=NO_SERVERS)
        except LookupCancelled:
            return progress.exchange(cancelled=True)
        version = _badvers_version(lookup, reply.message)
        if version is not None:
            raise EdnsRetry(version)
        truncated = bool(reply.message.flags & dns.flags.TC)
        if truncated and not lookup.ignore_truncation:
            # dig asks again over TCP as a new query, with the server's cookie.
            progress.lookup, warnings = truncated_retry(lookup, reply.message)
            for line in warnings:
                progress.note(line)
            if lookup.display.comments:
                progress.note(";; Truncated, retrying in TCP mode.")
            return (yield from _send_tcp(progress, tries_left))
        if moves_on(lookup, reply.message) and _servfail_tries_next(progress, server, index):
            index += 1
            continue
        verifier = _verifier(lookup.query, transfer=False)
        progress.events.append(Answer(_checked(reply, verifier)))
        return progress.exchange()


def ask(lookup: Lookup, begun: Begun | None = None) -> Machine[Exchange]:
    """Ask the lookup's servers as dig does and report everything that happened; `begun`:
    over UDP, from a first try already sent to the first server."""
    progress = _Progress(lookup)
    if not lookup.servers:
        return progress.exchange(failure=NO_SERVERS)
    try:
        if lookup.tcp:
            return (yield from _send_tcp(progress, lookup.tries))
        return (yield from _send_udp(progress, begun))
    except EdnsRetry as retry:
        if lookup.display.comments:
            progress.note(f";; BADVERS, retrying with EDNS version {retry.version}.")
        again = yield from ask(_with_edns_version(progress.lookup, retry.version))
        return replace(again, events=(*progress.events, *again.events))

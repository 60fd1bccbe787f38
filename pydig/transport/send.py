"""dig's way of asking: tries, next server, TCP after truncation, and what it says on the way.

The retry rules follow BIND 9.18's dighost.c: a UDP lookup tries its first
server `tries` times and every later server once; a TCP lookup that fails
starts again from the first server while tries remain.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime

import dns.exception
import dns.flags
import dns.message
import dns.rdataclass
import dns.rdatatype

import pydig.rdtypes  # noqa: F401 - registers MB, MINFO… before any reply is parsed
from pydig.exchange import Answer, Event, Exchange, Lookup, Note, QuerySent, Reply, Server
from pydig.transport.transfer import TransferFailed, TransferTracker
from pydig.transport.wire import (
    ConnectFailed,
    ConnectionClosed,
    Refused,
    Timeout,
    tcp_connection,
    tcp_receive,
    tcp_send,
    udp_exchange_datagrams,
    udp_socket,
)

HEADER_SIZE = 12
NO_SERVERS = ";; no servers could be reached"


class BadPacket(Exception):
    """A reply dnspython could not parse; dig's ";; Got bad packet"."""


class LookupCancelled(Exception):
    """dig gives up on this lookup without trying another server."""


def socket_text(address: str, port: int) -> str:
    """An address and port as BIND's isc_sockaddr_format writes them."""
    return f"{address}#{port}"


@dataclass
class _Progress:
    """What one lookup has met so far, in the order dig prints it."""

    lookup: Lookup
    events: list[Event] = field(default_factory=list)

    def note(self, line: str) -> None:
        self.events.append(Note(line))

    def exchange(
        self, *, failure: str | None = None, banner_first: bool = True, cancelled: bool = False
    ) -> Exchange:
        return Exchange(
            lookup=self.lookup,
            events=tuple(self.events),
            failure=failure,
            banner_before_failure=banner_first,
            cancelled=cancelled,
        )


def _parse(wire: bytes) -> dns.message.Message:
    try:
        return dns.message.from_wire(wire, one_rr_per_rrset=True, ignore_trailing=True)
    except (dns.exception.DNSException, EOFError, ValueError, KeyError, OverflowError) as exc:
        text = str(exc) or type(exc).__name__
        raise BadPacket(text[0].lower() + text[1:]) from None


def _question_mismatch(lookup: Lookup, reply: dns.message.Message) -> str | None:
    """dig's warning when the reply answers another question; None when it matches."""
    asked = lookup.query.question[0]
    for rrset in reply.question:
        if (rrset.name, rrset.rdtype, rrset.rdclass) != (asked.name, asked.rdtype, asked.rdclass):
            return (
                f";; ;; Question section mismatch: got {rrset.name}/"
                f"{dns.rdatatype.to_text(rrset.rdtype)}/{dns.rdataclass.to_text(rrset.rdclass)}"
            )
    return None


def _reply(
    lookup: Lookup, server: Server, wire: bytes, message: dns.message.Message,
    transport: str, started: float,
) -> Reply:  # fmt: skip
    return Reply(
        message=message,
        wire=wire,
        server=server,
        port=lookup.port,
        transport=transport,
        elapsed=time.perf_counter() - started,
        received_at=datetime.now().astimezone(),
    )


def _udp_try(progress: _Progress, server: Server) -> Reply:
    lookup = progress.lookup
    query_id = lookup.query.id
    deadline = time.monotonic() + lookup.timeout
    started = time.perf_counter()
    with udp_socket(server.address, lookup.port, lookup.source) as sock:
        progress.events.append(QuerySent("UDP"))
        for wire in udp_exchange_datagrams(sock, lookup.query.to_wire(), deadline):
            if len(wire) < HEADER_SIZE:
                progress.note(";; Warning: short (< header size) message received")
                continue
            reply_id = int.from_bytes(wire[:2], "big")
            if reply_id != query_id:
                progress.note(f";; Warning: ID mismatch: expected ID {query_id}, got {reply_id}")
                continue
            if not wire[2] & 0x80:
                progress.note(";; Warning: query response not set")
            message = _parse(wire)
            mismatch = _question_mismatch(lookup, message)
            if mismatch is not None:
                progress.note(mismatch)
                continue
            return _reply(lookup, server, wire, message, "UDP", started)
    raise Timeout  # not reached: the datagram loop ends only by raising


def _tcp_exchange(progress: _Progress, server: Server) -> None:
    """One TCP exchange: a single reply, or every message of a zone transfer."""
    lookup = progress.lookup
    deadline = time.monotonic() + lookup.timeout
    started = time.perf_counter()
    tracker = TransferTracker(ixfr_serial=lookup.ixfr_serial)
    first = True
    with tcp_connection(server.address, lookup.port, lookup.source, deadline) as sock:
        tcp_send(sock, lookup.query.to_wire())
        progress.events.append(QuerySent("TCP"))
        while True:
            wire = tcp_receive(sock, deadline)
            if len(wire) < HEADER_SIZE:
                progress.note(";; ERROR: short (< header size) message")
                raise LookupCancelled
            reply_id = int.from_bytes(wire[:2], "big")
            if reply_id != lookup.query.id:
                severity = "ERROR" if first else "WARNING"
                progress.note(
                    f";; {severity}: ID mismatch: expected ID {lookup.query.id}, got {reply_id}"
                )
                if first:
                    raise LookupCancelled
            message = _parse(wire)
            if not lookup.is_transfer:
                mismatch = _question_mismatch(lookup, message)
                if mismatch is not None:
                    progress.note(mismatch)
                    raise LookupCancelled
            progress.events.append(Answer(_reply(lookup, server, wire, message, "TCP", started)))
            if not lookup.is_transfer:
                return
            first = False
            try:
                if tracker.feed(message):
                    return
            except TransferFailed as exc:
                progress.note(str(exc))
                raise LookupCancelled from None
            # dig waits four times the timeout for the rest of a transfer.
            deadline = time.monotonic() + 4 * lookup.timeout


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


def _send_tcp(progress: _Progress, tries_left: int) -> Exchange:
    lookup = progress.lookup
    index = 0
    while True:
        server = lookup.servers[index]
        try:
            _tcp_exchange(progress, server)
            return progress.exchange()
        except ConnectFailed as exc:
            progress.note(
                f";; Connection to {socket_text(server.address, lookup.port)}({server.label}) "
                f"for {lookup.qname_text} failed: {exc}."
            )
            if tries_left > 1:
                tries_left -= 1
                index = 0
                progress.note(NO_SERVERS)  # dig 9.18 says so even as it tries again
                continue
            if index + 1 < len(lookup.servers):
                index += 1
                continue
            return progress.exchange(failure=NO_SERVERS, banner_first=False)
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
        except BadPacket as exc:
            progress.note(f";; Got bad packet: {exc}")
            return progress.exchange(cancelled=True)
        except LookupCancelled:
            return progress.exchange(cancelled=True)


def _send_udp(progress: _Progress) -> Exchange:
    lookup = progress.lookup
    tries_left = lookup.tries
    index = 0
    while True:
        server = lookup.servers[index]
        try:
            reply = _udp_try(progress, server)
        except (Timeout, Refused, OSError) as exc:
            _communications_error(progress, server, exc)
            if tries_left > 1:
                tries_left -= 1
                continue
            if index + 1 < len(lookup.servers):
                index += 1
                continue
            return progress.exchange(failure=NO_SERVERS)
        except BadPacket as exc:
            progress.note(f";; Got bad packet: {exc}")
            return progress.exchange(cancelled=True)
        truncated = bool(reply.message.flags & dns.flags.TC)
        if truncated and not lookup.ignore_truncation:
            if lookup.display.comments:
                progress.note(";; Truncated, retrying in TCP mode.")
            return _send_tcp(progress, tries_left)
        progress.events.append(Answer(reply))
        return progress.exchange()


def send(lookup: Lookup) -> Exchange:
    """Ask the lookup's servers as dig does and report everything that happened."""
    progress = _Progress(lookup)
    if not lookup.servers:
        return progress.exchange(failure=NO_SERVERS)
    if lookup.tcp:
        return _send_tcp(progress, lookup.tries)
    return _send_udp(progress)

"""The connection a TCP-style lookup talks over: plain TCP, DNS over TLS, or DNS over HTTP(S).

Each moves whole DNS messages and says what dig's SERVER line calls it, so that
one exchange loop (send.py) serves all three with dig's checks on every reply.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Protocol

from pydig.immutable import mutable
from pydig.model.exchange import Lookup, Server
from pydig.transport.keepopen import kept_connection
from pydig.transport.sockets import tcp_connection, tcp_receive, tcp_send


class Stream(Protocol):
    label: str  # "TCP", "TLS", "HTTPS", "HTTPS-GET", "HTTP" or "HTTP-GET"

    def send(self, message: bytes) -> None: ...

    def receive(self, deadline: float) -> bytes: ...


@mutable
class SocketStream:
    """Length-prefixed messages over a TCP socket, or over TLS on one (RFC 7858)."""

    sock: socket.socket
    label: str

    def send(self, message: bytes) -> None:
        tcp_send(self.sock, message)

    def receive(self, deadline: float) -> bytes:
        return tcp_receive(self.sock, deadline)


@contextlib.contextmanager
def open_stream(lookup: Lookup, server: Server, deadline: float) -> Iterator[Stream]:
    """Connect as the lookup asks; the TLS and HTTP modules load only when used."""
    secure = lookup.secure
    label = secure.label() or "TCP"
    if secure.is_http:
        from pydig.transport.https import HttpStream

        yield HttpStream(lookup, server, label)
        return
    if lookup.keep_open and not secure.is_tls:
        with kept_connection(server.address, lookup.port, lookup.source, deadline) as sock:
            yield SocketStream(sock, label)
        return
    with tcp_connection(server.address, lookup.port, lookup.source, deadline) as sock:
        if not secure.is_tls:
            yield SocketStream(sock, label)
            return
        from pydig.transport.tls import start_tls

        with start_tls(sock, lookup, server, deadline) as tls:
            yield SocketStream(tls, label)

"""The connection a TCP-style lookup talks over: plain TCP, DNS over TLS, or DNS over HTTP(S).

Plain TCP runs in the event loop (engine.py), from the socket `plain_connection` starts.
DNS over TLS and over HTTP(S) are blocking clients, whose libraries own the connection:
each moves whole DNS messages and says what dig's SERVER line calls it, so that one
exchange machine (send.py) serves all three with dig's checks on every reply.
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator
from typing import Protocol

from pydig.immutable import mutable
from pydig.model.exchange import Lookup, Server
from pydig.transport import keepopen
from pydig.transport.sockets import tcp_connection, tcp_receive, tcp_send, wait_connected


class Stream(Protocol):
    label: str  # "TLS", "HTTPS", "HTTPS-GET", "HTTP" or "HTTP-GET"

    def send(self, message: bytes, deadline: float) -> None: ...

    def receive(self, deadline: float) -> bytes: ...


@mutable
class SocketStream:
    """Length-prefixed messages over TLS on a TCP socket (RFC 7858), blocking."""

    sock: socket.socket
    label: str

    def send(self, message: bytes, deadline: float) -> None:
        tcp_send(self.sock, message, deadline)

    def receive(self, deadline: float) -> bytes:
        return tcp_receive(self.sock, deadline)


def stream_label(lookup: Lookup) -> str:
    return lookup.secure.label() or "TCP"


def in_loop(lookup: Lookup) -> bool:
    """Whether the lookup's TCP-style connection runs in the event loop: plain TCP does."""
    return not (lookup.secure.is_http or lookup.secure.is_tls)


def plain_connection(lookup: Lookup, server: Server, deadline: float) -> socket.socket:
    """A plain TCP connection under way, or a new one that +keepopen keeps afterwards."""
    if lookup.keep_open:
        return keepopen.connect_to_keep(server.address, lookup.port, lookup.source, deadline)
    return tcp_connection(server.address, lookup.port, lookup.source, deadline)


@contextlib.contextmanager
def open_stream(lookup: Lookup, server: Server, deadline: float) -> Iterator[Stream]:
    """Connect a blocking client; the TLS and HTTP modules load only when used."""
    label = stream_label(lookup)
    if lookup.secure.is_http:
        from pydig.transport.https import HttpStream

        yield HttpStream(lookup, server, label)
        return
    from pydig.transport.tls import start_tls

    with contextlib.closing(
        tcp_connection(server.address, lookup.port, lookup.source, deadline)
    ) as sock:
        wait_connected(sock, deadline)
        with start_tls(sock, lookup, server, deadline) as tls:
            yield SocketStream(tls, label)

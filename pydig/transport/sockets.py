"""Sockets for one DNS exchange over UDP or TCP, with absolute deadlines.

dnspython builds and parses every message; these helpers only move bytes, so
that pydig can report what dig reports about each datagram it meets.
"""

from __future__ import annotations

import contextlib
import errno
import socket
import time
from collections.abc import Iterator

UDP_RECEIVE_SIZE = 65535


class Timeout(Exception):
    """timed out"""


class Refused(Exception):
    """connection refused"""


class ConnectionClosed(Exception):
    """end of file"""


class ConnectFailed(Exception):
    """A TCP connection that could not be made; the argument is dig's reason."""


class CertificateRejected(Exception):
    """The server's TLS certificate failed verification; the argument is dig's line for it.
    dig ends the lookup there, without trying again."""


def _family(address: str) -> socket.AddressFamily:
    return socket.AF_INET6 if ":" in address else socket.AF_INET


def _remaining(deadline: float) -> float:
    left = deadline - time.monotonic()
    if left <= 0:
        raise Timeout
    return left


def _bind(sock: socket.socket, source: tuple[str, int] | None) -> None:
    """-b: the source address, or ConnectFailed with dig's words (an address the host
    does not have is "address not available")."""
    if source is None:
        return
    try:
        sock.bind(source)
    except OSError as exc:
        reason = _BIND_REASONS.get(exc.errno or 0, (exc.strerror or "unexpected error").lower())
        raise ConnectFailed(reason) from None


_BIND_REASONS = {errno.EADDRNOTAVAIL: "address not available", errno.EADDRINUSE: "address in use"}


@contextlib.contextmanager
def udp_socket(address: str, port: int, source: tuple[str, int] | None) -> Iterator[socket.socket]:
    """A UDP socket connected to the server: the kernel drops datagrams from other sources.
    ConnectFailed when the -b address cannot be used (dig's "UDP setup ... failed")."""
    sock = socket.socket(_family(address), socket.SOCK_DGRAM)
    try:
        _bind(sock, source)
        sock.connect((address, port))
        yield sock
    finally:
        sock.close()


def udp_exchange_datagrams(sock: socket.socket, query: bytes, deadline: float) -> Iterator[bytes]:
    """Send the query, then yield each datagram that arrives before the deadline."""
    try:
        sock.send(query)
        while True:
            sock.settimeout(_remaining(deadline))
            try:
                yield sock.recv(UDP_RECEIVE_SIZE)
            except TimeoutError:
                raise Timeout from None
    except ConnectionRefusedError:
        raise Refused from None


@contextlib.contextmanager
def tcp_connection(
    address: str, port: int, source: tuple[str, int] | None, deadline: float
) -> Iterator[socket.socket]:
    sock = socket.socket(_family(address), socket.SOCK_STREAM)
    try:
        _bind(sock, source)
        sock.settimeout(_remaining(deadline))
        try:
            sock.connect((address, port))
        except ConnectionRefusedError:
            raise ConnectFailed("connection refused") from None
        except TimeoutError:
            raise ConnectFailed("timed out") from None
        except OSError as exc:
            raise ConnectFailed((exc.strerror or "unexpected error").lower()) from None
        yield sock
    finally:
        sock.close()


def tcp_send(sock: socket.socket, message: bytes) -> None:
    sock.sendall(len(message).to_bytes(2, "big") + message)


def _read_exactly(sock: socket.socket, count: int, deadline: float) -> bytes:
    chunks = bytearray()
    while len(chunks) < count:
        sock.settimeout(_remaining(deadline))
        try:
            chunk = sock.recv(count - len(chunks))
        except TimeoutError:
            raise Timeout from None
        except ConnectionResetError:
            raise ConnectionClosed from None
        if not chunk:
            raise ConnectionClosed
        chunks += chunk
    return bytes(chunks)


def tcp_receive(sock: socket.socket, deadline: float) -> bytes:
    """One length-prefixed message; the deadline is absolute, so a slow drip cannot stretch it."""
    length = int.from_bytes(_read_exactly(sock, 2, deadline), "big")
    return _read_exactly(sock, length, deadline)

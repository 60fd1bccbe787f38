"""Sockets for DNS exchanges over UDP and TCP, non-blocking, for the loop that drives them.

dnspython builds and parses every message; these helpers only open sockets and move
bytes, so that pydig can report what dig reports about each datagram it meets.  Each
UDP query leaves from a source port of the kernel's choosing, on a socket of its own
or one the engine keeps and connects again (udp_disconnector): the random port that,
with the random ID, makes a forged reply hard to get accepted.
"""

from __future__ import annotations

import _socket
import errno
import os
import select
import socket
import sys
import time
from collections.abc import Callable

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


def remaining(deadline: float) -> float:
    """Seconds left before the deadline; Timeout once it has passed."""
    left = deadline - time.perf_counter()
    if left <= 0:
        raise Timeout
    return left


def _bind(sock: _socket.socket, source: tuple[str, int] | None) -> None:
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
# Linux makes a socket non-blocking as it makes it, one system call fewer a lookup.
_NON_BLOCKING = getattr(socket, "SOCK_NONBLOCK", 0)
_UDP = socket.SOCK_DGRAM | _NON_BLOCKING
_INET, _INET6 = socket.AF_INET, socket.AF_INET6


def udp_socket(address: str, port: int, source: tuple[str, int] | None) -> _socket.socket:
    """A non-blocking UDP socket connected to the server: the kernel drops datagrams
    from other sources.  ConnectFailed when the -b address cannot be used (dig's "UDP
    setup ... failed").  The C socket type itself, not socket.socket, whose __init__ and
    close are Python a lookup could do without: the engine only sends, receives and
    closes it."""
    sock = _socket.socket(_INET6 if ":" in address else _INET, _UDP)
    try:
        if not _NON_BLOCKING:
            sock.setblocking(False)
        if source is not None:
            _bind(sock, source)
        sock.connect((address, port))
    except BaseException:
        sock.close()
        raise
    return sock


def udp_disconnector() -> Callable[[int], bool] | None:
    """What lets go of a connected UDP socket's server and source port, the socket kept
    (connect(2) to an address whose family is AF_UNSPEC), so that the next connect()
    gives it a new random port of the kernel's choosing: a lookup's fresh port without a
    socket made and closed for it, which costs the kernel three times as much.  Python's
    connect() cannot name AF_UNSPEC, hence libc's, through ctypes.  Only Linux lets go
    of the port (BSD's keep it); None where it cannot be done."""
    if sys.platform != "linux":
        return None
    try:
        import ctypes

        connect = ctypes.CDLL(None).connect
    except (ImportError, OSError, AttributeError):
        return None
    unspecified = ctypes.create_string_buffer(16)  # all zeros: sa_family is AF_UNSPEC
    size = len(unspecified)

    def disconnect(descriptor: int) -> bool:
        """Whether the socket let go of its server and port."""
        return connect(descriptor, unspecified, size) == 0  # type: ignore[no-any-return]

    return disconnect


def _reason(code: int) -> str:
    return {errno.ECONNREFUSED: "connection refused", errno.ETIMEDOUT: "timed out"}.get(
        code, os.strerror(code).lower()
    )


def tcp_connection(
    address: str, port: int, source: tuple[str, int] | None, deadline: float
) -> socket.socket:
    """A non-blocking TCP socket whose connection is under way (or made): the caller waits
    until it is writable, then asks `connect_error`.  ConnectFailed when it fails at once."""
    sock = socket.socket(_family(address), socket.SOCK_STREAM)
    try:
        _bind(sock, source)
        sock.setblocking(False)
        code = sock.connect_ex((address, port))
    except ConnectFailed:
        sock.close()
        raise
    except OSError as exc:
        sock.close()
        raise ConnectFailed((exc.strerror or "unexpected error").lower()) from None
    if code not in (0, errno.EINPROGRESS, errno.EAGAIN):
        sock.close()
        raise ConnectFailed(_reason(code))
    return sock


def connect_error(sock: _socket.socket) -> ConnectFailed | None:
    """Why a connection that became writable failed, or None when it is made."""
    code = sock.getsockopt(socket.SOL_SOCKET, socket.SO_ERROR)
    return ConnectFailed(_reason(code)) if code else None


def wait_connected(sock: socket.socket, deadline: float) -> None:
    """Block until the connection tcp_connection started is made (DNS over TLS, whose
    library owns the connection after this)."""
    try:
        left = remaining(deadline)
    except Timeout:
        raise ConnectFailed("timed out") from None
    _, writable, _ = select.select([], [sock], [], left)
    if not writable:
        raise ConnectFailed("timed out")
    failure = connect_error(sock)
    if failure is not None:
        raise failure


def framed(message: bytes) -> bytes:
    """A DNS message as TCP carries it: its length first (RFC 1035 4.2.2)."""
    return len(message).to_bytes(2, "big") + message


def unframed(buffer: bytearray) -> bytes | None:
    """The first whole message in what a TCP connection has delivered, taken out of the
    buffer; None while it is incomplete."""
    if len(buffer) < 2:
        return None
    length = int.from_bytes(buffer[:2], "big")
    if len(buffer) < 2 + length:
        return None
    message = bytes(buffer[2 : 2 + length])
    del buffer[: 2 + length]
    return message


def _read_exactly(sock: socket.socket, count: int, deadline: float) -> bytes:
    chunks = bytearray()
    while len(chunks) < count:
        sock.settimeout(remaining(deadline))
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
    """One length-prefixed message, blocking (DNS over TLS); the deadline is absolute, so
    a slow drip cannot stretch it."""
    length = int.from_bytes(_read_exactly(sock, 2, deadline), "big")
    return _read_exactly(sock, length, deadline)


def tcp_send(sock: _socket.socket, message: bytes, deadline: float) -> None:
    """The whole message, framed, before the deadline."""
    try:
        sock.settimeout(remaining(deadline))
        sock.sendall(framed(message))
    except TimeoutError:
        raise Timeout from None

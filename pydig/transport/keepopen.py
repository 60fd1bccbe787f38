"""+keepopen: one TCP connection, kept open for the next lookup to the same server.

dig keeps the connection of its last TCP lookup in one process-wide slot
(dighost.c `keep`, `keepaddr`) and sends the next TCP query to the same address
and port down it.  A query to another server closes it and opens a new one; a
connection that fails is dropped, so a retry connects afresh.  The run closes
what is left when it ends (`close_kept_connection`).
"""

from __future__ import annotations

import contextlib
import socket
from collections.abc import Iterator

from pydig.immutable import mutable
from pydig.transport.sockets import tcp_connection


@mutable
class _Kept:
    """The TCP connection +keepopen holds between lookups, and how to close it."""

    address: tuple[str, int]
    sock: socket.socket
    closer: contextlib.ExitStack


_kept: _Kept | None = None


def close_kept_connection() -> None:
    """Close the kept connection, if any."""
    global _kept
    if _kept is not None:
        _kept.closer.close()
        _kept = None


@contextlib.contextmanager
def kept_connection(
    address: str, port: int, source: tuple[str, int] | None, deadline: float
) -> Iterator[socket.socket]:
    """The kept connection to address#port, or a new one that is kept afterwards."""
    global _kept
    if _kept is None or _kept.address != (address, port):
        close_kept_connection()
        closer = contextlib.ExitStack()
        sock = closer.enter_context(tcp_connection(address, port, source, deadline))
        _kept = _Kept((address, port), sock, closer)
    try:
        yield _kept.sock
    except BaseException:
        close_kept_connection()
        raise

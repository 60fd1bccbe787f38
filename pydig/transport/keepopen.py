"""+keepopen: one TCP connection, kept open for the next lookup to the same server.

dig keeps the connection of its last TCP lookup in one process-wide slot
(dighost.c `keep`, `keepaddr`) and sends the next TCP query to the same address
and port down it.  A query to another server closes it and opens a new one; a
connection that fails is dropped, so a retry connects afresh.  The run closes
what is left when it ends (`close_kept_connection`).
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

from pydig.immutable import mutable
from pydig.transport.sockets import tcp_connection

if TYPE_CHECKING:  # for the type checker only: a Protocol costs a start to define
    from typing import Protocol

    class Closable(Protocol):
        def close(self) -> None: ...


@mutable
class _Kept:
    """The TCP connection +keepopen holds between lookups."""

    address: tuple[str, int]
    connection: Closable


_kept: _Kept | None = None


def close_kept_connection() -> None:
    """Close the kept connection, if any."""
    global _kept
    if _kept is not None:
        _kept.connection.close()
        _kept = None


def kept_connection(address: str, port: int) -> Closable | None:
    """The connection kept to address#port, if any; one to another server is closed."""
    if _kept is not None and _kept.address == (address, port):
        return _kept.connection
    close_kept_connection()
    return None


def is_kept(connection: object) -> bool:
    return _kept is not None and _kept.connection is connection


def connect_to_keep(
    address: str, port: int, source: tuple[str, int] | None, deadline: float
) -> socket.socket:
    """A new connection to address#port (under way, as tcp_connection leaves it), to keep."""
    return tcp_connection(address, port, source, deadline)


def keep(address: str, port: int, connection: Closable) -> None:
    """Keep this connection for the next lookup to address#port."""
    global _kept
    close_kept_connection()
    _kept = _Kept((address, port), connection)

"""A DNS over TLS or HTTP(S) client's connection as the engine holds it: its library's
stream, used as it blocks, and what closes it.  Loaded with the first such lookup: a
lookup over UDP or plain TCP never needs it."""

from __future__ import annotations

import contextlib

from pydig.immutable import mutable
from pydig.model.exchange import Lookup, Server
from pydig.transport.stream import Stream, open_stream


@mutable(eq=False)
class BlockingConnection:
    """A TLS or HTTP(S) client's connection, used as it blocks."""

    stream: Stream
    closer: contextlib.ExitStack

    def close(self) -> None:
        self.closer.close()


def blocking_connection(lookup: Lookup, server: Server, deadline: float) -> BlockingConnection:
    """The client connected (open_stream), or its error once what it opened is closed."""
    closer = contextlib.ExitStack()
    with closer:
        stream = closer.enter_context(open_stream(lookup, server, deadline))
        return BlockingConnection(stream, closer.pop_all())

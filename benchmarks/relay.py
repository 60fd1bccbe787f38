"""A UDP relay on loopback that holds every datagram for a while: a network with a round
trip time, for the benchmarks that show what concurrency is for.

    python benchmarks/relay.py LISTEN_PORT UPSTREAM_PORT DELAY_MS

Queries to 127.0.0.1:LISTEN_PORT reach named on 127.0.0.1:UPSTREAM_PORT DELAY_MS/2
later, and each reply reaches its client DELAY_MS/2 after named sent it.  UDP only.
"""

from __future__ import annotations

import asyncio
import sys

ADDRESS = "127.0.0.1"


class _Upstream(asyncio.DatagramProtocol):
    """The relay's socket towards named for one client: replies go back after the delay."""

    def __init__(self, relay: _Relay, client: tuple[str, int]) -> None:
        self.relay = relay
        self.client = client
        self.transport: asyncio.BaseTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.relay.later(lambda: self.relay.reply(data, self.client))
        # One reply per query: the socket goes, so thousands of lookups use few.
        self.relay.upstreams.pop(self.client, None)
        assert self.transport is not None
        self.transport.close()


class _Relay(asyncio.DatagramProtocol):
    def __init__(self, upstream_port: int, delay: float) -> None:
        self.upstream_port = upstream_port
        self.half = delay / 2
        self.loop = asyncio.get_running_loop()
        self.upstreams: dict[tuple[str, int], asyncio.DatagramTransport] = {}
        self.transport: asyncio.DatagramTransport | None = None

    def connection_made(self, transport: asyncio.BaseTransport) -> None:
        self.transport = transport  # type: ignore[assignment]  # a datagram transport

    def later(self, action: object) -> None:
        self.loop.call_later(self.half, action)  # type: ignore[arg-type]

    def reply(self, data: bytes, client: tuple[str, int]) -> None:
        assert self.transport is not None
        self.transport.sendto(data, client)

    def datagram_received(self, data: bytes, addr: tuple[str, int]) -> None:
        self.later(lambda: self.loop.create_task(self.forward(data, addr)))

    async def forward(self, data: bytes, client: tuple[str, int]) -> None:
        upstream = self.upstreams.get(client)
        if upstream is None:
            upstream, _ = await self.loop.create_datagram_endpoint(
                lambda: _Upstream(self, client), remote_addr=(ADDRESS, self.upstream_port)
            )
            self.upstreams[client] = upstream
        upstream.sendto(data)


async def serve(listen_port: int, upstream_port: int, delay_ms: float) -> None:
    loop = asyncio.get_running_loop()
    await loop.create_datagram_endpoint(
        lambda: _Relay(upstream_port, delay_ms / 1000), local_addr=(ADDRESS, listen_port)
    )
    print("ready", flush=True)
    await asyncio.Event().wait()


if __name__ == "__main__":
    listen, upstream, delay = int(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3])
    asyncio.run(serve(listen, upstream, delay))

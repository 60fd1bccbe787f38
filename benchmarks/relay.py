"""A UDP relay on loopback that holds every datagram for a while, drops some, and counts
the queries: a network with a round trip time and losses, for the benchmarks that show
what concurrency and pacing are for.

    python benchmarks/relay.py LISTEN_PORT UPSTREAM_PORT DELAY_MS [--drop P] [--seed S]

Queries to 127.0.0.1:LISTEN_PORT reach named on 127.0.0.1:UPSTREAM_PORT DELAY_MS/2
later, and each reply reaches its client DELAY_MS/2 after named sent it.  With --drop,
each datagram (query or reply) is lost with probability P, drawn from a generator seeded
with S.  UDP only.

It prints "ready" once it listens.  On SIGTERM it prints one JSON line and exits: how
many queries arrived, the most that arrived in any one-second window (sliding, not
aligned to whole seconds; each query timed as the kernel received it, so a relay that
reads its socket late on a busy machine does not count a backlog as one burst), the
seconds from the first query to the last and to the first query for the last new name
(a sweep's retries come after that), and the question name of every datagram it
dropped.

One socket faces the clients and one faces named: each query goes on with an ID of the
relay's own, and its reply goes back with the client's ID to the client's address, so
thousands of clients (a socket for each query) cost no sockets here.  One thread, one
selector, a heap of datagrams waiting for their time.
"""

from __future__ import annotations

import argparse
import heapq
import itertools
import json
import random
import selectors
import signal
import socket
import struct
import sys
import time
from collections.abc import Sequence

ADDRESS = "127.0.0.1"
_ID = struct.Struct("!H")
_HEADER = 12
# The kernel's time of each datagram's arrival (a struct timespec in the ancillary data):
# Python names the option on some builds only; 35 is Linux's number for it.
_SO_TIMESTAMPNS = getattr(socket, "SO_TIMESTAMPNS", 35)
_TIMESPEC = struct.Struct("@qq")
_STAMP_SPACE = socket.CMSG_SPACE(_TIMESPEC.size)


def busiest_second(arrivals: Sequence[float]) -> int:
    """The most arrivals in any window [t, t + 1 s) (arrivals in order)."""
    busiest, first = 0, 0
    for last, arrived in enumerate(arrivals):
        while arrivals[first] <= arrived - 1.0:
            first += 1
        busiest = max(busiest, last - first + 1)
    return busiest


def question_name(wire: bytes) -> str:
    """The first question's name as text (the reverse name of a sweep's address)."""
    labels, at = [], _HEADER
    while at < len(wire) and wire[at]:
        length = wire[at]
        labels.append(wire[at + 1 : at + 1 + length].decode("ascii", "replace"))
        at += 1 + length
    return ".".join(labels) + "."


def _arrived(ancillary: list[tuple[int, int, bytes]]) -> float:
    """When the kernel received the datagram (its clock of the day), or now if it did
    not say."""
    for level, kind, data in ancillary:
        if level == socket.SOL_SOCKET and kind == _SO_TIMESTAMPNS:
            seconds, nanoseconds = _TIMESPEC.unpack_from(data)
            return seconds + nanoseconds / 1e9
    return time.time()


class Relay:
    def __init__(self, listen_port: int, upstream_port: int, delay: float, drop: float,
                 seed: int) -> None:  # fmt: skip
        self.clients = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.clients.bind((ADDRESS, listen_port))
        self.upstream = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self.upstream.connect((ADDRESS, upstream_port))
        for sock in (self.clients, self.upstream):
            sock.setblocking(False)
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 * 1024 * 1024)
        self.clients.setsockopt(socket.SOL_SOCKET, _SO_TIMESTAMPNS, 1)
        self.half = delay / 2
        self.drop = drop
        self.random = random.Random(seed)
        self.ids = itertools.cycle(range(65536))
        self.waiting: dict[int, tuple[tuple[str, int], bytes]] = {}  # relay ID -> client
        self.due: list[tuple[float, int, socket.socket, bytes, tuple[str, int] | None]] = []
        self.order = itertools.count()
        self.arrivals: list[float] = []
        self.names: set[str] = set()
        self.last_new = 0.0  # when the last name not asked before arrived
        self.dropped: list[str] = []
        self.selector = selectors.DefaultSelector()
        self.selector.register(self.clients, selectors.EVENT_READ, self._query)
        self.selector.register(self.upstream, selectors.EVENT_READ, self._reply)

    def run(self, stop: list[bool]) -> None:
        while not stop:
            timeout = max(self.due[0][0] - time.monotonic(), 0.0) if self.due else 0.5
            for key, _ in self.selector.select(timeout):
                key.data()
            now = time.monotonic()
            while self.due and self.due[0][0] <= now:
                _, _, sock, data, address = heapq.heappop(self.due)
                if address is None:
                    sock.send(data)
                else:
                    sock.sendto(data, address)

    def _later(self, sock: socket.socket, data: bytes, address: tuple[str, int] | None) -> None:
        heapq.heappush(self.due, (time.monotonic() + self.half, next(self.order), sock, data,
                                  address))  # fmt: skip

    def _lost(self, data: bytes) -> bool:
        if self.drop and self.random.random() < self.drop:
            self.dropped.append(question_name(data))
            return True
        return False

    def _query(self) -> None:
        while True:
            try:
                data, ancillary, _, client = self.clients.recvmsg(65535, _STAMP_SPACE)
            except BlockingIOError:
                return
            self.arrivals.append(_arrived(ancillary))
            name = question_name(data)
            if name not in self.names:
                self.names.add(name)
                self.last_new = self.arrivals[-1]
            if len(data) < _HEADER or self._lost(data):
                continue
            ours = next(self.ids)
            while ours in self.waiting:
                ours = next(self.ids)
            self.waiting[ours] = (client, data[:2])
            self._later(self.upstream, _ID.pack(ours) + data[2:], None)

    def _reply(self) -> None:
        while True:
            try:
                data = self.upstream.recv(65535)
            except BlockingIOError:
                return
            except ConnectionRefusedError:
                continue
            if len(data) < _HEADER:
                continue
            client = self.waiting.pop(_ID.unpack_from(data)[0], None)
            if client is None or self._lost(data):
                continue
            address, their_id = client
            self._later(self.clients, their_id + data[2:], address)

    def report(self) -> str:
        first = self.arrivals[0] if self.arrivals else 0.0
        return json.dumps({
            "queries": len(self.arrivals),
            "busiest_second": busiest_second(self.arrivals),
            "seconds": (self.arrivals[-1] - first) if self.arrivals else 0.0,
            "last_new_name": self.last_new - first,
            "dropped": self.dropped,
        })  # fmt: skip


def main(argv: Sequence[str]) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("listen_port", type=int)
    parser.add_argument("upstream_port", type=int)
    parser.add_argument("delay_ms", type=float)
    parser.add_argument("--drop", type=float, default=0.0, help="probability of losing a datagram")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args(argv)
    relay = Relay(args.listen_port, args.upstream_port, args.delay_ms / 1000, args.drop, args.seed)
    stop: list[bool] = []
    signal.signal(signal.SIGTERM, lambda *_: stop.append(True))
    print("ready", flush=True)
    relay.run(stop)
    print(relay.report(), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])

"""A loopback DNS responder that replays recorded wire replies.

Serves fixtures/responses/*.bin (made by fixtures/record.py) over UDP and TCP on
127.0.0.1, so tests can pin down byte-exact replies without running named. A
query is matched on (qname lowercased, qtype, qclass); the reply goes out with
the query's message ID; anything unknown gets REFUSED.

    with ReplayServer() as replay:
        dig(f"@{replay.address}", "-p", str(replay.port), "example.test")

By hand: `PYTHONPATH=tests uv run python -m helpers.replay` prints the port and serves until Ctrl-C.
"""

from __future__ import annotations

import contextlib
import signal
import socket
import socketserver
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import TracebackType

import dns.edns
import dns.exception
import dns.flags
import dns.message
import dns.rcode

RESPONSES = Path(__file__).resolve().parents[2] / "fixtures" / "responses"

# The client cookie fixtures/record.py sends; replies carry it back in their COOKIE.
RECORDED_CLIENT_COOKIE = bytes.fromhex("0123456789abcdef")
# EDNS option COOKIE (10), length 24 (8 client + 16 server), then the client cookie.
_COOKIE_PREFIX = b"\x00\x0a\x00\x18" + RECORDED_CLIENT_COOKIE

Key = tuple[str, int, int]


def question_key(wire: bytes) -> Key:
    """(qname lowercased, qtype, qclass) of a message's first question."""
    message = dns.message.from_wire(wire, question_only=True)
    if not message.question:
        raise ValueError("message has no question")
    rrset = message.question[0]
    return (rrset.name.to_text().lower(), int(rrset.rdtype), int(rrset.rdclass))


@dataclass
class Recordings:
    """Recorded replies by question; a truncated (TC) reply is only sent over UDP."""

    udp: dict[Key, bytes] = field(default_factory=dict)
    tcp: dict[Key, bytes] = field(default_factory=dict)

    @classmethod
    def load(cls, directory: Path = RESPONSES) -> Recordings:
        recordings = cls()
        # Sorted so that, should two files hold the same question, the choice is stable.
        for path in sorted(directory.glob("*.bin")):
            wire = path.read_bytes()
            key = question_key(wire)
            truncated = bool(int.from_bytes(wire[2:4], "big") & dns.flags.TC)
            if truncated:
                recordings.udp[key] = wire  # the TC reply wins over UDP: that is what named sent
            else:
                recordings.udp.setdefault(key, wire)
                recordings.tcp.setdefault(key, wire)
        return recordings

    def reply(self, query: bytes, tcp: bool) -> bytes | None:
        """The reply to send for a query, or None to stay silent (unparsable query)."""
        try:
            message = dns.message.from_wire(query)
        except dns.exception.DNSException:
            return None
        if not message.question:
            return _refused(message)
        rrset = message.question[0]
        key = (rrset.name.to_text().lower(), int(rrset.rdtype), int(rrset.rdclass))
        wire = (self.tcp if tcp else self.udp).get(key)
        if wire is None:
            return _refused(message)
        return _personalise(wire, query, message)


def _refused(query: dns.message.Message) -> bytes:
    response = dns.message.make_response(query)
    response.set_rcode(dns.rcode.REFUSED)
    return response.to_wire()


def _personalise(wire: bytes, query: bytes, message: dns.message.Message) -> bytes:
    """The recorded reply with the query's ID and, if it sent one, its client cookie.

    Echoing the client cookie keeps dig (and pydig) from warning about a cookie
    mismatch; the bytes are patched in place so the rest stays byte-exact.
    """
    out = query[:2] + wire[2:]
    # By code and bytes: pydig reads options as BIND does, as GenericOption (wire/bind_options.py).
    cookie = next(
        (o.to_wire()[:8] for o in message.options if o.otype == dns.edns.OptionType.COOKIE), b""
    )
    if len(cookie) >= 8 and cookie[:8] != RECORDED_CLIENT_COOKIE:
        at = out.find(_COOKIE_PREFIX)
        if at >= 0:
            start = at + 4
            out = out[:start] + cookie[:8] + out[start + 8 :]
    return out


class _UDPHandler(socketserver.BaseRequestHandler):
    server: _UDPServer

    def handle(self) -> None:
        data, sock = self.request
        reply = self.server.recordings.reply(data, tcp=False)
        if reply is not None:
            sock.sendto(reply, self.client_address)


class _TCPHandler(socketserver.BaseRequestHandler):
    server: _TCPServer

    def handle(self) -> None:
        sock: socket.socket = self.request
        # A stuck client must not keep a handler thread alive forever.
        sock.settimeout(5)
        with contextlib.suppress(OSError):
            while True:  # several queries may share one connection (dig +keepopen)
                length = _recv_exactly(sock, 2)
                if length is None:
                    return
                query = _recv_exactly(sock, int.from_bytes(length, "big"))
                if query is None:
                    return
                reply = self.server.recordings.reply(query, tcp=True)
                if reply is None:
                    return
                sock.sendall(len(reply).to_bytes(2, "big") + reply)


def _recv_exactly(sock: socket.socket, size: int) -> bytes | None:
    data = b""
    while len(data) < size:
        chunk = sock.recv(size - len(data))
        if not chunk:
            return None
        data += chunk
    return data


class _UDPServer(socketserver.ThreadingUDPServer):
    daemon_threads = True
    block_on_close = False

    def __init__(self, address: tuple[str, int], recordings: Recordings) -> None:
        self.recordings = recordings
        super().__init__(address, _UDPHandler)


class _TCPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    block_on_close = False  # never wait on a client's open connection at stop()
    allow_reuse_address = True

    def __init__(self, address: tuple[str, int], recordings: Recordings) -> None:
        self.recordings = recordings
        super().__init__(address, _TCPHandler)


class ReplayServer:
    """Replays fixtures/responses on 127.0.0.1, one port for UDP and TCP."""

    def __init__(self, directory: Path = RESPONSES, address: str = "127.0.0.1") -> None:
        self.recordings = Recordings.load(directory)
        self.address = address
        self.port = 0
        self._servers: list[socketserver.BaseServer] = []
        self._threads: list[threading.Thread] = []

    def start(self) -> ReplayServer:
        if self._servers:
            return self
        tcp, udp = self._bind()
        self._servers = [tcp, udp]
        self.port = int(tcp.server_address[1])
        for server in self._servers:
            thread = threading.Thread(
                target=server.serve_forever,
                kwargs={"poll_interval": 0.05},
                name=f"replay-{type(server).__name__}-{self.port}",
                daemon=True,  # a forgotten stop() must not hang the interpreter
            )
            thread.start()
            self._threads.append(thread)
        return self

    def _bind(self) -> tuple[_TCPServer, _UDPServer]:
        # Take a free TCP port, then the same port for UDP; retry if UDP has it taken.
        for _ in range(50):
            tcp = _TCPServer((self.address, 0), self.recordings)
            try:
                udp = _UDPServer((self.address, int(tcp.server_address[1])), self.recordings)
            except OSError:
                tcp.server_close()
                continue
            return tcp, udp
        raise OSError(f"no port free for both UDP and TCP on {self.address}")

    def stop(self) -> None:
        for server in self._servers:
            server.shutdown()
            server.server_close()
        for thread in self._threads:
            thread.join(timeout=2)
        self._servers = []
        self._threads = []

    def __enter__(self) -> ReplayServer:
        return self.start()

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()


def main() -> None:
    with ReplayServer() as replay:
        count = len(replay.recordings.udp)
        print(f"replaying {count} questions on {replay.address} port {replay.port}", flush=True)
        with contextlib.suppress(KeyboardInterrupt):
            signal.pause()


if __name__ == "__main__":
    main()

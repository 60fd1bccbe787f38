"""The lookup state machine without sockets: datagrams, messages and timeouts fed by hand.

ask(lookup) yields what it wants done (open a socket, send, wait until a deadline) and
takes back what came of it; these tests play the network, so every one of dig's rules
for a reply can be checked without a server, and the engine's loop apart from them.
"""

from __future__ import annotations

from typing import Any

import dns.flags
import dns.message
import dns.rcode
import dns.rrset

from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import ResolvConf
from pydig.lookup.modes import exchanges
from pydig.lookup.plan import plan_lookup
from pydig.model.events import Answer, Exchange, Note
from pydig.model.exchange import Lookup
from pydig.model.invocation import Invocation
from pydig.transport.actions import Close, OpenStream, OpenUdp, Receive, Transmit
from pydig.transport.send import ask
from pydig.transport.sockets import Refused, Timeout, framed, unframed

COOKIE = b"8 bytes!"  # one run's client cookie: lookups of one shape share a template


def planned(*words: str) -> Lookup:
    parsed = parse_argv(["-r", *words])
    assert isinstance(parsed, Invocation)
    return plan_lookup(parsed.queries[0], parsed.globals, ResolvConf(), client_cookie=COOKIE)


def answer(query_wire: bytes, *, rcode: int = dns.rcode.NOERROR, tc: bool = False) -> bytes:
    query = dns.message.from_wire(query_wire)
    reply = dns.message.make_response(query)
    reply.set_rcode(rcode)
    if tc:
        reply.flags |= dns.flags.TC
    elif rcode == dns.rcode.NOERROR:
        name = query.question[0].name
        reply.answer.append(dns.rrset.from_text(name, 60, "IN", "A", "192.0.2.1"))
    return reply.to_wire()


class Network:
    """Plays the network for one machine: records what it asks, answers as told."""

    def __init__(self, machine: Any) -> None:
        self.machine = machine
        self.sent: list[tuple[str, bytes]] = []  # (server address, query) in order
        self.closed = 0
        self.exchange: Exchange | None = None
        self._action = next(machine)
        self._servers: dict[int, str] = {}

    def run_until_wait(self) -> Receive | None:
        """Do every action up to the next wait for bytes; None when the machine ended."""
        while True:
            action = self._action
            if isinstance(action, Receive):
                return action
            if isinstance(action, OpenUdp | OpenStream):
                handle = len(self._servers)
                address = action.address if isinstance(action, OpenUdp) else action.server.address
                self._servers[handle] = address
                result: Any = handle
            elif isinstance(action, Transmit):
                self.sent.append((self._servers[action.handle], action.message))
                result = None
            elif isinstance(action, Close):
                self.closed += 1
                result = None
            else:
                assert isinstance(action, Exchange)
                self.exchange = action
                result = None
            if not self._advance(result):
                return None

    def _advance(self, value: Any = None, error: BaseException | None = None) -> bool:
        try:
            self._action = (
                self.machine.throw(error) if error is not None else self.machine.send(value)
            )
        except StopIteration as stop:
            if stop.value is not None:
                self.exchange = stop.value
            return False
        return True

    def feed(self, data: bytes) -> Receive | None:
        assert isinstance(self._action, Receive)
        if not self._advance(data):
            return None
        return self.run_until_wait()

    def fail(self, error: BaseException) -> Receive | None:
        assert isinstance(self._action, Receive)
        if not self._advance(error=error):
            return None
        return self.run_until_wait()

    def notes(self) -> list[str]:
        assert self.exchange is not None
        return [event.text for event in self.exchange.events if isinstance(event, Note)]


def test_a_reply_ends_the_lookup() -> None:
    lookup = planned("@192.0.2.53", "a.example.test")
    network = Network(ask(lookup))
    wait = network.run_until_wait()
    assert wait is not None and network.sent == [("192.0.2.53", lookup.query_wire)]
    assert network.feed(answer(lookup.query_wire)) is None
    assert network.exchange is not None and len(network.exchange.replies) == 1
    assert network.closed == 1  # the query's own socket, closed


def test_a_wrong_id_is_reported_and_the_wait_goes_on() -> None:
    lookup = planned("@192.0.2.53", "a.example.test")
    network = Network(ask(lookup))
    first = network.run_until_wait()
    forged = bytearray(answer(lookup.query_wire))
    forged[0:2] = ((lookup.query.id + 1) % 0x10000).to_bytes(2, "big")
    second = network.feed(bytes(forged))
    assert second is not None and second.deadline == first.deadline  # same wait, same deadline
    assert network.feed(answer(lookup.query_wire)) is None
    assert network.notes()[0].startswith(";; Warning: ID mismatch: expected ID")
    assert network.exchange is not None and len(network.exchange.replies) == 1


def test_timeouts_use_the_tries_then_the_next_server() -> None:
    lookup = planned("@192.0.2.53", "@192.0.2.54", "+tries=2", "a.example.test")
    network = Network(ask(lookup))
    network.run_until_wait()
    network.fail(Timeout())
    network.fail(Timeout())
    assert network.fail(Refused()) is None
    assert [server for server, _ in network.sent] == ["192.0.2.53", "192.0.2.53", "192.0.2.54"]
    assert network.exchange is not None
    assert network.exchange.failure == ";; no servers could be reached"
    assert network.notes() == [
        ";; communications error to 192.0.2.53#53: timed out",
        ";; communications error to 192.0.2.53#53: timed out",
        ";; communications error to 192.0.2.54#53: connection refused",
    ]


def test_truncation_asks_again_over_tcp() -> None:
    lookup = planned("@192.0.2.53", "a.example.test")
    network = Network(ask(lookup))
    network.run_until_wait()
    network.feed(answer(lookup.query_wire, tc=True))
    tcp_query = network.sent[-1][1]
    assert len(network.sent) == 2 and tcp_query != lookup.query_wire  # a new ID
    assert network.feed(answer(tcp_query)) is None
    assert network.exchange is not None
    assert [reply.transport for reply in network.exchange.replies] == ["TCP"]


def test_nofail_moves_on_after_servfail() -> None:
    lookup = planned("@192.0.2.53", "@192.0.2.54", "+nofail", "a.example.test")
    network = Network(ask(lookup))
    network.run_until_wait()
    network.feed(answer(lookup.query_wire, rcode=dns.rcode.SERVFAIL))
    assert network.feed(answer(lookup.query_wire)) is None
    assert [server for server, _ in network.sent] == ["192.0.2.53", "192.0.2.54"]
    assert network.notes() == [";; Got SERVFAIL reply from 192.0.2.53, trying next server"]


def test_badcookie_asks_again_with_the_servers_cookie() -> None:
    lookup = planned("@192.0.2.53", "a.example.test")
    machine = exchanges(lookup)
    network = Network(machine)
    network.run_until_wait()
    query = dns.message.from_wire(lookup.query_wire)
    reply = dns.message.make_response(query)
    client = next(option for option in query.options if option.otype == 10).to_wire()
    server_cookie = dns.edns.GenericOption(10, client[:8] + b"S" * 8)
    reply.use_edns(0, 0, 1232, options=[server_cookie])
    reply.set_rcode(dns.rcode.BADCOOKIE)
    network.feed(reply.to_wire())
    again = dns.message.from_wire(network.sent[-1][1])
    sent_cookie = next(option for option in again.options if option.otype == 10).to_wire()
    assert sent_cookie == client[:8] + b"S" * 8


def test_stream_framing() -> None:
    buffer = bytearray(framed(b"abc") + framed(b"de")[:3])
    assert unframed(buffer) == b"abc"
    assert unframed(buffer) is None  # the second is not all there yet
    buffer += b"e"
    assert unframed(buffer) == b"de" and not buffer


def test_a_planned_lookup_carries_its_mode() -> None:
    assert planned("@192.0.2.53", "a.example.test").mode == "plain"
    traced = planned("@192.0.2.53", "+trace", "-4", "a.example.test")
    assert (traced.mode, traced.ip_version) == ("trace", 4)
    assert traced.hop_settings is not None
    both = planned("@192.0.2.53", "+trace", "+nssearch", "a.example.test")
    assert both.mode == "nssearch"


def test_answers_are_events_of_the_exchange() -> None:
    lookup = planned("@192.0.2.53", "a.example.test")
    network = Network(ask(lookup))
    network.run_until_wait()
    network.feed(answer(lookup.query_wire))
    assert network.exchange is not None
    assert isinstance(network.exchange.events[-1], Answer)


def test_queries_from_a_template_are_what_dnspython_would_send() -> None:
    shapes = [
        ("-t", "MX"),
        ("+dnssec", "+nsid", "+subnet=192.0.2.0/24"),
        ("+noedns",),
        ("+nocookie", "+norecurse", "+cdflag"),
        ("-c", "CH", "-t", "TXT"),
    ]
    for shape in shapes:
        first = planned("@192.0.2.53", *shape, "a.example.test")
        for name in ("b.example.test", "a-much-longer-name.sub.example.test", "."):
            later = planned("@192.0.2.53", *shape, name)
            assert later.query_wire == later.query.to_wire(), (shape, name)
            assert later.query_wire[12:] != first.query_wire[12:] or name == "a.example.test"

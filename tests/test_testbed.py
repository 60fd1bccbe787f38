"""The test bed itself: the replay responder, the named fixture, the skip/fail rule."""

from __future__ import annotations

import socket
import subprocess
from pathlib import Path

import dns.edns
import dns.flags
import dns.message
import dns.query
import dns.rcode
import dns.rdatatype
import pytest
from conftest import unavailable
from helpers.replay import RECORDED_CLIENT_COOKIE, RESPONSES, Recordings, question_key
from helpers.testbed import Named

Address = tuple[str, int]


def make_query(name: str, rdtype: str, cookie: bytes = RECORDED_CLIENT_COOKIE) -> bytes:
    query = dns.message.make_query(
        name, rdtype, use_edns=0, payload=1232, options=[dns.edns.CookieOption(cookie, b"")]
    )
    return query.to_wire()


def ask_udp(server: Address, wire: bytes) -> bytes:
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as sock:
        sock.settimeout(5)
        sock.sendto(wire, server)
        return sock.recv(65535)


def ask_tcp(server: Address, wire: bytes) -> bytes:
    with socket.create_connection(server, timeout=5) as sock:
        sock.sendall(len(wire).to_bytes(2, "big") + wire)
        header = sock.recv(2, socket.MSG_WAITALL)
        return sock.recv(int.from_bytes(header, "big"), socket.MSG_WAITALL)


def recorded(slug: str) -> bytes:
    return (RESPONSES / f"{slug}.bin").read_bytes()


def test_recordings_all_parse_and_have_a_readable_twin() -> None:
    bins = sorted(RESPONSES.glob("*.bin"))
    assert len(bins) > 50
    for path in bins:
        reply = dns.message.from_wire(path.read_bytes())
        assert reply.flags & dns.flags.QR, path.name
        assert path.with_suffix(".txt").exists(), path.name


@pytest.mark.parametrize(
    ("name", "rdtype", "slug"),
    [
        ("example.test", "A", "example.test_A"),
        ("WWW.Example.TEST", "A", "www.example.test_A"),  # qname matched case-insensitively
        ("nx.example.test", "A", "nx.example.test_A"),
    ],
)
def test_replay_udp_sends_recording_with_query_id(
    replay: Address, name: str, rdtype: str, slug: str
) -> None:
    query = make_query(name, rdtype)
    reply = ask_udp(replay, query)
    assert reply[:2] == query[:2]
    assert reply[2:] == recorded(slug)[2:]


def test_replay_tcp_sends_full_reply_where_udp_sends_truncated(replay: Address) -> None:
    query = make_query("big.example.test", "TXT")
    udp = ask_udp(replay, query)
    tcp = ask_tcp(replay, query)
    assert udp[:2] == tcp[:2] == query[:2]
    assert udp[2:] == recorded("big.example.test_TXT_tc")[2:]
    assert tcp[2:] == recorded("big.example.test_TXT_tcp")[2:]
    assert dns.message.from_wire(udp).flags & dns.flags.TC
    assert len(dns.message.from_wire(tcp).answer[0]) == 30


def test_replay_tcp_serves_several_queries_on_one_connection(replay: Address) -> None:
    queries = [make_query("example.test", "MX"), make_query("example.test", "NS")]
    with socket.create_connection(replay, timeout=5) as sock:
        for query in queries:
            sock.sendall(len(query).to_bytes(2, "big") + query)
            length = int.from_bytes(sock.recv(2, socket.MSG_WAITALL), "big")
            reply = sock.recv(length, socket.MSG_WAITALL)
            assert reply[:2] == query[:2]
            assert question_key(reply) == question_key(query)


@pytest.mark.parametrize("transport", ["udp", "tcp"])
def test_replay_refuses_unknown_questions(replay: Address, transport: str) -> None:
    query = make_query("not-recorded.example.test", "A")
    reply = (ask_udp if transport == "udp" else ask_tcp)(replay, query)
    message = dns.message.from_wire(reply)
    assert message.rcode() == dns.rcode.REFUSED
    assert message.id == dns.message.from_wire(query).id
    assert message.question[0].name.to_text() == "not-recorded.example.test."


def test_replay_echoes_the_client_cookie(replay: Address) -> None:
    cookie = bytes.fromhex("fedcba9876543210")
    reply = dns.message.from_wire(ask_udp(replay, make_query("example.test", "A", cookie)))
    options = [o for o in reply.options if o.otype == dns.edns.OptionType.COOKIE]
    assert [o.to_wire()[:8] for o in options] == [cookie]


def test_recordings_pick_tc_reply_for_udp_only() -> None:
    recordings = Recordings.load()
    key = ("big.example.test.", int(dns.rdatatype.TXT), 1)
    assert recordings.udp[key] == recorded("big.example.test_TXT_tc")
    assert recordings.tcp[key] == recorded("big.example.test_TXT_tcp")


def test_dig_against_replay(dig_binary: str, replay: Address) -> None:
    address, port = replay
    out = subprocess.run(
        [dig_binary, f"@{address}", "-p", str(port), "www.example.test", "A"],
        capture_output=True,
        text=True,
        timeout=20,
        check=True,
    ).stdout
    assert "status: NOERROR" in out
    assert "IN\tCNAME\tweb.example.test." in out
    assert "COOKIE mismatch" not in out


def test_named_answers(named: Named) -> None:
    query = dns.message.make_query("example.test", "SOA")
    reply = dns.query.udp(query, named.address, port=named.port, timeout=5)
    assert reply.rcode() == dns.rcode.NOERROR
    assert reply.answer[0].rdtype == dns.rdatatype.SOA


def test_named_keeps_rrset_order(named: Named) -> None:
    # rrset-order none: the same order every time, and the order the recordings hold.
    def order() -> list[str]:
        query = dns.message.make_query("big.example.test", "TXT")
        reply = dns.query.tcp(query, named.address, port=named.port, timeout=5)
        return [rdata.to_text() for rdata in reply.answer[0]]

    first = order()
    assert all(order() == first for _ in range(4))
    recording = dns.message.from_wire(recorded("big.example.test_TXT_tcp"))
    assert first == [rdata.to_text() for rdata in recording.answer[0]]


def test_resolv_conf_names_only_loopback(resolv_conf: Path) -> None:
    assert resolv_conf.read_text() == "nameserver 127.0.0.1\n"


def test_unavailable_fails_under_ci(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception):
        unavailable("no named")
    monkeypatch.setenv("CI", "false")
    with pytest.raises(pytest.skip.Exception):
        unavailable("no named")

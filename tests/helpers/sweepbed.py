"""The reverse-sweep test bed: a named with classless delegations, and a dropping server.

named (fixtures/zones/sweep/; conftest's sweep_named) serves 198.51.100.0/24's reverse zone
and customer.test:

    .1-.3     PTR (.1, .2 map back to the address; .3's name points elsewhere: +fcrdns)
    .4        a name without PTR (NODATA);  .5-.127, .174-.254: nothing (NXDOMAIN)
    .128-.143 RFC 2317 CNAMEs into 128/28, kept in the same zone (PTRs at .130, .140)
    .144-.151 CNAMEs into customer.test, another zone of the same server (PTRs .144-.146;
              .147 has nothing there, .148 a TXT)
    .152-.159 CNAMEs into 152/29, delegated to a server that does not exist (lame)
    .160-.167 CNAMEs into broken.test, a zone that fails to load (SERVFAIL)
    .168-.171 CNAMEs into a zone nobody here serves (REFUSED)
    .172      a CNAME loop;  .173 a CNAME through a DNAME to a PTR
    .250      delegated on its own, to a server that does not exist (a referral)

DroppingServer answers 203.0.113.0/24 over UDP, and misbehaves by address:

    even host numbers      the first datagram of each two is dropped: a second try answers
    .13, .14               never answered
    .15                    a reply with a compression pointer to itself (a bad reply)
    .16                    NOTIMP
    others                 PTR host-N.drop.test.
"""

from __future__ import annotations

import socket
import struct
import threading
import time
from collections import Counter
from types import TracebackType

import dns.exception
import dns.message
import dns.rcode
import dns.reversename
import dns.rrset

from helpers.testbed import ZONES

SWEEP_ZONES = {
    "100.51.198.in-addr.arpa": ZONES / "sweep" / "100.51.198.in-addr.arpa.zone",
    "customer.test": ZONES / "sweep" / "customer.test.zone",
    "broken.test": ZONES / "sweep" / "broken.test.zone",
}

NEVER = (13, 14)
BAD_REPLY = 15
NOTIMP = 16


def _self_pointing(query: dns.message.Message, wire: bytes) -> bytes:
    """The query echoed as a reply whose one answer's owner is a pointer to itself."""
    question_end = 12 + len(query.question[0].name.to_wire()) + 4
    header = struct.pack("!HHHHHH", query.id, 0x8400, 1, 1, 0, 0)
    return header + wire[12:question_end] + struct.pack("!H", 0xC000 | question_end)


class DroppingServer:
    """The misbehaving PTR server above, on 127.0.0.1 and a free UDP port."""

    def __init__(self) -> None:
        self._socket = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
        self._socket.bind(("127.0.0.1", 0))
        self._socket.settimeout(0.1)
        self.address, self.port = self._socket.getsockname()
        self.asked: Counter[str] = Counter()
        self.arrivals: list[float] = []  # time.monotonic() of each query received
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)

    def __enter__(self) -> DroppingServer:
        self._thread.start()
        return self

    def __exit__(
        self, kind: type[BaseException] | None, value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:  # fmt: skip
        self._stop.set()
        self._thread.join()
        self._socket.close()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                wire, client = self._socket.recvfrom(4096)
            except TimeoutError:
                continue
            self.arrivals.append(time.monotonic())
            reply = self._reply(wire)
            if reply is not None:
                self._socket.sendto(reply, client)

    def _reply(self, wire: bytes) -> bytes | None:
        try:
            query = dns.message.from_wire(wire)
            host = int(str(dns.reversename.to_address(query.question[0].name)).split(".")[-1])
        except (dns.exception.DNSException, ValueError, IndexError):
            return None
        name = query.question[0].name
        self.asked[name.to_text()] += 1
        if host in NEVER or (host % 2 == 0 and self.asked[name.to_text()] % 2 == 1):
            return None
        if host == BAD_REPLY:
            return _self_pointing(query, wire)
        response = dns.message.make_response(query)
        if host == NOTIMP:
            response.set_rcode(dns.rcode.NOTIMP)
        else:
            response.answer.append(
                dns.rrset.from_text(name, 300, "IN", "PTR", f"host-{host}.drop.test.")
            )
        return response.to_wire()  # type: ignore[no-any-return]

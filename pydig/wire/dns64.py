"""+dns64prefix: the DNS64 prefixes a resolver uses, found in its AAAA records for
ipv4only.arpa (RFC 7050), as BIND 9.18's dns_dns64_findprefix finds them.

ipv4only.arpa has the addresses 192.0.0.170 and 192.0.0.171; a DNS64 resolver
synthesizes AAAA records that embed both in its prefix, at one of the RFC 6052
prefix lengths.  A prefix counts when one record embeds .170 and another the
same prefix with .171.
"""

from __future__ import annotations

import socket
from typing import TYPE_CHECKING

import dns.message
import dns.name
import dns.rdataclass
import dns.rdatatype

from pydig.immutable import immutable

if TYPE_CHECKING:
    from pydig.model.message import MessageView

IPV4ONLY = dns.name.from_text("ipv4only.arpa.")
MAX_PREFIXES = 10  # dig prints at most ten


@immutable
class _Layout:
    """Where an RFC 6052 prefix of this length puts the IPv4 address."""

    length: int
    offsets: tuple[int, int, int, int]  # the four address bytes; byte 8 is always zero

    def embeds(self, address: bytes, ipv4_last: int) -> bool:
        """Whether the address embeds 192.0.0.<ipv4_last> at the right place (byte 8 zero)."""
        wanted = (192, 0, 0, ipv4_last)
        embedded = all(address[at] == byte for at, byte in zip(self.offsets, wanted, strict=True))
        return embedded and address[8] == 0


LAYOUTS = (
    _Layout(32, (4, 5, 6, 7)),
    _Layout(40, (5, 6, 7, 9)),
    _Layout(48, (6, 7, 9, 10)),
    _Layout(56, (7, 9, 10, 11)),
    _Layout(64, (9, 10, 11, 12)),
    _Layout(96, (12, 13, 14, 15)),
)


def find_prefixes(addresses: list[bytes]) -> list[tuple[bytes, int]]:
    """(prefix, length) pairs, in dns_dns64_findprefix's order."""
    found: list[tuple[bytes, int]] = []
    for outer in addresses:
        # One prefix a record: the shortest length at which both addresses are found.
        for layout in LAYOUTS:
            if not layout.embeds(outer, 170):
                continue
            prefix_size = layout.length // 8
            if any(
                inner[:prefix_size] == outer[:prefix_size] and layout.embeds(inner, 171)
                for inner in addresses
            ):
                found.append((outer[:prefix_size] + bytes(16 - prefix_size), layout.length))
                break
    return found


def prefixes_text(message: MessageView) -> str:
    """What dig prints for the answer: one "prefix/length" line a prefix."""
    addresses = [
        rdata.to_wire() or b""
        for rrset in message.answer
        if (rrset.name, rrset.rdclass, rrset.rdtype)
        == (IPV4ONLY, dns.rdataclass.IN, dns.rdatatype.AAAA)
        for rdata in rrset
    ]
    return "".join(
        f"{socket.inet_ntop(socket.AF_INET6, prefix)}/{length}\n"
        for prefix, length in find_prefixes(addresses)[:MAX_PREFIXES]
    )

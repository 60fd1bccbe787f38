"""A reverse sweep's names: the name -x asks for each address (in-addr.arpa, ip6.arpa), as
text and in wire form, made from the addresses' numbers in order.  The first labels come
from a table by the address's last byte; the rest is made once for every 256 addresses."""

from __future__ import annotations

import functools
import ipaddress
from collections.abc import Iterator

from pydig.model.sweep import IPAddress
from pydig.wire.templates import plain_name_wire

# The longest reverse name in wire form: ip6.arpa's, 32 one-nibble labels.
LONGEST_REVERSE_WIRE = 32 * 2 + len(b"\x03ip6\x04arpa\x00")

# The first labels of a reverse name, by the address's last byte (one decimal label under
# in-addr.arpa, two nibbles under ip6.arpa): as text, with the dot after them, and in
# wire form.
_Heads = tuple[list[str], list[bytes]]


@functools.cache
def _heads(version: int) -> _Heads:
    """The first labels of the names of one IP version's addresses, made when a sweep
    first needs them (ip6.arpa's, made at import, cost an IPv4 sweep's start 0.27 ms)."""
    if version == 4:
        return (
            [f"{byte}." for byte in range(256)],
            [b"%c%d" % (len(str(byte)), byte) for byte in range(256)],
        )
    return (
        [f"{byte & 15:x}.{byte >> 4:x}." for byte in range(256)],
        [b"\x01%x\x01%x" % (byte & 15, byte >> 4) for byte in range(256)],
    )


def reverse_names(kind: type[IPAddress], first: int, last: int) -> Iterator[tuple[int, str, bytes]]:
    """The numbers of the addresses of one kind (IPv4Address or IPv6Address) from first to
    last, in order, each with the name -x asks for its address (reverse_name()'s text) and
    that name's wire form (dns.reversename's, as the tests show): the first labels from a
    table, the rest made once for every 256 addresses (a block wholly IPv4-mapped, or
    not)."""
    for block in range(first >> 8, (last >> 8) + 1):
        base = block << 8
        (texts, wires), suffix, suffix_wire = _block_names(kind(base))
        for byte in range(max(first - base, 0), min(last - base, 0xFF) + 1):
            yield base | byte, texts[byte] + suffix, wires[byte] + suffix_wire


def _block_names(first: IPAddress) -> tuple[_Heads, str, bytes]:
    """For the 256 addresses from `first` (its last byte 0): their first labels, and the
    rest of their reverse names as text and in wire form.  An IPv4-mapped IPv6 address is
    named as its IPv4 address, as dnspython names it."""
    if isinstance(first, ipaddress.IPv6Address) and first.ipv4_mapped is not None:
        first = first.ipv4_mapped
    heads = _heads(first.version)
    suffix = (first.reverse_pointer + ".")[len(heads[0][0]) :]
    suffix_wire = plain_name_wire(suffix)
    assert suffix_wire is not None  # a reverse name's labels are plain
    return heads, suffix, suffix_wire

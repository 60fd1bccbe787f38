"""A sweep's reverse names, made from each address's number (wire/reverse.py's
reverse_names): the same text and wire form dnspython's dns.reversename gives, for every
kind of address and across the blocks of 256 whose common part is made once."""

from __future__ import annotations

import ipaddress

import dns.reversename
import pytest

from pydig.cli.values import address_reverse_name
from pydig.model.sweep import IPAddress
from pydig.wire.reverse import LONGEST_REVERSE_WIRE, reverse_names


def dnspythons(address: IPAddress) -> tuple[str, bytes]:
    name = dns.reversename.from_address(str(address))
    return name.to_text(), name.to_wire() or b""


def consecutive(first: str, count: int) -> list[IPAddress]:
    start = ipaddress.ip_address(first)
    return [start + offset for offset in range(count)]


def names_of(addresses: list[IPAddress]) -> list[tuple[str, bytes]]:
    """reverse_names() of a run of consecutive addresses, each checked for its number."""
    first = addresses[0]
    got = list(reverse_names(type(first), int(first), int(addresses[-1])))
    assert [number for number, _, _ in got] == [int(address) for address in addresses]
    return [(name, wire) for _, name, wire in got]


@pytest.mark.parametrize(
    "text",
    ["0.0.0.0", "0.0.0.255", "192.0.2.1", "192.0.2.10", "192.0.2.100", "255.255.255.255",
     "::", "::1", "::ff", "::100", "2001:db8::1", "fe80::abcd",
     "ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff",
     "::ffff:0.0.0.0", "::ffff:192.0.2.1", "::ffff:255.255.255.255",  # IPv4-mapped
     "::fffe:ffff:ffff", "::1:0:0:0",  # either side of the mapped block
     "::192.0.2.1", "64:ff9b::192.0.2.1"],
)  # fmt: skip
def test_one_address_is_named_as_dnspython_names_it(text: str) -> None:
    address = ipaddress.ip_address(text)
    assert names_of([address]) == [dnspythons(address)]
    assert address_reverse_name(address) == dnspythons(address)[0]
    assert len(dnspythons(address)[1]) <= LONGEST_REVERSE_WIRE


@pytest.mark.parametrize(
    ("first", "count"),
    [("192.0.2.250", 20), ("10.255.255.0", 600), ("2001:db8::ff00", 600),
     ("::fffe:ffff:ff00", 512),  # into the IPv4-mapped block, in-addr.arpa from there
     ("255.255.255.250", 6), ("ffff:ffff:ffff:ffff:ffff:ffff:ffff:fff0", 16)],  # the last
)  # fmt: skip
def test_consecutive_addresses_across_blocks(first: str, count: int) -> None:
    addresses = consecutive(first, count)
    assert names_of(addresses) == [dnspythons(address) for address in addresses]


def test_an_empty_range_has_no_names() -> None:
    assert list(reverse_names(ipaddress.IPv4Address, 10, 9)) == []

"""A sweep's reverse names, made from each address's number (cli/values.py's
reverse_names): the same text and wire form dnspython's dns.reversename gives, for every
kind of address and across the blocks of 256 whose common part is made once."""

from __future__ import annotations

import ipaddress

import dns.reversename
import pytest

from pydig.cli.values import reverse_names
from pydig.model.sweep import IPAddress


def dnspythons(address: IPAddress) -> tuple[str, bytes]:
    name = dns.reversename.from_address(str(address))
    return name.to_text(), name.to_wire() or b""


def consecutive(first: str, count: int) -> list[IPAddress]:
    start = ipaddress.ip_address(first)
    return [start + offset for offset in range(count)]


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
    assert list(reverse_names([address])) == [(address, *dnspythons(address))]


@pytest.mark.parametrize(
    ("first", "count"),
    [("192.0.2.250", 20), ("10.255.255.0", 600), ("2001:db8::ff00", 600),
     ("::fffe:ffff:ff00", 512)],  # into the IPv4-mapped block, in-addr.arpa from there
)  # fmt: skip
def test_consecutive_addresses_across_blocks(first: str, count: int) -> None:
    addresses = consecutive(first, count)
    got = list(reverse_names(addresses))
    assert [address for address, _, _ in got] == addresses
    assert [(name, wire) for _, name, wire in got] == [dnspythons(a) for a in addresses]


def test_addresses_out_of_order_and_of_both_versions() -> None:
    """Each name is its own address's, whatever came before it."""
    texts = ("192.0.3.1", "192.0.2.1", "::c000:201", "192.0.2.2", "::ffff:c000:202")
    addresses = [ipaddress.ip_address(text) for text in texts]
    assert [(name, wire) for _, name, wire in reverse_names(addresses)] == [
        dnspythons(address) for address in addresses
    ]

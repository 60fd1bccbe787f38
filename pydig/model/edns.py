"""The EDNS options a query asks for, as records: what +ednsopt, +subnet and the other
EDNS switches leave for planning to build (`build_options`) into dig's order.

dig sends its options in a fixed order (dighost.c setup_lookup): NSID, CLIENT-SUBNET,
COOKIE, EXPIRE, TCP-KEEPALIVE, then each +ednsopt in the order given, then PADDING.
BIND's dns_message_buildopt moves the first empty PAD option to the end, and the
renderer pads the finished message by growing that last option: +qr still shows it
empty, so the padding is applied to the wire form only.
"""

from __future__ import annotations

import dns.edns

from pydig.immutable import immutable

OptionType = dns.edns.OptionType


@immutable
class EdnsOption:
    """One +ednsopt: a code point and its data."""

    code: int
    data: bytes = b""


@immutable
class ClientSubnet:
    """+subnet: what dig puts in the CLIENT-SUBNET option (RFC 7871)."""

    family: int  # 1 IPv4, 2 IPv6 (dig also says 1 for +subnet=0)
    prefix: int  # source prefix length
    address: bytes  # the whole address; to_wire keeps only the prefix

    def to_wire(self) -> bytes:
        """Family, source and scope prefix lengths, then the prefix bytes, last byte masked."""
        size = (self.prefix + 7) // 8
        address = bytearray(self.address[:size])
        if self.prefix % 8:
            address[-1] &= (0xFF << (8 - self.prefix % 8)) & 0xFF
        return self.family.to_bytes(2, "big") + bytes([self.prefix, 0]) + bytes(address)


@immutable(kw_only=True)
class QueryOptions:
    """The EDNS options one query asks for (dig's lookup fields)."""

    nsid: bool = False
    client_subnet: ClientSubnet | None = None
    cookie: bytes | None = None
    expire: bool = False
    keepalive: bool = False
    extra: tuple[EdnsOption, ...] = ()
    padding: int = 0


def build_options(wanted: QueryOptions) -> list[dns.edns.Option]:
    """The options in dig's order, after dns_message_buildopt has moved the first empty
    PAD to the end.  With padding, that last PAD is left out: dnspython adds it when it
    renders the message (Message.pad), sized as BIND sizes it."""
    options: list[EdnsOption] = []
    if wanted.nsid:
        options.append(EdnsOption(OptionType.NSID))
    if wanted.client_subnet is not None:
        options.append(EdnsOption(OptionType.ECS, wanted.client_subnet.to_wire()))
    if wanted.cookie is not None:
        options.append(EdnsOption(OptionType.COOKIE, wanted.cookie))
    if wanted.expire:
        options.append(EdnsOption(OptionType.EXPIRE))
    if wanted.keepalive:
        options.append(EdnsOption(OptionType.KEEPALIVE))
    options.extend(wanted.extra)
    if wanted.padding:
        options.append(EdnsOption(OptionType.PADDING))
    empty_pad = EdnsOption(OptionType.PADDING)
    if empty_pad in options:
        options.remove(empty_pad)
        if not wanted.padding:
            options.append(empty_pad)
    return [dns.edns.GenericOption(OptionType.make(option.code), option.data) for option in options]

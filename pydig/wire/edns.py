"""The EDNS options of a query, as dig 9.18 builds them (dighost.c setup_lookup).

dig sends its options in a fixed order: NSID, CLIENT-SUBNET, COOKIE, EXPIRE,
TCP-KEEPALIVE, then each +ednsopt in the order given, then PADDING.  BIND's
dns_message_buildopt moves the first empty PAD option to the end, and the
renderer pads the finished message by growing that last option: +qr still shows
it empty, so the padding is applied to the wire form only (`padded_wire`).
"""

from __future__ import annotations

import dns.edns

from pydig.model.edns import EdnsOption, QueryOptions

OptionType = dns.edns.OptionType


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

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

NSID, CLIENT_SUBNET, EXPIRE, COOKIE, KEEPALIVE, PADDING = 3, 8, 9, 10, 11, 12


def build_options(wanted: QueryOptions) -> list[dns.edns.Option]:
    """The options in dig's order, after dns_message_buildopt has moved the first empty
    PAD to the end.  With padding, that last PAD is left out: dnspython adds it when it
    renders the message (Message.pad), sized as BIND sizes it."""
    options: list[EdnsOption] = []
    if wanted.nsid:
        options.append(EdnsOption(NSID))
    if wanted.client_subnet is not None:
        options.append(EdnsOption(CLIENT_SUBNET, wanted.client_subnet.to_wire()))
    if wanted.cookie is not None:
        options.append(EdnsOption(COOKIE, wanted.cookie))
    if wanted.expire:
        options.append(EdnsOption(EXPIRE))
    if wanted.keepalive:
        options.append(EdnsOption(KEEPALIVE))
    options.extend(wanted.extra)
    if wanted.padding:
        options.append(EdnsOption(PADDING))
    empty_pad = EdnsOption(PADDING)
    if empty_pad in options:
        options.remove(empty_pad)
        if not wanted.padding:
            options.append(empty_pad)
    return [
        dns.edns.GenericOption(dns.edns.OptionType.make(option.code), option.data)
        for option in options
    ]

"""EDNS options in a reply, judged as BIND 9.18 judges them (opt_41.c, fromwire_opt).

BIND checks the length (and for CLIENT-SUBNET and EDE, the content) of the options it
knows and keeps any other option as bytes; dig prints every option from its bytes.
dnspython parses the options it knows into objects by rules of its own: it refuses a
CLIENT-SUBNET of family 0 that BIND takes (dig prints "0/0/0"), takes a KEY-TAG of odd
length that BIND refuses, and reads newer options (REPORT-CHANNEL…) that BIND 9.18 keeps
as bytes.  So BIND's verdict is here (`bind_accepts`, which the lean reader asks), and
wire/bind_options.py teaches it to dnspython for every message dnspython parses.
"""

from __future__ import annotations

import dns.edns

from pydig.wire.protocol import CLIENT_TAG, KEY_TAG, LLQ, SERVER_TAG

_Option = dns.edns.OptionType
CLIENT_SUBNET, EXPIRE, COOKIE, EDE = _Option.ECS, _Option.EXPIRE, _Option.COOKIE, _Option.EDE
UTF8_BOM = b"\xef\xbb\xbf"
FAMILY_BITS = {0: 0, 1: 32, 2: 128}  # CLIENT-SUBNET family -> address bits


def _subnet_accepted(data: bytes) -> bool:
    if len(data) < 4:
        return False
    family, source, scope = int.from_bytes(data[:2], "big"), data[2], data[3]
    bits = FAMILY_BITS.get(family)
    if bits is None or source > bits or scope > bits:
        return False
    size = (source + 7) // 8
    if len(data) != 4 + size:
        return False
    spare = -source % 8  # address bits past the source prefix must be zero
    return size == 0 or data[-1] & ((1 << spare) - 1) == 0


def _ede_accepted(data: bytes) -> bool:
    if len(data) < 2 or data[2:].startswith(UTF8_BOM):
        return False
    try:
        data[2:].decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def bind_accepts(code: int, data: bytes) -> bool:
    """Whether BIND 9.18's parser takes this option (else the message is FORMERR)."""
    size = len(data)
    if code == LLQ:
        return size == 18
    if code == CLIENT_SUBNET:
        return _subnet_accepted(data)
    if code == EXPIRE:
        return size in (0, 4)
    if code == COOKIE:
        return size == 8 or 16 <= size <= 40
    if code == KEY_TAG:
        return size > 0 and size % 2 == 0
    if code == EDE:
        return _ede_accepted(data)
    if code in (CLIENT_TAG, SERVER_TAG):
        return size == 2
    return True

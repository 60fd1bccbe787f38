"""The protocol numbers dnspython has no name for, under BIND's names; opcode text; the query ID.

Every other number comes from dnspython: header flags and the EDNS DO and CO flags
(`dns.flags`), EDNS option codes (`dns.edns.OptionType`), rcodes and opcodes.
"""

from __future__ import annotations

import secrets

import dns.opcode

Z_FLAG = 0x0040  # the header's reserved bit: +zflag sets it, dig shows it as "MBZ: 0x4"

# EDNS option codes dig knows by name that dns.edns.OptionType lacks.
LLQ = 1  # Long-Lived Queries (RFC 8764)
KEY_TAG = 14  # RFC 8145
CLIENT_TAG = 16  # draft-bellis-dnsop-edns-tags
SERVER_TAG = 17
DEVICEID = 26946  # Umbrella's device id, which dig names too

ID_SPACE = 0x10000  # a query's ID is 16 bits


def pick_query_id(chosen: int | None) -> int:
    """A query's ID: the one +qid chose, else a random one, as dig's setup_lookup picks."""
    return secrets.randbelow(ID_SPACE) if chosen is None else chosen


def opcode_text(opcode: int) -> str:
    """BIND's dns_opcode_totext: dnspython's name, or RESERVEDn for an opcode without one."""
    name = dns.opcode.Opcode(opcode).name
    return f"RESERVED{opcode}" if name.isdigit() else name

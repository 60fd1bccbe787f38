"""The protocol numbers dnspython has no name for, under BIND's names; opcode text; the query ID.

Every other number comes from dnspython: header flags and the EDNS DO and CO flags
(`dns.flags`), EDNS option codes (`dns.edns.OptionType`), rcodes and opcodes.
"""

from __future__ import annotations

import os
import struct

import dns.flags
import dns.opcode

HEADER_SIZE = 12  # the ID, the flags and the four section counts
# The header's and EDNS's flags as plain ints: an IntFlag's | and & (an int's & an
# IntFlag's too, by its __rand__) run the enum's Python code, which makes a new member
# for each combination it meets (tens of us of a lookup's start).
QR, AA, TC, RD = int(dns.flags.QR), int(dns.flags.AA), int(dns.flags.TC), int(dns.flags.RD)
RA, AD, CD = int(dns.flags.RA), int(dns.flags.AD), int(dns.flags.CD)
DO, CO = int(dns.flags.DO), int(dns.flags.CO)  # EDNS's
Z_FLAG = 0x0040  # the header's reserved bit: +zflag sets it, dig shows it as "MBZ: 0x4"

# EDNS option codes dig knows by name that dns.edns.OptionType lacks.
LLQ = 1  # Long-Lived Queries (RFC 8764)
KEY_TAG = 14  # RFC 8145
CLIENT_TAG = 16  # draft-bellis-dnsop-edns-tags
SERVER_TAG = 17
DEVICEID = 26946  # Umbrella's device id, which dig names too

_IDS_AT_ONCE = 2048  # random IDs read from the system in one call: a batch asks thousands
_FIRST_IDS = 4  # but a run's first fill: most runs ask one, and 2048 cost a start 0.1 ms

# Random IDs not given out yet, each two bytes of os.urandom (uniform over the ID space) in
# the wire form a query starts with, taken from the end: list.pop() is no Python call,
# where a generator's next() is one (the express lane takes one a line: NameExpress.line).
QUERY_IDS: list[bytes] = []
# How many the next fill reads: the last one popped until one is left, which stays.
_FILLS = [_IDS_AT_ONCE, _FIRST_IDS]


def fresh_query_ids() -> list[bytes]:
    """QUERY_IDS, filled again (when it has run out)."""
    count = _FILLS.pop() if len(_FILLS) > 1 else _FILLS[0]
    QUERY_IDS[:] = struct.unpack("2s" * count, os.urandom(2 * count))  # two bytes each
    return QUERY_IDS


# A forked child draws IDs of its own, never its parent's next ones.
os.register_at_fork(after_in_child=QUERY_IDS.clear)


def pick_query_id(chosen: int | None) -> int:
    """A query's ID: the one +qid chose, else a random one, as dig's setup_lookup picks."""
    if chosen is not None:
        return chosen
    return int.from_bytes((QUERY_IDS or fresh_query_ids()).pop(), "big")


def opcode_text(opcode: int) -> str:
    """BIND's dns_opcode_totext: dnspython's name, or RESERVEDn for an opcode without one."""
    name = dns.opcode.Opcode(opcode).name
    return f"RESERVED{opcode}" if name.isdigit() else name

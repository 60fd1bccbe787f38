"""The values of dig's query-shaping options: +opcode=, +ednsflags=."""

from __future__ import annotations

import re

from pydig.cli.values import parse_uint
from pydig.errors import OptionValueError

# dig.c opcodetext: the names +opcode accepts, compared without case.
OPCODE_NAMES = (
    "QUERY", "IQUERY", "STATUS", "RESERVED3", "NOTIFY", "UPDATE", "RESERVED6", "RESERVED7",
    "RESERVED8", "RESERVED9", "RESERVED10", "RESERVED11", "RESERVED12", "RESERVED13",
    "RESERVED14", "RESERVED15",
)  # fmt: skip
MAX_OPCODE = 15
MAX_EDNS_FLAGS = 0xFFFF

# isc_parse_uint32 with base 0 (strtoul): 0x hex, a leading 0 octal, else decimal.
_C_NUMBER = re.compile(r"0[xX](?P<hex>[0-9a-fA-F]+)|0(?P<octal>[0-7]*)|(?P<decimal>[1-9][0-9]*)")


def parse_opcode(value: str) -> int:
    """+opcode=NAME or a number up to 15."""
    names = [name.lower() for name in OPCODE_NAMES]
    if value.lower() in names:
        return names.index(value.lower())
    return parse_uint(value, MAX_OPCODE, "opcode")


def parse_ednsflags(value: str) -> int:
    """+ednsflags=N, read as C reads a number (0x10, 020 and 16 are the same flags)."""
    match = _C_NUMBER.fullmatch(value)
    if match is None:
        raise OptionValueError(f"invalid ednsflags '{value}': not a valid number")
    if match["hex"] is not None:
        number = int(match["hex"], 16)
    elif match["octal"] is not None:
        number = int(match["octal"] or "0", 8)
    else:
        number = int(match["decimal"])
    if number > MAX_EDNS_FLAGS:
        raise OptionValueError(f"invalid ednsflags '{value}': out of range")
    return number

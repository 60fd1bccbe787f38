"""A record's data as a JSON object of its fields ({"preference": 10, "exchange": "mail."}),
read generically from the attributes dnspython's rdata classes declare in __slots__.

Names are presentation text; numbers (enumerations too) are numbers; a list of character
strings (TXT, SPF, HINFO's pair) is a list of strings decoded as UTF-8 (a byte that is not
UTF-8 becomes U+FFFD); other bytes (keys, digests, signatures) are hexadecimal; an NSEC or
NSEC3 type bitmap is a list of type names; anything else is its text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import dns.name
import dns.rdata

from pydig.render.records import type_text
from pydig.render.records.fields import bitmap_types

# What every rdata has (rdclass, rdtype, rdcomment): the slots of Rdata and its bases.
_BASE_SLOTS = frozenset(
    name for cls in dns.rdata.Rdata.__mro__ for name in getattr(cls, "__slots__", ())
)


def field_names(rdata: dns.rdata.Rdata) -> list[str]:
    """The fields its class and bases declare, base first, each once."""
    names: list[str] = []
    for cls in reversed(type(rdata).__mro__):
        slots = getattr(cls, "__slots__", ())
        for name in (slots,) if isinstance(slots, str) else slots:
            if name not in _BASE_SLOTS and name not in names and not name.startswith("_"):
                names.append(name)
    return names


def rdata_fields(rdata: dns.rdata.Rdata) -> dict[str, Any]:
    return {name: _json_value(name, getattr(rdata, name)) for name in field_names(rdata)}


def _json_value(name: str, value: object) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, dns.name.Name):
        return value.to_text()
    if isinstance(value, bytes):
        return value.hex()
    if name == "windows" and isinstance(value, tuple):  # NSEC, NSEC3, CSYNC: the types
        return [type_text(rdtype) for rdtype in _window_types(value)]
    if isinstance(value, tuple | list):
        if value and all(isinstance(item, bytes) for item in value):
            return [bytes(item).decode("utf-8", errors="replace") for item in value]
        return [_json_value(name, item) for item in value]
    return str(value)


def _window_types(windows: Iterable[tuple[int, bytes]]) -> list[int]:
    return [rdtype for window, bitmap in windows for rdtype in bitmap_types(bitmap, window * 256)]

"""A record's data as a JSON object of its fields ({"preference": 10, "exchange": "mail."}),
read generically from the attributes dnspython's rdata classes declare in __slots__.

Names are presentation text; numbers (enumerations too) are numbers; character strings
(TXT's and SPF's list, HINFO's, CAA's and NAPTR's fields: TEXT_FIELDS) are decoded as
UTF-8 (a byte that is not UTF-8 becomes U+FFFD); other bytes (keys, digests, signatures)
are hexadecimal; an NSEC or NSEC3 type bitmap is a list of type names; SVCB and HTTPS
parameters an object ({"alpn": "h2,h3", "port": "8443"}); anything else is its text.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping
from typing import Any

import dns.name
import dns.rdata

from pydig.render.records.mnemonics import type_text
from pydig.wire.bitmaps import window_types

# The fields dnspython keeps as bytes that are character strings, not binary data (HINFO,
# CAA, NAPTR, ISDN, X25, GPOS); a field of any other name in bytes is binary.
TEXT_FIELDS = frozenset(
    {"cpu", "os", "tag", "value", "flags", "service", "regexp", "address", "subaddress"}
    | {"latitude", "longitude", "altitude"}
)
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
        return _text(value) if name in TEXT_FIELDS else value.hex()
    if isinstance(value, Mapping):  # SVCB and HTTPS parameters
        return {_key_text(key): _json_value(name, item) for key, item in value.items()}
    if name == "windows" and isinstance(value, tuple):  # NSEC, NSEC3, CSYNC: the types
        return [type_text(rdtype) for rdtype in window_types(value)]
    if isinstance(value, tuple | list):
        if value and all(isinstance(item, bytes) for item in value):
            return [_text(bytes(item)) for item in value]
        return [_json_value(name, item) for item in value]
    to_text = getattr(value, "to_text", None)
    return str(to_text()).strip('"') if callable(to_text) else str(value)


def _text(data: bytes) -> str:
    return data.decode("utf-8", errors="replace")


def _key_text(key: object) -> str:
    """An SVCB parameter key as its presentation name: ParamKey.NO_DEFAULT_ALPN is
    "no-default-alpn"."""
    if isinstance(key, enum.Enum):
        return key.name.lower().replace("_", "-")
    return str(key)

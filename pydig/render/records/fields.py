"""Field formats many rdata types share: hex runs, quoted strings, addresses and TTLs
(DNSSEC's base64 runs, times, key ids and type lists are in fields_dnssec.py)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeAlias

import dns.ipv4
import dns.ipv6

from pydig.render.records.style import RdataStyle
from pydig.render.records.wire_data import WireData


def ttl_text(seconds: int, *, verbose: bool = False) -> str:
    """BIND's dns_ttl_totext without upper-casing: "1w2d3h" (+ttlunits), or in words,
    "1 week 2 days 3 hours" (SOA timer comments, EXPIRE).  Zero is "0s" / "0 seconds"."""
    parts = []
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append((count, unit))
    if seconds or not parts:
        parts.append((seconds, "second"))
    if verbose:
        return " ".join(f"{count} {unit}{'' if count == 1 else 's'}" for count, unit in parts)
    return "".join(f"{count}{unit[0]}" for count, unit in parts)


def split_runs(text: str, size: int, linebreak: str) -> str:
    return linebreak.join(text[i : i + size] for i in range(0, len(text), size))


def hex_field(data: bytes, style: RdataStyle) -> str:
    """isc_hex_totext(width - 2): upper case, in runs of just under the width."""
    if not style.width:
        return data.hex().upper()
    wordlength = max(style.width - 2, 2)
    per_run = max(1, -(-wordlength // 2) - 1)
    return split_runs(data.hex().upper(), 2 * per_run, style.linebreak)


def _escaped(data: bytes, *, quote: bool, plain: Callable[[int], bool], specials: bytes) -> str:
    out = []
    for byte in data:
        if not plain(byte):
            out.append(f"\\{byte:03d}")
        elif byte in specials:
            out.append("\\" + chr(byte))
        else:
            out.append(chr(byte))
    text = "".join(out)
    return f'"{text}"' if quote else text


def txt(data: bytes) -> str:
    """txt_totext(quote=true), and multitxt_totext, which escapes the same way (CAA value,
    URI, SVCB text values): a string in double quotes."""
    return _escaped(data, quote=True, plain=lambda b: 0x20 <= b < 0x7F, specials=b'"\\')


def bare_txt(data: bytes) -> str:
    """txt_totext(quote=false), as for the CAA tag: space and @ ; need escaping too."""
    return _escaped(data, quote=False, plain=lambda b: 0x21 <= b < 0x7F, specials=b'"\\@;')


def counted_strings(wire: WireData) -> list[bytes]:
    strings = []
    while wire.left:
        strings.append(wire.counted())
    return strings


def strings(wire: WireData) -> list[str]:
    return [txt(string) for string in counted_strings(wire)]


def ipv4(data: bytes) -> str:
    return dns.ipv4.inet_ntoa(data)


def ipv6(data: bytes, *, yaml: bool) -> str:
    """inet_ntop's text (dnspython's formatter follows it, embedded IPv4 forms included).
    BIND's inet_totext adds a 0 to an address ending in "::" in YAML, which would misread it."""
    text = dns.ipv6.inet_ntoa(data)
    return text + "0" if yaml and text.endswith(":") else text


Render: TypeAlias = "Callable[[WireData, RdataStyle], str]"

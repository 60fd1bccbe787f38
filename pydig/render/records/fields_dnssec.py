"""Field formats of DNSSEC's records: keys and signatures in base64 runs (which CERT,
OPENPGPKEY and a few other types share), signature times, key ids and NSEC's type lists.
A plain lookup's records need none of them (fields.py has the common formats)."""

from __future__ import annotations

import base64
import time

from pydig.render.records.fields import split_runs
from pydig.render.records.mnemonics import type_text
from pydig.render.records.style import RdataStyle


def base64_field(data: bytes, style: RdataStyle) -> str:
    """isc_base64_totext(width - 2): runs of whole 4-character groups."""
    if not style.width:
        return base64.b64encode(data).decode()
    wordlength = max(style.width - 2, 4)
    per_run = max(1, -(-wordlength // 4) - 1)
    return split_runs(base64.b64encode(data).decode(), 4 * per_run, style.linebreak)


def type_list(types: list[int]) -> str:
    return " ".join(type_text(t) for t in types)


def time32(value: int) -> str:
    """dns_time32_totext: YYYYMMDDHHMMSS, taking the 32-bit value in the epoch nearest now."""
    now = int(time.time())
    delta = (value - now) & 0xFFFFFFFF
    when = now + delta if delta < 0x80000000 else now - ((now - value) & 0xFFFFFFFF)
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(when))


def computed_key_id(data: bytes) -> int:
    """dst_region_computeid: the RFC 4034 appendix B checksum (BIND uses it for every
    algorithm, RSAMD5 included)."""
    padded = data + b"\0" * (len(data) % 2)
    total = sum(int.from_bytes(padded[i : i + 2], "big") for i in range(0, len(padded), 2))
    total += (total >> 16) & 0xFFFF
    return total & 0xFFFF

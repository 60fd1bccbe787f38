"""Bitmaps of numbers in record data: a set bit a value, the first byte's top bit the
lowest.  WKS's ports and NXT's types are one such bitmap from 0; NSEC's, NSEC3's and
CSYNC's types come in windows of 256 (RFC 4034 §4.1.2), which dnspython keeps as
(window number, bitmap) pairs.  Read by the record renderers and by the DNSSEC checks
of authenticated denial.
"""

from __future__ import annotations

from collections.abc import Iterable


def bitmap_types(bitmap: bytes, base: int = 0) -> list[int]:
    """The values a bitmap's set bits stand for, in order, its first bit being `base`."""
    return [
        base + index * 8 + bit
        for index, byte in enumerate(bitmap)
        for bit in range(8)
        if byte & (0x80 >> bit)
    ]


def window_types(windows: Iterable[tuple[int, bytes]]) -> list[int]:
    """The types of an NSEC-style type bitmap, as dnspython keeps it, in order."""
    return [rdtype for window, bitmap in windows for rdtype in bitmap_types(bitmap, window * 256)]

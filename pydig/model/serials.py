"""SOA serial numbers compared as RFC 1982 says: 32-bit sequence space arithmetic."""

from __future__ import annotations

from collections.abc import Iterable

SERIAL_SPACE = 1 << 32
HALF_SPACE = 1 << 31


def serial_after(first: int, second: int) -> bool:
    """RFC 1982 3.2: whether `first` is greater than `second`.  Serials exactly half the
    space apart are not comparable: neither is greater."""
    return first != second and ((first - second) % SERIAL_SPACE) < HALF_SPACE


def newest_serial(serials: Iterable[int]) -> int | None:
    """The serial every other one is behind, or None when there is none (some pair is
    half the space apart, or the serials go round the space in a circle); None for none."""
    distinct = set(serials)
    for candidate in distinct:
        if all(other == candidate or serial_after(candidate, other) for other in distinct):
            return candidate
    return None


def serials_behind(newest: int, serial: int) -> int:
    """How many increments `serial` is behind `newest` (0 for the same serial)."""
    return (newest - serial) % SERIAL_SPACE

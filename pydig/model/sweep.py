"""A reverse sweep's range of addresses, as `-x NETWORK` or `-x FIRST-LAST` gives it."""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator

from pydig.immutable import immutable

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address


@immutable
class AddressRange:
    """The addresses of one sweep, first to last inclusive, as the user wrote them."""

    text: str
    first: IPAddress
    last: IPAddress

    @property
    def size(self) -> int:
        return int(self.last) - int(self.first) + 1

    def addresses(self) -> Iterator[IPAddress]:
        """Every address in order, made one at a time: a sweep never lists its range."""
        make = type(self.first)
        for number in range(int(self.first), int(self.last) + 1):
            yield make(number)

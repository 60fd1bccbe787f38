"""A reverse sweep's range of addresses, as `-x NETWORK` or `-x FIRST-LAST` gives it, and
what each address came to (pydig/lookup/ptrchain.py finds it out)."""

from __future__ import annotations

import enum
import ipaddress
from collections.abc import Iterator
from typing import TYPE_CHECKING

from pydig import EnumBody, enumeration
from pydig.immutable import immutable

if TYPE_CHECKING:
    import dns.name

    from pydig.model.events import Exchange

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

    @property
    def kind(self) -> type[IPAddress]:
        """IPv4Address or IPv6Address, which makes an address of the range from its number."""
        return type(self.first)

    def addresses(self) -> Iterator[IPAddress]:
        """Every address in order, made one at a time: a sweep never lists its range."""
        make = self.kind
        for number in range(int(self.first), int(self.last) + 1):
            yield make(number)


@enumeration(enum.Enum)  # a third of a class statement's enum's cost at start
class Status(EnumBody):
    """How an address ended, in the order the summary counts them; the value is how the
    summary words it.  `answered` says whether its servers gave an answer about it."""

    PTR = "with PTR"
    FOLLOWED = "followed to a PTR"
    NXDOMAIN = "NXDOMAIN"
    NODATA = "NODATA"
    REFERRAL = "referred elsewhere"
    DANGLING = "CNAME leading nowhere"
    CNAME = "CNAME not followed"
    SERVFAIL = "SERVFAIL"
    REFUSED = "REFUSED"
    RCODE = "other RCODE"
    NOREPLY = "without reply"
    BADREPLY = "bad reply"

    @property
    def answered(self) -> bool:
        return self not in _UNANSWERED

    @property
    def found(self) -> bool:
        return self in (Status.PTR, Status.FOLLOWED)


_UNANSWERED = frozenset(
    (Status.SERVFAIL, Status.REFUSED, Status.RCODE, Status.NOREPLY, Status.BADREPLY)
)


def status_of(word: str) -> Status:
    """The status behind a word AddressResult.word gave (any other word is an RCODE)."""
    return Status.__members__.get(word, Status.RCODE)


@immutable(kw_only=True)
class AddressResult:
    """What one address of a sweep came to."""

    address: IPAddress
    status: Status
    rcode: str = ""  # the last reply's RCODE, "" without one
    chain: tuple[dns.name.Name, ...] = ()  # the reverse name, then each CNAME/DNAME target
    ptrs: tuple[dns.name.Name, ...] = ()  # the PTR names found at the end of the chain
    confirmed: tuple[bool, ...] | None = None  # +fcrdns: does each PTR name map back?
    why: str = ""  # for a chain that leads nowhere: where and how it ended
    exchanges: tuple[Exchange, ...] = ()  # every lookup made, in order

    @property
    def word(self) -> str:
        """The one word +sweep-missing prints: the status, or the RCODE's name."""
        return self.rcode if self.status is Status.RCODE else self.status.name

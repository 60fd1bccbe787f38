"""The records that flow between planning, sending and rendering."""

from __future__ import annotations

import ipaddress
import time
from dataclasses import field
from functools import cached_property
from typing import TYPE_CHECKING, Any, TypeAlias, final

import dns.message

from pydig.immutable import immutable, replace
from pydig.model.display import DisplayOptions
from pydig.model.rules import LookupRules
from pydig.model.secure import SecureSettings

if TYPE_CHECKING:
    from datetime import datetime, tzinfo
    from typing import Literal, Protocol

    from pydig.model.message import MessageView

    class Received(Protocol):
        """What dig's text reads of a reply: a Reply, or a FullAnswer (the same, with
        no Reply made)."""

        @property
        def message(self) -> MessageView: ...
        @property
        def wire(self) -> bytes: ...
        @property
        def server(self) -> Server: ...
        @property
        def port(self) -> int: ...
        @property
        def transport(self) -> str: ...
        @property
        def elapsed(self) -> float: ...
        @property
        def received_at(self) -> Moment: ...
        @property
        def extra_bytes(self) -> int: ...
        @property
        def tsig_error(self) -> str | None: ...

    class Moment(Protocol):
        """What dig's text reads of a reply's time (the WHEN line): a datetime (a Reply's,
        local_time()'s) or a LocalTime (a FullAnswer's)."""

        @property
        def year(self) -> int: ...
        @property
        def month(self) -> int: ...
        @property
        def day(self) -> int: ...
        @property
        def hour(self) -> int: ...
        @property
        def minute(self) -> int: ...
        @property
        def second(self) -> int: ...
        def tzname(self) -> str | None: ...
        def strftime(self, format: str, /) -> str: ...


# The local zone of the last second local_time() met (and the zone names then in force):
# astimezone() asks the C library, which looks at /etc/localtime again (a system call),
# and a batch's replies come many to a second.  A zone's offset never changes within a
# second.
_zone_of_second: tuple[tuple[int, tuple[str, str]], tzinfo] | None = None


def local_time(timestamp: float | None = None) -> datetime:
    """The local time of an event (time.time()'s timestamp, or now), as dig prints it."""
    # datetime's classes are _datetime's: datetime.py defines each in Python first, only
    # to replace it with the C module's (a twentieth of a lookup's start), and loading
    # even that costs a third of a percent of one, which a lookup under +short never pays.
    if not TYPE_CHECKING:
        from _datetime import datetime

    global _zone_of_second
    if timestamp is None:
        timestamp = time.time()
    second = (int(timestamp), time.tzname)
    known = _zone_of_second
    if known is not None and known[0] == second:
        return datetime.fromtimestamp(timestamp, known[1])
    moment = datetime.fromtimestamp(timestamp).astimezone()
    assert moment.tzinfo is not None
    _zone_of_second = (second, moment.tzinfo)
    return moment


class LocalTime:
    """A moment as the local clock shows it to the second (time.localtime()), with what
    dig's text reads of a datetime (Moment): the same WHEN line as local_time()'s, for an
    express answer shown in full, which loads no datetime (its C module alone costs a
    start some 0.3 ms)."""

    __slots__ = ("_tm", "day", "hour", "minute", "month", "second", "year")

    def __init__(self, timestamp: float) -> None:
        tm = self._tm = time.localtime(timestamp)
        self.year, self.month, self.day = tm.tm_year, tm.tm_mon, tm.tm_mday
        self.hour, self.minute, self.second = tm.tm_hour, tm.tm_min, tm.tm_sec

    def tzname(self) -> str:
        return self._tm.tm_zone

    def strftime(self, format: str, /) -> str:
        return time.strftime(format, self._tm)


@immutable(kw_only=True)
class Server:
    """A server to ask: the address to send to and how dig names it in its output."""

    address: str  # an IP address literal
    label: str  # what the user typed (@name) or the resolv.conf address

    @property
    def mapped(self) -> str | None:
        """The address as BIND writes an IPv4-mapped IPv6 address (::ffff:127.0.0.2), if
        it is one: dig 9.18 never sends to one, it says it skips it."""
        if ":" not in self.address:
            return None
        try:
            ip = ipaddress.IPv6Address(self.address.split("%", 1)[0])
        except ValueError:
            return None
        return None if ip.ipv4_mapped is None else f"::ffff:{ip.ipv4_mapped}"


# What one command-line lookup becomes: one query (with dig's retries and requeues),
# +trace's walk down from the root, or +nssearch's SOA from every name server.  Words,
# not an enum: an enum's class costs every lookup's start some 40 us.  Quoted: typing's
# Literal[] costs a start too.
Mode: TypeAlias = 'Literal["plain", "trace", "nssearch"]'


@immutable(kw_only=True)
class Lookup:
    """One query, ready to send: plain data that +qr can print without sending."""

    query: dns.message.Message
    qname_text: str
    servers: tuple[Server, ...]
    port: int
    tcp: bool
    ignore_truncation: bool
    timeout: float
    tries: int
    source: tuple[str, int] | None
    display: DisplayOptions
    use_usec: bool
    banner: str = ""  # the "; <<>> DiG …" lines this lookup prints first, if any
    is_transfer: bool = False
    ixfr_serial: int | None = None
    secure: SecureSettings = field(default_factory=SecureSettings)  # DoT / DoH
    rules: LookupRules = field(default_factory=LookupRules)  # what dig does with replies
    keep_open: bool = False  # +keepopen: leave the TCP connection open for the next lookup
    mode: Mode = "plain"
    ip_version: int | None = None  # -4 / -6: the family +trace and +nssearch keep to
    # The QuerySettings +trace, +nssearch and +validate build their further queries from
    # (None otherwise); typed loosely, as model.invocation leads back here through
    # model.sweep.  lookup/hops.py's settings_of() reads it.
    hop_settings: object = None

    @cached_property
    def query_wire(self) -> bytes:
        """The query as sent, made once: dnspython's to_wire costs as much as a reply's parse."""
        return self.query.to_wire()

    def but(self, **changes: Any) -> Lookup:
        """dataclasses.replace, keeping the query's wire form when the query stays."""
        changed = replace(self, **changes)
        if "query" not in changes and "query_wire" in self.__dict__:
            changed.__dict__["query_wire"] = self.query_wire
        return changed


@final  # never subclassed: the runner tells it by its type
class FullAnswer:
    """A batch line's lookup the express lane ended plainly, shown in full with no
    Exchange made: what dig's text of its exchange reads (render.dig.answer_pieces), the
    reply's as a Reply has them (with no Reply made: it is read once), the lookup the lane
    asks by and the line's banner.  A class with __slots__: a named tuple's class costs
    a start ten times as much to define, and each one is slower to make."""

    __slots__ = ("banner", "elapsed", "lookup", "message", "port", "received_at", "server", "wire")

    # A plain UDP reply, read whole: what a Reply says of one.
    transport = "UDP"
    extra_bytes = 0
    tsig_error: str | None = None

    def __init__(
        self, message: MessageView, wire: bytes, server: Server, port: int, elapsed: float,
        received_at: Moment, lookup: Lookup, banner: str,
    ) -> None:  # fmt: skip
        self.message, self.wire = message, wire  # (pairs: four at once make a tuple)
        self.server, self.port = server, port
        self.elapsed, self.received_at = elapsed, received_at
        self.lookup, self.banner = lookup, banner

"""What happened to a Lookup, in order (its Notes, the query sent, the Answers and their
Replies), and how it ended: the Exchange that dig's general machine makes and its
renderers read.  Apart from model/exchange.py's records: a plain answer (the express
lane's FullAnswer) is shown with none of these made, and its start does not define
the five (about 0.9M instructions of the 265M a full lookup takes)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.immutable import immutable

if TYPE_CHECKING:
    from datetime import datetime

    import dns.message

    from pydig.model.diagnosis import HopReport, Verdict
    from pydig.model.exchange import Lookup, Server
    from pydig.model.message import MessageView


@immutable(kw_only=True)
class Reply:
    """One message received, with when and from where.  The message is what the renderers
    read: a dnspython Message or the lean reader's records (pydig.wire.decode.full_message
    gives a dnspython Message from either)."""

    message: MessageView
    wire: bytes
    server: Server
    port: int
    transport: str  # "UDP", "TCP", "TLS", "HTTPS", "HTTPS-GET", "HTTP" or "HTTP-GET"
    elapsed: float  # seconds from sending the query
    received_at: datetime
    extra_bytes: int = 0  # bytes after the message's end: dig warns about them
    tsig_error: str | None = None  # why the reply's TSIG did not verify (signed queries)


@immutable
class Note:
    """A line dig prints as it goes (";; Truncated, retrying in TCP mode.")."""

    text: str
    # One of dig's errors (dighost_error) rather than a warning or comment: +yaml shows
    # errors as DIG_ERROR items and leaves warnings and comments out.
    error: bool = False


@immutable
class QuerySent:
    """The query went out: +qr prints it at this point."""

    transport: str
    server: Server | None = None  # where it went and when: +yaml shows both
    sent_at: datetime | None = None
    # The query sent, when a retry changed it (a server cookie, another EDNS version).
    query: dns.message.Message | None = None


@immutable
class Answer:
    """A reply that dig prints (a transfer has several)."""

    reply: Reply


Event = Note | QuerySent | Answer


@immutable(kw_only=True)
class Exchange:
    """What happened to one Lookup, in order, and how it ended."""

    lookup: Lookup
    events: tuple[Event, ...] = ()
    failure: str | None = None  # ";; no servers could be reached"
    banner_before_failure: bool = True  # dig omits the banner when TCP cannot connect
    cancelled: bool = False  # dig gave up without another try: a bad packet, a failed transfer
    answered: bool = False  # cancelled on a server's answer (a refused transfer): status 0
    # How often dig's received() prints the statistics after the reply: its search code
    # skips them for a failed search domain and prints them twice for some NXDOMAINs.
    statistics_shown: int = 1
    # A readable +trace (+table, +json, +trace-all) and +validate: the hops walked and
    # DNSSEC's verdict on the answer.  Empty and None for everything dig itself does.
    hops: tuple[HopReport, ...] = ()
    verdict: Verdict | None = None

    @property
    def bogus(self) -> bool:
        """+validate found the answer bogus: exit status 13."""
        return self.verdict is not None and self.verdict.decides_status and self.verdict.bogus

    @property
    def no_reply(self) -> bool:
        """dig found no answer to print: exit status 9."""
        return self.failure is not None or (self.cancelled and not self.answered)

    @property
    def replies(self) -> tuple[Reply, ...]:
        return tuple(event.reply for event in self.events if isinstance(event, Answer))

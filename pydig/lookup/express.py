"""The express lane: plain UDP lookups whose first reply ends them, without a state machine.

Most lookups of a batch or a sweep are one datagram out and one back.  For those the
engine sends the query itself (the Express action) and the first datagram is settled
here by the same functions the machine runs (send.answered_at_once, requeue.after_reply):
the exchange is the one ask() and lookups() would make, record for record.  Anything
else (a warning, a timeout, truncation, a retry) hands the socket and what came to
`lookups(lookup, begun)`, which goes on from that very point as if it had sent the query
itself; a query that cannot be sent goes the ordinary way (the action's otherwise()),
which meets the same failure and reports it.  Lookups of another kind (TCP, +trace,
+nssearch, +validate, a server to skip, a search domain first) take the ordinary way
from the start.

The actions are made here (plain_express, NameExpress.express) for the runner to hand
to the engine alone (Engine.express: a batch line, and a sweep's address, has no
machine until settle answers with one); gathered() asks plain_express's for a later
link of a sweep's chain (or an address of a view the lane does not take), which its
investigation reads.

A batch line of one name, and each address of a sweep, goes further
(NameExpress): the query is the template's bytes with the name and ID patched in, and a
reply that is plainly the answer (the ID, the question byte for byte, NOERROR or
NXDOMAIN, no truncation, the cookie echoed, a reply the lean reader is sure of) ends the
lookup without a Lookup of its own or any dnspython object: under +short as the
reply's LeanMessage alone (the records of its answer, the only ones it keeps), which
the runner prints by the lane's lookup, known to the step that shows it, else as a
FullAnswer, printed from the lean records as well.  A sweep's address is asked with
an Alone, the sweep's: its plain answer (every section read and kept) ends the address
when its investigation would end there (Alone.ended), and is handed over as any other
reply is otherwise.  Any other reply makes the Lookup the planner would have made
(plan.renamed, under the same ID, so the same bytes) and hands over to lookups() as
above (for a sweep's address, inside its investigation: Alone.handed).
"""

from __future__ import annotations

import functools
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import dns.opcode

from pydig.lookup.plan import MAX_UDP_QUERY, renamed
from pydig.model.exchange import FullAnswer, LocalTime, Lookup, local_time
from pydig.transport.actions import Express, Machine, collected
from pydig.wire.cookies import cookie_of, cookie_quiet, echo_of
from pydig.wire.lean import read_lean
from pydig.wire.lean_message import LeanMessage
from pydig.wire.plain import plain_rcode
from pydig.wire.protocol import HEADER_SIZE, QUERY_IDS, fresh_query_ids
from pydig.wire.templates import LENGTH_BYTES, MAX_NAME, Template, plain_name_wire, template_of

if TYPE_CHECKING:  # for the type checker only: a Protocol costs a start
    from typing import Protocol

    from pydig.model.events import Exchange

    class Alone(Protocol):
        """What a sweep makes of what each of its addresses asked by NameExpress.express
        comes to: one for the whole sweep, told each address by its number."""

        def ended(
            self, number: int, sent: float, message: LeanMessage, full: FullAnswer | None
        ) -> object | None:
            """What a plain answer (its records; in dig's full text, `full`) ends the
            address's task with, or None when the address's investigation goes on from it
            (it is then handed over as any other reply).  sent: its query's time."""

        def handed(self, number: int, lookup: Lookup, machine: Machine[Any]) -> Machine[Any]:
            """The machine that goes on from the first datagram (or goes the ordinary way),
            run inside the address's investigation; `lookup`, what it asks."""


def gathered(action: Express | None, lookup: Lookup) -> Machine[list[Any]]:
    """What the lookup comes to, gathered rather than yielded (actions.collected), for a
    sweep's address: by the express lane when `action` asks it that way (plain_express),
    else the ordinary way.  A plain answer is settle's list as it stands: no machine is
    made or resumed for it."""
    if action is None:
        from pydig.lookup.modes import exchanges

        return (yield from collected(exchanges(lookup)))
    answer = yield action  # what ends the lookup, or the machine that goes on from there
    return answer if isinstance(answer, list) else (yield from collected(answer))


def plain_express(lookup: Lookup) -> Express | None:
    """The Express that asks the lookup as exchanges(lookup) would, when the lane can send
    it: its answer is the exchange that ends it, or lookups() from its first datagram."""
    asked = _takes(lookup)
    return None if asked is None else _express(asked, lookup)


def _sendable(lookup: Lookup) -> bool:
    """Whether the express lane can send the lookup: plain UDP, to an address of its own."""
    if lookup.tcp or lookup.mode != "plain" or lookup.hop_settings is not None:
        return False
    return bool(lookup.servers) and lookup.servers[0].mapped is None


def _takes(lookup: Lookup) -> Lookup | None:
    """The lookup as lookups() first asks it, when the express lane can send that."""
    if not _sendable(lookup):
        return None
    from pydig.lookup.requeue import first_asked  # the search list's first step

    asked, _ = first_asked(lookup)
    if asked is None or asked.query is not lookup.query:  # a search domain goes first
        return None
    return asked


def _express(asked: Lookup, lookup: Lookup) -> Express:
    """The action that sends `asked` (the lookup as lookups() first asks it) and settles
    its first datagram: the exchange that ends it, or lookups() from there."""
    from pydig.lookup.modes import exchanges
    from pydig.lookup.requeue import after_reply, lookups
    from pydig.transport.send import Begun, answered_at_once, sent_udp

    server = asked.servers[0]
    started_at = time.perf_counter()  # the one clock of deadlines and query times
    deadline = started_at + asked.timeout
    sent = sent_udp(asked, server)

    def settle(handle: object, first: bytes | BaseException) -> list[Exchange] | Machine[Any]:
        begun = Begun(handle, deadline, started_at, sent, first)
        exchange = answered_at_once(asked, begun)
        if exchange is not None:
            outcome = after_reply(exchange, asked.qname_text)
            if outcome.again is None:
                return [outcome.shown]
        return lookups(lookup, begun)

    return Express(
        server.address, asked.port, asked.source, asked.query_wire, deadline, settle,
        functools.partial(exchanges, lookup),
    )  # fmt: skip


_NOT_YET = object()  # a lane's _plain_opt before any reply was found plain


class NameExpress:
    """The express lane for lookups that differ from a planned one by name alone: a
    batch's lines of one name, a sweep's addresses."""

    def __init__(self, lookup: Lookup, template: Template) -> None:
        self.lookup = lookup
        self.template = template
        self.server = lookup.servers[0]
        # what the cookie every query of the lane sends must come back as
        self._echo = echo_of(cookie_of(lookup.query))
        # The longest name's wire form that keeps the query within a UDP query's size.
        # (A name is never longer than MAX_NAME either.)
        self._longest_name = min(
            MAX_UDP_QUERY - (len(template.wire) - template.name_end + 12), MAX_NAME
        )
        # What follows the question in each query: its end is the query's size less this.
        self._after_question = len(template.wire) - template.name_end - 4
        # What every query of the lane reads of the lookup, read once.
        self._qid, self._timeout, self._short = (
            lookup.rules.qid,
            lookup.timeout,
            lookup.display.short,
        )
        self._address, self._port, self._source = self.server.address, lookup.port, lookup.source
        # +qid's ID as a query starts with it (None: a random one each)
        self._qid_wire = None if self._qid is None else self._qid.to_bytes(2, "big")
        # the template's bytes between the ID and the name, and after the name
        self._before_name, self._after_name = template.around
        # The last OPT record _opt_plain() found plain: the lean reader hands the very
        # same record to every reply that repeats it byte for byte (its table of tails),
        # which needs no second look.  (None: a reply without one, when that is plain.)
        self._plain_opt: object = _NOT_YET

    @classmethod
    def for_lookup(cls, lookup: Lookup) -> NameExpress | None:
        """The lane for names asked as this lookup asks its own, when it can take them:
        dig's text (no +qr, +identify, +dns64prefix, +json, +yaml or +table), no search
        list, a query from a template."""
        display = lookup.display
        if (
            display.qr
            or display.format != "dig"
            or display.yaml
            or display.identify
            or display.short_types
            or display.dns64prefix
            or lookup.rules.search.use  # then lookups() first asks the lookup as it is
            or lookup.query.opcode() != dns.opcode.QUERY
            or len(lookup.query.question) != 1  # (read_lean's question_end)
            or not _sendable(lookup)
        ):
            return None
        template = template_of(lookup.query, lookup.query_wire)
        return None if template is None else cls(lookup, template)

    def own(self) -> Express | None:
        """The Express that asks the lane's own lookup (a command line's) as express()
        asks a name; None when its name is not plain ASCII labels."""
        lookup = self.lookup
        name_wire = self.name_wire(lookup.qname_text)
        if name_wire != lookup.query_wire[HEADER_SIZE : self.template.name_end]:
            return None
        return self.express(lookup.qname_text, name_wire, lambda _: lookup.banner)

    def name_wire(self, name: str) -> bytes | None:
        """The name's wire form when this lane can ask it: None when the name needs
        planning in full (not plain ASCII labels, or a query too big for UDP)."""
        name_wire = plain_name_wire(name)
        if name_wire is None or len(name_wire) > self._longest_name:  # fits(), inline
            return None
        return name_wire

    def line(
        self, name: str, label: str, suffix: bytes | None, banner: Callable[[str], str]
    ) -> Express | None:
        """A batch line's name asked as express() asks it, given as cli.parse.plain_line()
        gives it (its first label, and the wire form of the rest when it was found at
        once); None when the lane cannot ask it (name_wire())."""
        if suffix is None:
            name_wire = self.name_wire(name)
            return None if name_wire is None else self.express(name, name_wire, banner)
        if len(label) + 1 + len(suffix) > self._longest_name:  # fits(), inline
            return None
        # The template's query with this ID and name (its first label, then its rest),
        # made here, inline: a batch's every line comes here.  The ID is +qid's, or
        # pick_query_id()'s random one, inline too, as its wire form.
        query_id = self._qid_wire or (QUERY_IDS or fresh_query_ids()).pop()
        message = b"".join(
            (
                query_id,
                self._before_name,
                LENGTH_BYTES[len(label)],
                label.encode(),
                suffix,
                self._after_name,
            )
        )
        return Ask(self, name, message, banner)

    def fits(self, size: int) -> bool:
        """Whether the query for a name of `size` bytes in wire form stays within a UDP
        query's size."""
        return size <= self._longest_name

    def express(
        self,
        name: str,
        name_wire: bytes,
        banner: Callable[[str], str],
        *,
        alone: Alone | None = None,
        number: int = 0,
    ) -> Ask:
        """The Express that looks this name up (name_wire from name_wire()), answered with
        what a plain answer shows (under +short the reply's LeanMessage, shown by the
        lane's lookup; else _full_answer()), or the exchanges of the lookup the planner
        makes for it.  banner(name) gives the line's banner, made only when the lookup's
        text shows it (never for a +short answer): one function for every line of a
        batch, not one made a line.  +short prints only the answer section, and only that
        is kept (read_lean's answer_only), but for a sweep's address.
        alone: the sweep whose address (its number) this is, asked with no machine behind
        it (one object a sweep: not one an address)."""
        # the ID as line() takes it (the wire form of +qid's, or a random one)
        query_id = self._qid_wire or (QUERY_IDS or fresh_query_ids()).pop()
        message = self.template.patched_wire(name_wire, query_id)
        if alone is None:
            return Ask(self, name, message, banner)
        ask = _AddressAsk(self, name, message, banner)
        ask.alone, ask.number = alone, number
        return ask

    def _full_answer(self, message: LeanMessage, wire: bytes, ask: Ask) -> FullAnswer:
        """A plain answer as dig's full text shows it, with the lookup this lane asks by (it
        differs only by the name and ID, which dig's text of a reply takes from the
        reply): the reply and the banner of the line that asked it.  (Under +short, its
        records alone.)"""
        elapsed = time.perf_counter() - ask.started_at  # as send.received() says of a Reply
        return FullAnswer(
            message,
            wire,
            self.server,
            self._port,
            elapsed,
            LocalTime(time.time()),
            self.lookup,
            ask.banner(ask.name),
        )

    def _planned(self, ask: Ask) -> Lookup:
        """The Lookup the planner makes for the name asked: the same query, under its ID."""
        query_id = int.from_bytes(ask.message[:2], "big")
        planned = renamed(self.lookup, ask.name, banner=ask.banner(ask.name), query_id=query_id)
        assert planned is not None  # unsigned and small, as name_wire() made sure
        return planned

    def _opt_plain(self, message: LeanMessage) -> bool:
        """Whether the reply's OPT record (or its lack) makes it no less plain an answer:
        it adds nothing to the header's RCODE (plain_rcode), and the cookie is what the
        lane's query asks it to be (cookie_quiet).  The record is kept when it does
        (_plain_opt)."""
        if not (plain_rcode(message) and cookie_quiet(self.lookup, self._echo, message)):
            return False
        self._plain_opt = message.opt
        return True


class Ask(Express):
    """One name asked by a NameExpress: the Express that sends it, with what settling its
    first datagram needs, and settle() and otherwise() as methods: a batch makes one a
    line, and no closure.  Its lane is its maker: it reads the lane's settings as the
    lane's own methods would."""

    __slots__ = ("banner", "lane", "name", "started_at")

    # A batch line's: a sweep's address is an _AddressAsk, which sets its own.
    alone: Alone | None = None  # the sweep, asking with no machine behind it
    number = 0  # the address's, that it tells its sweep by

    def __init__(
        self,
        lane: NameExpress,
        name: str,
        message: bytes,  # the query, from the lane's template
        banner: Callable[[str], str],
    ) -> None:
        self.lane, self.name = lane, name  # (pairs: four at once would make a tuple)
        self.banner, self.message = banner, message
        self.address, self.port, self.source = lane._address, lane._port, lane._source
        # one clock read: deadlines and query times are both time.perf_counter()'s
        self.started_at = started_at = time.perf_counter()
        self.deadline = started_at + lane._timeout

    def settle(self, handle: object, first: bytes | BaseException) -> list[Any] | Machine[Any]:
        """The plain answer it shows, or the machine that goes on from its first datagram."""
        lane = self.lane
        if not isinstance(first, BaseException):
            short = lane._short  # only the answer is shown, and kept...
            alone = self.alone
            query = self.message
            # The reply's records when it plainly answers the query (plain_reply, inline: a
            # batch's every line comes here) with the cookie echoed: read_lean's checks,
            # then its OPT record's (the one last found plain, or _plain_opt()).
            # answer_only: +short's, but for a sweep's address, which tells NODATA from a
            # referral by its authority section (ptrchain.ended_at_once).
            message = read_lean(
                first,
                answer_only=short and alone is None,
                query=query,
                question_end=len(query) - lane._after_question,
            )
            if message is not None and (message.opt is lane._plain_opt or lane._opt_plain(message)):
                if alone is None:  # the step that shows +short's records knows the lookup
                    return [message if short else lane._full_answer(message, first, self)]
                # a sweep's address, told the sweep: under +short its records alone
                full = None if short else lane._full_answer(message, first, self)
                ended = alone.ended(self.number, self.started_at, message, full)
                if ended is not None:
                    return [ended]
        # A reply the lane does not end: dig's machine (send.py) goes on from it.
        from pydig.lookup.requeue import lookups
        from pydig.transport.send import Begun, sent_udp

        planned = lane._planned(self)
        # sent as its clock started: the wall clock's time then
        sent_at = time.time() - (time.perf_counter() - self.started_at)
        sent = sent_udp(planned, lane.server, at=local_time(sent_at))
        begun = Begun(handle, self.deadline, self.started_at, sent, first)
        return self._handed(planned, lookups(planned, begun))

    def otherwise(self) -> Machine[Any]:
        """Nothing sent: the ordinary way, which reports why."""
        from pydig.lookup.modes import exchanges

        planned = self.lane._planned(self)
        return self._handed(planned, exchanges(planned))

    def _handed(self, planned: Lookup, machine: Machine[Any]) -> Machine[Any]:
        """The machine that goes on with the name: inside its investigation for a
        sweep's address."""
        alone = self.alone
        return machine if alone is None else alone.handed(self.number, planned, machine)


class _AddressAsk(Ask):
    """A sweep's address asked by NameExpress.express, with its sweep and number."""

    __slots__ = ("alone", "number")

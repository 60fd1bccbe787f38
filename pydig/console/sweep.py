"""Running one reverse sweep (`-x NETWORK`, `-x FIRST-LAST`): its size checked, each
address investigated (a machine the runner's engine drives), paced by a Pacer, then
printed in address order in the view asked for, counted, and recorded in the
+sweep-state file.

An address the express lane for names can ask (+short or dig's text, without +rate)
goes as a lone Express (SweepRun.lone): a plain reply that ends its investigation at
once (ptrchain.ended_at_once) is printed from its records with no machine made; any
other is handed to the investigation's machine (SweepRun.work), which goes on from it.

PacedGate is the one place where the scheduler meets pydig.lookup.pacing: every
lookup of a sweep goes through `PacedGate.ask`, which pauses until the controller lets
it go and tells the controller how it came back.
"""

from __future__ import annotations

import gc
import time
from collections import Counter
from collections.abc import Callable, Generator, Iterator
from ipaddress import IPv4Address
from typing import TYPE_CHECKING, Any

import dns.name
import dns.rcode

from pydig.console.output import Output
from pydig.environment import Environment
from pydig.errors import ExitCodes, UsageError
from pydig.lookup.express import NameExpress, gathered, plain_express
from pydig.lookup.pacing import Pacer
from pydig.lookup.ptrchain import Found, ended_at_once, investigation, last_message
from pydig.model.display import DisplayOptions
from pydig.model.events import Exchange
from pydig.model.exchange import FullAnswer, Lookup
from pydig.model.invocation import MAX_SWEEP_LIMIT, GlobalSettings
from pydig.model.sweep import AddressRange, AddressResult, IPAddress, Status, status_of
from pydig.render.sweep import found_lines, json_line, missing_line, short_lines, summary
from pydig.transport.actions import (
    Close,
    Express,
    Machine,
    Pause,
    Receive,
    Transmit,
    collected,
    relayed,
)
from pydig.transport.engine import kept_within_descriptors
from pydig.wire.idn import name_text, plainly_spelled, shown_in_unicode
from pydig.wire.lean_message import LeanMessage, name_of_wire, wire_labels
from pydig.wire.reverse import LONGEST_REVERSE_WIRE, reverse_names

if TYPE_CHECKING:
    from pydig.console.progress import Progress
    from pydig.console.sweepstate import SweepState
    from pydig.errors import ExitStatus  # the enum: a sweep's start makes none (ExitCodes' ints)

DEFAULT_SWEEP_LIMIT = 65_536
# The ceiling of a sweep's adaptive window unless +concurrency says otherwise: room for a
# server far away that loses datagrams.  20 ms away, a lookup is in flight 20 ms; one in
# fifty loses its query or reply (1% of datagrams each way) and waits out dig's timeout,
# 5 s, before its retry.  5,000 lookups a second (what one core got through in
# benchmarks/sweep_relay.py) then keep 5,000 x (0.02 + 0.02 x 5) = 600 in flight; 1,024
# leaves room for worse.  Each holds a socket, so the ceiling stays within the process's
# descriptors (transport/engine.py's kept_within_descriptors).
SWEEP_CONCURRENCY = 1_024
# Finished addresses that may wait for an earlier one to be printed, kept as the text
# they print: a lookup waiting out two timeouts (10 s) must not hold the others up,
# however many finish meanwhile.  +table keeps every message of the addresses it shows
# (one table at the end), so it waits for WINDOW_PER_ADDRESS x the ceiling.
SWEEP_WINDOW = 65_536
WINDOW_PER_ADDRESS = 4
# A sweep makes hundreds of small objects for each address and frees them by reference
# counting: none is cyclic garbage.  The collector's default, a young collection every
# 700 allocations and full ones over everything alive, took half of a /17 sweep's
# processor time through benchmarks/relay.py (13.3 s of user time against 7.0 s).
COLLECTION_THRESHOLD = 50_000
_DISTRESS = (dns.rcode.SERVFAIL, dns.rcode.REFUSED)
_FOUND = Status.PTR  # (a member read from its class is a slow look-up: once an address)
_LONGEST_WAIT = 0.1  # seconds a paced worker sleeps before it looks again


def check_limit(sweep: AddressRange, limit: int | None) -> None:
    """Refuse a sweep larger than the cap (65,536 unless +sweep-limit says otherwise),
    suggesting a +sweep-limit that allows it, or saying that none does."""
    cap = DEFAULT_SWEEP_LIMIT if limit is None else limit
    if sweep.size <= cap:
        return
    start = f"-x {sweep.text} is {sweep.size:,} addresses, more than the sweep limit of {cap:,}"
    if sweep.size <= MAX_SWEEP_LIMIT:
        raise UsageError(f"{start}; raise it with +sweep-limit={sweep.size}")
    raise UsageError(
        f"{start}; +sweep-limit allows at most {MAX_SWEEP_LIMIT:,} (an IPv4 /0, an IPv6 /96): "
        "sweep a smaller range"
    )


class PacedGate:
    """Lets lookups go as the Pacer allows: a lookup's machine pauses until it may send,
    then goes by the express lane when it can.  Under +rate it goes the ordinary way,
    whose every query passes through here: each later query of the lookup (a retry, TCP
    after truncation) waits for its turn too.  Without +rate the runner starts an address
    only when the window has room for it (SweepRun.room): what waits here is a chain's
    next link, or an address started before a cut shrank the window.  An address the
    runner starts as a lone Express (SweepRun.lone) tells the Pacer itself, by the gate's
    clock, as it goes and as a plain answer ends it (a call fewer each: the sweep's every
    address), or here (recorded) when a machine goes on with it."""

    def __init__(self, pacer: Pacer, clock: Callable[[], float] = time.perf_counter) -> None:
        self.pacer = pacer
        self.clock = clock

    def ask(self, lookup: Lookup) -> Machine[Found]:
        """The lookup's exchanges, once the pace lets it go."""
        while not self.pacer.may_send(now := self.clock()):
            yield self._pause(now)
        self.pacer.on_sent(now)
        if self.pacer.rate:  # the ordinary way, where every query passes through here
            from pydig.lookup.modes import exchanges  # the express lane's sweep never loads it

            machine = collected(self._retries_paced(exchanges(lookup)))
        else:
            machine = gathered(plain_express(lookup), lookup)
        return (yield from self.recorded(machine))

    def recorded(self, machine: Machine[Found]) -> Machine[Found]:
        """The exchanges the machine gathers (a lookup sent), told the Pacer as it ends."""
        try:
            found = yield from machine
        except Exception:
            self._record(None)
            raise
        self._record(found[-1] if found else None)
        return found

    def _pause(self, now: float) -> Pause:
        wait = self.pacer.next_send - now
        return Pause(now + min(max(wait, 0.001), _LONGEST_WAIT))

    def _retries_paced(self, machine: Machine[None]) -> Machine[None]:
        """The machine, its queries after the first each held for +rate's next turn.  The
        time one waits is added to its deadlines, so it keeps the whole of its timeout."""
        later: dict[int, float] = {}  # a handle's id -> the seconds its query waited
        queries = 0

        def paced(step: Any) -> Generator[Any, Any, Any]:
            nonlocal queries
            if isinstance(step, Transmit):
                queries += 1
                waited = (yield from self._retry_turn()) if queries > 1 else 0.0
                later[id(step.handle)] = waited
                return Transmit(step.handle, step.message, step.deadline + waited)
            if isinstance(step, Receive):
                return Receive(step.handle, step.deadline + later.get(id(step.handle), 0.0))
            if isinstance(step, Close):
                later.pop(id(step.handle), None)
            return step

        yield from relayed(machine, paced)

    def _retry_turn(self) -> Machine[float]:
        """Wait for +rate's next turn, ahead of any new lookup; the seconds waited."""
        started = now = self.clock()
        if not self.pacer.may_resend(now):
            self.pacer.retries_waiting += 1
            try:
                while not self.pacer.may_resend(now := self.clock()):
                    yield self._pause(now)
            finally:
                self.pacer.retries_waiting -= 1
        self.pacer.on_resent(now)
        return now - started

    def _record(self, last: Exchange | None) -> None:
        now = self.clock()
        message = None if last is None else last_message(last)
        failed = isinstance(last, Exchange) and (last.failure is not None or last.cancelled)
        if failed or message is None:
            self.pacer.on_timeout(now)
        elif message.rcode() in _DISTRESS:
            self.pacer.on_error(now)
        else:
            self.pacer.on_reply(now)


def collect_rarely() -> None:
    """For the rest of the process (a command line): the objects alive so far (modules,
    settings) set aside for good, and a collection every COLLECTION_THRESHOLD allocations."""
    thresholds = gc.get_threshold()
    if thresholds[0] < COLLECTION_THRESHOLD:
        gc.freeze()
        gc.set_threshold(COLLECTION_THRESHOLD, *thresholds[1:])


class Printed:
    """An address finished and already written as its view prints it: all that is kept
    of it until its turn comes.  dig's text (`display` given) is written as Output writes
    it, coloured on a colour terminal, from its pieces; +short's and +json's lines as
    they are (`text`, "" for none).  Slotted, not an @immutable record: a sweep makes one
    an address."""

    __slots__ = ("answered", "display", "pieces", "text", "word")

    def __init__(
        self,
        word: str,
        answered: bool,
        text: str = "",
        pieces: tuple[str, ...] = (),
        display: DisplayOptions | None = None,
    ) -> None:
        self.word, self.answered, self.text = word, answered, text
        self.pieces, self.display = pieces, display


def _ptr_text(data: bytes, idnout: bool) -> str:
    """A PTR record's name (its data, uncompressed) as +short shows it: name_text() of
    its Name, spelled from its labels with no Name made when none needs escaping (and
    +idnout is off)."""
    labels = None if idnout else wire_labels(data)
    text = None if labels is None else plainly_spelled(labels)
    if text is None:
        with shown_in_unicode(idnout):
            text = name_text(name_of_wire(data))
    return text


def _no_banner(name: str) -> str:
    """A sweep's addresses after the first have none."""
    return ""


class SweepRun:
    """One sweep's settings, its count of statuses and its state file; `ceiling` and
    `window` are what the runner keeps in flight and waiting for it."""

    def __init__(
        self, env: Environment, output: Output, progress: Progress, sweep: AddressRange,
        globals_: GlobalSettings, *, ceiling: int,
    ) -> None:  # fmt: skip
        self.env = env
        self.output = output
        self.progress = progress
        self._draws = progress.counts  # else show() need not count an address on it
        self.sweep = sweep
        self.globals = globals_
        self.ceiling = ceiling  # within the descriptors (runner.concurrency())
        self.kept = kept_within_descriptors(self.ceiling)  # sockets kept for reuse
        self._printed = globals_.short or globals_.format != "table"
        self._fcrdns, self._missing = globals_.fcrdns, globals_.sweep_missing  # read once
        self._kind = sweep.kind
        self.window = SWEEP_WINDOW if self._printed else WINDOW_PER_ADDRESS * self.ceiling
        self.gate = PacedGate(Pacer(self.ceiling, rate=globals_.rate))
        collect_rarely()
        self.state: SweepState | None = None
        if globals_.sweep_state:
            from pydig.console.sweepstate import SweepState  # json's, pathlib's: when asked for

            self.state = SweepState(globals_.sweep_state, sweep, "PTR")
        self.counts = Counter(self.state.counts if self.state else {})
        self._table_rows: list[AddressResult] = []
        # What an address without a PTR prints under +short without +sweep-missing
        # (nothing), one for each status: only its count is needed, and a /16 of them
        # may wait behind one lookup waiting out a timeout.
        self._silent: dict[str, Printed] = {}
        self._idnout = False  # the express lane's (lane())

    def room(self) -> int:
        """How many of the sweep's addresses may be in flight now: the pacer's window (one
        started beyond it would only wait at the gate, looking again every millisecond),
        or under +rate the ceiling (the gate holds each send for its turn)."""
        return self.ceiling if self.globals.rate else self.gate.pacer.window

    def to_ask(self) -> Iterator[tuple[int, str, bytes]]:
        """The numbers of the sweep's addresses in order (address_of() makes each address),
        with their reverse names (text, wire form); not those an earlier run with the same
        +sweep-state file finished, the first ones, each counted on the progress bar."""
        first = int(self.sweep.first)
        if self.state is not None:
            for _ in range(min(self.state.finished, self.sweep.size)):
                self.progress.advance(False)
            first += self.state.finished
        return reverse_names(self.sweep.kind, first, int(self.sweep.last))

    def address_of(self, number: int) -> IPAddress:
        """The sweep's address of this number (made only when something needs it)."""
        return self._kind(number)

    def lane(self, lookup: Lookup) -> NameExpress | None:
        """The express lane for the sweep's addresses (`lookup`, the first's, planned in
        full), when it takes every one of them: never under +rate, which paces every query at
        the gate, nor when a reverse name could make a query too big for UDP."""
        if self.globals.rate:
            return None
        self._idnout = lookup.display.idnout  # what ended() shows of a PTR name
        lane = NameExpress.for_lookup(lookup)
        return lane if lane is not None and lane.fits(LONGEST_REVERSE_WIRE) else None

    def lone(
        self,
        number: int,
        lane: NameExpress,
        name: str,
        name_wire: bytes,
        banner: str = "",
    ) -> Express:
        """The address (its number; its reverse name, in wire form too), asked by the
        express lane for names as a task of its own (Engine.express), when the window has
        room for it (room(); never under +rate, which paces every query at the gate):
        the run itself is told what it comes to (ended(), handed()).
        banner: the first address's text shows it (the others have none)."""
        shown = (lambda _: banner) if banner else _no_banner
        ask = lane.express(name, name_wire, shown, alone=self, number=number)
        # the query goes now (the window has room: the runner waited): its time is
        # time.perf_counter()'s, the gate's clock
        self.gate.pacer.on_sent(ask.started_at)
        return ask

    def ended(
        self, number: int, sent: float, message: LeanMessage, full: FullAnswer | None
    ) -> Printed | None:
        """What the plain answer to the address of this number (its records; `full`,
        what dig's text shows of it) prints, when it ends the address's investigation at
        once (as _printed_now() prints the result it would come to); None when the
        investigation has more to read or ask.  sent: its query's time, by
        time.perf_counter(), the gate's clock.  (The work of an address's machine, done
        here: every address comes here.)"""
        status = ended_at_once(message, self._fcrdns)  # (positional: cheaper)
        if status is None:
            return None
        gate = self.gate  # a plain answer (NOERROR or NXDOMAIN), with its round trip
        now = gate.clock()
        gate.pacer.on_reply(now, now - sent)
        if status is _FOUND or self._missing or full is not None:
            return self._shown_at_once(number, message, full, status)
        word = status._name_  # the enum's own attribute: `name` is a property, and slower
        silent = self._silent.get(word)
        if silent is None:
            silent = self._silent[word] = Printed(word, True)
        return silent

    def handed(
        self, number: int, lookup: Lookup, machine: Machine[Any]
    ) -> Generator[Any, Any, None]:
        """The address's investigation going on from the machine; what it prints is the
        task's one output, as a plain answer's Printed is (the runner's step shows outputs
        alone)."""
        yield (yield from self.work(self.address_of(number), lookup, machine))

    def _shown_at_once(
        self, number: int, message: LeanMessage, full: FullAnswer | None, status: Status
    ) -> Printed:
        """What ended() prints that shows something: dig's text, +short's PTR names, or
        +sweep-missing's line."""
        word = status._name_
        if full is not None:
            from pydig.render.dig import answer_pieces  # +short never loads dig's full text

            pieces = answer_pieces(full, full.lookup, full.banner)
            return Printed(word, True, pieces=pieces, display=full.lookup.display)
        address = self._address_text(number)
        if status is not _FOUND:
            return Printed(word, True, missing_line(address, word))
        idnout = self._idnout
        records = message.sections[1]  # the answer's (a comprehension makes a function)
        if len(records) == 1:
            names = [_ptr_text(records[0].data, idnout)]
        else:
            names = [_ptr_text(record.data, idnout) for record in records]
        return Printed(word, True, found_lines(address, names))

    def _address_text(self, number: int) -> str:
        """The text of the sweep's address of this number (str() of address_of()'s; an
        IPv4 address's without one made)."""
        if self._kind is IPv4Address:
            return f"{number >> 24}.{number >> 16 & 255}.{number >> 8 & 255}.{number & 255}"
        return str(self._kind(number))

    def work(
        self, address: IPAddress, lookup: Lookup, begun: Machine[Any] | None = None
    ) -> Machine[AddressResult | Printed]:
        """One address, investigated: the lookups its investigation asks for, paced; in
        every view but +table, what it prints.  begun: the machine that goes on with its
        first lookup, already sent (a lone Express's, handed over)."""
        steps = investigation(
            address, lookup, follow=self.globals.sweep_follow, fcrdns=self.globals.fcrdns
        )
        wanted = next(steps)
        if begun is None:
            found = yield from self.gate.ask(wanted)
        else:
            found = yield from self.gate.recorded(collected(begun))
        while True:
            try:
                wanted = steps.send(found)
            except StopIteration as finished:
                result = finished.value
                return self._printed_now(result, lookup.display) if self._printed else result
            found = yield from self.gate.ask(wanted)

    def _printed_now(self, result: AddressResult, display: DisplayOptions) -> Printed:
        if self.globals.short:
            text = short_lines(result, missing=self.globals.sweep_missing, idnout=display.idnout)
            return Printed(result.word, result.status.answered, text)
        if self.globals.format == "json":
            return Printed(result.word, result.status.answered, json_line(result))
        from pydig.render import render  # dig's text: only for an address shown in it

        pieces = tuple(piece for exchange in result.exchanges for piece in render(exchange))
        return Printed(result.word, result.status.answered, pieces=pieces, display=display)

    def show(self, result: AddressResult | Printed) -> None:
        """Print one address in its view (in address order), count it, record it."""
        if isinstance(result, Printed):
            if result.display is not None:  # as a lookup's text is shown: Ctrl-C never cuts it
                self.output.show_pieces(result.pieces, result.display)
            elif result.text:  # never written empty: that takes the progress bar off the screen
                self.env.stdout.write(result.text)
            answered = result.answered
        else:
            if result.status.found or self._missing:  # +table: one at the end
                self._table_rows.append(result)
            answered = result.status.answered
        word = result.word
        self.counts[word] += 1
        if self.state is not None:
            self.state.add(word)
        if self._draws:
            self.progress.advance(not answered)  # failed

    def finish(self, *, interrupted: bool = False) -> ExitStatus:
        """The table (+table), the summary on standard error, the state file saved; the
        sweep's exit status: 9 if any address ended without an answer.  After Ctrl-C the
        same, for the addresses finished."""
        if self._table_rows:  # after Ctrl-C too: the rows of what was finished
            from pydig.render.table import sweep_table  # rich: only when asked for

            display = self._table_rows[0].exchanges[0].lookup.display
            table = sweep_table(self._table_rows, fcrdns=self.globals.fcrdns, idnout=display.idnout)
            self.output.show_table(table, display.color)
        if self.state is not None:
            self.state.save()
        counts = dict(self.counts)
        self.env.stdout.flush()  # stderr after what came before it on stdout
        text = summary(self.sweep.text, self.sweep.size, counts, interrupted=interrupted)
        self.env.stderr.write(text)
        answered = all(status_of(word).answered for word in counts)
        return ExitCodes.OK if answered else ExitCodes.NO_REPLY

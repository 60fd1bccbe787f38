"""Runs the lookups of a command line and of its batch file, and prints what dig prints.

Every lookup is a state machine driven by one event loop (transport/engine.py) on this
one thread: at most +concurrency=N of them in flight (DEFAULT_CONCURRENCY unless told),
each with its own sockets, deadlines, tries and TCP fallback, exactly as a single lookup
has.  Results are printed strictly in input order, so the output is byte for byte dig's
sequential output, and a dead server holds up nothing but its own lookup.  Input is read
only as it is needed and at most WINDOW_PER_LOOKUP x N results wait to be printed, so a
batch file of a million lines runs in flat memory.

Planning happens in input order: a batch line's settings carry into the next line, and
an error stops its own line (or, on the command line, the run) at the point where dig
stops.
"""

from __future__ import annotations

import contextlib
import functools
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, cast

from pydig.cli.parse import parse_batch_line
from pydig.cli.rcfile import read_resolv_conf
from pydig.console.output import Output
from pydig.environment import Environment
from pydig.errors import (
    DigFatal,
    ExitCodes,
    PydigError,
    reply_status,
    status_of,
    worst,
)
from pydig.immutable import replace
from pydig.lookup.express import NameExpress, plain_express
from pydig.lookup.plan import (
    banner,
    plan_lookup,
    renamed,
    resolve_host,
    server_addresses,
)
from pydig.model.exchange import FullAnswer, Lookup
from pydig.model.invocation import GlobalSettings, Invocation, Query
from pydig.transport.engine import NO_OUTPUTS, RESTING_AFTER, Engine, Task, within_descriptors
from pydig.wire.cookies import new_client_cookie
from pydig.wire.lean_message import LeanMessage

if TYPE_CHECKING:
    from pydig.console.batchfile import BatchLine, PlainLine
    from pydig.console.progress import Progress
    from pydig.console.sweep import SweepRun
    from pydig.errors import ExitStatus  # the enum: a run reads ExitCodes' ints
    from pydig.model.events import Exchange
    from pydig.model.message import MessageView
    from pydig.model.sweep import AddressRange

DEFAULT_CONCURRENCY = 32
_OK = ExitCodes.OK  # what every lookup asks: a global, read faster than a class's attribute
# Results that may wait for an earlier, slower lookup, per lookup in flight: room enough
# that a lookup waiting out its timeouts does not idle the others for long.
WINDOW_PER_LOOKUP = 4


def lookup_count(queries: Sequence[Query]) -> int:
    """How many lookups these queries make: a reverse sweep makes one per address."""
    return sum(
        1 if query.settings.sweep is None else query.settings.sweep.size for query in queries
    )


def exchange_status(exchange: Exchange, *, rcode_exit: bool = False) -> ExitStatus:
    """dig's status for a lookup (errors.status_of); with +rcode-exit, the last reply's
    RCODE decides."""
    status = status_of(exchange)
    if rcode_exit and status == ExitCodes.OK and exchange.replies:
        return reply_status(exchange.replies[-1].message)
    return status


def concurrency(globals_: GlobalSettings, default: int = DEFAULT_CONCURRENCY) -> int:
    """Lookups in flight at once (a sweep's default is its own).  A fixed source port
    (-b address#port) cannot be shared by two sockets, so it keeps dig's one at a time.
    +concurrency=N, and a sweep's default, are lowered to what the open-file limit leaves
    for sockets (the 32 of other runs fit any limit: they never ask it)."""
    if globals_.source is not None and globals_.source[1]:
        return 1
    if globals_.keepopen:  # one TCP connection, used by one lookup after another
        return 1
    if not globals_.concurrency and default == DEFAULT_CONCURRENCY:
        return default
    return within_descriptors(globals_.concurrency or default)


def _ignore(exchange: Exchange) -> None:
    """A step without a lookup has no exchanges to show."""


class _Step(Task):
    """One thing to print, in input order: each exchange a lookup's task yields, then the
    end.  origin is the line's number for a batch line's steps: their errors are reported and
    stop only that line; elsewhere an error ends the run.  Slotted, not a @mutable
    record: a batch makes one a line.  It is a Task too, new and without a machine: a
    lone Express (Engine.express) runs as the step itself (its task stays None: a step
    that named itself would be a cycle, for the garbage collector to find), one object
    a batch line, not two; a step with nothing to run is a task done at once (_add)."""

    __slots__ = ("end", "origin", "show", "shown", "task")

    def __init__(
        self,
        end: Callable[[Any], None],  # given the task's result (an address's investigation)
        show: Callable[[Any], None] = _ignore,  # given each thing the task yields
        origin: int | None = None,
    ) -> None:
        # Task.__init__(self, None, None), inline (a call a line): new, with no machine
        self.machine = self.joined = self.result = self.error = None
        self.outputs = NO_OUTPUTS
        self.done = False
        self.end = end
        self.show = show
        self.origin = origin
        self.task: Task | None = None
        self.shown = 0  # the task's exchanges printed so far


class _RunStopped(Exception):
    """What printing met that ends the run (dig's fatal(), an error outside a batch line)."""

    def __init__(self, error: PydigError) -> None:
        super().__init__(error)
        self.error = error


class Runner:
    """Plans lookups in input order, has the engine send them, and prints each as dig would."""

    def __init__(self, env: Environment, progress: Progress) -> None:
        self.env = env
        self.resolv = read_resolv_conf(env.resolv_conf)
        self.progress = progress
        self._counts = progress.counts  # whether the bar counts the lookups (_show())
        self.output = Output(env)
        self.status = ExitCodes.OK
        self._rcode_exit = False  # +rcode-exit: the worst lookup decides the status
        # An @server given by name is looked up once, not once per address of a sweep.
        self._resolver = functools.lru_cache(maxsize=64)(resolve_host)
        # The batch line an error has stopped (0: none; a command line's steps are None's)
        self._skipped_origin = 0
        self._batch_name = ""  # the batch file's, for "file:line" in a line's error
        self._server_count = 0  # "; (N servers found)" in the first banner
        self._greeted = False
        self._client_cookie = new_client_cookie()  # dig sends one for the whole run
        self._engine = Engine()
        self._steps: deque[_Step] = deque()  # waiting to be printed, in input order
        self._size = 1
        self._sweep_room: Callable[[], int] | None = None  # a sweep's own, while it plans
        self._window = WINDOW_PER_LOOKUP  # finished lookups that may wait to be printed
        self._sweeps: list[SweepRun] = []  # begun and not yet summed up: Ctrl-C sums them
        # the express lane's renderers (_show), loaded when first needed
        self._short_text: Callable[[LeanMessage, Lookup], str] | None = None
        self._answer_pieces: Callable[[FullAnswer, Lookup, str], tuple[str, str]] | None = None

    def run(self, invocation: Invocation) -> ExitStatus:
        """Every lookup of the command line, then of the batch lines; the last one's status."""
        globals_ = invocation.globals
        if globals_.server_arg:
            servers = server_addresses(globals_.server_arg, globals_.ip_version, self._resolver)
            self._server_count = len(servers)
        self._size = concurrency(globals_)
        self._window = self._size * WINDOW_PER_LOOKUP
        self._rcode_exit = globals_.rcode_exit
        interrupted = False
        try:
            if globals_.batch_file is None:
                self.progress.start(lookup_count(invocation.queries))
                self._command_line(invocation)
            else:
                from pydig.console.batchfile import batch_lines, counted_lines, open_batch_file

                self._batch_name, stream = open_batch_file(globals_.batch_file, self.env.stdin)
                with (
                    contextlib.closing(stream)
                    if stream is not self.env.stdin
                    else (contextlib.nullcontext())
                ):
                    # counted only for a bar that shows the total: it reads the file twice
                    counted = counted_lines(stream) if self.progress.shows_total else None
                    total = None if counted is None else lookup_count(invocation.queries) + counted
                    self.progress.start(total)  # shown only if the run lasts over a second
                    self._command_line(invocation)
                    self._batch(invocation, batch_lines(stream))
            self._finish()
        except _RunStopped as stopped:
            raise stopped.error from None
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            self._engine.close()
            if globals_.keepopen:  # its module comes with TCP's: a lookup over UDP never loads it
                from pydig.transport.keepopen import close_kept_connection

                close_kept_connection()
            if interrupted:  # the summary of what was finished, after what was printed
                for sweep_run in self._sweeps:
                    sweep_run.finish(interrupted=True)
        return self.status

    # Reading, parsing and planning in input order.

    def _command_line(self, invocation: Invocation) -> None:
        self._warn(invocation.warnings, origin=None)
        self._queries(invocation.queries, invocation.globals, origin=None)

    def _batch(self, invocation: Invocation, lines: Iterator[BatchLine]) -> None:
        globals_ = invocation.globals
        plain: PlainLine | None = None  # the last line that was one name, and its lookup
        lane: NameExpress | None = None  # its express lane, if it has one
        engine, steps, size = self._engine, self._steps, self._size
        for origin, words, line in lines:
            if line is not None and plain is not None:
                # Parsing would change nothing but the name: the last such line's lookup,
                # renamed (a line of one name changes no setting, so globals_ stays).
                if lane is not None:
                    # The express lane's line, here (every line of a batch comes here: a
                    # call less).  _free_slot(), inline (no sweep plans now, whose room
                    # would be asked), before the query is made: its deadline runs from now.
                    while engine.running >= size:
                        self._pump()
                    name, label, suffix = line
                    action = lane.line(name, label, suffix, plain.banner)
                    if action is not None:
                        step = _Step(_nothing, plain.show, origin)  # shown by the lane's lookup
                        engine.express(action, step)  # the step is its task
                        steps.append(step)  # _queue(step), inline
                        if len(steps) == 1:
                            self._print_ready()
                        while len(steps) > self._window:
                            self._pump()
                        continue
                plain = self._renamed(plain, line[0], globals_, origin)
                lane = plain.express
                continue
            try:
                parsed = parse_batch_line(
                    words, defaults=invocation.defaults, global_settings=globals_
                )
            except PydigError as exc:
                self._line_error(origin, exc)
                continue
            globals_ = parsed.globals
            self._warn(parsed.warnings, origin=origin)
            lookup = self._queries(parsed.queries, globals_, origin=origin)
            plain = lane = None
            if line and lookup:
                plain = self._plain_line(parsed.queries[0], lookup, globals_)
                lane = plain.express

    def _plain_line(self, query: Query, lookup: Lookup, globals_: GlobalSettings) -> PlainLine:
        """A batch line of one name, planned in full: the pattern of the next ones."""
        from pydig.console.batchfile import PlainLine, line_banner

        banner_of = functools.partial(line_banner, query, globals_, self._server_count)
        show = self._shows(lookup)  # one for all the lines asked as it is
        return PlainLine(query, lookup, NameExpress.for_lookup(lookup), banner_of, show)

    def _renamed(
        self, plain: PlainLine, name: str, globals_: GlobalSettings, origin: int
    ) -> PlainLine:
        """A line of one name the express lane does not ask: the last such line's lookup,
        renamed, or planned anew."""
        query = replace(plain.query, name=name, banner_args=(name,))
        line_banner = banner(query, globals_, self._server_count)
        try:
            lookup = renamed(plain.lookup, name, banner=line_banner) or self._plan(query, globals_)
        except PydigError as exc:
            self._line_error(origin, exc)
            return plain
        step = _Step(_nothing, functools.partial(self._show, lookup), origin)
        self._add(step, functools.partial(self._plainly, lookup))
        return replace(plain, query=query, lookup=lookup)

    def _queries(
        self, queries: Sequence[Query], globals_: GlobalSettings, *, origin: int | None
    ) -> Lookup | None:
        """Plan and start each query in turn; the lookup planned when there is just one
        plain lookup (not a sweep, +compare or +watch), the pattern for the next line."""
        planned = None
        for query in queries:
            try:
                if query.settings.sweep is None:
                    planned = self._lookup(query, globals_, origin=origin)
                else:
                    self._sweep(query, query.settings.sweep, globals_, origin=origin)
            except PydigError as exc:
                if origin is None or isinstance(exc, DigFatal):  # dig's fatal()
                    self._finish()  # what came before is printed first, as in dig
                    raise
                self._line_error(origin, exc)
                return None  # the rest of the line is not looked up
        return planned if len(queries) == 1 else None

    def _plan(self, query: Query, globals_: GlobalSettings) -> Lookup:
        if not self._greeted and query.banner_args is not None and globals_.cmd:
            # dig's printgreeting: the first banner printed is the full one, a batch
            # line's when the command line has no name.
            self._greeted = True
            query = replace(query, first=True)
        return plan_lookup(
            query, globals_, self.resolv, resolver=self._resolver,
            server_count=self._server_count, client_cookie=self._client_cookie,
        )  # fmt: skip

    def _lookup(
        self, query: Query, globals_: GlobalSettings, *, origin: int | None
    ) -> Lookup | None:
        if query.settings.checks.active:
            self._check(query, globals_, origin=origin)
            return None
        lookup = self._plan(query, globals_)
        self._add(
            _Step(end=_nothing, show=self._shows(lookup), origin=origin),
            functools.partial(self._plainly, lookup),
        )
        return lookup

    def _plainly(self, lookup: Lookup) -> Task:
        """The lookup's task: by the express lane when it can go that way, as a name of
        its own (a plain answer ends it, and nothing of the general machine is loaded
        unless a reply needs it) or else from its first datagram."""
        lane = NameExpress.for_lookup(lookup)
        action = lane.own() if lane is not None else None
        if action is None:
            action = plain_express(lookup)
        if action is None:
            from pydig.lookup.modes import exchanges

            return self._engine.start(exchanges(lookup))
        return self._engine.express(action)

    def _check(self, query: Query, globals_: GlobalSettings, *, origin: int | None) -> None:
        """+compare or +watch: asked and printed in turn, as it goes (console/checks.py),
        blocking the loop while it runs, when its turn to print comes."""
        from pydig.console.checks import CheckRun, default_type

        query = replace(query, settings=default_type(query.settings))
        run = CheckRun(
            self.output, self._plan(query, globals_), query.settings,
            ip_version=globals_.ip_version,
        )  # fmt: skip

        def end(_: object) -> None:
            status, comparison = run.run()
            if self._rcode_exit and status == ExitCodes.OK:
                status = comparison.rcode_status()
            self._count(status)

        self._add(_Step(end=end, origin=origin))

    def _sweep(
        self, query: Query, sweep: AddressRange, globals_: GlobalSettings, *, origin: int | None
    ) -> None:
        from pydig.console.sweep import SWEEP_CONCURRENCY, SweepRun, check_limit

        check_limit(sweep, globals_.sweep_limit)
        ceiling = concurrency(globals_, SWEEP_CONCURRENCY)
        run = SweepRun(self.env, self.output, self.progress, sweep, globals_, ceiling=ceiling)
        self._sweeps.append(run)
        engine = self._engine
        if sweep.size >= RESTING_AFTER:  # as many lookups as reuse needs to pay: at once
            engine.rest_after = 0
        outer = self._sweep_room, self._window, engine.rest_at_most
        # the sweep's own, while it plans
        self._sweep_room, self._window, engine.rest_at_most = run.room, run.window, run.kept
        try:
            self._sweep_addresses(query, run, globals_, origin=origin)
        finally:
            self._sweep_room, self._window, engine.rest_at_most = outer
        self._add(_Step(end=lambda _: self._end_sweep(run)))

    def _sweep_addresses(
        self, query: Query, run: SweepRun, globals_: GlobalSettings, *, origin: int | None
    ) -> None:
        settings = replace(query.settings, sweep=None)
        first: Lookup | None = None
        lane: NameExpress | None = None  # the express lane, unless +rate paces every query
        show = run.show  # one bound method for every step (a /16's may wait together)
        engine, pacer, steps = self._engine, run.gate.pacer, self._steps
        banner = ""  # the first address's, when the express lane asks it too
        for number, name, name_wire in run.to_ask():
            if lane is None:
                # Only the name and id change from one address to the next: the first
                # lookup is planned in full (with the banner), the others are made from it.
                lookup = renamed(first, name) if first is not None else None
                if lookup is None:
                    lookup = self._plan(
                        replace(
                            query,
                            name=name,
                            settings=settings,
                            banner_args=query.banner_args if first is None else None,
                            first=query.first and first is None,
                        ),
                        globals_,
                    )
                    if first is None:
                        first, lane, banner = lookup, run.lane(lookup), lookup.banner
                if lane is None:
                    machine = run.work(run.address_of(number), lookup)
                    start = functools.partial(self._engine.start, machine)
                    self._add(_Step(end=show, origin=origin), start)
                    continue
            # A lone Express, with no machine made unless its reply needs one: the first
            # address too, with its banner.  _free_slot(), inline, before the query is made
            # (its deadline runs from now): the lane's room is the pacer's window (room()).
            while engine.running >= pacer.window:
                self._pump()
            step = _Step(_nothing, show, origin)  # all it prints is shown
            engine.express(run.lone(number, lane, name, name_wire, banner), step)  # its task
            banner = ""
            steps.append(step)  # _queue(step), inline
            if len(steps) == 1:
                self._print_ready()
            while len(steps) > self._window:
                self._pump()

    def _end_sweep(self, run: SweepRun) -> None:
        self._sweeps.remove(run)
        self._take(run.finish())

    def _warn(self, lines: Sequence[str], *, origin: int | None) -> None:
        if lines:
            text = "".join(line + "\n" for line in lines)
            self._add(_Step(end=lambda _: self._write_stderr(text), origin=origin))

    def _line_error(self, origin: int, error: PydigError) -> None:
        self._add(_Step(end=lambda _: self._report_line(origin, error)))

    # Driving the engine: a lookup starts when one of the N slots is free.

    def _add(self, step: _Step, start: Callable[[], Task] | None = None) -> None:
        if start is None:
            step.done = True  # nothing to run: its own task, done, with no outputs
        else:
            self._free_slot()
            step.task = start()
        self._queue(step)

    def _free_slot(self) -> None:
        """Wait until fewer than N lookups are in flight (a sweep's room, as it changes)."""
        while self._engine.running >= (
            self._size if self._sweep_room is None else self._sweep_room()
        ):
            self._pump()

    def _queue(self, step: _Step) -> None:
        """The step, to be printed in its turn; printing what is ready: only this step can
        be, when it is the first (a step behind others waits for the first, which was not
        done when _print_ready() last looked, after the engine's last events: a lookup
        started since then can end at once, but none of the others can)."""
        steps = self._steps
        steps.append(step)
        if len(steps) == 1:
            self._print_ready()
        while len(steps) > self._window:
            self._pump()

    def _pump(self) -> None:
        """Wait for the engine's next events, then print what they finished."""
        if not self._engine.step(block=False):
            # Show what is ready before waiting (when nothing was written since the last
            # time, a flush writes nothing: cheaper than a flag kept for every line).
            self.env.stdout.flush()
            self._engine.step()
        self._print_ready()

    def _finish(self) -> None:
        """Drive every lookup to its end and print everything queued."""
        self._print_ready()
        while self._steps:
            self._pump()
        self.env.stdout.flush()

    # Printing, in input order.

    def _print_ready(self) -> None:
        steps = self._steps
        while steps:
            step = steps[0]
            task = step.task or step  # a lone Express's step is its own task
            outputs = task.outputs  # (printing runs nothing: no more come meanwhile)
            while step.shown < len(outputs):  # a long +trace prints as it goes
                exchange = outputs[step.shown]
                step.shown += 1
                # _emit(step, step.show, exchange), inline: every line comes here
                if step.origin != self._skipped_origin:
                    try:
                        step.show(exchange)
                    except PydigError as exc:
                        self._failed(step, exc)
            if not task.done:
                return
            if task.error is not None:
                self._emit(step, _raise, task.error)
            steps.popleft()
            if step.end is not _nothing:  # a lookup's: its exchanges said everything
                self._emit(step, step.end, task.result)

    def _emit(self, step: _Step, action: Callable[[Any], None], argument: Any) -> None:
        """action(argument), unless the step's batch line has been stopped."""
        if step.origin == self._skipped_origin:
            return
        try:
            action(argument)
        except PydigError as exc:
            self._failed(step, exc)

    def _failed(self, step: _Step, error: PydigError) -> None:
        """What the step met as it was printed: the end of the run (dig's fatal(), an
        error outside a batch line), else reported, and the rest of its line skipped."""
        if isinstance(error, DigFatal) or step.origin is None:
            raise _RunStopped(error) from None
        self._report_line(step.origin, error)

    def _shows(self, lookup: Lookup) -> Callable[[Any], None]:
        """What prints each exchange of `lookup` (_show(lookup, exchange)), and of the batch
        lines the express lane asks as it.  Under +short, plain text, a plain answer of the
        lane (the reply's lean records) is printed by one function, made here: the answer's
        records, one a line, in the display's style, written at once, the status taken
        and the line counted, with what short_text(), Output.show_pieces() and _show()
        would ask of the display asked once (every line of a batch comes here: three
        calls a line less).  With +rcode-exit, colour, +idnout, +unknownformat or
        +noanswer, _show() itself."""
        display = lookup.display
        if (
            not display.short  # then the lane's plain answer is a FullAnswer
            or not display.answer
            or self._rcode_exit
            or display.idnout  # names in Unicode: only while short_text() prints them
            or self.output.text_colour(display)
            or display.unknownformat  # every record in RFC 3597's form: rdata_text()'s
        ):
            return functools.partial(self._show, lookup)
        from pydig.render.records.rdata import OCTETS, rdata_text
        from pydig.render.records.style import short_style

        octets = OCTETS
        style = short_style(display)
        write = self.env.stdout.write
        progress = self.progress if self._counts else None
        show = self._show

        def shown(exchange: LeanMessage | FullAnswer | Exchange) -> None:
            if type(exchange) is not LeanMessage:  # (isinstance() is a call)
                show(lookup, exchange)
                return
            text = ""
            for record in exchange.sections[1]:
                data = record.data
                if record.rdtype == 1 and record.rdclass == 1 and len(data) == 4:
                    # IN A, the commonest record: rdata_text()'s, inline (a call a record)
                    a, b, c, d = data
                    text += f"{octets[a]}.{octets[b]}.{octets[c]}.{octets[d]}\n"
                else:
                    text += rdata_text(record, style) + "\n"
            if text:  # an empty write would still take a progress bar off the screen
                write(text)  # one call: Ctrl-C cannot cut it in two
            self.status = _OK  # _count(_OK), inline
            if progress is not None:
                progress.advance(False)

        return shown

    def _show(self, lookup: Lookup, shown: LeanMessage | FullAnswer | Exchange) -> None:
        """Print one exchange and take its status; a plain answer of the express lane as
        _show prints its exchange (inline: every line of a full batch comes here): under
        +short the reply's lean records alone, shown as `lookup` (the one the lane asks
        by) displays them, with no object made a line (what _shows() leaves to it); else
        a FullAnswer."""
        # by their type (isinstance() is a call)
        if type(shown) is LeanMessage:
            short = self._short_text
            # Each renderer imported when first needed, then kept: an import statement
            # costs a lookup as much as its text does.
            if short is None:  # the full text never loads it
                from pydig.render.short import short_text

                short = self._short_text = short_text
            pieces: tuple[str, ...] = (short(shown, lookup),)
            message: MessageView = shown
        elif type(shown) is FullAnswer:
            full = self._answer_pieces
            if full is None:  # +short never loads dig's full text
                from pydig.render.dig import answer_pieces

                full = self._answer_pieces = answer_pieces
            lookup, message = shown.lookup, shown.message
            pieces = full(shown, lookup, shown.banner)
        else:
            exchange = cast("Exchange", shown)
            self.output.show(exchange)  # Ctrl-C never cuts its text in two
            self._count(exchange_status(exchange, rcode_exit=self._rcode_exit))
            return
        self.output.show_pieces(pieces, lookup.display)
        if self._rcode_exit:
            self._count(reply_status(message))
        else:  # _count(_OK), inline: with no bar, no call
            self.status = _OK
            if self._counts:
                self.progress.advance(False)

    def _count(self, status: ExitStatus) -> None:
        """A lookup's status, taken and counted on the progress bar."""
        self._take(status)
        self.progress.advance(status != _OK)  # failed: positional, cheaper

    def _report_line(self, origin: int, error: PydigError) -> None:
        self._skipped_origin = origin
        self._write_stderr(f"pydig: {self._batch_name}:{origin}: {error.message}\n")
        self._take(status_of(error))
        self.progress.advance(True)

    def _take(self, status: ExitStatus) -> None:
        """dig's status is the last lookup's; under +rcode-exit the worst one's."""
        self.status = worst(self.status, status) if self._rcode_exit else status

    def _write_stderr(self, text: str) -> None:
        self.env.stdout.flush()  # stderr after what came before it on stdout
        self.env.stderr.write(text)


def _nothing(result: object) -> None:
    """A lookup's end: its exchanges have said everything."""


def _raise(error: BaseException) -> None:
    raise error

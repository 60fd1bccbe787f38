"""Runs the lookups of a command line and of its batch file, and prints what dig prints.

Several lookups run at once, at most +concurrency=N of them (DEFAULT_CONCURRENCY unless
told), each on a worker thread that blocks in its own sockets with its own deadlines,
tries and TCP fallback, exactly as a single lookup does.  One writer thread prints the
results strictly in input order, so the output is byte for byte dig's sequential output
and a dead server holds up nothing but its own lookup.  Input is read only as it is
needed and at most WINDOW_PER_LOOKUP x N results wait to be printed, so a batch file of a
million lines runs in flat memory.  A run of one lookup, and +concurrency=1, use no
threads at all.

Planning stays on the main thread, in input order: a batch line's settings carry into
the next line, and an error stops its own line (or, on the command line, the run) at
the point where dig stops.
"""

from __future__ import annotations

import functools
import queue
import threading
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, TextIO

import dns.rdata

from pydig.cli.parse import parse_batch_line
from pydig.cli.rcfile import ResolvConf
from pydig.cli.values import reverse_name
from pydig.console.interrupt import held_interrupts
from pydig.console.output import Output
from pydig.console.progress import Progress
from pydig.environment import Environment
from pydig.errors import BatchFileError, ExitStatus, PydigError, rcode_status, worst
from pydig.immutable import immutable, mutable
from pydig.lookup.modes import DigFatal, exchanges
from pydig.lookup.plan import plan_lookup, renamed, resolve_host
from pydig.model.exchange import Exchange, Lookup
from pydig.model.invocation import GlobalSettings, Invocation, Query, QuerySettings
from pydig.model.sweep import AddressRange
from pydig.wire.cookies import new_client_cookie

if TYPE_CHECKING:
    from pydig.console.sweep import SweepRun

DEFAULT_CONCURRENCY = 16
# Results that may wait for an earlier, slower lookup, per lookup in flight: room enough
# that a lookup waiting out its timeouts does not idle the others for long.
WINDOW_PER_LOOKUP = 4


@immutable
class BatchLine:
    """One line of a batch file: where it came from (file:line) and its words."""

    origin: str
    words: list[str]


def open_batch_file(path_text: str, stdin: TextIO) -> tuple[str, TextIO]:
    """Open -f's file before any lookup, as dig does, so a bad name fails at once."""
    if path_text == "-":
        return "(standard input)", stdin
    path = Path(path_text)
    if path.is_dir():
        raise BatchFileError(f"{path_text}: Is a directory")
    try:
        return path_text, path.open(encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BatchFileError(f"{path_text}: {exc.strerror}") from None


def batch_lines(name: str, stream: TextIO) -> Iterator[BatchLine]:
    """The lines of a batch file, read as they are needed; blank and comment lines are skipped."""
    for number, line in enumerate(stream, start=1):
        words = line.split()
        if words and not words[0].startswith(("#", ";")):
            yield BatchLine(origin=f"{name}:{number}", words=words)


def lookup_count(queries: Sequence[Query]) -> int:
    """How many lookups these queries make: a reverse sweep makes one per address."""
    return sum(
        1 if query.settings.sweep is None else query.settings.sweep.size for query in queries
    )


def exchange_status(exchange: Exchange, *, rcode_exit: bool = False) -> ExitStatus:
    """dig's status for a lookup; with +rcode-exit, the last reply's RCODE decides."""
    if exchange.failure is not None or (exchange.cancelled and not exchange.answered):
        return ExitStatus.NO_REPLY
    if rcode_exit and exchange.replies:
        message = exchange.replies[-1].message
        return rcode_status(message.rcode(), answered=bool(message.answer))
    return ExitStatus.OK


def concurrency(globals_: GlobalSettings) -> int:
    """Lookups in flight at once.  A fixed source port (-b address#port) cannot be shared
    by two sockets, so it keeps dig's one at a time."""
    if globals_.source is not None and globals_.source[1]:
        return 1
    if globals_.keepopen:  # one TCP connection, used by one lookup after another
        return 1
    return globals_.concurrency or DEFAULT_CONCURRENCY


class _Collected:
    """A lookup's exchanges gathered on a worker thread; iterating them replays the
    exchanges and then raises the error that ended them, as the live iterator did."""

    def __init__(self, live: Iterator[Exchange]) -> None:
        self.exchanges: list[Exchange] = []
        self.error: PydigError | None = None
        try:
            self.exchanges.extend(live)
        except PydigError as exc:
            self.error = exc

    def __iter__(self) -> Iterator[Exchange]:
        yield from self.exchanges
        if self.error is not None:
            raise self.error


@mutable(eq=False)
class _Step:
    """One thing to print, in input order: emit(work()), the work perhaps on a worker.

    origin is "file:line" for a batch line's steps: their errors are reported and stop
    only that line; elsewhere an error ends the run."""

    emit: Callable[[Any], object]
    work: Callable[[], Any] | None = None
    origin: str | None = None
    value: Any = None
    error: BaseException | None = None
    done: threading.Event | None = None

    def run(self) -> None:
        try:
            self.value = self.work() if self.work is not None else None
        except BaseException as exc:  # handed to the writer, which decides
            self.error = exc
        if self.done is not None:
            self.done.set()


class _Stop:
    """The writer's last step."""


class _WriterStopped(Exception):
    """The writer met an error (dig's fatal(), a closed pipe, a bug): reading stops."""


class Runner:
    """Plans lookups in input order, has them sent, and prints each as dig would."""

    def __init__(
        self, env: Environment, resolv: ResolvConf, progress: Progress, *, lookups: int | None
    ) -> None:
        """lookups: how many the run makes, None when a batch file decides."""
        self.env = env
        self.resolv = resolv
        self.progress = progress
        self.output = Output(env)
        self.status = ExitStatus.OK
        self._rcode_exit = False  # +rcode-exit: the worst lookup decides the status
        # An @server given by name is looked up once, not once per address of a sweep.
        self._resolver = functools.lru_cache(maxsize=64)(resolve_host)
        self._concurrent = lookups is None or lookups > 1
        self._skipped_origin: str | None = None  # the batch line an error has stopped
        self._server_count = 0  # "; (N servers found)" in the first banner
        self._greeted = False
        self._client_cookie = new_client_cookie()  # dig sends one for the whole run
        self._steps: queue.Queue[_Step | _Stop] | None = None
        self._tasks: queue.SimpleQueue[_Step | None] | None = None
        self._size = 1
        self._workers: list[threading.Thread] = []
        self._writer: threading.Thread | None = None
        self._failure: BaseException | None = None
        self._closed = threading.Event()
        self._sweeps: list[SweepRun] = []  # begun and not yet summed up: Ctrl-C sums them

    def run(
        self, invocation: Invocation, batch: Iterator[BatchLine] | None, *, server_count: int
    ) -> ExitStatus:
        """Every lookup of the command line, then of the batch lines; the last one's status."""
        globals_ = invocation.globals
        self._server_count = server_count
        self._rcode_exit = globals_.rcode_exit
        size = concurrency(globals_)
        self._concurrent = self._concurrent and size > 1
        if self._concurrent:
            self._start(size)
        interrupted = False
        try:
            self._warn(invocation.warnings, origin=None)
            self._queries(invocation.queries, globals_, origin=None)
            if batch is not None:
                self._batch(invocation, batch)
            self._finish()
        except _WriterStopped:
            self._finish()  # raises what stopped the writer
        except KeyboardInterrupt:
            interrupted = True
            raise
        finally:
            self._close()
            if interrupted:  # the summary of what was finished, after what was printed
                for sweep_run in self._sweeps:
                    sweep_run.finish(interrupted=True)
        return self.status

    # The main thread: read, parse and plan in input order; queue the steps.

    def _batch(self, invocation: Invocation, lines: Iterator[BatchLine]) -> None:
        globals_ = invocation.globals
        for line in lines:
            try:
                parsed = parse_batch_line(
                    line.words, defaults=invocation.defaults, global_settings=globals_
                )
            except PydigError as exc:
                self._line_error(line.origin, exc)
                continue
            globals_ = parsed.globals
            self._warn(parsed.warnings, origin=line.origin)
            self._queries(parsed.queries, globals_, origin=line.origin)

    def _queries(
        self, queries: Sequence[Query], globals_: GlobalSettings, *, origin: str | None
    ) -> None:
        for query in queries:
            try:
                if query.settings.sweep is None:
                    self._lookup(query, globals_, origin=origin)
                else:
                    self._sweep(query, query.settings.sweep, globals_, origin=origin)
            except PydigError as exc:
                if origin is None or isinstance(exc, DigFatal):  # dig's fatal()
                    self._finish()  # what came before is printed first, as in dig
                    raise
                self._line_error(origin, exc)
                return  # the rest of the line is not looked up

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

    def _lookup(self, query: Query, globals_: GlobalSettings, *, origin: str | None) -> None:
        if query.settings.checks.active:
            self._check(query, globals_, origin=origin)
            return
        lookup = self._plan(query, globals_)
        work = functools.partial(self._send, lookup, query.settings, globals_.ip_version)
        self._add(_Step(work=work, emit=self._show, origin=origin))

    def _check(self, query: Query, globals_: GlobalSettings, *, origin: str | None) -> None:
        """+compare or +watch: asked and printed in turn, as it goes (console/checks.py)."""
        from pydig.console.checks import CheckRun, default_type

        query = replace(query, settings=default_type(query.settings))
        run = CheckRun(
            self.output, self._plan(query, globals_), query.settings,
            ip_version=globals_.ip_version,
        )  # fmt: skip

        def emit(_: object) -> None:
            status, comparison = run.run()
            if self._rcode_exit and status == ExitStatus.OK:
                status = comparison.rcode_status()
            self._take(status)
            self.progress.advance(failed=status != ExitStatus.OK)

        self._add(_Step(emit=emit, origin=origin))

    def _sweep(
        self, query: Query, sweep: AddressRange, globals_: GlobalSettings, *, origin: str | None
    ) -> None:
        from pydig.console.sweep import SweepRun, check_limit  # a smaller cold start

        check_limit(sweep, globals_.sweep_limit)
        settings = replace(query.settings, sweep=None)
        run = SweepRun(
            self.env, self.output, self.progress, sweep, globals_, settings,
            ceiling=self._size if self._concurrent else 1,
        )  # fmt: skip
        self._sweeps.append(run)
        first: Lookup | None = None
        for address in sweep.addresses():
            if run.done(address):
                self.progress.advance(failed=False)
                continue
            name = reverse_name(str(address))
            # Only the name and id change from one address to the next: the first lookup
            # is planned in full (with the banner), the others are made from it.
            lookup = renamed(first, name, settings) if first is not None else None
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
                first = first or lookup
            work = functools.partial(run.work, address, lookup)
            self._add(_Step(work=work, emit=run.show, origin=origin))
        self._add(_Step(emit=lambda _: self._end_sweep(run)))

    def _end_sweep(self, run: SweepRun) -> None:
        self._sweeps.remove(run)
        self._take(run.finish())

    def _send(
        self, lookup: Lookup, settings: QuerySettings, ip_version: int | None
    ) -> Iterable[Exchange]:
        """What a lookup step's work does: dig's exchanges for one lookup."""
        return self._exchanges(exchanges(lookup, settings, ip_version=ip_version))

    def _exchanges(self, live: Iterator[Exchange]) -> Iterable[Exchange]:
        """On a worker the exchanges are gathered there; run inline they stream out."""
        return _Collected(live) if self._concurrent else live

    def _warn(self, lines: Sequence[str], *, origin: str | None) -> None:
        if lines:
            text = "".join(line + "\n" for line in lines)
            self._add(_Step(emit=lambda _: self._write_stderr(text), origin=origin))

    def _line_error(self, origin: str, error: PydigError) -> None:
        self._add(_Step(emit=lambda _: self._report_line(origin, error)))

    def _add(self, step: _Step) -> None:
        if self._failure is not None:
            raise _WriterStopped  # stop reading too; run() raises what stopped it
        if self._steps is None:
            step.run()
            self._emit(step)
            return
        if step.work is not None:
            step.done = threading.Event()
            self._submit(step)
        self._steps.put(step)  # blocks while the window is full

    # Printing, in input order (the writer thread, or the main thread when inline).

    def _emit(self, step: _Step) -> None:
        if step.origin is not None and step.origin == self._skipped_origin:
            return
        try:
            if step.error is not None:
                raise step.error
            step.emit(step.value)
        except DigFatal:
            raise
        except PydigError as exc:
            if step.origin is None:
                raise
            self._report_line(step.origin, exc)

    def _show(self, found: Iterable[Exchange], *, quiet: bool = False) -> Exchange | None:
        """Print each exchange (unless quiet) and take its status; the last one."""
        last = None
        for last in found:
            if not quiet:
                with held_interrupts():  # Ctrl-C never cuts a lookup's text in two
                    self.output.show(last)
            status = exchange_status(last, rcode_exit=self._rcode_exit)
            self._take(status)
            self.progress.advance(failed=status != ExitStatus.OK)
        return last

    def _report_line(self, origin: str, error: PydigError) -> None:
        self._skipped_origin = origin
        self._write_stderr(f"pydig: {origin}: {error.message}\n")
        self._take(error.status)
        self.progress.advance(failed=True)

    def _take(self, status: ExitStatus) -> None:
        """dig's status is the last lookup's; under +rcode-exit the worst one's."""
        self.status = worst(self.status, status) if self._rcode_exit else status

    def _write_stderr(self, text: str) -> None:
        self.env.stdout.flush()  # stderr after what came before it on stdout
        self.env.stderr.write(text)

    # Threads.

    def _start(self, size: int) -> None:
        # dnspython imports each record type's class the first time it meets the type, and
        # caches GenericRdata for good if that import fails, as it can when two threads
        # import the same module at once: load every class before the threads start.
        dns.rdata.load_all_types(disable_dynamic_load=False)  # type: ignore[no-untyped-call]
        self._size = size
        self._steps = queue.Queue(maxsize=size * WINDOW_PER_LOOKUP)
        self._tasks = queue.SimpleQueue()
        self._writer = threading.Thread(target=self._write, name="pydig-writer", daemon=True)
        self._writer.start()

    def _submit(self, step: _Step) -> None:
        assert self._tasks is not None
        self._tasks.put(step)
        if len(self._workers) < self._size:  # workers start as work comes
            worker = threading.Thread(target=self._work, name="pydig-lookup", daemon=True)
            worker.start()
            self._workers.append(worker)

    def _work(self) -> None:
        assert self._tasks is not None
        while (step := self._tasks.get()) is not None:
            step.run()

    def _write(self) -> None:
        assert self._steps is not None
        while not isinstance(step := self._steps.get(), _Stop):
            if self._failure is not None or self._closed.is_set():
                continue  # keep taking steps so the main thread never blocks on a full window
            if step.done is not None and not step.done.is_set():
                self.env.stdout.flush()  # show what is ready before waiting
                while not step.done.wait(0.1) and not self._closed.is_set():
                    pass  # Ctrl-C must not wait for a lookup's timeouts
                if self._closed.is_set():
                    continue
            try:
                self._emit(step)
            except BaseException as exc:  # the main thread raises it
                self._failure = exc
        if self._failure is None and not self._closed.is_set():
            try:
                self.env.stdout.flush()
            except BaseException as exc:
                self._failure = exc

    def _finish(self) -> None:
        """Wait until everything queued is printed; raise what stopped the writer."""
        if self._steps is not None and self._writer is not None:
            self._steps.put(_Stop())
            self._writer.join()
            self._steps = None  # what follows (an error line) is written directly
        if self._failure is not None:
            raise self._failure

    def _close(self) -> None:
        self._closed.set()
        if self._steps is not None:  # interrupted: what waits is dropped, the writer ends
            self._steps.put(_Stop())  # the writer drains the queue now: there will be room
        if self._tasks is not None:
            for _ in self._workers:
                self._tasks.put(None)
        if self._steps is not None and self._writer is not None:
            # It ends after the lookup it is printing, if any: the caller can then flush
            # standard output without a second thread writing into it (Ctrl-C, nothing lost).
            self._writer.join()

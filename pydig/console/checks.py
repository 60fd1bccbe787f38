"""+compare and +watch: ask the servers, judge the answers, print; for +watch, again and
again until the condition is met, +watch-timeout passes or Ctrl-C.

The judging is pure (model/comparison.py, lookup/watching.py) and so is the text
(render/compare.py); this module does the asking, the waiting and the printing.
"""

from __future__ import annotations

import time
from datetime import UTC, datetime

import dns.rdatatype

from pydig.console.interrupt import held_interrupts
from pydig.console.output import Output
from pydig.errors import ExitStatus
from pydig.immutable import replace
from pydig.lookup.fanout import ask_all
from pydig.lookup.nsset import CompareServers, each_server, name_server_set
from pydig.lookup.watching import Condition, condition, interval
from pydig.model.comparison import Comparison, compare
from pydig.model.exchange import Lookup
from pydig.model.invocation import QuerySettings
from pydig.render.compare import (
    comparison_json,
    comparison_short,
    comparison_text,
    time_text,
    watch_end,
    watch_end_object,
    watch_heading,
)


def default_type(settings: QuerySettings) -> QuerySettings:
    """+compare=ns asks for the zone's SOA record unless a type is given."""
    if settings.checks.compare == "ns" and not settings.rdtype_set:
        return replace(settings, rdtype=dns.rdatatype.SOA, rdtype_set=True)
    return settings


class CheckRun:
    """One +compare or +watch lookup: what to ask and how to show it."""

    def __init__(
        self, output: Output, lookup: Lookup, settings: QuerySettings, *, ip_version: int | None
    ) -> None:
        self.output = output
        self.lookup = lookup
        self.settings = settings
        self.checks = settings.checks
        self.ip_version = ip_version
        self.several = self.checks.compare is not None
        self.display = lookup.display

    def run(self) -> tuple[ExitStatus, Comparison]:
        """Compare once, or watch; the status and the last comparison."""
        if self.display.format == "dig" and not self.display.short and self.lookup.banner:
            self._write(self.lookup.banner + "\n")
        if not self.checks.watch:
            comparison = self.look()
            self._show(comparison, None)
            return comparison.status, comparison
        settings = self.settings
        return self._watch(condition(self.checks, rdclass=settings.rdclass, rdtype=settings.rdtype))

    def look(self) -> Comparison:
        """Ask every server once, all at the same time, and compare the answers."""
        servers = self._servers()
        exchanges = [*ask_all(servers.lookups), *servers.unaddressed]
        return compare(exchanges, self.checks)

    def _servers(self) -> CompareServers:
        if self.checks.compare == "ns":
            return name_server_set(self.lookup, self.settings, ip_version=self.ip_version)
        if self.checks.compare == "servers":
            return each_server(self.lookup)
        return CompareServers(lookups=(self.lookup,))  # +watch alone: the lookup as dig makes it

    def _watch(self, until: Condition) -> tuple[ExitStatus, Comparison]:
        started = time.monotonic()
        timeout = self.checks.watch_timeout
        first = previous = self.look()
        self._show(first, datetime.now(UTC), first=True)
        while True:
            if until.met(previous, first):
                return self._end(ExitStatus.OK, started, until), previous
            waited = time.monotonic() - started
            wait = float(interval(self.checks, previous))
            if timeout is not None:
                if waited >= timeout:
                    status = ExitStatus.WATCH_TIMEOUT if until.until is not None else ExitStatus.OK
                    return self._end(status, started, until, timed_out=True), previous
                wait = min(wait, timeout - waited)
            time.sleep(wait)
            comparison = self.look()
            if comparison.state != previous.state:
                self._show(comparison, datetime.now(UTC), first=False)
            previous = comparison

    def _end(
        self, status: ExitStatus, started: float, until: Condition, *, timed_out: bool = False
    ) -> ExitStatus:
        now = datetime.now(UTC)
        if self.display.format == "json":
            self._write(
                watch_end_object(now, timed_out=timed_out, status=status, until=until.until)
            )
        elif not self.display.short:
            waited = time.monotonic() - started
            self._write(watch_end(now, timed_out=timed_out, status=status, waited=waited,
                                  until=until.until))  # fmt: skip
        return status

    def _show(self, comparison: Comparison, now: datetime | None, *, first: bool = True) -> None:
        display = self.display
        with held_interrupts():  # Ctrl-C never cuts a block in two
            if display.format == "json":
                self._write(comparison_json(comparison, time=now))
            elif display.format == "table":
                from pydig.render.compare_table import comparison_table

                heading = "" if now is None else time_text(now)
                self.output.show_table(comparison_table(comparison, heading=heading), display.color)
            elif display.short:
                prefix = "" if now is None else now.strftime("%Y-%m-%dT%H:%M:%SZ ")
                self._write(comparison_short(comparison, several=self.several, prefix=prefix))
            else:
                heading = "" if now is None else watch_heading(now, first=first)
                text = comparison_text(comparison, several=self.several, watching=now is not None)
                self._write(heading + text)
            self.output.env.stdout.flush()

    def _write(self, text: str) -> None:
        self.output.write_text(text, colour=self.output.text_colour(self.display))

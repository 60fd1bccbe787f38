"""run(argv, env) -> exit status: the one place where errors become dig's exit codes."""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO

from pydig import __version__
from pydig.cli.helptext import HELP, SHORT_USAGE
from pydig.cli.model import GlobalSettings, Help, Invocation, Query
from pydig.cli.parse import parse_argv, parse_batch_line
from pydig.environment import Environment
from pydig.errors import BatchFileError, ExitStatus, PydigError, UsageError
from pydig.exchange import Exchange
from pydig.plan import plan_lookup, resolve_host, server_addresses
from pydig.rcfile import ResolvConf, rc_file_lines, read_resolv_conf
from pydig.render import render
from pydig.transport import send


@dataclass(frozen=True)
class BatchLine:
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


def _exchange_status(exchange: Exchange) -> ExitStatus:
    if exchange.failure is not None or exchange.cancelled:
        return ExitStatus.NO_REPLY
    return ExitStatus.OK


class _Runner:
    """Sends lookups one after another and writes what dig would print."""

    def __init__(self, env: Environment, resolv: ResolvConf) -> None:
        self.env = env
        self.resolv = resolv
        self.status = ExitStatus.OK

    def run_queries(
        self, queries: Sequence[Query], globals_: GlobalSettings, server_count: int
    ) -> None:
        for query in queries:
            lookup = plan_lookup(query, globals_, self.resolv, server_count=server_count)
            exchange = send(lookup)
            for piece in render(exchange):
                self.env.stdout.write(piece)
            self.env.stdout.flush()
            self.status = _exchange_status(exchange)

    def warn(self, lines: Sequence[str]) -> None:
        for line in lines:
            self.env.stderr.write(line + "\n")

    def run_batch(self, invocation: Invocation, lines: Iterator[BatchLine]) -> None:
        globals_ = invocation.globals
        for line in lines:
            try:
                parsed = parse_batch_line(
                    line.words, defaults=invocation.defaults, global_settings=globals_
                )
                globals_ = parsed.globals
                self.warn(parsed.warnings)
                self.run_queries(parsed.queries, globals_, server_count=0)
            except PydigError as exc:
                self.env.stderr.write(f"pydig: {line.origin}: {exc.message}\n")
                self.status = exc.status


def _report(env: Environment, error: PydigError) -> int:
    env.stdout.flush()
    env.stderr.write(
        f"{error.message}\n{SHORT_USAGE}"
        if isinstance(error, UsageError) and error.show_usage
        else f"pydig: {error.message}\n"
    )
    return int(error.status)


def run(argv: Sequence[str], env: Environment) -> int:
    """Do what dig would do with these arguments; return dig's exit status."""
    try:
        parsed = parse_argv(argv, rc_lines=rc_file_lines(env.home))
        if isinstance(parsed, Help):
            env.stdout.write(HELP)
            return int(ExitStatus.OK)
        if not isinstance(parsed, Invocation):
            env.stderr.write(f"pydig {__version__}\n")
            return int(ExitStatus.OK)
        globals_ = parsed.globals
        server_count = (
            len(server_addresses(globals_.server_arg, globals_.ip_version, resolve_host))
            if globals_.server_arg
            else 0
        )
        batch = (
            open_batch_file(globals_.batch_file, env.stdin)
            if globals_.batch_file is not None
            else None
        )
        runner = _Runner(env, read_resolv_conf(env.resolv_conf))
        runner.warn(parsed.warnings)
        runner.run_queries(parsed.queries, globals_, server_count)
        if batch is not None:
            name, stream = batch
            with (
                contextlib.closing(stream) if stream is not env.stdin else contextlib.nullcontext()
            ):
                runner.run_batch(parsed, batch_lines(name, stream))
        return int(runner.status)
    except PydigError as error:
        return _report(env, error)
    except KeyboardInterrupt:
        env.stdout.flush()
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitStatus.OK)

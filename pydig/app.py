"""run(argv, env) -> exit status: the one place where errors become dig's exit codes."""

from __future__ import annotations

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
from pydig.render.dig import render_exchange
from pydig.transport import send


@dataclass(frozen=True)
class BatchLine:
    origin: str
    words: list[str]


def _batch_lines(path_text: str, stdin: TextIO) -> Iterator[BatchLine]:
    """The lines of a -f file, read as they are needed; blank and comment lines are skipped."""
    if path_text == "-":
        stream: TextIO = stdin
        name = "(standard input)"
    else:
        path = Path(path_text)
        if path.is_dir():
            raise BatchFileError(f"{path_text}: Is a directory")
        try:
            stream = path.open(encoding="utf-8", errors="replace")
        except OSError as exc:
            raise BatchFileError(f"{path_text}: {exc.strerror}") from None
        name = path_text
    with stream if stream is not stdin else _no_close(stdin):
        for number, line in enumerate(stream, start=1):
            words = line.split()
            if not words or words[0].startswith(("#", ";")):
                continue
            yield BatchLine(origin=f"{name}:{number}", words=words)


class _no_close:
    """Use standard input in a with-block without closing it."""

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream

    def __enter__(self) -> TextIO:
        return self.stream

    def __exit__(self, *exc: object) -> None:
        return None


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
            for piece in render_exchange(exchange):
                self.env.stdout.write(piece)
            self.env.stdout.flush()
            self.status = _exchange_status(exchange)

    def run_batch(self, invocation: Invocation, globals_: GlobalSettings) -> None:
        assert globals_.batch_file is not None
        for line in _batch_lines(globals_.batch_file, self.env.stdin):
            try:
                queries, globals_ = parse_batch_line(
                    line.words, defaults=invocation.defaults, global_settings=globals_
                )
                self.run_queries(queries, globals_, server_count=0)
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
        runner = _Runner(env, read_resolv_conf(env.resolv_conf))
        runner.run_queries(parsed.queries, globals_, server_count)
        if globals_.batch_file is not None:
            runner.run_batch(parsed, globals_)
        return int(runner.status)
    except PydigError as error:
        return _report(env, error)
    except KeyboardInterrupt:
        env.stdout.flush()
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitStatus.OK)

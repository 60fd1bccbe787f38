"""run(argv, env) -> exit status: the one place where errors become dig's exit codes."""

from __future__ import annotations

import contextlib
from collections.abc import Sequence
from pathlib import Path

from pydig import __version__
from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import read_rc_file, read_resolv_conf
from pydig.console.interrupt import ignored_interrupts
from pydig.console.progress import open_progress
from pydig.console.runner import Runner, batch_lines, lookup_count, open_batch_file
from pydig.environment import Environment
from pydig.errors import ExitStatus, PydigError, UsageError
from pydig.lookup.plan import resolve_host, server_addresses
from pydig.model.invocation import Help, Invocation, Query
from pydig.transport.keepopen import close_kept_connection


def _report(env: Environment, error: PydigError) -> int:
    from pydig.cli.helptext import SHORT_USAGE  # the help text is loaded only when shown

    env.stdout.flush()
    if isinstance(error, UsageError) and error.show_usage:
        env.stderr.write(f"{error.message}\n{SHORT_USAGE}")
        if error.hint:
            env.stderr.write(f"{error.hint}\n")
    else:
        env.stderr.write(f"pydig: {error.message}\n")
    return int(error.status)


def _planned_lookups(queries: Sequence[Query], batch_file: str | None) -> int | None:
    """The total the progress bar counts towards, a batch file's lines one lookup each;
    None when standard input or a pipe feeds the batch (it cannot be read twice)."""
    if batch_file is None:
        return lookup_count(queries)
    path = Path(batch_file)
    if batch_file == "-" or not path.is_file():
        return None
    with path.open(encoding="utf-8", errors="replace") as stream:
        return lookup_count(queries) + sum(1 for _ in batch_lines(batch_file, stream))


def run(argv: Sequence[str], env: Environment) -> int:
    """Do what dig would do with these arguments; return dig's exit status."""
    progress = open_progress(env)
    env = progress.guard(env)
    try:
        rc_file = read_rc_file(env.home)
        parsed = (
            parse_argv(argv, rc_lines=rc_file.lines, rc_name=str(rc_file.path), idn=env.idn())
            if rc_file is not None
            else parse_argv(argv, idn=env.idn())
        )
        if isinstance(parsed, Help):
            from pydig.cli.helptext import HELP

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
        total = _planned_lookups(parsed.queries, globals_.batch_file)
        progress.start(total)  # shown only if the run lasts over a second
        runner = Runner(
            env, read_resolv_conf(env.resolv_conf), progress,
            lookups=None if batch is not None else total,
        )  # fmt: skip
        if batch is None:
            return int(runner.run(parsed, None, server_count=server_count))
        name, stream = batch
        with contextlib.closing(stream) if stream is not env.stdin else contextlib.nullcontext():
            return int(runner.run(parsed, batch_lines(name, stream), server_count=server_count))
    except PydigError as error:
        return _report(env, error)
    except KeyboardInterrupt:
        with ignored_interrupts():  # a second Ctrl-C must not interrupt the flush
            env.stdout.flush()
        return int(ExitStatus.INTERRUPTED)
    except BrokenPipeError:
        return int(ExitStatus.OK)
    except Exception as error:  # a bug in pydig: one line, not a traceback
        if env.variables.get("PYDIG_DEBUG"):
            raise
        env.stdout.flush()
        env.stderr.write(f"pydig: internal error: {type(error).__name__}: {error}\n")
        return int(ExitStatus.INTERNAL)
    finally:
        close_kept_connection()
        progress.close()

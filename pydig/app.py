"""run(argv, env) -> exit status: parse, run, and turn what went wrong into dig's exit code."""

from __future__ import annotations

from collections.abc import Sequence

from pydig import __version__
from pydig.cli.parse import parse_argv
from pydig.cli.rcfile import read_rc_file
from pydig.console.interrupt import ignored_interrupts, interrupts_held_when_asked
from pydig.console.progress import open_progress
from pydig.console.runner import Runner
from pydig.environment import Environment
from pydig.errors import ExitCodes, PydigError, UsageError, status_of
from pydig.model.invocation import Help, Invocation


def _report(env: Environment, error: PydigError) -> None:
    from pydig.cli.helptext import SHORT_USAGE  # the help text is loaded only when shown

    env.stdout.flush()
    if isinstance(error, UsageError) and error.show_usage:
        env.stderr.write(f"{error.message}\n{SHORT_USAGE}")
        if error.hint:
            env.stderr.write(f"{error.hint}\n")
    else:
        env.stderr.write(f"pydig: {error.message}\n")


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
        elif isinstance(parsed, Invocation):
            with interrupts_held_when_asked():
                return int(Runner(env, progress).run(parsed))
        else:
            env.stderr.write(f"pydig {__version__}\n")
        return int(ExitCodes.OK)
    except PydigError as error:
        _report(env, error)
        return int(status_of(error))
    except KeyboardInterrupt as interrupt:
        with ignored_interrupts():  # a second Ctrl-C must not interrupt the flush
            env.stdout.flush()
        return int(status_of(interrupt))
    except BrokenPipeError as closed:
        return int(status_of(closed))
    except Exception as error:  # a bug in pydig: one line, not a traceback
        if env.variables.get("PYDIG_DEBUG"):
            raise
        env.stdout.flush()
        env.stderr.write(f"pydig: internal error: {type(error).__name__}: {error}\n")
        return int(status_of(error))
    finally:
        progress.close()

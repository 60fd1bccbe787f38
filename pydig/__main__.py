"""The pydig command: dig's arguments, untouched and in order, go to app.run.

Typer is loaded only for shell completion (the variable Typer's completion scripts set,
or --install-completion / --show-completion), so a plain lookup never pays for it;
--manual shows the manual page.
"""

from __future__ import annotations

import os
import sys

COMPLETE_VAR = "_PYDIG_COMPLETE"  # Typer's name for it: _{PROG}_COMPLETE
COMPLETION_OPTIONS = ("--install-completion", "--show-completion")


def main() -> None:
    args = sys.argv[1:]
    if COMPLETE_VAR in os.environ or (args and args[0] in COMPLETION_OPTIONS):
        from pydig.completion import run_completion

        run_completion()
        return
    if args == ["--manual"]:
        from pydig.environment import Environment
        from pydig.manual import show_manual

        sys.exit(show_manual(Environment.from_process()))
    from pydig.coldstart import buffered_stdout, exit_now, lean_imports

    buffered_stdout()

    with lean_imports():  # a lookup should start about as fast as dig's
        from pydig.app import run
        from pydig.environment import Environment
    exit_now(run(args, Environment.from_process()))


if __name__ == "__main__":
    main()

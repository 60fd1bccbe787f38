"""The progress bar: lookups done, total, rate and failures, on standard error.

It appears only when standard error is a terminal, and only once a run has lasted about a
second, so quick runs never flash it; it is erased when the run ends.  Whatever pydig
writes meanwhile goes through `guard(env)`'s streams, which take the bar off the screen
before each write, so it never mixes with dig's output; a background thread draws it again
once the output has ended a line.  rich is imported only when the bar is really used.

Interface (the same for both classes; all methods may be called from any thread):
    progress = open_progress(env)   # TerminalProgress (progress_bar.py, loaded only then),
                                    # or NullProgress off a terminal
    env = progress.guard(env)       # the same environment, with bar-aware streams
    progress.start(total)           # lookups expected, None when unknown (stdin batch)
    progress.shows_total            # whether a total is shown (else none need be counted)
    progress.counts                 # whether advance() does anything (else it need not be called)
    progress.advance(failed)        # one lookup done; failed (given positionally): no usable reply
    progress.close()                # erase the bar and stop; safe to call twice
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pydig.environment import Environment, is_terminal

if TYPE_CHECKING:
    from typing import Protocol

    class Progress(Protocol):  # for the type checker only: a Protocol costs a start
        shows_total: bool
        counts: bool

        def guard(self, env: Environment) -> Environment: ...
        def start(self, total: int | None) -> None: ...
        def advance(self, failed: bool = False) -> None: ...
        def close(self) -> None: ...


class NullProgress:
    """No bar: standard error is not a terminal."""

    shows_total = False
    counts = False

    def guard(self, env: Environment) -> Environment:
        return env

    def start(self, total: int | None) -> None:
        pass

    def advance(self, failed: bool = False) -> None:
        pass

    def close(self) -> None:
        pass


def open_progress(env: Environment) -> Progress:
    """A bar when standard error is a terminal that understands cursor movement."""
    if is_terminal(env.stderr) and env.variables.get("TERM") != "dumb":
        from pydig.console.progress_bar import TerminalProgress  # only on a terminal

        return TerminalProgress(env.stderr, colour=not env.variables.get("NO_COLOR"))
    return NullProgress()

"""The progress bar on a terminal (console/progress.py's TerminalProgress): lookups done,
total, rate and failures, on standard error, drawn by a background thread once a run has
lasted about a second, and taken off the screen before anything else is written there.
rich is imported only when the bar is really drawn."""

from __future__ import annotations

import io
import os
import threading
import time
from collections.abc import Callable
from typing import TYPE_CHECKING, Any, TextIO, cast

from pydig.environment import Environment, is_terminal
from pydig.immutable import replace

if TYPE_CHECKING:
    from rich.console import Console
    from rich.progress import Progress as RichProgress
    from rich.progress import TaskID

DELAY = 1.0  # seconds a run lasts before the bar appears
INTERVAL = 0.1  # seconds between redraws
ERASE_LINE = "\r\x1b[2K"


class TerminalProgress:
    """A one-line rich progress bar kept at the bottom of the terminal."""

    shows_total = True
    counts = True

    def __init__(
        self,
        stream: TextIO,
        *,
        colour: bool = True,
        delay: float = DELAY,
        interval: float = INTERVAL,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._stream = stream
        self._colour = colour
        self._delay = delay
        self._interval = interval
        self._clock = clock
        self._lock = threading.RLock()
        self._stopped = threading.Event()
        self._thread: threading.Thread | None = None
        self._bar: RichProgress | None = None
        self._task: TaskID | None = None
        self._started_at = 0.0
        self._total: int | None = None
        self._completed = 0
        self._failures = 0
        self._drawn = False  # the bar is on the screen now
        self._mid_line = False  # the last output did not end its line: no room for the bar

    def guard(self, env: Environment) -> Environment:
        """The environment with streams that clear the bar before writing; standard
        output only needs it when it shares the terminal."""
        stdout = _Guarded(env.stdout, self) if is_terminal(env.stdout) else env.stdout
        return replace(
            env, stdout=cast(TextIO, stdout), stderr=cast(TextIO, _Guarded(env.stderr, self))
        )

    def start(self, total: int | None) -> None:
        """Count from now; rich is loaded only if the run lasts long enough to show a bar."""
        with self._lock:
            self._total = total
            self._started_at = self._clock()
        self._thread = threading.Thread(target=self._redraw, name="pydig-progress", daemon=True)
        self._thread.start()

    def advance(self, failed: bool = False) -> None:
        with self._lock:
            self._completed += 1
            self._failures += failed
            if self._bar is not None:
                self._update_bar()

    def _update_bar(self) -> None:
        assert self._bar is not None and self._task is not None
        elapsed = max(self._clock() - self._started_at, 1e-9)
        total = self._total
        self._bar.update(
            self._task,
            completed=self._completed,
            # A batch line may hold several lookups: never show more done than expected.
            total=max(total, self._completed) if total is not None else None,
            rate=f"{self._completed / elapsed:.1f}/s",
            failures=f"{self._failures} failed" if self._failures else "",
        )

    def _make_bar(self) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            SpinnerColumn,
            TextColumn,
            TimeElapsedColumn,
        )

        self._bar = Progress(
            SpinnerColumn(),
            TextColumn("lookups", markup=False),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[rate]}", markup=False),
            TextColumn("{task.fields[failures]}", markup=False, style="bold red"),
            TimeElapsedColumn(),
            auto_refresh=False,
        )
        self._task = self._bar.add_task("lookups", total=self._total, rate="", failures="")
        self._update_bar()

    def close(self) -> None:
        self._stopped.set()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join()
        with self._lock:
            self._erase()

    def write_through(self, stream: TextIO, text: str) -> int:
        """Write to a stream sharing the terminal: the bar goes first, and comes back (from
        the redraw thread) only once the output has ended its line."""
        with self._lock:
            self._erase()
            written = stream.write(text)
            if text:
                self._mid_line = not text.endswith("\n")
        return written

    def _erase(self) -> None:
        if self._drawn:
            self._stream.write(ERASE_LINE)
            self._stream.flush()
            self._drawn = False

    def _redraw(self) -> None:
        while not self._stopped.wait(self._interval):
            with self._lock:
                if self._clock() - self._started_at >= self._delay and not self._mid_line:
                    self._draw()

    def _draw(self) -> None:
        if self._bar is None:
            self._make_bar()
        assert self._bar is not None
        line = _render_line(self._bar, width=_width(self._stream), colour=self._colour)
        self._stream.write("\r" + line + "\x1b[K")
        self._stream.flush()
        self._drawn = True


def _render_line(bar: RichProgress, *, width: int, colour: bool) -> str:
    """The bar as one line of terminal text, narrower than the terminal so it never wraps."""
    console = _capture_console(width, colour)
    with console.capture() as capture:
        console.print(bar.get_renderable(), end="")
    return capture.get().split("\n", 1)[0]


def _capture_console(width: int, colour: bool) -> Console:
    from rich.console import Console

    return Console(
        file=io.StringIO(),
        width=width,
        force_terminal=colour,
        color_system="standard" if colour else None,
        markup=False,
        highlight=False,
        emoji=False,
    )


def _width(stream: TextIO) -> int:
    try:
        columns = os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        columns = 80
    return max(columns - 1, 20)


class _Guarded:
    """A text stream whose writes take the progress bar off the screen first; everything
    else (flush, isatty, fileno, encoding, ...) is the wrapped stream's."""

    def __init__(self, stream: TextIO, progress: TerminalProgress) -> None:
        self._wrapped = stream
        self._progress = progress

    def write(self, text: str) -> int:
        return self._progress.write_through(self._wrapped, text)

    def __getattr__(self, name: str) -> Any:
        return getattr(self._wrapped, name)

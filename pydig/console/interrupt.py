"""Ctrl-C between lookups, never in the middle of one lookup's output.

Python raises KeyboardInterrupt wherever the main thread happens to be, which can
be half way through writing a lookup's text; these context managers move it to
the moment the text is out.  A run holds SIGINT's handler for its whole length
(`interrupts_held_when_asked`), so that holding it for each lookup's output is a
counter, not two system calls.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Iterator
from types import FrameType
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import signal
else:
    # signal's own functions, without the enums the signal module builds over them (a
    # tenth of a lookup's start); they return a handler's plain number, never a member.
    import _signal as signal


def _on_main_thread() -> bool:
    # Python lets only the main thread change signal handlers.
    return threading.current_thread() is threading.main_thread()


class _Hold:
    """The run's SIGINT handler: Ctrl-C at once, or once the held blocks are done."""

    installed = False  # SIGINT's handler for the run
    depth = 0  # held blocks open
    pressed = False  # Ctrl-C came while held

    def __call__(self, signum: int, frame: FrameType | None) -> None:
        if self.depth:
            self.pressed = True
            return
        raise KeyboardInterrupt


_HOLD = _Hold()


@contextlib.contextmanager
def interrupts_held_when_asked() -> Iterator[None]:
    """For a run: Ctrl-C raises KeyboardInterrupt, except inside held_interrupts().
    Nothing changes when SIGINT is ignored or handled by someone else."""
    if not _on_main_thread() or signal.getsignal(signal.SIGINT) is not signal.default_int_handler:
        yield
        return
    signal.signal(signal.SIGINT, _HOLD)
    _HOLD.installed = True
    try:
        yield
    finally:
        _HOLD.installed = False
        signal.signal(signal.SIGINT, signal.default_int_handler)


@contextlib.contextmanager
def held_interrupts() -> Iterator[None]:
    """Hold Ctrl-C while the block runs; it takes effect as soon as the block is done."""
    if _HOLD.installed:
        _HOLD.depth += 1
        try:
            yield
        finally:
            _HOLD.depth -= 1
            if _HOLD.pressed and not _HOLD.depth:
                _HOLD.pressed = False
                raise KeyboardInterrupt
        return
    if not _on_main_thread():
        yield
        return
    pressed: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        pressed.append(signum)

    previous = signal.signal(signal.SIGINT, remember)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)
        if pressed and callable(previous):
            previous(signal.SIGINT, None)  # the default handler raises KeyboardInterrupt
        elif pressed and previous == signal.SIG_DFL:
            raise KeyboardInterrupt


@contextlib.contextmanager
def ignored_interrupts() -> Iterator[None]:
    """Ignore Ctrl-C while the block runs: pydig is already stopping because of one."""
    if not _on_main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)

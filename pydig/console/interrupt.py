"""Ctrl-C between lookups, never in the middle of one lookup's output.

Python raises KeyboardInterrupt wherever the main thread happens to be, which can
be half way through writing a lookup's text; these context managers move it to
the moment the text is out.
"""

from __future__ import annotations

import contextlib
import signal
import threading
from collections.abc import Iterator
from types import FrameType


def _on_main_thread() -> bool:
    # Python lets only the main thread change signal handlers.
    return threading.current_thread() is threading.main_thread()


@contextlib.contextmanager
def held_interrupts() -> Iterator[None]:
    """Hold Ctrl-C while the block runs; it takes effect as soon as the block is done."""
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

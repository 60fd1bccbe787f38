"""A machine driven to its end on an engine of its own, for code that blocks (the readable
+trace, +validate, +compare's fan-out, dig's machine in send()): a lookup the runner
drives shares the run's engine and never loads this."""

from __future__ import annotations

from collections.abc import Generator, Iterator
from typing import TYPE_CHECKING

from pydig.model.events import Exchange
from pydig.transport.actions import Machine
from pydig.transport.engine import Engine

if TYPE_CHECKING:
    from typing import TypeVar

    _R = TypeVar("_R")


def driven(machine: Machine[_R]) -> Generator[Exchange, None, _R]:
    """A machine driven to its end on an engine of its own, for code that blocks: each
    Exchange it yields as it comes, then its return value (or its error)."""
    engine = Engine()
    try:
        task = engine.start(machine)
        while True:
            while task.outputs:
                yield task.outputs.pop(0)
            if task.done:
                break
            engine.step()
    finally:
        engine.close()
    if task.error is not None:
        raise task.error
    result: _R = task.result
    return result


def drive(machine: Machine[_R]) -> _R:
    """What a machine returns, driven to its end (blocking); what it yields is dropped."""
    outputs = driven(machine)
    while True:
        try:
            next(outputs)
        except StopIteration as finished:
            return finished.value  # type: ignore[no-any-return]


def from_blocking(exchanges: Iterator[Exchange]) -> Machine[None]:
    """A walk that blocks in calls of its own (the readable +trace, +validate), run from
    the loop as a machine: the loop waits while it asks, one call at a time."""
    yield from exchanges

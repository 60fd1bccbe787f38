"""What a lookup's state machine asks of the loop that drives it: the sans-I/O contract.

A machine is a generator (as h11 and wsproto are objects): it yields an action, and the
driver sends back the action's result, or throws in what went wrong (Timeout, Refused,
ConnectionClosed, ConnectFailed, OSError).  It also yields each Exchange it has finished,
for the runner to print.  The machine never touches a socket or a clock's wait, so a test
drives it with datagrams and timeouts of its own; engine.py drives it with real sockets.
Every deadline is a time of time.perf_counter(), the clock a query's time is measured by
too (monotonic, as PEP 418 makes it): one read of it starts a query's time and its
deadline both.
Actions are small classes with __slots__: a lookup makes a dozen, and such a record is
made in half the time of a named tuple, whose class costs fifteen times as much to define.
"""

from __future__ import annotations

from collections.abc import Callable, Generator
from typing import TYPE_CHECKING, Any, TypeAlias

from pydig.model.exchange import Lookup, Server

if TYPE_CHECKING:
    from typing import TypeVar

    from pydig.model.events import Exchange

    _R = TypeVar("_R")


class _Action:
    """What every action shares: its fields (__slots__), shown by repr()."""

    __slots__: tuple[str, ...] = ()

    def __repr__(self) -> str:
        fields = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"{type(self).__name__}({fields})"


class OpenUdp(_Action):
    """A UDP socket of its own for one query, connected to address#port.  -> a handle"""

    __slots__ = ("address", "port", "source")

    def __init__(self, address: str, port: int, source: tuple[str, int] | None) -> None:
        self.address, self.port, self.source = address, port, source


class OpenStream(_Action):
    """A TCP, TLS or HTTP(S) connection to the server, made before the deadline
    (+keepopen's kept connection when there is one).  -> a handle"""

    __slots__ = ("deadline", "lookup", "server")

    def __init__(self, lookup: Lookup, server: Server, deadline: float) -> None:
        self.lookup, self.server, self.deadline = lookup, server, deadline


class Transmit(_Action):
    """Send one DNS message (a datagram, or framed on a stream).  -> None"""

    __slots__ = ("deadline", "handle", "message")

    def __init__(self, handle: Any, message: bytes, deadline: float) -> None:
        self.handle, self.message, self.deadline = handle, message, deadline


class Receive(_Action):
    """The next datagram, or the next whole message of a stream, before the deadline.
    -> bytes"""

    __slots__ = ("deadline", "handle")

    def __init__(self, handle: Any, deadline: float) -> None:
        self.handle, self.deadline = handle, deadline


class Close(_Action):
    """Done with the handle; `failed` drops a kept connection too.  -> None"""

    __slots__ = ("failed", "handle")

    def __init__(self, handle: Any, failed: bool = False) -> None:
        self.handle, self.failed = handle, failed


class Together(_Action):
    """Run these machines at once.  -> their results, in the order they finish"""

    __slots__ = ("machines",)

    def __init__(self, machines: tuple[Generator[Any, Any, Any], ...]) -> None:
        self.machines = machines


class Express(_Action):
    """Send this datagram on a UDP socket of its own, connected to address#port, and hand
    `settle` the socket and what comes first: a datagram, or what ends the wait (Timeout
    at the deadline, Refused).  -> settle's answer: a list (the socket is closed, or kept
    for a later Express and a new port: Engine._settle), or a
    machine that has taken the socket over, for the asking machine to run (`yield from`
    takes either).  A socket that cannot be set up or a datagram that cannot be sent
    (nothing was sent, nothing is open): -> otherwise(), the machine that goes the
    ordinary way and meets the same failure.  Engine.express runs one with no machine
    asking it.  settle and otherwise are methods, which call the functions given: a lane
    that makes one a lookup subclasses it with methods of its own (no closures made)."""

    __slots__ = ("_otherwise", "_settle", "address", "deadline", "message", "port", "source")

    def __init__(
        self,
        address: str,
        port: int,
        source: tuple[str, int] | None,
        message: bytes,
        deadline: float,
        settle: Callable[[Any, bytes | BaseException], list[Any] | Generator[Any, Any, Any]],
        otherwise: Callable[[], Generator[Any, Any, Any]],
    ) -> None:
        self.address, self.port, self.source = address, port, source
        self.message, self.deadline = message, deadline
        self._settle, self._otherwise = settle, otherwise

    def settle(
        self, handle: Any, first: bytes | BaseException
    ) -> list[Any] | Generator[Any, Any, Any]:
        return self._settle(handle, first)

    def otherwise(self) -> Generator[Any, Any, Any]:
        return self._otherwise()


class Pause(_Action):
    """Nothing to do until then (a sweep's pace).  -> None"""

    __slots__ = ("until",)

    def __init__(self, until: float) -> None:
        self.until = until


Action = OpenUdp | OpenStream | Transmit | Receive | Close | Together | Express | Pause
# Quoted, as the other type aliases a lookup loads: a subscripted type is an object made
# at import, for the type checker alone.
Machine: TypeAlias = "Generator[Action | Exchange, Any, _R]"


def relayed(
    machine: Machine[_R], hook: Callable[[Any], Generator[Any, Any, Any]]
) -> Generator[Any, Any, _R]:
    """The machine driven step by step through `hook`: a generator that may yield steps
    of its own first (a pause) and returns the step to pass on, or None for none.  What
    comes back for a step, or what went wrong, goes back to the machine; its return
    value is returned."""
    value: Any = None
    error: BaseException | None = None
    while True:
        try:
            step = machine.throw(error) if error is not None else machine.send(value)
        except StopIteration as stop:
            return stop.value  # type: ignore[no-any-return]
        value, error = None, None
        step = yield from hook(step)
        if step is None:
            continue
        try:
            value = yield step
        except Exception as exc:  # handed on to the machine, which decides
            error = exc


def collected(machine: Machine[Any]) -> Machine[list[Exchange]]:
    """The machine's Exchanges gathered and returned instead of yielded for printing (a
    sweep reads them to decide what the address came to)."""
    from pydig.model.events import Exchange  # what a plain answer (a FullAnswer) never makes

    found: list[Exchange] = []

    def gather(step: Any) -> Generator[Any, Any, Any]:
        if isinstance(step, Exchange):
            found.append(step)
            return None
        return step
        yield  # a generator, as relayed() takes it; this one never yields

    yield from relayed(machine, gather)
    return found

"""The event loop: one thread, one poller, every lookup of a run in flight together.

Each lookup is a state machine (actions.py); the engine does what it asks.  Opening a
socket and sending a query happen at once; a wait for a datagram, a TCP message or a
connection is registered with the poller (poll, or epoll once many wait) beside a deadline, and
whichever comes first (the bytes or the deadline) is handed back to the machine that
waits.  UDP and plain TCP never block.  DNS over TLS and over HTTP(S) are blocking
clients whose libraries own the connection: the engine runs their calls where the
machine makes them, one at a time.

The express lane (pydig/lookup/express.py) asks for an Express: the engine sends the
datagram and hands what comes first to the action's settle function, whose answer (the
exchanges that end the lookup, or a machine that has taken the socket over) is the
action's result.  A machine may yield one (a sweep's address in +json, a link of its
chain), or the runner hands one to `express()` with no machine behind it (a batch's
lines, a sweep's addresses): its task has no machine
until settle's answer is one (or the datagram could not be sent, and the action's
`otherwise()` goes the ordinary way), and ends at once with settle's exchanges else --
no generator made, resumed or ended for a lookup that one datagram settles.

A task ends with its machine's return value or its error; the Exchanges it yields on the
way wait in `outputs` for the runner, which prints them in input order.
"""

from __future__ import annotations

import _socket
import itertools
import os
import select
import time

# bisect's C half, which idna (dnspython's) has loaded already: _heapq would cost a start
from _bisect import insort_right
from collections import deque
from collections.abc import Callable, Generator
from operator import itemgetter
from typing import TYPE_CHECKING, Any

from pydig.immutable import mutable
from pydig.transport.actions import (
    Close,
    Express,
    Machine,
    OpenStream,
    OpenUdp,
    Pause,
    Receive,
    Together,
    Transmit,
)
from pydig.transport.sockets import (
    UDP_RECEIVE_SIZE,
    ConnectFailed,
    ConnectionClosed,
    Refused,
    Timeout,
    connect_error,
    tcp_send,
    udp_disconnector,
    udp_socket,
    unframed,
)

if TYPE_CHECKING:
    from pydig.transport.client_connection import BlockingConnection

_PENDING = object()  # the action waits on the poller or a deadline
# UDP sockets a run closes before it keeps them for reuse (Engine._settle): ctypes' import
# costs what 250 lookups' reuse saves.  At most REST_AT_MOST are kept at once
# (Engine.rest_at_most), unless a sweep raises it as far as its descriptors allow: its
# thousand in flight stay within the descriptors it leaves itself (kept_within_descriptors).
RESTING_AFTER = 256
REST_AT_MOST = 64
DEADLINES_LEFT = 1_024  # deadlines of ended waits that may stay in the list beyond the live
_ACTIONS = frozenset({OpenUdp, OpenStream, Transmit, Receive, Close, Together, Express, Pause})


# What a task without a machine has shown so far: nothing, and nothing is ever added to
# it (a lone Express's task takes settle's list in its place, or a list of its own with
# the machine it goes on with).  A Task subclass that sets Task's fields itself (the
# runner's step) gives it this list too.
NO_OUTPUTS: list[Any] = []


# Task, _Wait and _Socket are slotted classes, not @mutable records: every lookup makes
# one of each, and on the express lane they are a good part of what a lookup costs.


class Task:
    """One machine being driven: what it has printed so far and how it ended.  A lone
    Express's task (Engine.express) has no machine until its answer is one."""

    __slots__ = ("done", "error", "joined", "machine", "outputs", "result")

    def __init__(self, machine: Generator[Any, Any, Any] | None, joined: _Join | None) -> None:
        self.machine = machine
        # Exchanges, and what else a machine yields to be shown; a lone Express's task
        # takes settle's list as its own (no list made for it), or a list of its own
        # when a machine comes (_answer)
        self.outputs: list[Any] = NO_OUTPUTS if machine is None else []
        self.done = False
        self.result: Any = None
        self.error: BaseException | None = None
        self.joined = joined  # the Together this task is part of


@mutable(eq=False)
class _Join:
    """A Together in progress: the waiting task and its children's results so far."""

    task: Task
    left: int
    results: list[Any]
    error: BaseException | None = None  # the first child's error, thrown into the task


class _Wait:
    """A task waiting for bytes on a handle (or its connection to be made), until a deadline
    (which the engine's _Deadlines hold)."""

    __slots__ = ("connecting", "express", "handle", "number", "task")

    def __init__(
        self,
        task: Task,
        handle: _Socket | None,  # None: a pause, which only its deadline ends
        connecting: bool = False,
        express: Express | None = None,  # an Express's wait: its settle() takes what comes
    ) -> None:
        self.task = task
        self.handle = handle
        self.connecting = connecting
        self.express = express
        self.number = 0  # its place among the deadlines


_NO_BUFFER = bytearray()  # every UDP socket's buffer (one made a lookup costs a call)


class _Socket:
    """A UDP socket, or a plain TCP connection and what it has delivered so far."""

    __slots__ = ("buffer", "family", "fd", "sock", "spent", "stream", "wait")

    def __init__(self, sock: _socket.socket, stream: bool) -> None:
        self.sock = sock
        self.fd = sock.fileno()  # what the poller knows it by: no lookup a wait
        self.stream = stream
        # what a connection has delivered so far; a UDP socket's is never written to
        self.buffer = bytearray() if stream else _NO_BUFFER
        self.wait: _Wait | None = None
        self.family = sock.family == _socket.AF_INET6  # which spares it joins at rest
        self.spent: _Wait | None = None  # at rest: its last wait, for its next Express

    def close(self) -> None:
        self.sock.close()


def _is_kept(handle: object) -> bool:
    """Whether +keepopen holds this connection: only a plain TCP one can be, and its module
    comes with TCP's (transport.stream), which a lookup over UDP never loads."""
    if not (isinstance(handle, _Socket) and handle.stream):
        return False
    from pydig.transport.keepopen import is_kept

    return is_kept(handle)


# Sockets waited on at once with poll(): past that many, epoll (see _Poller).
POLL_AT_MOST = 64
_DESCRIPTOR = itemgetter(0)  # of a poll's event


class _Poller:
    """The sockets waited on, by file descriptor.  poll() while they are few (a batch's
    32 in flight): registering and unregistering a socket with it is no system call,
    where epoll's are one each, and a batch's every lookup does both.  epoll once more
    than POLL_AT_MOST wait at once (a sweep's thousand), whose wait does not grow with
    their number: from then on for the rest of the run.  Not a selectors selector: its
    key objects and checks cost more than the calls themselves."""

    def __init__(self) -> None:
        self._handles: dict[int, _Socket] = {}
        poll = select.poll()
        self._events: tuple[int, int] = (select.POLLIN, select.POLLOUT)  # to read, to write
        self._poll: Callable[[float], list[tuple[int, int]]] = lambda timeout: poll.poll(
            timeout * 1000  # milliseconds
        )
        self._register: Callable[[int, int], None] = poll.register
        self._unregister: Callable[[int], None] = poll.unregister
        self.close: Callable[[], None] = _nothing
        self._closing_unregisters = True  # epoll drops a descriptor as it is closed
        # Where epoll takes over (never without it).
        self._most = POLL_AT_MOST if hasattr(select, "epoll") else None

    def register(self, handle: _Socket, writing: bool) -> None:
        self._register(handle.fd, self._events[writing])
        handles = self._handles
        handles[handle.fd] = handle
        if self._most is not None and len(handles) > self._most:
            self._to_epoll()

    def _to_epoll(self) -> None:
        """From now on epoll, with every socket waited on so far."""
        epoll = select.epoll()
        self._events = (select.EPOLLIN, select.EPOLLOUT)
        for fd, handle in self._handles.items():  # a socket at rest is waited on to read
            epoll.register(fd, self._events[handle.wait is not None and handle.wait.connecting])
        self._register, self._unregister = epoll.register, epoll.unregister
        self._poll, self.close = epoll.poll, epoll.close
        self._closing_unregisters = False
        self._most = None

    def unregister(self, handle: _Socket) -> None:
        self._unregister(handle.fd)
        del self._handles[handle.fd]

    def close_socket(self, handle: _Socket) -> None:
        """Unregister a socket and close it (with epoll the system call is left to the
        close, which takes the descriptor out of epoll's set: a socket is never
        duplicated)."""
        if self._closing_unregisters:
            self._unregister(handle.fd)
        del self._handles[handle.fd]
        handle.sock.close()

    def waiting(self) -> list[_Socket]:
        """The sockets waited on now (those at rest too)."""
        return list(self._handles.values())

    def ready(self, timeout: float) -> list[_Socket]:
        """The sockets with something to read (or connected), waiting up to timeout
        seconds: each as it was when the poll ended (a descriptor closed and opened
        again while they are handled is another socket)."""
        # (map's, not a list comprehension's: no bytecode a socket)
        return list(map(self._handles.__getitem__, map(_DESCRIPTOR, self._poll(timeout))))


def _nothing() -> None:
    """poll has nothing to close."""


def _keep_none(descriptor: int) -> bool:
    """Where sockets cannot rest: each is closed."""
    return False


def _not_resting(descriptor: int) -> bool:
    """Before resting begins (Engine._close_settled): each socket is closed."""
    return False


class _Deadlines:
    """The waits' deadlines, each (deadline, number), the earliest first.  Those that come
    in order (a batch's and a sweep's, one timeout after another) go in a deque, whose
    ends cost nothing to reach, the others in a sorted list.  A wait ended by its bytes
    leaves its deadline behind, which is dropped when it comes up (nothing else stays
    alive for it), or before, once those left behind outnumber the waits (add())."""

    __slots__ = ("bound", "queue", "sorted")

    def __init__(self) -> None:
        self.queue: deque[tuple[float, int]] = deque()
        self.sorted: list[tuple[float, int]] = []
        # How many deadlines are kept before those of ended waits are dropped: twice the
        # waits there were when they last were, and DEADLINES_LEFT.  (Engine._express
        # holds the queue alone to it, where a batch's come in order.)
        self.bound = DEADLINES_LEFT

    def __len__(self) -> int:
        return len(self.queue) + len(self.sorted)

    def add(self, deadline: float, number: int, waits: dict[int, _Wait]) -> None:
        """The deadline of the wait waits[number]."""
        queue, others = self.queue, self.sorted
        if len(queue) + len(others) >= self.bound:
            # A sweep answered at once leaves a deadline behind for each address, for a
            # timeout's length: dropped together, each once, when they outnumber the rest.
            others[:] = [timer for timer in others if timer[1] in waits]
            self.queue = queue = deque(timer for timer in queue if timer[1] in waits)
            self.bound = 2 * len(waits) + DEADLINES_LEFT
        if not queue or queue[-1][0] <= deadline:
            queue.append((deadline, number))
        else:
            insort_right(others, (deadline, number))

    def first(self, waits: dict[int, _Wait]) -> tuple[float, int] | None:
        """The earliest deadline of a wait in waits (those before it, of waits that have
        ended, are dropped); None when there is none."""
        queue, others = self.queue, self.sorted
        while queue and queue[0][1] not in waits:
            queue.popleft()
        while others and others[0][1] not in waits:
            del others[0]
        if not others:
            return queue[0] if queue else None
        return others[0] if not queue or others[0] < queue[0] else queue[0]

    def drop(self, timer: tuple[float, int]) -> None:
        """Drop the deadline first() gave."""
        if self.queue and self.queue[0] is timer:
            self.queue.popleft()
        else:
            del self.sorted[0]


class Engine:
    """Drives machines to their end, all of them at once."""

    def __init__(self) -> None:
        self._poller = _Poller()
        self._timers = _Deadlines()
        self._waits: dict[int, _Wait] = {}
        self._order = itertools.count()
        self._open: set[_Socket | BlockingConnection] = set()
        self.running = 0  # tasks not yet done
        # UDP sockets at rest, for the Express lookups to come (see _settle): those let go
        # since the last poll, then those it found quiet, IPv4's and IPv6's each.
        self._resting: tuple[list[_Socket], list[_Socket]] = ([], [])
        self._spare: tuple[list[_Socket], list[_Socket]] = ([], [])
        self._closed = 0  # UDP sockets closed before resting begins
        self._at_rest = 0  # resting and spare
        self.rest_at_most = REST_AT_MOST  # a sweep's runner raises it while the sweep plans
        # Sockets closed before resting begins: a run that knows RESTING_AFTER lookups
        # will come (a sweep's runner) need not wait for them.
        self.rest_after = RESTING_AFTER
        # What lets a settled socket go of its server and port (_settle): none until
        # resting begins (_close_settled)
        self._disconnect: Callable[[int], bool] = _not_resting

    def start(self, machine: Machine[Any], joined: _Join | None = None) -> Task:
        task = Task(machine, joined)
        self.running += 1
        self._advance(task, None, None)
        return task

    def express(self, action: Express, task: Task | None = None) -> Task:
        """The Express run as a task of its own, with no machine asking it: the task ends
        with the exchanges settle answers, or runs the machine it answers (or the
        action's otherwise(), when nothing could be sent).  task: the caller's own, new
        and without a machine (a Task subclass that carries the caller's fields too: a
        batch line's step is its task, one object where two would be made), else one
        made here."""
        if task is None:
            task = Task(None, None)
        self.running += 1
        try:
            found = self._express(task, action)
        except Exception as exc:  # otherwise() could not make its machine
            self._answer(task, None, exc)
        else:
            if found is not _PENDING:
                self._answer(task, found, None)
        return task

    def step(self, *, block: bool = True) -> bool:
        """Wait for the next datagram, message, connection or deadline (unless told not to
        block), and move the machines it concerns on; whether anything happened."""
        if not self._waits:
            # Every machine not done waits for bytes or a deadline, or for machines that do.
            assert not self.running, "a lookup waits for nothing"
            return False
        waits, timers = self._waits, self._timers
        first = timers.first(waits)
        assert first is not None  # every wait has a deadline
        timeout = max(first[0] - time.perf_counter(), 0.0) if block else 0.0
        resting, self._resting = self._resting, ([], [])  # those let go before this poll
        ready = self._poller.ready(timeout)
        for handle in ready:
            wait = handle.wait
            if wait is None:
                let_go = resting[handle.family]
                if handle in let_go:  # a datagram that came before it let go: not for reuse
                    let_go.remove(handle)
                    self._at_rest -= 1
                    self._poller.close_socket(handle)
            elif wait.express is None:
                self._ready(wait)
            else:  # an Express's datagram (the commonest of all), read by its settle
                self._settle(wait, None)
        # quiet at rest: the next lookups' sockets
        self._spare[0].extend(resting[0])
        self._spare[1].extend(resting[1])
        now = time.perf_counter()
        happened = bool(ready)
        while (timer := timers.first(waits)) is not None and timer[0] <= now:
            timers.drop(timer)
            wait = waits[timer[1]]
            failure = ConnectFailed("timed out") if wait.connecting else Timeout()
            self._resolve(wait, None, None if wait.handle is None else failure)
            happened = True
        return happened

    def close(self) -> None:
        """Close every socket still open (an interrupted run); the kept one is the run's."""
        for handle in [*self._open, *self._poller.waiting()]:  # an Express's in the poller only
            if not _is_kept(handle):
                handle.close()
        self._open.clear()
        self._poller.close()

    # Running a machine until it waits.

    def _settle(self, wait: _Wait, first: bytes | BaseException | None) -> None:
        """An Express's first datagram (or what ended its wait), given to its settle; its
        answer goes back to the machine that waits.  first: None when its socket has
        something to read (step()), read here as _ready() would.  The wait ends here: the
        poller lets go of its socket once it is settled."""
        handle, express = wait.handle, wait.express
        assert handle is not None and express is not None
        if first is None:
            try:
                first = handle.sock.recv(UDP_RECEIVE_SIZE)
            except BlockingIOError:
                return
            except ConnectionRefusedError:
                first = Refused()
            except OSError as exc:
                first = exc
        del self._waits[wait.number]
        handle.wait = None
        try:
            settled = express.settle(handle, first)
        except Exception as exc:
            self._poller.close_socket(handle)  # its own socket, never +keepopen's
            self._answer(wait.task, None, exc)
            return
        task = wait.task
        if type(settled) is not list:
            self._poller.unregister(handle)  # a machine has the socket now, and closes it
            self._open.add(handle)
            self._answer(task, settled, None)
            return
        # Its own socket, never +keepopen's, kept for the Express lookups to come,
        # registered still: it lets go of its server and port (udp_disconnector), and
        # the next poll shows whether a datagram came before it did (a late or repeated
        # reply, which would pass for the next lookup's); quiet, it is spare (step()).
        # Not with -b's address, nor beyond rest_at_most, nor where it cannot be done
        # (then closed: _close_settled).  It keeps its settled wait for its next Express.
        if (
            express.source is None
            and self._at_rest < self.rest_at_most
            and self._disconnect(handle.fd)
        ):
            handle.spent = wait
            self._resting[handle.family].append(handle)
            self._at_rest += 1
        else:
            self._close_settled(handle, express)
        if task.machine is None:  # _answer()'s commonest, inline:
            task.outputs = settled  # a lone Express's task ends with its exchanges
            # _finish(task, None, None), inline: its result and error are None still,
            # and it joins nothing (Engine.express's own)
            task.done = True
            self.running -= 1
            return
        self._answer(task, settled, None)

    def _close_settled(self, handle: _Socket, express: Express) -> None:
        """A settled Express's socket that does not rest, closed.  Resting begins once
        rest_after such sockets have been closed (a run of a few lookups does without
        ctypes' import): _disconnect is _not_resting until then."""
        self._poller.close_socket(handle)
        if self._disconnect is _not_resting and express.source is None:
            self._closed += 1
            if self._closed >= self.rest_after:
                self._disconnect = udp_disconnector() or _keep_none

    def _answer(self, task: Task, found: Any, error: BaseException | None) -> None:
        """An Express's answer (a list, or a machine to go on with) or its error, for the
        task that asked: its machine takes it, or a lone Express's task ends with it."""
        if task.machine is not None:
            self._advance(task, found, error)
        elif error is not None:
            self._finish(task, None, error)
        elif type(found) is list:
            task.outputs = found
            self._finish(task, None, None)
        else:
            task.machine, task.outputs = found, []
            self._advance(task, None, None)

    def _advance(self, task: Task, value: Any, error: BaseException | None) -> None:
        machine = task.machine
        assert machine is not None  # a lone Express's task is advanced once it has one
        while True:
            try:
                action = machine.throw(error) if error is not None else machine.send(value)
            except StopIteration as stop:
                self._finish(task, stop.value, None)
                return
            except Exception as exc:  # the machine's error: the runner decides what it means
                self._finish(task, None, exc)
                return
            value, error = None, None
            if type(action) not in _ACTIONS:  # an Exchange or another thing to show
                task.outputs.append(action)
                continue
            try:
                value = self._perform(task, action)
            except Exception as exc:
                error = exc
                continue
            if value is _PENDING:
                return

    def _finish(self, task: Task, result: Any, error: BaseException | None) -> None:
        task.done, task.result, task.error = True, result, error
        self.running -= 1
        join = task.joined
        if join is None:
            return
        join.results.append(result)
        join.error = join.error or error
        join.left -= 1
        if join.left == 0:
            self._advance(join.task, join.results, join.error)

    def _perform(self, task: Task, action: Any) -> Any:
        if isinstance(action, Express):  # the commonest first: a batch's every lookup
            return self._express(task, action)
        if isinstance(action, Receive):
            return self._receive(task, action)
        if isinstance(action, OpenUdp):
            handle = _Socket(udp_socket(action.address, action.port, action.source), False)
            self._open.add(handle)
            return handle
        if isinstance(action, Transmit):
            self._transmit(action.handle, action.message, action.deadline)
            return None
        if isinstance(action, Close):
            self._close(action.handle, failed=action.failed)
            return None
        if isinstance(action, OpenStream):
            return self._open_stream(task, action)
        if isinstance(action, Pause):
            self._wait(_Wait(task, None), action.until)
            return _PENDING
        if isinstance(action, Together):
            if not action.machines:
                return []
            join = _Join(task, len(action.machines), [])
            for machine in action.machines:
                self.start(machine, join)
            return _PENDING
        raise TypeError(f"not an action: {action!r}")

    # What each action does.

    def _receive(self, task: Task, action: Receive) -> Any:
        handle = action.handle
        if not isinstance(handle, _Socket):  # a TLS or HTTP(S) client's
            return handle.stream.receive(action.deadline)
        if handle.stream:
            message = unframed(handle.buffer)
            if message is not None:
                return message
        self._wait(_Wait(task, handle), action.deadline)
        return _PENDING

    def _express(self, task: Task, action: Express) -> Any:
        address = action.address
        spare = self._spare[":" in address] if action.source is None else None
        if spare:  # on a socket at rest: connected again, to a new random port, and
            # still registered with the poller (inline: a batch's every lookup comes here)
            self._at_rest -= 1
            handle = spare.pop()
            sock = handle.sock
            try:
                sock.connect((address, action.port))
                sock.send(action.message)
            except OSError:
                self._poller.close_socket(handle)
                return action.otherwise()
            # the wait it last settled, its handle and kind the same (no _Wait made a lookup)
            wait = handle.spent
            assert wait is not None  # set as it came to rest
            wait.task, wait.express = task, action
            handle.wait = wait
            wait.number = number = next(self._order)  # _wait()'s, inline
            waits = self._waits
            waits[number] = wait
            # _Deadlines.add()'s commonest, inline: a deadline after the last (a batch's
            # come in order), with room for it
            deadline, timers = action.deadline, self._timers
            queue = timers.queue
            if len(queue) < timers.bound and (not queue or queue[-1][0] <= deadline):
                queue.append((deadline, number))
            else:
                timers.add(deadline, number, waits)
            return _PENDING
        try:
            sock = udp_socket(address, action.port, action.source)
        except (OSError, ConnectFailed):
            return action.otherwise()
        try:
            sock.send(action.message)
        except OSError:
            sock.close()
            return action.otherwise()
        # not in _open while the poller holds it (close() closes those too): a machine
        # that takes it over has it added (_settle)
        self._wait(_Wait(task, _Socket(sock, False), False, action), action.deadline)
        return _PENDING

    def _transmit(
        self, handle: _Socket | BlockingConnection, message: bytes, deadline: float
    ) -> None:
        if not isinstance(handle, _Socket):  # a TLS or HTTP(S) client's
            handle.stream.send(message, deadline)
        elif handle.stream:
            try:
                tcp_send(handle.sock, message, deadline)
            finally:
                handle.sock.setblocking(False)
        else:
            try:
                handle.sock.send(message)
            except ConnectionRefusedError:
                raise Refused from None

    def _close(self, handle: _Socket | BlockingConnection, *, failed: bool) -> None:
        if _is_kept(handle):
            if not failed:
                return  # +keepopen: the next lookup to this server uses it
            from pydig.transport.keepopen import close_kept_connection

            close_kept_connection()
        else:
            handle.close()
        self._open.discard(handle)

    def _open_stream(self, task: Task, action: OpenStream) -> Any:
        # TCP's connections (and TLS's, HTTPS's) only for a lookup that needs one
        from pydig.transport import keepopen
        from pydig.transport.stream import in_loop, plain_connection

        lookup, server = action.lookup, action.server
        if not in_loop(lookup):
            from pydig.transport.client_connection import blocking_connection

            blocking = blocking_connection(lookup, server, action.deadline)
            self._open.add(blocking)
            return blocking
        if lookup.keep_open:
            kept = keepopen.kept_connection(server.address, lookup.port)
            if kept is not None:
                return kept
        handle = _Socket(plain_connection(lookup, server, action.deadline), True)
        self._open.add(handle)
        if lookup.keep_open:
            keepopen.keep(server.address, lookup.port, handle)
        self._wait(_Wait(task, handle, connecting=True), action.deadline)
        return _PENDING

    # Waiting, and what ends a wait.

    def _wait(self, wait: _Wait, deadline: float) -> None:
        handle = wait.handle
        if handle is not None:
            handle.wait = wait
            self._poller.register(handle, wait.connecting)
        wait.number = number = next(self._order)
        waits = self._waits
        waits[number] = wait
        self._timers.add(deadline, number, waits)

    def _ready(self, wait: _Wait) -> None:
        """What came for a wait (an Express's: _settle())."""
        handle = wait.handle
        assert handle is not None  # a pause is never registered with the poller
        if wait.connecting:
            failure = connect_error(handle.sock)
            self._resolve(wait, handle if failure is None else None, failure)
            return
        if not handle.stream:
            try:
                datagram = handle.sock.recv(UDP_RECEIVE_SIZE)
            except ConnectionRefusedError:
                self._resolve(wait, None, Refused())
            except BlockingIOError:
                return
            except OSError as exc:
                self._resolve(wait, None, exc)
            else:
                self._resolve(wait, datagram, None)
            return
        try:
            chunk = handle.sock.recv(65536)
        except BlockingIOError:
            return
        except ConnectionResetError:
            self._resolve(wait, None, ConnectionClosed())
            return
        except OSError as exc:
            self._resolve(wait, None, exc)
            return
        if not chunk:
            self._resolve(wait, None, ConnectionClosed())
            return
        handle.buffer += chunk
        message = unframed(handle.buffer)
        if message is not None:
            self._resolve(wait, message, None)

    def _resolve(self, wait: _Wait, value: Any, error: BaseException | None) -> None:
        if wait.express is not None:
            self._settle(wait, value if error is None else error)
            return
        del self._waits[wait.number]
        handle = wait.handle
        if handle is not None:
            handle.wait = None
            self._poller.unregister(handle)
            if wait.connecting and error is not None:
                self._close(handle, failed=True)  # never kept, never used
        self._advance(wait.task, value, error)


# How many lookups may be in flight within the process's open-file limit (RLIMIT_NOFILE):
# each holds a socket, and a run past the limit could open neither sockets nor modules;
# and how many settled sockets a sweep may keep for reuse beside them.

# Standard streams, +sweep-state's file, imports, TLS, slack.
OTHER_DESCRIPTORS = 64
# Those, and the sockets the engine keeps for reuse by default (REST_AT_MOST): what the
# ceiling leaves of the process's descriptors.
RESERVED_DESCRIPTORS = OTHER_DESCRIPTORS + REST_AT_MOST


def _descriptor_limit() -> int | None:
    """The process's open-file limit; None when there is none (or it cannot be read).
    sysconf reads RLIMIT_NOFILE's soft limit, as resource.getrlimit() would: the
    resource module's import (a shared library loaded) costs a sweep's start 0.14 ms."""
    try:
        limit = os.sysconf("SC_OPEN_MAX")
    except (OSError, ValueError):
        return None
    return None if limit < 0 else limit


def within_descriptors(ceiling: int) -> int:
    """The ceiling, lowered to what the process's open-file limit leaves for sockets."""
    limit = _descriptor_limit()
    return ceiling if limit is None else max(1, min(ceiling, limit - RESERVED_DESCRIPTORS))


def kept_within_descriptors(ceiling: int) -> int:
    """How many settled sockets the engine may keep for reuse (Engine.rest_at_most) beside
    `ceiling` lookups in flight: as many as the ceiling (a poll can settle as many as are
    in flight, and the lookups that follow take their sockets) where the open-file limit
    leaves room for them, never fewer than REST_AT_MOST (which RESERVED_DESCRIPTORS holds).
    A socket made and closed for a lookup costs the kernel three times what reuse does:
    with 64 kept, a /16 made a new one for as many as two addresses in three."""
    limit = _descriptor_limit()
    room = ceiling if limit is None else limit - OTHER_DESCRIPTORS - ceiling
    return max(REST_AT_MOST, min(ceiling, room))

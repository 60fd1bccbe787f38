"""pydig's error classes, dig's exit statuses, and the one map from an outcome to a status.

Each error carries the one line a user sees; `status_of` says what it, or a finished
lookup, means as an exit status, for app.run() and the runner alike.

The statuses are ExitCodes' plain ints as a run reads them; `ExitStatus`, the IntEnum of
them (names, iteration), is made the first time something imports it: an enum of 22
members costs a lookup's start some 0.15 ms.  The type checker sees one IntEnum.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from pydig import IntEnumBody

if TYPE_CHECKING:  # what the statuses read, for the type checker: Protocols cost a start
    from collections.abc import Sized
    from typing import Protocol

    class Replied(Protocol):
        """A reply as +rcode-exit reads it (model.message.MessageView)."""

        def rcode(self) -> int: ...

        @property
        def answer(self) -> Sized: ...

    class Finished(Protocol):
        """A lookup's outcome as the exit status sees it (model.events.Exchange)."""

        @property
        def no_reply(self) -> bool: ...

        @property
        def bogus(self) -> bool: ...


class ExitCodes(IntEnumBody):
    """dig's exit codes, and pydig's own above them (none is one of dig's)."""

    OK = 0
    USAGE = 1
    BATCH_FILE = 8
    NO_REPLY = 9
    INTERNAL = 10
    # Testing a server: +compare found answers that differ; +watch-timeout came first.
    DIFFERENT = 11
    WATCH_TIMEOUT = 12
    # +validate found the answer bogus.
    BOGUS = 13
    # +rcode-exit: 20 + RCODE for RCODEs 0 (NOERROR without an answer) to 11, 32 for others.
    NO_ANSWER = 20
    FORMERR = 21
    SERVFAIL = 22
    NXDOMAIN = 23
    NOTIMP = 24
    REFUSED = 25
    YXDOMAIN = 26
    YXRRSET = 27
    NXRRSET = 28
    NOTAUTH = 29
    NOTZONE = 30
    DSOTYPENI = 31
    OTHER_RCODE = 32
    INTERRUPTED = 130


if TYPE_CHECKING:
    ExitStatus = ExitCodes
else:

    def __getattr__(name: str) -> type:
        """ExitStatus, made of ExitCodes the first time it is asked for."""
        if name != "ExitStatus":
            raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
        from enum import IntEnum

        from pydig import enumeration

        codes = {key: value for key, value in vars(ExitCodes).items() if key.isupper()}
        made = enumeration(IntEnum)(type(name, (), {**codes, "__doc__": ExitCodes.__doc__}))
        globals()[name] = made
        return made


RCODE_BASE = ExitCodes.NO_ANSWER


def rcode_status(rcode: int, *, answered: bool) -> ExitStatus:
    """+rcode-exit's status for a reply: 0 only for NOERROR with an answer."""
    if rcode == 0 and answered:
        return ExitCodes.OK
    if rcode + RCODE_BASE < ExitCodes.OTHER_RCODE:
        return cast("ExitStatus", rcode + RCODE_BASE)  # one of the codes
    return ExitCodes.OTHER_RCODE


def reply_status(message: Replied) -> ExitStatus:
    """+rcode-exit's status for this reply."""
    return rcode_status(message.rcode(), answered=bool(message.answer))


def _severity(status: ExitStatus) -> int:
    """How bad a status is: success, then the RCODEs in their order, then every failure."""
    if status == ExitCodes.OK:
        return 0
    if RCODE_BASE <= status <= ExitCodes.OTHER_RCODE:
        return int(status)
    return 1000 + int(status)


def worst(first: ExitStatus, second: ExitStatus) -> ExitStatus:
    """The status of two lookups under +rcode-exit: the worse of the two."""
    return max(first, second, key=_severity)


class PydigError(Exception):
    """Something went wrong."""

    status: ExitStatus = ExitCodes.INTERNAL

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(PydigError):
    """Invalid command line."""

    status = ExitCodes.USAGE

    def __init__(self, message: str, *, show_usage: bool = False, hint: str = "") -> None:
        super().__init__(message)
        self.show_usage = show_usage
        self.hint = hint  # a line of pydig's own after dig's usage text ("did you mean …?")


class OptionValueError(PydigError):
    """A +option has a value dig cannot use; dig exits 10 for these."""

    status = ExitCodes.INTERNAL


class BatchFileError(PydigError):
    """The batch file cannot be read."""

    status = ExitCodes.BATCH_FILE


class DigFatal(PydigError):
    """dig's fatal(): it stops there, whatever lookups are left.  dig exits 1
    (EXIT_FAILURE) when nothing failed before, as in every case pydig meets."""

    status = ExitCodes.USAGE


def status_of(outcome: Finished | BaseException) -> ExitStatus:
    """dig's exit status for a lookup's outcome, or for what stopped the run."""
    if isinstance(outcome, PydigError):
        return outcome.status
    if isinstance(outcome, KeyboardInterrupt):
        return ExitCodes.INTERRUPTED
    if isinstance(outcome, BrokenPipeError):  # the reader went away: dig says nothing
        return ExitCodes.OK
    if isinstance(outcome, BaseException):  # a bug in pydig
        return ExitCodes.INTERNAL
    if outcome.no_reply:
        return ExitCodes.NO_REPLY
    return ExitCodes.BOGUS if outcome.bogus else ExitCodes.OK

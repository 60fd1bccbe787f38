"""pydig's error classes and dig's exit statuses.

Each error carries the one line a user sees; app.run() is the only place that
turns them into an exit status.
"""

from __future__ import annotations

from enum import IntEnum


class ExitStatus(IntEnum):
    """dig's exit codes."""

    OK = 0
    USAGE = 1
    BATCH_FILE = 8
    NO_REPLY = 9
    INTERNAL = 10
    INTERRUPTED = 130


class PydigError(Exception):
    """Something went wrong."""

    status: ExitStatus = ExitStatus.INTERNAL

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or "").strip())

    @property
    def message(self) -> str:
        return str(self.args[0])


class UsageError(PydigError):
    """Invalid command line."""

    status = ExitStatus.USAGE

    def __init__(self, message: str, *, show_usage: bool = False) -> None:
        super().__init__(message)
        self.show_usage = show_usage


class OptionValueError(PydigError):
    """A +option has a value dig cannot use; dig exits 10 for these."""

    status = ExitStatus.INTERNAL


class BatchFileError(PydigError):
    """The batch file cannot be read."""

    status = ExitStatus.BATCH_FILE

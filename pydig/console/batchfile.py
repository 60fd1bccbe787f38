"""-f's batch file: opened before any lookup, as dig does, and read a line at a time as
the run needs them; a line of one name is the pattern of the next such lines
(console/runner.py)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, TextIO, TypeAlias

from pydig.errors import BatchFileError
from pydig.immutable import immutable
from pydig.lookup.plan import banner_text

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydig.lookup.express import NameExpress
    from pydig.model.exchange import Lookup
    from pydig.model.invocation import GlobalSettings, Query

# One line of a batch file: its number and its words.  A plain tuple, not an @immutable
# record nor a named tuple (whose __new__ is Python): a batch makes one a line.
BatchLine: TypeAlias = "tuple[int, list[str]]"


def open_batch_file(path_text: str, stdin: TextIO) -> tuple[str, TextIO]:
    """Open -f's file before any lookup, as dig does, so a bad name fails at once."""
    if path_text == "-":
        return "(standard input)", stdin
    if os.path.isdir(path_text):
        raise BatchFileError(f"{path_text}: Is a directory")
    try:
        return path_text, open(path_text, encoding="utf-8", errors="replace")
    except OSError as exc:
        raise BatchFileError(f"{path_text}: {exc.strerror}") from None


def batch_lines(stream: TextIO) -> Iterator[BatchLine]:
    """The lines of a batch file, read as they are needed; blank and comment lines are skipped."""
    for number, line in enumerate(stream, start=1):
        words = line.split()
        if words and words[0][0] not in "#;":  # (a word is never empty)
            yield number, words


def counted_lines(stream: TextIO) -> int | None:
    """A regular file's batch lines, counted for the progress bar and read again from the
    start; None for standard input or a pipe, which cannot be read twice."""
    if not stream.seekable():
        return None
    count = sum(1 for _ in batch_lines(stream))
    stream.seek(0)
    return count


@immutable
class PlainLine:
    """A batch line of one name (cli.parse.plain_name): its query and its lookup, the
    pattern of the next such lines, the express lane that asks them, the banner of
    each (line_banner, given the name: one for all the lines) and what shows the lines
    the lane asks (the runner's, given each exchange or plain answer)."""

    query: Query
    lookup: Lookup
    express: NameExpress | None
    banner: Callable[[str], str]
    show: Callable[[Any], None]


def line_banner(query: Query, globals_: GlobalSettings, server_count: int, name: str) -> str:
    """The banner of a batch line of one name, asked as the line before it."""
    return banner_text((name,), globals_, server_count, first=query.first)

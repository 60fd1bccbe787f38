"""-f's batch file: opened before any lookup, as dig does, and read a line at a time as
the run needs them; a line of one name is the pattern of the next such lines
(console/runner.py)."""

from __future__ import annotations

import functools
import os
import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, Literal, TextIO, TypeAlias

from pydig.errors import BatchFileError
from pydig.immutable import immutable
from pydig.lookup.plan import banner_text
from pydig.wire.lean_message import MAX_LABEL
from pydig.wire.templates import plain_name_wire

if TYPE_CHECKING:
    from collections.abc import Callable

    from pydig.lookup.express import NameExpress
    from pydig.model.exchange import Lookup
    from pydig.model.invocation import GlobalSettings, Query

# One line of a batch file: its number, its words and, when it is one plain name and
# nothing else, that name read as a PlainName.  A plain tuple, not an @immutable record
# nor a named tuple (whose __new__ is Python): a batch makes one a line.
BatchLine: TypeAlias = "tuple[int, list[str], PlainName | None]"

# A batch line of one plain name: the name, its first label, and the wire form
# plain_name_wire() gives what follows that when it was found at once (the commonest
# name's, whose first label is at most MAX_LABEL letters and digits), else None.  The
# name is split at its first dot once, not once more for its wire form (which the query
# is made with, label and rest: NameExpress.line).
PlainName: TypeAlias = "tuple[str, str, bytes | None]"

# What follows the first dot of the names batch_lines() has met, and whether a name is
# plain with it: False if not, else the wire form plain_name_wire() gives it (its last
# bytes for the name "a." + it), or None when that takes no such name.  A batch's names
# share their zones (host1.example.test, host2...).
_RESTS: dict[str, bytes | Literal[False] | None] = {}
_RESTS_KEPT = 1024  # then the table starts again


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


def batch_lines(stream: Iterable[str]) -> Iterator[BatchLine]:
    """The lines of a batch file, read as they are needed; blank and comment lines are
    skipped.  A line of one plain name (a dotted name of letters, digits, "_" and "-":
    never an option, a server, a type or a class, none of which has a dot) parses to the
    query of the last such line with only the name (and the banner's words) changed, so
    a batch of names is parsed once, not once a line; it is found here, as the line is
    read (a function of its own would be a call a line).  No IDN: A-labels (xn--, any
    case) are checked when planned."""
    rests = _RESTS
    for number, text in enumerate(stream, start=1):
        words = text.split()
        if len(words) == 1:  # the commonest line (and no comment's: "#" and ";" start no name)
            word = words[0]
            head, dot, rest = word.partition(".")
            if dot and len(head) <= MAX_LABEL and head.isalnum() and head.isascii():
                # the commonest name, a first label of letters and digits: the rest judged
                # once (the regular expression costs a line several times as much)
                if rest not in rests:
                    if len(rests) >= _RESTS_KEPT:
                        rests.clear()
                    rests[rest] = _rest_of(rest)
                suffix = rests[rest]
                if suffix is not False:
                    yield number, words, (word, head, suffix)
                    continue
            elif _is_plain(word):
                yield number, words, (word, head, None)
                continue
        if words and words[0][0] not in "#;":  # (a word is never empty)
            yield number, words, None


def counted_lines(stream: TextIO) -> int | None:
    """A regular file's batch lines, counted for the progress bar and read again from the
    start; None for standard input or a pipe, which cannot be read twice."""
    if not stream.seekable():
        return None
    count = sum(1 for _ in batch_lines(stream))
    stream.seek(0)
    return count


def _rest_of(rest: str) -> bytes | Literal[False] | None:
    """What _RESTS keeps for what follows a name's first dot."""
    whole = f"a.{rest}"
    if not _is_plain(whole):
        return False
    wire = plain_name_wire(whole)
    return None if wire is None else wire[2:]


def _is_plain(word: str) -> bool:
    """Whether the word is a plain name (batch_lines())."""
    return _plain_name().fullmatch(word) is not None and not (
        "--" in word and "xn--" in word.lower()
    )


@functools.cache
def _plain_name() -> re.Pattern[str]:
    """A plain name (batch_lines()).  Compiled when a batch first needs it (re.IGNORECASE's
    would take half a millisecond)."""
    return re.compile(r"[a-zA-Z0-9_][a-zA-Z0-9_-]*\.[a-zA-Z0-9_.-]*")


@immutable
class PlainLine:
    """A batch line of one name (batch_lines()): its query and its lookup, the
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

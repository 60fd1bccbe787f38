"""Queries from templates: dnspython builds the first query of each shape, and every later
query of that shape is the template's wire form with another ID and QNAME patched in.

A shape is everything but the name and the ID: type, class, header flags, EDNS version,
flags and options.  The question's name is the first name in a query, so nothing in the
wire form points into it and it can be swapped for another of any length.  Not templated
(built whole by dnspython): a TSIG-signed query, whose signature covers the bytes; a
padded one, whose padding depends on the length; an IXFR, whose SOA repeats the name.
"""

from __future__ import annotations

import functools
from collections.abc import Hashable

import dns.message
import dns.name

from pydig.immutable import immutable
from pydig.wire.lean_message import MAX_LABEL
from pydig.wire.protocol import HEADER_SIZE

TEMPLATES_KEPT = 64  # shapes remembered at once: a batch rarely has more than a few
MAX_NAME = 255


@immutable
class Template:
    """A query dnspython built, its wire form, and where its question's name ends."""

    query: dns.message.Message
    wire: bytes
    name_end: int

    def patched(self, name: dns.name.Name, query_id: int) -> bytes:
        """The wire form of the same query for another name and ID."""
        return self.patched_wire(_wire(name), query_id.to_bytes(2, "big"))

    def patched_wire(self, name_wire: bytes, query_id: bytes) -> bytes:
        """The same, given the name's uncompressed wire form and the ID's."""
        around = self.around
        return b"".join((query_id, around[0], name_wire, around[1]))

    @functools.cached_property
    def around(self) -> tuple[bytes, bytes]:
        """What comes between the ID and the name, and after the name."""
        return self.wire[2:HEADER_SIZE], self.wire[self.name_end :]


def _wire(name: dns.name.Name) -> bytes:
    wire = name.to_wire()  # uncompressed: bytes, never None without a file
    assert wire is not None
    return wire


LENGTH_BYTES = list(map(int.to_bytes, range(MAX_LABEL + 1)))  # a label's length octet, by length


# The wire forms of what follows names' first label, by its text: a batch's names share
# their zones' (host1.example.test, host2.example.test), made once each.  Only a part of a
# name plain_name_wire took is kept, so a name found here is one whose rest it takes.
_SUFFIXES: dict[str, bytes] = {}
_SUFFIXES_KEPT = 1024  # then the table starts again


def plain_name_wire(text: str) -> bytes | None:
    """What dns.name.from_text(text).to_wire() gives for a name of plain ASCII labels,
    without making the Name; None for any other name (an escape, an empty label, one too
    long, the root alone), which dnspython reads."""
    head, _, rest = text.partition(".")
    suffix = _SUFFIXES.get(rest)
    if suffix is not None:  # only the first label to check and make
        if not head or len(head) > MAX_LABEL or "\\" in head or not head.isascii():
            return None
        wire = LENGTH_BYTES[len(head)] + head.encode() + suffix
        return wire if len(wire) <= MAX_NAME else None
    whole = _whole_name_wire(text)
    if whole is not None and rest:
        if len(_SUFFIXES) >= _SUFFIXES_KEPT:
            _SUFFIXES.clear()
        _SUFFIXES[rest] = whole[1 + len(head) :]
    return whole


def _whole_name_wire(text: str) -> bytes | None:
    """plain_name_wire(text), label by label."""
    data = text[:-1] if text.endswith(".") else text
    if not data or "\\" in data or not data.isascii():
        return None
    labels = data.encode().split(b".")
    sizes = list(map(len, labels))
    if min(sizes) == 0 or max(sizes) > MAX_LABEL:
        return None
    wire = b"".join(map(bytes.__add__, map(LENGTH_BYTES.__getitem__, sizes), labels)) + b"\0"
    return wire if len(wire) <= MAX_NAME else None


def template_of(query: dns.message.Message, wire: bytes) -> Template | None:
    """The template a query built whole makes, None when it cannot be one (see above)."""
    if not query.question or query.authority or query.pad or query.keyring is not None:
        return None
    return Template(query, wire, HEADER_SIZE + len(_wire(query.question[0].name)))


class Templates:
    """The templates of a run, by shape; the oldest is forgotten when too many are kept."""

    def __init__(self) -> None:
        self._kept: dict[Hashable, Template] = {}

    def get(self, shape: Hashable) -> Template | None:
        return self._kept.get(shape)

    def add(self, shape: Hashable, query: dns.message.Message) -> bytes:
        """Keep the template this query makes, if it can be one; its wire form."""
        wire = query.to_wire()
        template = template_of(query, wire)
        if template is not None:
            if len(self._kept) >= TEMPLATES_KEPT:
                del self._kept[next(iter(self._kept))]
            self._kept[shape] = template
        return wire

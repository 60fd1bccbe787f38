"""Reading a record's uncompressed wire data, field by field."""

from __future__ import annotations

from pydig.wire.idn import name_text, plainly_spelled, showing_unicode, to_unicode
from pydig.wire.lean_message import shared_name, wire_labels

# The text of names by their uncompressed wire form: a batch's question and answer name
# the same new name in every reply, its authority and additional sections the same
# servers.
_TEXTS: dict[bytes, str] = {}
_TEXTS_KEPT = 8192  # then the table starts again
_MAX_NAME = 255  # a longer wire form is no name: shared_name() refuses it


def owner_text(wire: bytes) -> str:
    """name_text() of the name an uncompressed wire form (a lean record's owner, a name
    in record data) spells, with no dnspython Name made for it when no label needs
    escaping."""
    text = _TEXTS.get(wire)
    if text is None:
        labels = wire_labels(wire) if len(wire) <= _MAX_NAME else None
        text = None if labels is None else plainly_spelled(labels)
        if text is None:
            return name_text(shared_name(wire))
        if len(_TEXTS) >= _TEXTS_KEPT:
            _TEXTS.clear()
        _TEXTS[wire] = text
    return to_unicode(text) if showing_unicode() else text


class NotRepresentable(Exception):
    """BIND would fall back to the RFC 3597 form (or the wire data is not what the type says)."""


class WireData:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    @property
    def left(self) -> int:
        return len(self.data) - self.pos

    def take(self, count: int) -> bytes:
        if count > self.left:
            raise NotRepresentable("rdata too short")
        chunk = self.data[self.pos : self.pos + count]
        self.pos += count
        return chunk

    def rest(self) -> bytes:
        return self.take(self.left)

    def u8(self) -> int:
        return self.take(1)[0]

    def u16(self) -> int:
        return int.from_bytes(self.take(2), "big")

    def u32(self) -> int:
        return int.from_bytes(self.take(4), "big")

    def counted(self) -> bytes:
        """A length-prefixed string."""
        return self.take(self.u8())

    def name(self, *, omit_final_dot: bool = False) -> str:
        """An uncompressed wire name as dig prints it.  A compression pointer can only come
        from a type dnspython does not know, kept raw from a message: not decodable here."""
        data, start = self.data, self.pos
        end, size = start, len(data)
        while True:
            if end >= size:
                raise NotRepresentable("rdata too short")
            length = data[end]
            if not length:
                break
            if length > 63:
                raise NotRepresentable("compressed or extended label")
            end += 1 + length
        self.pos = end + 1
        if omit_final_dot:
            return name_text(shared_name(data[start : end + 1]), omit_final_dot=True)
        return owner_text(data[start : end + 1])

"""Reading a record's uncompressed wire data, field by field."""

from __future__ import annotations

from pydig.wire.idn import name_text
from pydig.wire.lean_message import shared_name


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
        start = self.pos
        while length := self.u8():
            if length > 63:
                raise NotRepresentable("compressed or extended label")
            self.take(length)  # NotRepresentable when the data ends first
        name = shared_name(self.data[start : self.pos])
        return name_text(name, omit_final_dot=omit_final_dot)

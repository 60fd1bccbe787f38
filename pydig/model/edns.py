"""The EDNS options a query asks for, as records: what +ednsopt, +subnet and the other
EDNS switches leave for planning to build (wire.edns) into dig's order."""

from __future__ import annotations

from pydig.immutable import immutable


@immutable
class EdnsOption:
    """One +ednsopt: a code point and its data."""

    code: int
    data: bytes = b""


@immutable
class ClientSubnet:
    """+subnet: what dig puts in the CLIENT-SUBNET option (RFC 7871)."""

    family: int  # 1 IPv4, 2 IPv6 (dig also says 1 for +subnet=0)
    prefix: int  # source prefix length
    address: bytes  # the whole address; to_wire keeps only the prefix

    def to_wire(self) -> bytes:
        """Family, source and scope prefix lengths, then the prefix bytes, last byte masked."""
        size = (self.prefix + 7) // 8
        address = bytearray(self.address[:size])
        if self.prefix % 8:
            address[-1] &= (0xFF << (8 - self.prefix % 8)) & 0xFF
        return self.family.to_bytes(2, "big") + bytes([self.prefix, 0]) + bytes(address)


@immutable(kw_only=True)
class QueryOptions:
    """The EDNS options one query asks for (dig's lookup fields)."""

    nsid: bool = False
    client_subnet: ClientSubnet | None = None
    cookie: bytes | None = None
    expire: bool = False
    keepalive: bool = False
    extra: tuple[EdnsOption, ...] = ()
    padding: int = 0

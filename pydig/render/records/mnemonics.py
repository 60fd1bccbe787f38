"""Type, class, algorithm and other mnemonics as BIND 9.18 spells them."""

from __future__ import annotations

import functools

import dns.rdataclass
import dns.rdatatype

# Where BIND's type table (lib/dns/gen.c and the rdata directories) disagrees with dnspython's.
_TYPE_NAMES = {
    31: "EID",
    32: "NIMLOC",
    34: "ATMA",
    40: "SINK",
    57: "RKEY",
    58: "TALINK",
    100: "UINFO",
    101: "UID",
    102: "GID",
    128: "TYPE128",  # dnspython's NXNAME; unknown to BIND 9.18
    259: "DOA",
}


@functools.lru_cache(maxsize=512)  # dnspython's enum lookups cost more than the rest of a line
def type_text(rdtype: int, *, unknown: bool = False) -> str:
    """dig's mnemonic for a type (dns_rdatatype_totext), or with +unknownformat always the
    RFC 3597 TYPEnnn (dns_rdatatype_tounknowntext)."""
    if unknown:
        return f"TYPE{rdtype}"
    return _TYPE_NAMES.get(rdtype) or dns.rdatatype.to_text(dns.rdatatype.RdataType(rdtype))


def is_known(rdtype: int) -> bool:
    return not type_text(rdtype).startswith("TYPE")


@functools.lru_cache(maxsize=512)
def class_text(rdclass: int, *, unknown: bool = False) -> str:
    """dig's mnemonic for a class; dnspython's table matches BIND's (IN, CH, HS, NONE, ANY,
    RESERVED0, CLASSnnn).  +unknownformat always gives CLASSnnn."""
    if unknown:
        return f"CLASS{rdclass}"
    return dns.rdataclass.to_text(dns.rdataclass.RdataClass(rdclass))


def table_text(table: dict[int, str], value: int) -> str:
    return table.get(value, str(value))


SECALGS = {
    1: "RSAMD5",
    2: "DH",
    3: "DSA",
    5: "RSASHA1",
    6: "NSEC3DSA",
    7: "NSEC3RSASHA1",
    8: "RSASHA256",
    10: "RSASHA512",
    12: "ECCGOST",
    13: "ECDSAP256SHA256",
    14: "ECDSAP384SHA384",
    15: "ED25519",
    16: "ED448",
    252: "INDIRECT",
    253: "PRIVATEDNS",
    254: "PRIVATEOID",
}
CERT_TYPES = {
    1: "PKIX",
    2: "SPKI",
    3: "PGP",
    4: "IPKIX",
    5: "ISPKI",
    6: "IPGP",
    7: "ACPKIX",
    8: "IACPKIX",
    253: "URI",
    254: "OID",
}
TSIG_RCODES = {
    0: "NOERROR",
    1: "FORMERR",
    2: "SERVFAIL",
    3: "NXDOMAIN",
    4: "NOTIMP",
    5: "REFUSED",
    6: "YXDOMAIN",
    7: "YXRRSET",
    8: "NXRRSET",
    9: "NOTAUTH",
    10: "NOTZONE",
    **{n: f"RESERVED{n}" for n in range(11, 16)},
    16: "BADSIG",
    17: "BADKEY",
    18: "BADTIME",
    19: "BADMODE",
    20: "BADNAME",
    21: "BADALG",
    22: "BADTRUNC",
}
DSYNC_SCHEMES = {1: "NOTIFY"}
SVCB_KEYS = {0: "mandatory", 1: "alpn", 2: "no-default-alpn", 3: "port"}
SVCB_KEYS |= {4: "ipv4hint", 5: "ech", 6: "ipv6hint"}  # dohpath (7) stays key7 in 9.18

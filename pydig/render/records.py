"""Resource records exactly as dig 9.18 prints them.

The column layout follows BIND's lib/dns/masterdump.c (rdataset_totext, question_totext and
indent()) with the column stops dig.c chooses for its display switches; the rdata text follows
the per-type totext functions in lib/dns/rdata/.  Every type is rendered from the record's
uncompressed wire form rather than from dnspython's text, because dnspython's presentation
differs from BIND's in many small ways (hex case, where base64 and hex are split, LOC, SVCB
key names, unknown-type fallbacks, ...).
"""

from __future__ import annotations

import base64
import functools
import time
from collections.abc import Callable

import dns.ipv4
import dns.ipv6
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype

from pydig.immutable import immutable
from pydig.model.display import DisplayOptions
from pydig.wire.idn import name_text

# --- columns -----------------------------------------------------------------------------

_TAB_WIDTH = 8
_LINE_LENGTH = 80
_MULTILINE_RDATA_COLUMN = 32


@immutable
class _Columns:
    """Where a record line's TTL, class, type and data start."""

    ttl: int
    rdclass: int
    rdtype: int
    rdata: int


_NARROW_COLUMNS = _Columns(24, 24, 24, 32)
_MIDDLE_COLUMNS = _Columns(24, 24, 32, 40)
_WIDE_COLUMNS = _Columns(24, 32, 40, 48)


def _columns(style: RecordStyle) -> _Columns:
    """The column stops dig.c gives dns_master_stylecreate() for these switches."""
    if style.multiline or (not style.ttlid and not style.show_class):
        return _NARROW_COLUMNS
    if not style.ttlid or not style.show_class:
        return _MIDDLE_COLUMNS
    return _WIDE_COLUMNS


def _indent(column: int, target: int) -> str:
    """BIND's indent(): tabs to the last tab stop before target, then spaces; at least one."""
    target = max(target, column + 1)
    tabs = target // _TAB_WIDTH - column // _TAB_WIDTH
    if tabs > 0:
        column = target // _TAB_WIDTH * _TAB_WIDTH
    return "\t" * tabs + " " * (target - column)


def _aligned(fields: list[tuple[int, str]], *, yaml: bool = False) -> str:
    """Fields joined so that each starts at its column, or one space after the previous
    field when that one ran past it.  Columns count a tab as reaching the next tab stop.
    YAML output puts one space between fields instead (masterdump.c's INDENT_TO)."""
    if yaml:
        return " ".join(field for _, field in fields)
    text, column = "", 0
    for target, field in fields:
        if text:
            text += _indent(column, target)
            column = max(target, column + 1)
        text += field
        column += len(field.encode())  # BIND counts bytes: a +idnout name may be UTF-8
    return text


@immutable(kw_only=True)
class RecordStyle:
    """The dns_master_style_t and style flags dig hands to BIND for records and questions."""

    ttlid: bool = True
    show_class: bool = True
    multiline: bool = False
    rrcomments: bool = False  # BIND's explanatory comments (key ids, SOA timers)
    ttlunits: bool = False
    crypto: bool = True  # False: key material, digests and signatures are left out
    expandaaaa: bool = False
    unknownformat: bool = False  # every rdata, class and type in the RFC 3597 form
    split: int | None = None  # dig's +split width; None is BIND's default, 0 no splitting
    yaml: bool = False  # fields one space apart; an IPv6 address never ends in "::"

    @functools.cached_property
    def rdata_style(self) -> _Style:
        """How record data is written in this style: worked out once, not per record."""
        return _Style.of(self)


PLAIN = RecordStyle()


def section_style(display: DisplayOptions) -> RecordStyle:
    """The style dig.c's printmessage builds for message sections.  +yaml ignores every
    other switch; +multiline turns comments on unless +norrcomments said otherwise."""
    if display.yaml:
        return RecordStyle(split=display.split, yaml=True)
    rrcomments = display.rrcomments
    return RecordStyle(
        ttlid=display.ttlid,
        show_class=display.show_class,
        multiline=display.multiline,
        rrcomments=rrcomments if rrcomments is not None else display.multiline,
        ttlunits=display.ttlunits,
        crypto=display.crypto,
        expandaaaa=display.expandaaaa,
        unknownformat=display.unknownformat,
        split=display.split,
    )


def short_style(display: DisplayOptions) -> RecordStyle:
    """The style of dig.c's say_message (+short): single-line, comments only when asked."""
    return RecordStyle(
        rrcomments=display.rrcomments is True,
        crypto=display.crypto,
        expandaaaa=display.expandaaaa,
        unknownformat=display.unknownformat,
        split=display.split,
    )


def rr_lines(
    name: dns.name.Name,
    ttl: int,
    rdclass: int,
    rdata: dns.rdata.Rdata,
    style: RecordStyle = PLAIN,
) -> str:
    """One record as dig prints it in a message section, without the final newline."""
    columns = _columns(style)
    fields = [(0, name_text(name))]
    if style.ttlid:
        fields.append((columns.ttl, ttl_text(ttl) if style.ttlunits else str(ttl)))
    if style.show_class:
        fields.append((columns.rdclass, class_text(rdclass, unknown=style.unknownformat)))
    fields.append((columns.rdtype, type_text(rdata.rdtype, unknown=style.unknownformat)))
    fields.append((columns.rdata, rdata_text(rdata, style)))
    return _aligned(fields, yaml=style.yaml)


def question_line(
    name: dns.name.Name, rdclass: int, rdtype: int, style: RecordStyle = PLAIN
) -> str:
    """A QUESTION SECTION line.  The class is always shown (question_totext ignores +noclass),
    but +nottlid, +noclass and +multiline still move the class and type columns.  Outside
    YAML it is commented out with ";"."""
    columns = _columns(style)
    fields = [
        (0, name_text(name)),
        (columns.rdclass, class_text(rdclass, unknown=style.unknownformat)),
        (columns.rdtype, type_text(rdtype, unknown=style.unknownformat)),
    ]
    text = _aligned(fields, yaml=style.yaml)
    return text if style.yaml else ";" + text


def short_rdata(rdata: dns.rdata.Rdata, style: RecordStyle = PLAIN) -> str:
    """What dig +short prints for one record: the single-line rdata."""
    return rdata_text(rdata, style)


def ttl_text(seconds: int, *, verbose: bool = False) -> str:
    """BIND's dns_ttl_totext without upper-casing: "1w2d3h" (+ttlunits), or in words,
    "1 week 2 days 3 hours" (SOA timer comments, EXPIRE).  Zero is "0s" / "0 seconds"."""
    parts = []
    for unit, size in (("week", 604800), ("day", 86400), ("hour", 3600), ("minute", 60)):
        count, seconds = divmod(seconds, size)
        if count:
            parts.append((count, unit))
    if seconds or not parts:
        parts.append((seconds, "second"))
    if verbose:
        return " ".join(f"{count} {unit}{'' if count == 1 else 's'}" for count, unit in parts)
    return "".join(f"{count}{unit[0]}" for count, unit in parts)


# --- mnemonics ---------------------------------------------------------------------------

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


def type_text(rdtype: int, *, unknown: bool = False) -> str:
    """dig's mnemonic for a type (dns_rdatatype_totext), or with +unknownformat always the
    RFC 3597 TYPEnnn (dns_rdatatype_tounknowntext)."""
    if unknown:
        return f"TYPE{rdtype}"
    return _TYPE_NAMES.get(rdtype) or dns.rdatatype.to_text(dns.rdatatype.RdataType(rdtype))


def _is_known(rdtype: int) -> bool:
    return not type_text(rdtype).startswith("TYPE")


def class_text(rdclass: int, *, unknown: bool = False) -> str:
    """dig's mnemonic for a class; dnspython's table matches BIND's (IN, CH, HS, NONE, ANY,
    RESERVED0, CLASSnnn).  +unknownformat always gives CLASSnnn."""
    if unknown:
        return f"CLASS{rdclass}"
    return dns.rdataclass.to_text(dns.rdataclass.RdataClass(rdclass))


def _table_text(table: dict[int, str], value: int) -> str:
    return table.get(value, str(value))


_SECALGS = {
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
_CERT_TYPES = {
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
_TSIG_RCODES = {
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
_DSYNC_SCHEMES = {1: "NOTIFY"}
_SVCB_KEYS = {0: "mandatory", 1: "alpn", 2: "no-default-alpn", 3: "port"}
_SVCB_KEYS |= {4: "ipv4hint", 5: "ech", 6: "ipv6hint"}  # dohpath (7) stays key7 in 9.18


# --- the text style of one rdata -----------------------------------------------------------


@immutable(kw_only=True)
class _Style:
    """The dns_rdata_textctx_t dig ends up with (dns_rdata_tofmttext)."""

    multiline: bool
    width: int  # the budget for hex and base64 runs; 0: no splitting
    linebreak: str  # what separates the pieces of a long rdata
    rrcomments: bool
    crypto: bool
    expandaaaa: bool
    yaml: bool

    @classmethod
    def of(cls, style: RecordStyle) -> _Style:
        if style.split is None:
            # BIND's default: the line length left after the rdata column, which is 32 in
            # multiline output; 60 for a single line
            width = _LINE_LENGTH - _MULTILINE_RDATA_COLUMN if style.multiline else 60
        else:
            # dig adds 3 so that the totext functions' "width - 2" gives runs of exactly W
            width = style.split + 3 if style.split else 0
        return cls(
            multiline=style.multiline,
            width=width,
            # continuation lines of multiline rdata are indented to the rdata column
            linebreak="\n" + _indent(0, _MULTILINE_RDATA_COLUMN) if style.multiline else " ",
            rrcomments=style.rrcomments,
            crypto=style.crypto,
            expandaaaa=style.expandaaaa,
            yaml=style.yaml,
        )

    def opened(self, head: str) -> str:
        """Text before a long field: ' (' and a line break when multiline."""
        return head + (" (" if self.multiline else "") + self.linebreak

    def closed(self, text: str) -> str:
        return text + (" )" if self.multiline else "")

    def wrapped(self, text: str) -> str:
        """'( text )' around a whole rdata when multiline (DHCID, IPSECKEY, HIP, ...)."""
        return f"( {text} )" if self.multiline else text


class _NotRepresentable(Exception):
    """BIND would fall back to the RFC 3597 form (or the wire data is not what the type says)."""


# --- reading wire data ---------------------------------------------------------------------


class _Wire:
    def __init__(self, data: bytes) -> None:
        self.data = data
        self.pos = 0

    @property
    def left(self) -> int:
        return len(self.data) - self.pos

    def take(self, count: int) -> bytes:
        if count > self.left:
            raise _NotRepresentable("rdata too short")
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
        labels = []
        while length := self.u8():
            if length > 63:
                raise _NotRepresentable("compressed or extended label")
            labels.append(self.take(length))
        return name_text(dns.name.Name([*labels, b""]), omit_final_dot=omit_final_dot)


# --- common field formats ------------------------------------------------------------------


def _split(text: str, size: int, linebreak: str) -> str:
    return linebreak.join(text[i : i + size] for i in range(0, len(text), size))


def _hex(data: bytes, style: _Style) -> str:
    """isc_hex_totext(width - 2): upper case, in runs of just under the width."""
    if not style.width:
        return data.hex().upper()
    wordlength = max(style.width - 2, 2)
    per_run = max(1, -(-wordlength // 2) - 1)
    return _split(data.hex().upper(), 2 * per_run, style.linebreak)


def _base64(data: bytes, style: _Style) -> str:
    """isc_base64_totext(width - 2): runs of whole 4-character groups."""
    if not style.width:
        return base64.b64encode(data).decode()
    wordlength = max(style.width - 2, 4)
    per_run = max(1, -(-wordlength // 4) - 1)
    return _split(base64.b64encode(data).decode(), 4 * per_run, style.linebreak)


def _escaped(data: bytes, *, quote: bool, plain: Callable[[int], bool], specials: bytes) -> str:
    out = []
    for byte in data:
        if not plain(byte):
            out.append(f"\\{byte:03d}")
        elif byte in specials:
            out.append("\\" + chr(byte))
        else:
            out.append(chr(byte))
    text = "".join(out)
    return f'"{text}"' if quote else text


def _txt(data: bytes) -> str:
    """txt_totext(quote=true), and multitxt_totext, which escapes the same way (CAA value,
    URI, SVCB text values): a string in double quotes."""
    return _escaped(data, quote=True, plain=lambda b: 0x20 <= b < 0x7F, specials=b'"\\')


def _bare_txt(data: bytes) -> str:
    """txt_totext(quote=false), as for the CAA tag: space and @ ; need escaping too."""
    return _escaped(data, quote=False, plain=lambda b: 0x21 <= b < 0x7F, specials=b'"\\@;')


def _alpn_id(data: bytes) -> str:
    """commatxt_totext(quote=false, comma=true): commas and backslashes escaped twice."""
    out = []
    for byte in data:
        if not 0x21 <= byte < 0x7F:
            out.append(f"\\{byte:03d}")
        elif byte == ord(","):
            out.append("\\\\,")
        elif byte == ord("\\"):
            out.append("\\\\\\\\")
        elif byte == ord('"'):
            out.append('\\"')
        else:
            out.append(chr(byte))
    return "".join(out)


def _counted_strings(wire: _Wire) -> list[bytes]:
    strings = []
    while wire.left:
        strings.append(wire.counted())
    return strings


def _strings(wire: _Wire) -> list[str]:
    return [_txt(string) for string in _counted_strings(wire)]


def _type_list(types: list[int]) -> str:
    return " ".join(type_text(t) for t in types)


def _bitmap_types(bitmap: bytes, base: int = 0) -> list[int]:
    return [
        base + index * 8 + bit
        for index, byte in enumerate(bitmap)
        for bit in range(8)
        if byte & (0x80 >> bit)
    ]


def _typemap(wire: _Wire) -> list[list[int]]:
    """NSEC-style windowed type bitmaps, one list of types per window."""
    windows = []
    while wire.left:
        window, length = wire.u8(), wire.u8()
        if not 0 < length <= 32:
            raise _NotRepresentable("bad type bitmap")
        windows.append(_bitmap_types(wire.take(length), window * 256))
    return windows


def _time32(value: int) -> str:
    """dns_time32_totext: YYYYMMDDHHMMSS, taking the 32-bit value in the epoch nearest now."""
    now = int(time.time())
    delta = (value - now) & 0xFFFFFFFF
    when = now + delta if delta < 0x80000000 else now - ((now - value) & 0xFFFFFFFF)
    return time.strftime("%Y%m%d%H%M%S", time.gmtime(when))


def _key_id(data: bytes) -> int:
    """dst_region_computeid: the RFC 4034 appendix B checksum (BIND uses it for every
    algorithm, RSAMD5 included)."""
    padded = data + b"\0" * (len(data) % 2)
    total = sum(int.from_bytes(padded[i : i + 2], "big") for i in range(0, len(padded), 2))
    total += (total >> 16) & 0xFFFF
    return total & 0xFFFF


def _ipv4(data: bytes) -> str:
    return dns.ipv4.inet_ntoa(data)


def _ipv6(data: bytes, *, yaml: bool) -> str:
    """inet_ntop's text (dnspython's formatter follows it, embedded IPv4 forms included).
    BIND's inet_totext adds a 0 to an address ending in "::" in YAML, which would misread it."""
    text = dns.ipv6.inet_ntoa(data)
    return text + "0" if yaml and text.endswith(":") else text


# --- per-type rdata ------------------------------------------------------------------------

_Render = Callable[[_Wire, _Style], str]


def _generic(data: bytes, style: _Style) -> str:
    """unknown_totext: the RFC 3597 \\# form, hex split like other hex fields."""
    if not data:
        return "\\# 0"
    if style.multiline:
        return f"\\# {len(data)} ( {_hex(data, style)} )"
    return f"\\# {len(data)} {_hex(data, style)}"


def _a(wire: _Wire, style: _Style) -> str:
    return _ipv4(wire.take(4))


def _ch_a(wire: _Wire, style: _Style) -> str:
    # Chaosnet addresses are printed in octal
    return f"{wire.name()} {wire.u16():o}"


def _aaaa(wire: _Wire, style: _Style) -> str:
    data = wire.take(16)
    if style.expandaaaa:
        return ":".join(data[i : i + 2].hex() for i in range(0, 16, 2))
    return _ipv6(data, yaml=style.yaml)


def _one_name(wire: _Wire, style: _Style) -> str:
    return wire.name()


def _two_names(wire: _Wire, style: _Style) -> str:
    return f"{wire.name()} {wire.name()}"


def _number_name(wire: _Wire, style: _Style) -> str:
    return f"{wire.u16()} {wire.name()}"


def _soa(wire: _Wire, style: _Style) -> str:
    names = f"{wire.name()} {wire.name()}"
    numbers = [wire.u32() for _ in range(5)]
    if not style.multiline:
        return " ".join([names, *map(str, numbers)])
    if not style.rrcomments:
        # the closing parenthesis follows the last number directly
        return style.opened(names) + style.linebreak.join(map(str, numbers)) + ")"
    # the serial is a plain number; the four timers also get dig's spelled-out duration
    timers = zip(["refresh", "retry", "expire", "minimum"], numbers[1:], strict=True)
    lines = [f"{numbers[0]:<10} ; serial"]
    lines += [f"{value:<10} ; {field} ({ttl_text(value, verbose=True)})" for field, value in timers]
    return style.opened(names) + "".join(line + style.linebreak for line in lines) + ")"


def _wks(wire: _Wire, style: _Style) -> str:
    address, protocol = _ipv4(wire.take(4)), wire.u8()
    ports = _bitmap_types(wire.rest())
    return " ".join([address, str(protocol), *map(str, ports)])


def _hinfo(wire: _Wire, style: _Style) -> str:
    return f"{_txt(wire.counted())} {_txt(wire.counted())}"


def _txt_strings(wire: _Wire, style: _Style) -> str:
    return " ".join(_strings(wire))


def _x25(wire: _Wire, style: _Style) -> str:
    return _txt(wire.counted())


def _nsap(wire: _Wire, style: _Style) -> str:
    return "0x" + wire.rest().hex()


def _signature(wire: _Wire, style: _Style, *, sig: bool) -> str:
    covered = wire.u16()
    # SIG (like NXT) prints a type BIND has no name for as a bare number, RRSIG as TYPEnnn
    covered_text = type_text(covered) if _is_known(covered) or not sig else str(covered)
    algorithm, labels, ttl = wire.u8(), wire.u8(), wire.u32()
    expiry, inception = _time32(wire.u32()), _time32(wire.u32())
    tag, signer = wire.u16(), wire.name()
    # +nocrypto leaves out an RRSIG's signature, never a SIG's
    signature = _base64(wire.rest(), style) if style.crypto or sig else _OMITTED
    if sig:
        head = f"{covered_text} {algorithm} {labels} {ttl} {expiry}"
        middle = f"{inception} {tag} {signer}"
    else:
        head = f"{covered_text} {algorithm} {labels} {ttl}"
        middle = f"{expiry} {inception} {tag} {signer}"
    return style.closed(style.opened(head) + middle + style.linebreak + signature)


def _rrsig(wire: _Wire, style: _Style) -> str:
    return _signature(wire, style, sig=False)


def _sig(wire: _Wire, style: _Style) -> str:
    return _signature(wire, style, sig=True)


def _algorithm_name(algorithm: int, key: bytes) -> str:
    # PRIVATEDNS keys start with the domain name that identifies their algorithm
    # (written the dns_name_format way, without the final dot)
    return (
        _Wire(key).name(omit_final_dot=True)
        if algorithm == 253
        else _table_text(_SECALGS, algorithm)
    )


def _key(wire: _Wire, style: _Style, *, rdtype: int) -> str:
    flags, protocol, algorithm = wire.u16(), wire.u8(), wire.u8()
    head = f"{flags} {protocol} {algorithm}"
    # a KEY with both "no authentication" and "no confidentiality" bits carries no key
    if rdtype == dns.rdatatype.KEY and flags & 0xC000 == 0xC000:
        return head
    key, key_id = wire.rest(), _key_id(wire.data)
    text = style.opened(head) + (_base64(key, style) if style.crypto else f"[key id = {key_id}]")
    if style.rrcomments:
        text += style.linebreak
    elif style.multiline:
        text += " "
    if style.multiline:
        text += ")"
    if not style.rrcomments:
        return text
    # the comments: the key's role, its algorithm and its key tag (a single line gets them
    # after two spaces, the line break and the comment's own)
    if rdtype in (dns.rdatatype.DNSKEY, dns.rdatatype.CDNSKEY):
        role = ("revoked KSK" if flags & 0x80 else "KSK") if flags & 1 else "ZSK"
        text += f" ; {role}"
    return text + f"; alg = {_algorithm_name(algorithm, key)} ; key id = {key_id}"


def _key_of(rdtype: int) -> _Render:
    def render(wire: _Wire, style: _Style) -> str:
        return _key(wire, style, rdtype=rdtype)

    return render


def _px(wire: _Wire, style: _Style) -> str:
    return f"{wire.u16()} {wire.name()} {wire.name()}"


def _gpos(wire: _Wire, style: _Style) -> str:
    return " ".join(_txt(wire.counted()) for _ in range(3))


def _loc_size(byte: int) -> str:
    mantissa, exponent = byte >> 4, byte & 0x0F
    if mantissa > 9 or exponent > 9:
        raise _NotRepresentable("bad LOC precision")
    if exponent > 1:
        return f"{mantissa * 10 ** (exponent - 2)}m"
    return f"0.{mantissa * 10**exponent:02d}m"


def _loc_angle(value: int, positive: str, negative: str) -> str:
    if value >= 0x80000000:
        value, hemisphere = value - 0x80000000, positive
    else:
        value, hemisphere = 0x80000000 - value, negative
    value, thousandths = divmod(value, 1000)
    value, seconds = divmod(value, 60)
    degrees, minutes = divmod(value, 60)
    return f"{degrees} {minutes} {seconds}.{thousandths:03d} {hemisphere}"


def _loc(wire: _Wire, style: _Style) -> str:
    if wire.u8() != 0:
        raise _NotRepresentable("LOC version")
    size, horizontal, vertical = (_loc_size(wire.u8()) for _ in range(3))
    latitude = _loc_angle(wire.u32(), "N", "S")
    longitude = _loc_angle(wire.u32(), "E", "W")
    altitude = wire.u32() - 10000000
    sign = "-" if altitude < 0 else ""
    metres, centimetres = divmod(abs(altitude), 100)
    return (
        f"{latitude} {longitude} {sign}{metres}.{centimetres:02d}m {size} {horizontal} {vertical}"
    )


def _nxt(wire: _Wire, style: _Style) -> str:
    # the pre-NSEC bitmap: unknown types appear as bare numbers
    parts = [wire.name()]
    for rdtype in _bitmap_types(wire.rest()):
        parts.append(type_text(rdtype) if _is_known(rdtype) else str(rdtype))
    return " ".join(parts)


def _hex_blob(wire: _Wire, style: _Style) -> str:
    return style.wrapped(_hex(wire.rest(), style))


def _srv(wire: _Wire, style: _Style) -> str:
    return f"{wire.u16()} {wire.u16()} {wire.u16()} {wire.name()}"


def _atma(wire: _Wire, style: _Style) -> str:
    kind, address = wire.u8(), wire.rest()
    if kind == 0:
        return address.hex()
    if kind == 1:
        return "+" + address.decode("latin-1")
    raise _NotRepresentable("ATMA format")


def _naptr(wire: _Wire, style: _Style) -> str:
    numbers = f"{wire.u16()} {wire.u16()}"
    strings = " ".join(_txt(wire.counted()) for _ in range(3))
    return f"{numbers} {strings} {wire.name()}"


def _cert(wire: _Wire, style: _Style) -> str:
    cert_type, tag, algorithm = wire.u16(), wire.u16(), wire.u8()
    head = f"{_table_text(_CERT_TYPES, cert_type)} {tag} {_table_text(_SECALGS, algorithm)}"
    return style.closed(style.opened(head) + _base64(wire.rest(), style))


def _a6(wire: _Wire, style: _Style) -> str:
    prefix_length = wire.u8()
    if prefix_length > 128:
        raise _NotRepresentable("A6 prefix length")
    # BIND writes the separator even when there is no suffix: "128  prefix.name."
    text = f"{prefix_length} "
    if prefix_length != 128:
        octets = prefix_length // 8
        suffix = bytearray(octets) + wire.take(16 - octets)
        suffix[octets] &= 0xFF >> (prefix_length % 8)
        text += _ipv6(bytes(suffix), yaml=style.yaml)
    if prefix_length:
        text += " " + wire.name()
    return text


def _sink(wire: _Wire, style: _Style) -> str:
    head = f"{wire.u8()} {wire.u8()} {wire.u8()}"
    if not wire.left:
        return head
    return style.closed(style.opened(head) + _base64(wire.rest(), style))


def _opt(wire: _Wire, style: _Style) -> str:
    options = []
    while wire.left:
        code, value = wire.u16(), wire.take(wire.u16())
        text = f"{code} {len(value)}"
        if value:
            text = style.closed(style.opened(text) + _base64(value, style))
        options.append(text)
    return " ".join(options)


def _apl(wire: _Wire, style: _Style) -> str:
    items = []
    while wire.left:
        family, prefix, flags = wire.u16(), wire.u8(), wire.u8()
        address = wire.take(flags & 0x7F)
        negation = "!" if flags & 0x80 else ""
        if family == 1 and len(address) <= 4 and prefix <= 32:
            text = _ipv4(address.ljust(4, b"\0"))
        elif family == 2 and len(address) <= 16 and prefix <= 128:
            text = _ipv6(address.ljust(16, b"\0"), yaml=style.yaml)
        else:
            raise _NotRepresentable("APL family")
        items.append(f"{negation}{family}:{text}/{prefix}")
    return " ".join(items)


_OMITTED = "[omitted]"  # what +nocrypto shows instead of a digest or a signature


def _digest(data: bytes, style: _Style) -> str:
    return _hex(data, style) if style.crypto else _OMITTED


def _ds(wire: _Wire, style: _Style) -> str:
    head = f"{wire.u16()} {wire.u8()} {wire.u8()}"
    return style.closed(style.opened(head) + _digest(wire.rest(), style))


def _sshfp(wire: _Wire, style: _Style) -> str:
    head = f"{wire.u8()} {wire.u8()}"
    if not wire.left:
        return head
    return style.closed(style.opened(head) + _hex(wire.rest(), style))


def _gateway(wire: _Wire, kind: int, style: _Style) -> str:
    if kind == 0:
        return "."
    if kind == 1:
        return _ipv4(wire.take(4))
    if kind == 2:
        return _ipv6(wire.take(16), yaml=style.yaml)
    if kind == 3:
        return wire.name()
    raise _NotRepresentable("gateway type")


def _ipseckey(wire: _Wire, style: _Style) -> str:
    precedence, kind, algorithm = wire.u8(), wire.u8(), wire.u8()
    text = f"{precedence} {kind} {algorithm} {_gateway(wire, kind, style)}"
    if wire.left:
        text += style.linebreak + _base64(wire.rest(), style)
    return style.wrapped(text)


def _with_types(head: str, wire: _Wire) -> str:
    """A head followed by a type bitmap on the same line (no trailing space when empty)."""
    types = [rdtype for window in _typemap(wire) for rdtype in window]
    return f"{head} {_type_list(types)}" if types else head


def _nsec(wire: _Wire, style: _Style) -> str:
    return _with_types(wire.name(), wire)


def _dhcid(wire: _Wire, style: _Style) -> str:
    data = wire.rest()
    text = _base64(data, style)
    if not style.multiline:
        return text
    text = f"( {text} )"
    if len(data) > 2:
        text += f" ; {int.from_bytes(data[:2], 'big')} {data[2]} {len(data) - 3}"
    return text


def _salt(data: bytes) -> str:
    return data.hex().upper() if data else "-"


def _nsec3(wire: _Wire, style: _Style) -> str:
    head = f"{wire.u8()} {wire.u8()} {wire.u16()} {_salt(wire.counted())}"
    next_hash = base64.b32hexencode(wire.counted()).decode().rstrip("=")
    if not style.multiline:
        return _with_types(f"{head} {next_hash}", wire)
    # multiline: each bitmap window on a line of its own
    windows = "".join(style.linebreak + _type_list(window) for window in _typemap(wire))
    return style.closed(style.opened(head) + next_hash + windows)


def _nsec3param(wire: _Wire, style: _Style) -> str:
    return f"{wire.u8()} {wire.u8()} {wire.u16()} {_salt(wire.counted())}"


def _tlsa(wire: _Wire, style: _Style) -> str:
    head = f"{wire.u8()} {wire.u8()} {wire.u8()}"
    return style.closed(style.opened(head) + _hex(wire.rest(), style))


def _hip(wire: _Wire, style: _Style) -> str:
    hit_length, algorithm, key_length = wire.u8(), wire.u8(), wire.u16()
    parts = [f"{algorithm} {wire.take(hit_length).hex().upper()}"]
    parts.append(base64.b64encode(wire.take(key_length)).decode())
    while wire.left:
        parts.append(wire.name())
    return style.wrapped(style.linebreak.join(parts))


def _openpgpkey(wire: _Wire, style: _Style) -> str:
    return style.wrapped(_base64(wire.rest(), style) if style.crypto else _OMITTED)


def _spaced_base64_blob(wire: _Wire, style: _Style) -> str:
    # BRID and HHIT open with " (" on the rdata's own line rather than "( "
    text = _base64(wire.rest(), style)
    return f" ({text} )" if style.multiline else text


def _csync(wire: _Wire, style: _Style) -> str:
    return _with_types(f"{wire.u32()} {wire.u16()}", wire)


def _zonemd(wire: _Wire, style: _Style) -> str:
    if wire.left <= 6:
        raise _NotRepresentable("ZONEMD too short")
    head = f"{wire.u32()} {wire.u8()} {wire.u8()}"
    return style.closed(style.opened(head) + _digest(wire.rest(), style))


def _svc_key(key: int) -> str:
    return _SVCB_KEYS.get(key, f"key{key}")


def _svc_value(key: int, value: bytes) -> str:
    """One SvcParamValue in generic_totext_in_svcb's encoding for its key."""
    if key == 0:
        keys = _Wire(value)
        return ",".join(_svc_key(keys.u16()) for _ in range(len(value) // 2))
    if key == 1:
        return '"' + ",".join(map(_alpn_id, _counted_strings(_Wire(value)))) + '"'
    if key == 3:
        return str(int.from_bytes(value, "big"))
    if key == 4:
        return ",".join(_ipv4(value[i : i + 4]) for i in range(0, len(value), 4))
    if key == 5:
        return base64.b64encode(value).decode()
    if key == 6:
        # svcb_64.c calls inet_ntop itself: no YAML adjustment here
        return ",".join(_ipv6(value[i : i + 16], yaml=False) for i in range(0, len(value), 16))
    return _txt(value)


def _svcb(wire: _Wire, style: _Style) -> str:
    parts = [str(wire.u16()), wire.name()]
    while wire.left:
        key, value = wire.u16(), wire.take(wire.u16())
        # an empty value (no-default-alpn, or any key) prints as the bare key
        parts.append(_svc_key(key) + (f"={_svc_value(key, value)}" if value else ""))
    return " ".join(parts)


def _dsync(wire: _Wire, style: _Style) -> str:
    rdtype, scheme, port = wire.u16(), wire.u8(), wire.u16()
    return f"{type_text(rdtype)} {_table_text(_DSYNC_SCHEMES, scheme)} {port} {wire.name()}"


def _nid(wire: _Wire, style: _Style) -> str:
    preference = wire.u16()
    return f"{preference} " + ":".join(f"{wire.u16():x}" for _ in range(4))


def _l32(wire: _Wire, style: _Style) -> str:
    return f"{wire.u16()} {_ipv4(wire.take(4))}"


def _eui(size: int) -> _Render:
    def render(wire: _Wire, style: _Style) -> str:
        return "-".join(f"{byte:02x}" for byte in wire.take(size))

    return render


def _tkey(wire: _Wire, style: _Style) -> str:
    algorithm, inception, expiration = wire.name(), wire.u32(), wire.u32()
    mode, error = wire.u16(), _table_text(_TSIG_RCODES, wire.u16())
    key = wire.take(wire.u16())
    text = style.opened(f"{algorithm} {inception} {expiration} {mode} {error} {len(key)}")
    text += _base64(key, style) + (" ) " if style.multiline else " ")
    other = wire.take(wire.u16())
    text += str(len(other))
    if other:
        text += style.closed(style.opened("") + _base64(other, style))
    return text


def _tsig(wire: _Wire, style: _Style) -> str:
    algorithm = wire.name()
    signed = int.from_bytes(wire.take(6), "big")
    fudge, mac = wire.u16(), wire.take(wire.u16())
    text = f"{algorithm} {signed} {fudge} {len(mac)}"
    if mac:
        text = style.opened(text) + _base64(mac, style) + (" ) " if style.multiline else " ")
    else:
        text += " "
    original_id, error = wire.u16(), _table_text(_TSIG_RCODES, wire.u16())
    other = wire.take(wire.u16())
    # "other data" is split at 60 columns with plain spaces whatever the style, unless
    # splitting is off
    other_text = base64.b64encode(other).decode()
    if style.width:
        other_text = _split(other_text, 56, " ")
    return f"{text}{original_id} {error} {len(other)} {other_text}"


def _uri(wire: _Wire, style: _Style) -> str:
    return f"{wire.u16()} {wire.u16()} {_txt(wire.rest())}"


def _caa(wire: _Wire, style: _Style) -> str:
    flags, tag = wire.u8(), _bare_txt(wire.counted())
    return f"{flags} {tag} {_txt(wire.rest())}"


def _doa(wire: _Wire, style: _Style) -> str:
    head = f"{wire.u32()} {wire.u32()} {wire.u8()} {_txt(wire.counted())}"
    data = wire.rest()
    return f"{head} {base64.b64encode(data).decode() if data else '-'}"


def _amtrelay(wire: _Wire, style: _Style) -> str:
    precedence, kind = wire.u8(), wire.u8()
    return f"{precedence} {kind >> 7} {kind & 0x7F} {_gateway(wire, kind & 0x7F, style)}"


_T = dns.rdatatype

# Types BIND prints the same way in every class.
_ANY_CLASS: dict[int, _Render] = {
    _T.NS: _one_name,
    3: _one_name,  # MD
    4: _one_name,  # MF
    _T.CNAME: _one_name,
    _T.SOA: _soa,
    7: _one_name,  # MB
    8: _one_name,  # MG
    9: _one_name,  # MR
    _T.PTR: _one_name,
    _T.HINFO: _hinfo,
    14: _two_names,  # MINFO
    _T.MX: _number_name,
    _T.TXT: _txt_strings,
    _T.RP: _two_names,
    _T.AFSDB: _number_name,
    _T.X25: _x25,
    _T.ISDN: _txt_strings,  # an address and an optional subaddress
    _T.RT: _number_name,
    _T.SIG: _sig,
    _T.KEY: _key_of(_T.KEY),
    _T.GPOS: _gpos,
    _T.LOC: _loc,
    30: _nxt,  # NXT
    _T.NAPTR: _naptr,
    _T.CERT: _cert,
    _T.DNAME: _one_name,
    40: _sink,  # SINK
    _T.OPT: _opt,
    _T.DS: _ds,
    _T.SSHFP: _sshfp,
    _T.IPSECKEY: _ipseckey,
    _T.RRSIG: _rrsig,
    _T.NSEC: _nsec,
    _T.DNSKEY: _key_of(_T.DNSKEY),
    _T.NSEC3: _nsec3,
    _T.NSEC3PARAM: _nsec3param,
    _T.TLSA: _tlsa,
    _T.SMIMEA: _tlsa,
    _T.HIP: _hip,
    _T.NINFO: _txt_strings,
    57: _key_of(57),  # RKEY
    58: _two_names,  # TALINK
    _T.CDS: _ds,
    _T.CDNSKEY: _key_of(_T.CDNSKEY),
    _T.OPENPGPKEY: _openpgpkey,
    _T.CSYNC: _csync,
    _T.ZONEMD: _zonemd,
    _T.DSYNC: _dsync,
    _T.HHIT: _spaced_base64_blob,
    _T.BRID: _spaced_base64_blob,
    _T.SPF: _txt_strings,
    _T.NID: _nid,
    _T.L32: _l32,
    _T.L64: _nid,
    _T.LP: _number_name,
    _T.EUI48: _eui(6),
    _T.EUI64: _eui(8),
    _T.TKEY: _tkey,
    _T.URI: _uri,
    _T.CAA: _caa,
    _T.AVC: _txt_strings,
    259: _doa,  # DOA
    _T.AMTRELAY: _amtrelay,
    _T.RESINFO: _txt_strings,
    _T.WALLET: _txt_strings,
    32768: _ds,  # TA
    _T.DLV: _ds,
}

# Types with a class-specific format (lib/dns/rdata/in_1, ch_3, hs_4, any_255).
_BY_CLASS: dict[tuple[int, int], _Render] = {
    (dns.rdataclass.IN, _T.A): _a,
    (dns.rdataclass.HS, _T.A): _a,
    (dns.rdataclass.CH, _T.A): _ch_a,
    (dns.rdataclass.IN, _T.WKS): _wks,
    (dns.rdataclass.IN, _T.NSAP): _nsap,
    (dns.rdataclass.IN, _T.NSAP_PTR): _one_name,
    (dns.rdataclass.IN, _T.PX): _px,
    (dns.rdataclass.IN, _T.AAAA): _aaaa,
    (dns.rdataclass.IN, 31): _hex_blob,  # EID
    (dns.rdataclass.IN, 32): _hex_blob,  # NIMLOC
    (dns.rdataclass.IN, _T.SRV): _srv,
    (dns.rdataclass.IN, 34): _atma,  # ATMA
    (dns.rdataclass.IN, _T.KX): _number_name,
    (dns.rdataclass.IN, _T.A6): _a6,
    (dns.rdataclass.IN, _T.APL): _apl,
    (dns.rdataclass.IN, _T.DHCID): _dhcid,
    (dns.rdataclass.IN, _T.SVCB): _svcb,
    (dns.rdataclass.IN, _T.HTTPS): _svcb,
    (dns.rdataclass.ANY, _T.TSIG): _tsig,
}


def _renderer(rdclass: int, rdtype: int) -> _Render | None:
    return _BY_CLASS.get((rdclass, rdtype)) or _ANY_CLASS.get(rdtype)


def rdata_text(rdata: dns.rdata.Rdata, record_style: RecordStyle = PLAIN) -> str:
    """The rdata as dig presents it in this style (BIND's rdata_totext)."""
    style = record_style.rdata_style
    data = rdata.to_wire() or b""
    render = _renderer(rdata.rdclass, rdata.rdtype)
    if render is None or record_style.unknownformat:
        return _generic(data, style)
    wire = _Wire(data)
    try:
        text = render(wire, style)
    except _NotRepresentable:
        return _generic(data, style)
    return text

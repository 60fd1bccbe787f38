"""The rdata text of the types the lean reader reads and of the types that share their
formats, from the record's uncompressed wire form (BIND's per-type totext functions in
lib/dns/rdata/); the others are rdata_other.py's (and DNSSEC's and TSIG's
rdata_dnssec.py's), loaded when a type of theirs is first met.  rdata.py loads this
module when it first meets a record other than an IN A in the plain form."""

from __future__ import annotations

import dns.rdata
import dns.rdataclass
import dns.rdatatype

from pydig.render.records.fields import (
    Render,
    bare_txt,
    hex_field,
    ipv4,
    ipv6,
    strings,
    ttl_text,
    txt,
)
from pydig.render.records.style import RdataStyle, RecordStyle
from pydig.render.records.wire_data import NotRepresentable, WireData


def _generic(data: bytes, style: RdataStyle) -> str:
    """unknown_totext: the RFC 3597 \\# form, hex split like other hex fields."""
    if not data:
        return "\\# 0"
    if style.multiline:
        return f"\\# {len(data)} ( {hex_field(data, style)} )"
    return f"\\# {len(data)} {hex_field(data, style)}"


def _a(wire: WireData, style: RdataStyle) -> str:
    return ipv4(wire.take(4))


def _aaaa(wire: WireData, style: RdataStyle) -> str:
    data = wire.take(16)
    if style.expandaaaa:
        return ":".join(data[i : i + 2].hex() for i in range(0, 16, 2))
    return ipv6(data, yaml=style.yaml)


def _one_name(wire: WireData, style: RdataStyle) -> str:
    return wire.name()


def _number_name(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.u16()} {wire.name()}"


def _soa(wire: WireData, style: RdataStyle) -> str:
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


def _txt_strings(wire: WireData, style: RdataStyle) -> str:
    return " ".join(strings(wire))


def _srv(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.u16()} {wire.u16()} {wire.u16()} {wire.name()}"


def _caa(wire: WireData, style: RdataStyle) -> str:
    flags, tag = wire.u8(), bare_txt(wire.counted())
    return f"{flags} {tag} {txt(wire.rest())}"


_T = dns.rdatatype

# Types BIND prints the same way in every class (the rest are rdata_other.py's).
_ANY_CLASS: dict[int, Render] = {
    _T.NS: _one_name,
    3: _one_name,  # MD
    4: _one_name,  # MF
    _T.CNAME: _one_name,
    _T.SOA: _soa,
    7: _one_name,  # MB
    8: _one_name,  # MG
    9: _one_name,  # MR
    _T.PTR: _one_name,
    _T.MX: _number_name,
    _T.TXT: _txt_strings,
    _T.AFSDB: _number_name,
    _T.ISDN: _txt_strings,  # an address and an optional subaddress
    _T.RT: _number_name,
    _T.DNAME: _one_name,
    _T.NINFO: _txt_strings,
    _T.SPF: _txt_strings,
    _T.LP: _number_name,
    _T.CAA: _caa,
    _T.AVC: _txt_strings,
    _T.RESINFO: _txt_strings,
    _T.WALLET: _txt_strings,
}

# Types with a class-specific format (lib/dns/rdata/in_1, ch_3, hs_4, any_255).
_BY_CLASS: dict[tuple[int, int], Render] = {
    (dns.rdataclass.IN, _T.A): _a,
    (dns.rdataclass.HS, _T.A): _a,
    (dns.rdataclass.IN, _T.NSAP_PTR): _one_name,
    (dns.rdataclass.IN, _T.AAAA): _aaaa,
    (dns.rdataclass.IN, _T.SRV): _srv,
    (dns.rdataclass.IN, _T.KX): _number_name,
}


def _renderer(rdclass: int, rdtype: int) -> Render | None:
    render = _BY_CLASS.get((rdclass, rdtype)) or _ANY_CLASS.get(rdtype)
    if render is None:  # a type a plain lookup seldom shows (or none): loaded when met
        from pydig.render.records.rdata_other import other_renderer

        return other_renderer(rdclass, rdtype)
    return render


def typed_text(data: bytes, rdclass: int, rdtype: int, record_style: RecordStyle) -> str:
    """rdata_text() of any record: the data of this class and type in this style."""
    style = record_style.rdata_style
    render = _renderer(rdclass, rdtype)
    if render is None or record_style.unknownformat:
        return _generic(data, style)
    wire = WireData(data)
    try:
        text = render(wire, style)
    except NotRepresentable:
        return _generic(data, style)
    return text

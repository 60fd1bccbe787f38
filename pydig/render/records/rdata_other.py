"""The rdata text of the types a plain lookup seldom shows (HINFO, LOC, NAPTR, SSHFP,
TLSA, SVCB and HTTPS, ...), from the record's uncompressed wire form (BIND's per-type
totext functions in lib/dns/rdata/): loaded by rdata_common.py when it first meets a type its
own tables (the types the lean reader reads, and those that share their formats) lack."""

from __future__ import annotations

import base64

import dns.rdataclass
import dns.rdatatype

from pydig.render.records.fields import (
    Render,
    counted_strings,
    hex_field,
    ipv4,
    ipv6,
    txt,
)
from pydig.render.records.fields_dnssec import base64_field
from pydig.render.records.mnemonics import (
    CERT_TYPES,
    DSYNC_SCHEMES,
    SECALGS,
    SVCB_KEYS,
    is_known,
    table_text,
    type_text,
)
from pydig.render.records.style import RdataStyle
from pydig.render.records.wire_data import NotRepresentable, WireData


def _ch_a(wire: WireData, style: RdataStyle) -> str:
    # Chaosnet addresses are printed in octal
    return f"{wire.name()} {wire.u16():o}"


def _two_names(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.name()} {wire.name()}"


def _wks(wire: WireData, style: RdataStyle) -> str:
    address, protocol = ipv4(wire.take(4)), wire.u8()
    from pydig.wire.bitmaps import bitmap_types  # WKS and NXT: a plain lookup shows neither

    ports = bitmap_types(wire.rest())
    return " ".join([address, str(protocol), *map(str, ports)])


def _hinfo(wire: WireData, style: RdataStyle) -> str:
    return f"{txt(wire.counted())} {txt(wire.counted())}"


def _x25(wire: WireData, style: RdataStyle) -> str:
    return txt(wire.counted())


def _nsap(wire: WireData, style: RdataStyle) -> str:
    return "0x" + wire.rest().hex()


def _px(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.u16()} {wire.name()} {wire.name()}"


def _gpos(wire: WireData, style: RdataStyle) -> str:
    return " ".join(txt(wire.counted()) for _ in range(3))


def _loc_size(byte: int) -> str:
    mantissa, exponent = byte >> 4, byte & 0x0F
    if mantissa > 9 or exponent > 9:
        raise NotRepresentable("bad LOC precision")
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


def _loc(wire: WireData, style: RdataStyle) -> str:
    if wire.u8() != 0:
        raise NotRepresentable("LOC version")
    size, horizontal, vertical = (_loc_size(wire.u8()) for _ in range(3))
    latitude = _loc_angle(wire.u32(), "N", "S")
    longitude = _loc_angle(wire.u32(), "E", "W")
    altitude = wire.u32() - 10000000
    sign = "-" if altitude < 0 else ""
    metres, centimetres = divmod(abs(altitude), 100)
    return (
        f"{latitude} {longitude} {sign}{metres}.{centimetres:02d}m {size} {horizontal} {vertical}"
    )


def _nxt(wire: WireData, style: RdataStyle) -> str:
    # the pre-NSEC bitmap: unknown types appear as bare numbers
    parts = [wire.name()]
    from pydig.wire.bitmaps import bitmap_types

    for rdtype in bitmap_types(wire.rest()):
        parts.append(type_text(rdtype) if is_known(rdtype) else str(rdtype))
    return " ".join(parts)


def _hex_blob(wire: WireData, style: RdataStyle) -> str:
    return style.wrapped(hex_field(wire.rest(), style))


def _atma(wire: WireData, style: RdataStyle) -> str:
    kind, address = wire.u8(), wire.rest()
    if kind == 0:
        return address.hex()
    if kind == 1:
        return "+" + address.decode("latin-1")
    raise NotRepresentable("ATMA format")


def _naptr(wire: WireData, style: RdataStyle) -> str:
    numbers = f"{wire.u16()} {wire.u16()}"
    strings = " ".join(txt(wire.counted()) for _ in range(3))
    return f"{numbers} {strings} {wire.name()}"


def _cert(wire: WireData, style: RdataStyle) -> str:
    cert_type, tag, algorithm = wire.u16(), wire.u16(), wire.u8()
    head = f"{table_text(CERT_TYPES, cert_type)} {tag} {table_text(SECALGS, algorithm)}"
    return style.closed(style.opened(head) + base64_field(wire.rest(), style))


def _a6(wire: WireData, style: RdataStyle) -> str:
    prefix_length = wire.u8()
    if prefix_length > 128:
        raise NotRepresentable("A6 prefix length")
    # BIND writes the separator even when there is no suffix: "128  prefix.name."
    text = f"{prefix_length} "
    if prefix_length != 128:
        octets = prefix_length // 8
        suffix = bytearray(octets) + wire.take(16 - octets)
        suffix[octets] &= 0xFF >> (prefix_length % 8)
        text += ipv6(bytes(suffix), yaml=style.yaml)
    if prefix_length:
        text += " " + wire.name()
    return text


def _sink(wire: WireData, style: RdataStyle) -> str:
    head = f"{wire.u8()} {wire.u8()} {wire.u8()}"
    if not wire.left:
        return head
    return style.closed(style.opened(head) + base64_field(wire.rest(), style))


def _opt(wire: WireData, style: RdataStyle) -> str:
    options = []
    while wire.left:
        code, value = wire.u16(), wire.take(wire.u16())
        text = f"{code} {len(value)}"
        if value:
            text = style.closed(style.opened(text) + base64_field(value, style))
        options.append(text)
    return " ".join(options)


def _apl(wire: WireData, style: RdataStyle) -> str:
    items = []
    while wire.left:
        family, prefix, flags = wire.u16(), wire.u8(), wire.u8()
        address = wire.take(flags & 0x7F)
        negation = "!" if flags & 0x80 else ""
        if family == 1 and len(address) <= 4 and prefix <= 32:
            text = ipv4(address.ljust(4, b"\0"))
        elif family == 2 and len(address) <= 16 and prefix <= 128:
            text = ipv6(address.ljust(16, b"\0"), yaml=style.yaml)
        else:
            raise NotRepresentable("APL family")
        items.append(f"{negation}{family}:{text}/{prefix}")
    return " ".join(items)


def _sshfp(wire: WireData, style: RdataStyle) -> str:
    head = f"{wire.u8()} {wire.u8()}"
    if not wire.left:
        return head
    return style.closed(style.opened(head) + hex_field(wire.rest(), style))


def _gateway(wire: WireData, kind: int, style: RdataStyle) -> str:
    if kind == 0:
        return "."
    if kind == 1:
        return ipv4(wire.take(4))
    if kind == 2:
        return ipv6(wire.take(16), yaml=style.yaml)
    if kind == 3:
        return wire.name()
    raise NotRepresentable("gateway type")


def _ipseckey(wire: WireData, style: RdataStyle) -> str:
    precedence, kind, algorithm = wire.u8(), wire.u8(), wire.u8()
    text = f"{precedence} {kind} {algorithm} {_gateway(wire, kind, style)}"
    if wire.left:
        text += style.linebreak + base64_field(wire.rest(), style)
    return style.wrapped(text)


def _dhcid(wire: WireData, style: RdataStyle) -> str:
    data = wire.rest()
    text = base64_field(data, style)
    if not style.multiline:
        return text
    text = f"( {text} )"
    if len(data) > 2:
        text += f" ; {int.from_bytes(data[:2], 'big')} {data[2]} {len(data) - 3}"
    return text


def _tlsa(wire: WireData, style: RdataStyle) -> str:
    head = f"{wire.u8()} {wire.u8()} {wire.u8()}"
    return style.closed(style.opened(head) + hex_field(wire.rest(), style))


def _hip(wire: WireData, style: RdataStyle) -> str:
    hit_length, algorithm, key_length = wire.u8(), wire.u8(), wire.u16()
    parts = [f"{algorithm} {wire.take(hit_length).hex().upper()}"]
    parts.append(base64.b64encode(wire.take(key_length)).decode())
    while wire.left:
        parts.append(wire.name())
    return style.wrapped(style.linebreak.join(parts))


def _spaced_base64_blob(wire: WireData, style: RdataStyle) -> str:
    # BRID and HHIT open with " (" on the rdata's own line rather than "( "
    text = base64_field(wire.rest(), style)
    return f" ({text} )" if style.multiline else text


def _svc_key(key: int) -> str:
    return SVCB_KEYS.get(key, f"key{key}")


def alpn_id(data: bytes) -> str:
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


def _svc_value(key: int, value: bytes) -> str:
    """One SvcParamValue in generic_totext_in_svcb's encoding for its key."""
    if key == 0:
        keys = WireData(value)
        return ",".join(_svc_key(keys.u16()) for _ in range(len(value) // 2))
    if key == 1:
        return '"' + ",".join(map(alpn_id, counted_strings(WireData(value)))) + '"'
    if key == 3:
        return str(int.from_bytes(value, "big"))
    if key == 4:
        return ",".join(ipv4(value[i : i + 4]) for i in range(0, len(value), 4))
    if key == 5:
        return base64.b64encode(value).decode()
    if key == 6:
        # svcb_64.c calls inet_ntop itself: no YAML adjustment here
        return ",".join(ipv6(value[i : i + 16], yaml=False) for i in range(0, len(value), 16))
    return txt(value)


def _svcb(wire: WireData, style: RdataStyle) -> str:
    parts = [str(wire.u16()), wire.name()]
    while wire.left:
        key, value = wire.u16(), wire.take(wire.u16())
        # an empty value (no-default-alpn, or any key) prints as the bare key
        parts.append(_svc_key(key) + (f"={_svc_value(key, value)}" if value else ""))
    return " ".join(parts)


def _dsync(wire: WireData, style: RdataStyle) -> str:
    rdtype, scheme, port = wire.u16(), wire.u8(), wire.u16()
    return f"{type_text(rdtype)} {table_text(DSYNC_SCHEMES, scheme)} {port} {wire.name()}"


def _nid(wire: WireData, style: RdataStyle) -> str:
    preference = wire.u16()
    return f"{preference} " + ":".join(f"{wire.u16():x}" for _ in range(4))


def _l32(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.u16()} {ipv4(wire.take(4))}"


def _eui(size: int) -> Render:
    def render(wire: WireData, style: RdataStyle) -> str:
        return "-".join(f"{byte:02x}" for byte in wire.take(size))

    return render


def _uri(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.u16()} {wire.u16()} {txt(wire.rest())}"


def _doa(wire: WireData, style: RdataStyle) -> str:
    head = f"{wire.u32()} {wire.u32()} {wire.u8()} {txt(wire.counted())}"
    data = wire.rest()
    return f"{head} {base64.b64encode(data).decode() if data else '-'}"


def _amtrelay(wire: WireData, style: RdataStyle) -> str:
    precedence, kind = wire.u8(), wire.u8()
    return f"{precedence} {kind >> 7} {kind & 0x7F} {_gateway(wire, kind & 0x7F, style)}"


_T = dns.rdatatype

# Types BIND prints the same way in every class.
_ANY_CLASS: dict[int, Render] = {
    _T.HINFO: _hinfo,
    14: _two_names,  # MINFO
    _T.RP: _two_names,
    _T.X25: _x25,
    _T.GPOS: _gpos,
    _T.LOC: _loc,
    30: _nxt,  # NXT
    _T.NAPTR: _naptr,
    _T.CERT: _cert,
    40: _sink,  # SINK
    _T.OPT: _opt,
    _T.SSHFP: _sshfp,
    _T.IPSECKEY: _ipseckey,
    _T.TLSA: _tlsa,
    _T.SMIMEA: _tlsa,
    _T.HIP: _hip,
    58: _two_names,  # TALINK
    _T.DSYNC: _dsync,
    _T.HHIT: _spaced_base64_blob,
    _T.BRID: _spaced_base64_blob,
    _T.NID: _nid,
    _T.L32: _l32,
    _T.L64: _nid,
    _T.EUI48: _eui(6),
    _T.EUI64: _eui(8),
    _T.URI: _uri,
    259: _doa,  # DOA
    _T.AMTRELAY: _amtrelay,
}

# Types with a class-specific format (lib/dns/rdata/in_1, ch_3, hs_4, any_255).
_BY_CLASS: dict[tuple[int, int], Render] = {
    (dns.rdataclass.CH, _T.A): _ch_a,
    (dns.rdataclass.IN, _T.WKS): _wks,
    (dns.rdataclass.IN, _T.NSAP): _nsap,
    (dns.rdataclass.IN, _T.PX): _px,
    (dns.rdataclass.IN, 31): _hex_blob,  # EID
    (dns.rdataclass.IN, 32): _hex_blob,  # NIMLOC
    (dns.rdataclass.IN, 34): _atma,  # ATMA
    (dns.rdataclass.IN, _T.A6): _a6,
    (dns.rdataclass.IN, _T.APL): _apl,
    (dns.rdataclass.IN, _T.DHCID): _dhcid,
    (dns.rdataclass.IN, _T.SVCB): _svcb,
    (dns.rdataclass.IN, _T.HTTPS): _svcb,
}


def other_renderer(rdclass: int, rdtype: int) -> Render | None:
    """The renderer of one of these types, else of a DNSSEC or TSIG type, or None (the
    RFC 3597 form)."""
    render = _BY_CLASS.get((rdclass, rdtype)) or _ANY_CLASS.get(rdtype)
    if render is None:  # DNSSEC's and TSIG's types (or none): a plain lookup shows none
        from pydig.render.records.rdata_dnssec import dnssec_renderer

        return dnssec_renderer(rdclass, rdtype)
    return render

"""The rdata of DNSSEC and transaction-security types: signatures, keys, digests,
NSEC/NSEC3 and TSIG/TKEY."""

from __future__ import annotations

import base64

import dns.rdataclass
import dns.rdatatype

from pydig.render.records.fields import Render, hex_field, split_runs
from pydig.render.records.fields_dnssec import base64_field, computed_key_id, time32, type_list
from pydig.render.records.mnemonics import SECALGS, TSIG_RCODES, is_known, table_text, type_text
from pydig.render.records.style import RdataStyle
from pydig.render.records.wire_data import NotRepresentable, WireData
from pydig.wire.bitmaps import bitmap_types


def _signature(wire: WireData, style: RdataStyle, *, sig: bool) -> str:
    covered = wire.u16()
    # SIG (like NXT) prints a type BIND has no name for as a bare number, RRSIG as TYPEnnn
    covered_text = type_text(covered) if is_known(covered) or not sig else str(covered)
    algorithm, labels, ttl = wire.u8(), wire.u8(), wire.u32()
    expiry, inception = time32(wire.u32()), time32(wire.u32())
    tag, signer = wire.u16(), wire.name()
    # +nocrypto leaves out an RRSIG's signature, never a SIG's
    signature = base64_field(wire.rest(), style) if style.crypto or sig else _OMITTED
    if sig:
        head = f"{covered_text} {algorithm} {labels} {ttl} {expiry}"
        middle = f"{inception} {tag} {signer}"
    else:
        head = f"{covered_text} {algorithm} {labels} {ttl}"
        middle = f"{expiry} {inception} {tag} {signer}"
    return style.closed(style.opened(head) + middle + style.linebreak + signature)


def rrsig(wire: WireData, style: RdataStyle) -> str:
    return _signature(wire, style, sig=False)


def sig(wire: WireData, style: RdataStyle) -> str:
    return _signature(wire, style, sig=True)


def _algorithm_name(algorithm: int, key: bytes) -> str:
    # PRIVATEDNS keys start with the domain name that identifies their algorithm
    # (written the dns_name_format way, without the final dot)
    return (
        WireData(key).name(omit_final_dot=True)
        if algorithm == 253
        else table_text(SECALGS, algorithm)
    )


def _key(wire: WireData, style: RdataStyle, *, rdtype: int) -> str:
    flags, protocol, algorithm = wire.u16(), wire.u8(), wire.u8()
    head = f"{flags} {protocol} {algorithm}"
    # a KEY with both "no authentication" and "no confidentiality" bits carries no key
    if rdtype == dns.rdatatype.KEY and flags & 0xC000 == 0xC000:
        return head
    key, key_id = wire.rest(), computed_key_id(wire.data)
    text = style.opened(head) + (
        base64_field(key, style) if style.crypto else f"[key id = {key_id}]"
    )
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


def key_of(rdtype: int) -> Render:
    def render(wire: WireData, style: RdataStyle) -> str:
        return _key(wire, style, rdtype=rdtype)

    return render


_OMITTED = "[omitted]"  # what +nocrypto shows instead of a digest or a signature


def _digest(data: bytes, style: RdataStyle) -> str:
    return hex_field(data, style) if style.crypto else _OMITTED


def ds(wire: WireData, style: RdataStyle) -> str:
    head = f"{wire.u16()} {wire.u8()} {wire.u8()}"
    return style.closed(style.opened(head) + _digest(wire.rest(), style))


def typemap(wire: WireData) -> list[list[int]]:
    """NSEC-style windowed type bitmaps, one list of types per window."""
    windows = []
    while wire.left:
        window, length = wire.u8(), wire.u8()
        if not 0 < length <= 32:
            raise NotRepresentable("bad type bitmap")
        windows.append(bitmap_types(wire.take(length), window * 256))
    return windows


def _with_types(head: str, wire: WireData) -> str:
    """A head followed by a type bitmap on the same line (no trailing space when empty)."""
    types = [rdtype for window in typemap(wire) for rdtype in window]
    return f"{head} {type_list(types)}" if types else head


def nsec(wire: WireData, style: RdataStyle) -> str:
    return _with_types(wire.name(), wire)


def _salt(data: bytes) -> str:
    return data.hex().upper() if data else "-"


def nsec3(wire: WireData, style: RdataStyle) -> str:
    head = f"{wire.u8()} {wire.u8()} {wire.u16()} {_salt(wire.counted())}"
    next_hash = base64.b32hexencode(wire.counted()).decode().rstrip("=")
    if not style.multiline:
        return _with_types(f"{head} {next_hash}", wire)
    # multiline: each bitmap window on a line of its own
    windows = "".join(style.linebreak + type_list(window) for window in typemap(wire))
    return style.closed(style.opened(head) + next_hash + windows)


def nsec3param(wire: WireData, style: RdataStyle) -> str:
    return f"{wire.u8()} {wire.u8()} {wire.u16()} {_salt(wire.counted())}"


def openpgpkey(wire: WireData, style: RdataStyle) -> str:
    return style.wrapped(base64_field(wire.rest(), style) if style.crypto else _OMITTED)


def csync(wire: WireData, style: RdataStyle) -> str:
    return _with_types(f"{wire.u32()} {wire.u16()}", wire)


def zonemd(wire: WireData, style: RdataStyle) -> str:
    if wire.left <= 6:
        raise NotRepresentable("ZONEMD too short")
    head = f"{wire.u32()} {wire.u8()} {wire.u8()}"
    return style.closed(style.opened(head) + _digest(wire.rest(), style))


def tkey(wire: WireData, style: RdataStyle) -> str:
    algorithm, inception, expiration = wire.name(), wire.u32(), wire.u32()
    mode, error = wire.u16(), table_text(TSIG_RCODES, wire.u16())
    key = wire.take(wire.u16())
    text = style.opened(f"{algorithm} {inception} {expiration} {mode} {error} {len(key)}")
    text += base64_field(key, style) + (" ) " if style.multiline else " ")
    other = wire.take(wire.u16())
    text += str(len(other))
    if other:
        text += style.closed(style.opened("") + base64_field(other, style))
    return text


def tsig(wire: WireData, style: RdataStyle) -> str:
    algorithm = wire.name()
    signed = int.from_bytes(wire.take(6), "big")
    fudge, mac = wire.u16(), wire.take(wire.u16())
    text = f"{algorithm} {signed} {fudge} {len(mac)}"
    if mac:
        text = style.opened(text) + base64_field(mac, style) + (" ) " if style.multiline else " ")
    else:
        text += " "
    original_id, error = wire.u16(), table_text(TSIG_RCODES, wire.u16())
    other = wire.take(wire.u16())
    # "other data" is split at 60 columns with plain spaces whatever the style, unless
    # splitting is off
    other_text = base64.b64encode(other).decode()
    if style.width:
        other_text = split_runs(other_text, 56, " ")
    return f"{text}{original_id} {error} {len(other)} {other_text}"


_T = dns.rdatatype

# What pydig.render.records.rdata_common's tables leave to this module, which it loads only when
# a record of these types (or of none it knows) is shown.
_ANY_CLASS: dict[int, Render] = {
    _T.SIG: sig,
    _T.KEY: key_of(_T.KEY),
    _T.DS: ds,
    _T.RRSIG: rrsig,
    _T.NSEC: nsec,
    _T.DNSKEY: key_of(_T.DNSKEY),
    _T.NSEC3: nsec3,
    _T.NSEC3PARAM: nsec3param,
    57: key_of(57),  # RKEY
    _T.CDS: ds,
    _T.CDNSKEY: key_of(_T.CDNSKEY),
    _T.OPENPGPKEY: openpgpkey,
    _T.CSYNC: csync,
    _T.ZONEMD: zonemd,
    _T.TKEY: tkey,
    32768: ds,  # TA
    _T.DLV: ds,
}


def dnssec_renderer(rdclass: int, rdtype: int) -> Render | None:
    """The renderer of one of these types, or None (the RFC 3597 form)."""
    if rdclass == dns.rdataclass.ANY and rdtype == _T.TSIG:
        return tsig
    return _ANY_CLASS.get(rdtype)

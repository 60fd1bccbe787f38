"""The text of an EDNS option other than COOKIE as BIND's lib/dns/message.c prints it in
the OPT pseudosection, and the fields +yaml shares: apart from dig.py's full text, whose
plain reply has no option but its COOKIE."""

from __future__ import annotations

import dns.edns
import dns.ipv4
import dns.ipv6

from pydig.render.records.fields import ttl_text
from pydig.wire.protocol import CLIENT_TAG, KEY_TAG, LLQ, SERVER_TAG

EDE_TEXT = (
    "Other", "Unsupported DNSKEY Algorithm", "Unsupported DS Digest Type", "Stale Answer",
    "Forged Answer", "DNSSEC Indeterminate", "DNSSEC Bogus", "Signature Expired",
    "Signature Not Yet Valid", "DNSKEY Missing", "RRSIGs Missing", "No Zone Key Bit Set",
    "NSEC Missing", "Cached Error", "Not Ready", "Blocked", "Censored", "Filtered",
    "Prohibited", "Stale NXDOMAIN Answer", "Not Authoritative", "Not Supported",
    "No Reachable Authority", "Network Error", "Invalid Data",
)  # fmt: skip


def printable(data: bytes, *, utf8: bool = False) -> str:
    """An option's bytes with what isprint() refuses as "."; valid UTF-8 (EDE's extra text)
    keeps its non-ASCII characters."""
    if utf8:
        text = data.decode("utf-8")
        return "".join(char if not char.isascii() or char.isprintable() else "." for char in text)
    return "".join(chr(byte) if 0x20 <= byte < 0x7F else "." for byte in data)


def is_utf8(data: bytes) -> bool:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return True


def hex_bytes(data: bytes) -> str:
    """Option bytes in hex, each followed by a space."""
    return "".join(f"{byte:02x} " for byte in data)


def option_text(code: int, data: bytes) -> str:
    """One EDNS option other than COOKIE (dig.py's option_line) as message.c prints it in
    the OPT pseudosection."""
    if code == LLQ and len(data) == LLQ_SIZE:
        return f"; LLQ:{llq_text(data)}\n"
    if code == dns.edns.OptionType.EXPIRE and len(data) == 4:
        seconds = int.from_bytes(data, "big")
        return f"; EXPIRE: {seconds} ({ttl_text(seconds, verbose=True)})\n"
    if code == dns.edns.OptionType.KEEPALIVE and len(data) == 2:
        tenths = int.from_bytes(data, "big")
        return f"; TCP KEEPALIVE: {tenths // 10}.{tenths % 10} secs\n"
    if code == dns.edns.OptionType.PADDING:
        return f"; PAD: ({len(data)} bytes)\n" if data else "; PAD:\n"
    if code == KEY_TAG and data and len(data) % 2 == 0:
        tags = ",".join(
            f" {int.from_bytes(data[i : i + 2], 'big')}" for i in range(0, len(data), 2)
        )
        return f"; KEY-TAG:{tags}\n"
    if code in (CLIENT_TAG, SERVER_TAG) and len(data) == 2:
        label = "CLIENT-TAG" if code == CLIENT_TAG else "SERVER-TAG"
        return f"; {label}: {int.from_bytes(data, 'big')}\n"
    if code == dns.edns.OptionType.EDE:
        return _ede_line(data)
    if code == dns.edns.OptionType.ECS:
        return _ecs_line(data)
    label = {
        LLQ: "; LLQ:",
        dns.edns.OptionType.NSID: "; NSID:",
        dns.edns.OptionType.EXPIRE: "; EXPIRE:",
        dns.edns.OptionType.KEEPALIVE: "; TCP KEEPALIVE:",
        KEY_TAG: "; KEY-TAG:",
        CLIENT_TAG: "; CLIENT-TAG:",
        SERVER_TAG: "; SERVER-TAG:",
    }.get(code, f"; OPT={code}:")
    if not data:
        return f"{label}\n"
    return f'{label} {hex_bytes(data)}("{printable(data)}")\n'


def _ede_line(data: bytes) -> str:
    if len(data) == 1:
        char = chr(data[0]) if 0x20 <= data[0] < 0x7F else "."
        return f'; EDE: {data[0]:02x} ("{char}")\n'
    if not data:
        return "; EDE:\n"
    info = int.from_bytes(data[:2], "big")
    text = f"; EDE: {info}"
    if info < len(EDE_TEXT):
        text += f" ({EDE_TEXT[info]})"
    extra = data[2:]
    if not extra:
        return text + "\n"
    if is_utf8(extra):
        return f"{text}: ({printable(extra, utf8=True)})\n"
    return f'{text}: {hex_bytes(extra)}("{printable(extra)}")\n'


def _ecs_line(data: bytes) -> str:
    text = ecs_text(data)
    if text is not None:
        return f"; CLIENT-SUBNET:{text}\n"
    return f"; CLIENT-SUBNET: {hex_bytes(data)}\n" if data else "; CLIENT-SUBNET:\n"


def ecs_text(data: bytes) -> str | None:
    """message.c's render_ecs: " address/source/scope", or None for a malformed option."""
    if len(data) < 4:
        return None
    family, source, scope = int.from_bytes(data[:2], "big"), data[2], data[3]
    size = (source + 7) // 8
    if len(data) - 4 < size or size > 16:
        return None
    address = data[4 : 4 + size].ljust(16, b"\0")
    if family == 0 and source == 0 and scope == 0:
        text = "0"
    elif family == 1 and source <= 32 and scope <= 32:
        text = dns.ipv4.inet_ntoa(address[:4])
    elif family == 2 and source <= 128 and scope <= 128:
        text = dns.ipv6.inet_ntoa(address)
    else:
        return None
    return f" {text}/{source}/{scope}"


LLQ_SIZE = 18


def llq_text(data: bytes) -> str:
    """message.c's render_llq: an 18-byte Long-Lived Query option, field by field."""
    version, opcode, error = (int.from_bytes(data[i : i + 2], "big") for i in (0, 2, 4))
    identifier, lifetime = int.from_bytes(data[6:14], "big"), int.from_bytes(data[14:], "big")
    return (
        f" Version: {version}, Opcode: {opcode}, Error: {error}, "
        f"Identifier: {identifier}, Lifetime: {lifetime}"
    )

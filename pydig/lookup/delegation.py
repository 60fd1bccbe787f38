"""What one reply says at one hop of a walk down the tree: pure readings of a message.

A referral names the child zone, its name servers, the glue for them and (signed
parents) the DS records; an answer or a negative answer ends the walk.
"""

from __future__ import annotations

import dns.flags
import dns.message
import dns.name
import dns.rcode
import dns.rdatatype
import dns.rrset

from pydig.immutable import immutable
from pydig.wire import bind_options  # noqa: F401 - dnspython parses referrals here: BIND's option rules

ANSWER, AUTHORITY, ADDITIONAL = 1, 2, 3  # indexes into dns.message.Message.sections


@immutable(kw_only=True)
class Signed:
    """An RRset and the RRSIG records that cover it (None: the reply carried none)."""

    rrset: dns.rrset.RRset
    sigs: dns.rrset.RRset | None = None


@immutable(kw_only=True)
class Delegation:
    """A referral: the child zone, its name servers, their glue and the parent's DS (or
    the NSEC / NSEC3 records that say it has none)."""

    zone: dns.name.Name
    ns: tuple[dns.name.Name, ...]
    glue: tuple[tuple[dns.name.Name, tuple[str, ...]], ...]
    ds: Signed | None = None
    no_ds: tuple[Signed, ...] = ()


def grouped(wire: bytes, fallback: dns.message.Message) -> dns.message.Message:
    """A reply with its records gathered into RRsets (the decoder keeps one record per
    RRset, as dig shows them); the decoded message as it is when dnspython refuses it."""
    try:
        return dns.message.from_wire(wire, ignore_trailing=True, keyring=False)
    except Exception:  # dnspython raises more than DNSException on bad input
        return fallback


def signed(
    message: dns.message.Message, section: int, name: dns.name.Name, rdtype: int
) -> Signed | None:
    """The section's RRset of this name and type with its signatures, if it has one."""
    return next(
        (
            item
            for item in signed_rrsets(message, section)
            if item.rrset.name == name and item.rrset.rdtype == rdtype
        ),
        None,
    )


def delegation(message: dns.message.Message, zone: dns.name.Name) -> Delegation | None:
    """The referral in a reply from `zone`'s servers: NS records in the authority section
    for a zone below `zone`, with no answer; None for anything else."""
    if message.answer or message.rcode() != dns.rcode.NOERROR:
        return None
    for rrset in message.authority:
        if rrset.rdtype == dns.rdatatype.NS and rrset.name.is_subdomain(zone):
            if rrset.name == zone:
                return None  # a horizontal referral leads nowhere new
            targets = tuple(sorted(rdata.target for rdata in rrset))
            ds = signed(message, AUTHORITY, rrset.name, dns.rdatatype.DS)
            return Delegation(
                zone=rrset.name,
                ns=targets,
                glue=tuple(
                    (target, addresses)
                    for target in targets
                    if (addresses := glue_addresses(message, target))
                ),
                ds=ds,
                no_ds=() if ds is not None else tuple(denial_rrsets(message, soa=False)),
            )
    return None


def glue_addresses(message: dns.message.Message, target: dns.name.Name) -> tuple[str, ...]:
    """The A and AAAA addresses the additional section gives a name server."""
    return tuple(
        rdata.address
        for rrset in message.additional
        if rrset.name == target and rrset.rdtype in (dns.rdatatype.A, dns.rdatatype.AAAA)
        for rdata in rrset
    )


def ns_names(message: dns.message.Message | None, zone: dns.name.Name) -> tuple[dns.name.Name, ...]:
    """The zone's NS set as its own servers give it in answer to `zone NS`."""
    for rrset in message.answer if message is not None else ():
        if rrset.rdtype == dns.rdatatype.NS and rrset.name == zone:
            return tuple(sorted(rdata.target for rdata in rrset))
    return ()


def is_authoritative(message: dns.message.Message) -> bool:
    return bool(message.flags & dns.flags.AA)


def what_it_said(message: dns.message.Message, zone: dns.name.Name) -> str:
    """A reply in a few words: "referral to leaf.hier. (1 NS, glue)", "answer (2 records)",
    "NXDOMAIN", "no data", "upward referral"."""
    rcode = message.rcode()
    if rcode != dns.rcode.NOERROR:
        return dns.rcode.to_text(rcode)
    records = sum(len(rrset) for rrset in message.answer)
    if records:
        return f"answer ({records} record{'s' * (records != 1)})"
    found = delegation(message, zone)
    if found is not None:
        glue = "glue" if found.glue else "no glue"
        signed_text = ", DS" if found.ds is not None else ""
        return f"referral to {found.zone} ({len(found.ns)} NS, {glue}{signed_text})"
    if any(rrset.rdtype == dns.rdatatype.NS for rrset in message.authority):
        return "upward or sideways referral"
    return "no data"


def answer_key(message: dns.message.Message) -> tuple[str, ...]:
    """What a reply says, in a form two servers' replies can be compared by: the RCODE,
    and the answer's records (or the referral's NS records), sorted; TTLs left out."""
    section = message.answer or [
        rrset for rrset in message.authority if rrset.rdtype == dns.rdatatype.NS
    ]
    records = sorted(
        f"{rrset.name} {dns.rdatatype.to_text(rrset.rdtype)} {rdata}"
        for rrset in section
        if rrset.rdtype != dns.rdatatype.RRSIG
        for rdata in rrset
    )
    return (dns.rcode.to_text(message.rcode()), *records)


def signed_rrsets(message: dns.message.Message, section: int) -> list[Signed]:
    """Every RRset of a section but the signatures, each with the RRSIGs covering it."""
    rrsets = message.sections[section]
    return [
        Signed(
            rrset=rrset,
            sigs=next(
                (
                    sigs
                    for sigs in rrsets
                    if sigs.rdtype == dns.rdatatype.RRSIG
                    and sigs.name == rrset.name
                    and sigs.covers == rrset.rdtype
                ),
                None,
            ),
        )
        for rrset in rrsets
        if rrset.rdtype != dns.rdatatype.RRSIG
    ]


def denial_rrsets(message: dns.message.Message, *, soa: bool = True) -> list[Signed]:
    """The NSEC / NSEC3 records of the authority section, and its SOA unless `soa` is False."""
    proofs = {dns.rdatatype.NSEC, dns.rdatatype.NSEC3}
    wanted = proofs | {dns.rdatatype.SOA} if soa else proofs
    return [item for item in signed_rrsets(message, AUTHORITY) if item.rrset.rdtype in wanted]


def unusable(message: dns.message.Message | None) -> str | None:
    """Why a reply has nothing DNSSEC can vouch for (no reply, SERVFAIL...); None if it has."""
    if message is None:
        return "no reply to check"
    if message.rcode() not in (dns.rcode.NOERROR, dns.rcode.NXDOMAIN):
        return f"the reply is {dns.rcode.to_text(message.rcode())}"
    return None

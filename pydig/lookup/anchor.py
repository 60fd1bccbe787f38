"""The trust anchor a DNSSEC check starts from: the root's keys, or a file of one's own.

+trust-anchor=FILE reads DS or DNSKEY records in zone-file syntax (a dsset- file from
dnssec-signzone, a K*.key file from dnssec-keygen, or lines copied from dig), all for one
zone, the top of the chain: a test bed's own root, or any zone to start below the root.
"""

from __future__ import annotations

import dns.exception
import dns.name
import dns.rdata
import dns.rdataclass
import dns.rdatatype
import dns.zonefile

from pydig.errors import PydigError

# The root zone's key-signing keys (IANA root-anchors.xml, BIND's bind.keys): KSK-2017
# and KSK-2024.
ROOT_ANCHORS = (
    "20326 8 2 E06D44B80B8F1D39A95C0B0D7C65D08458E880409BBC683457104237C7F8EC8D",
    "38696 8 2 683D2D0ACB8C9B712A1948B27F741219298D0A450D612C483AF444A4C0FB2B16",
)


class TrustAnchorError(PydigError):
    """The trust anchor file cannot be used."""


def root_anchors() -> tuple[dns.name.Name, list[dns.rdata.Rdata]]:
    return dns.name.root, [
        dns.rdata.from_text(dns.rdataclass.IN, dns.rdatatype.DS, text) for text in ROOT_ANCHORS
    ]


def parse_anchors(text: str, origin: str) -> tuple[dns.name.Name, list[dns.rdata.Rdata]]:
    """The zone and the DS / DNSKEY records of an anchor file's text; `origin` names the
    file in errors."""
    try:
        rrsets = dns.zonefile.read_rrsets(text, rdclass=None, default_ttl=0, origin=dns.name.root)
    except (dns.exception.DNSException, ValueError) as exc:
        raise TrustAnchorError(f"trust anchor {origin}: {exc}") from None
    kept = [r for r in rrsets if r.rdtype in (dns.rdatatype.DS, dns.rdatatype.DNSKEY)]
    owners = {rrset.name for rrset in kept}
    if len(owners) != 1:
        found = "no DS or DNSKEY record" if not owners else "records of more than one zone"
        raise TrustAnchorError(f"trust anchor {origin}: {found}")
    return owners.pop(), [rdata for rrset in kept for rdata in rrset]


def load_anchors(path: str | None) -> tuple[dns.name.Name, list[dns.rdata.Rdata]]:
    """The anchors in the file at `path`, or the root's when there is none."""
    if path is None:
        return root_anchors()
    try:
        with open(path, encoding="utf-8") as stream:
            text = stream.read()
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not text"
        raise TrustAnchorError(f"trust anchor {path}: {reason}") from None
    return parse_anchors(text, path)

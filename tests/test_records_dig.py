"""Every record the test named serves, printed by dig 9.18 and by pydig.render.records.

The records come from zone transfers of the project's zones plus the edge-case zones in
fixtures/expected/records/; for each RRset, dig is asked for it in every display style and
its output is compared, record by record, with what the renderer makes of the same rdata.

Run this file as a script to refresh fixtures/expected/records/dig-output.json, the
captured dig output that tests/test_records.py checks against without named:

    uv run python tests/test_records_dig.py
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import dns.name
import dns.query
import dns.rdata
import dns.rdataclass
import dns.rdataset
import dns.rdatatype
import dns.zone
import pytest
from helpers.testbed import ZONE_FILES, Named, NamedUnavailable, named_binary, running_named
from test_records import STYLES, question_text, record_text, style_of

from pydig.render.records.mnemonics import type_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import RecordStyle

ROOT = Path(__file__).resolve().parent.parent
EXPECTED = ROOT / "fixtures" / "expected" / "records"
CAPTURE = EXPECTED / "dig-output.json"
EXTRA_ZONES = ("edge.test", "soa1.edge.test", "soa2.edge.test")

# named's own message parser refuses an NSEC3 whose owner is not a base32hex hash
# ("bad owner name (check-names)"), so dig prints no answer for this one; the edge zone
# carries NSEC3 records with well-formed owners instead.
DIG_CANNOT_SHOW = {("nsec3.example.test.", "NSEC3")}


@dataclass(frozen=True)
class RRset:
    zone: str
    name: dns.name.Name
    ttl: int
    rdclass: int
    rdtype: int
    rdatas: tuple[dns.rdata.Rdata, ...]
    delegated: bool  # at or below a zone cut: dig shows it as a referral, never in +short

    @property
    def key(self) -> tuple[str, str]:
        return (self.name.to_text(), type_text(self.rdtype))

    @property
    def queryable(self) -> bool:
        # NSEC3 records sit outside the zone's tree: named answers no query for them
        return self.rdtype != dns.rdatatype.NSEC3


def extra_config() -> str:
    return "\n".join(
        f'zone "{zone}" {{ type primary; file "{EXPECTED / (zone + ".zone")}"; '
        "check-names ignore; };"
        for zone in EXTRA_ZONES
    )


def transfer(named: Named, zone: str) -> Iterator[RRset]:
    origin = dns.name.from_text(zone)
    xfr = dns.query.xfr(named.address, origin, port=named.port, relativize=False)
    contents = dns.zone.from_xfr(xfr, relativize=False)
    cuts = [
        name
        for name, node in contents.nodes.items()
        if name != origin and node.get_rdataset(dns.rdataclass.IN, dns.rdatatype.NS)
    ]
    for name, node in sorted(contents.nodes.items()):
        # dnspython keeps one RRSIG rdataset per covered type; dig's view is per type
        by_type: dict[int, list[dns.rdataset.Rdataset]] = {}
        for rdataset in node.rdatasets:
            by_type.setdefault(rdataset.rdtype, []).append(rdataset)
        for rdtype, rdatasets in by_type.items():
            yield RRset(
                zone=zone,
                name=name,
                ttl=rdatasets[0].ttl,
                rdclass=rdatasets[0].rdclass,
                rdtype=rdtype,
                rdatas=tuple(rdata for rdataset in rdatasets for rdata in rdataset),
                delegated=any(name.is_subdomain(cut) for cut in cuts),
            )


def uncompressed(named: Named, rrset: RRset) -> RRset:
    """dnspython keeps the rdata of types it does not know (MB, MINFO, ...) as received,
    compression pointers and all; dig +unknownformat gives the same records decompressed."""
    if not any(isinstance(rdata, dns.rdata.GenericRdata) for rdata in rrset.rdatas):
        return rrset
    lines = dig(named, "+short", "+unknownformat", *rrset.key).splitlines()
    rdclass, rdtype = (
        dns.rdataclass.RdataClass(rrset.rdclass),
        dns.rdatatype.RdataType(rrset.rdtype),
    )
    rdatas = tuple(dns.rdata.from_text(rdclass, rdtype, line) for line in lines)
    return replace(rrset, rdatas=rdatas)


def all_rrsets(named: Named) -> list[RRset]:
    zones = [*ZONE_FILES, *EXTRA_ZONES]
    rrsets = [rrset for zone in zones for rrset in transfer(named, zone)]
    return [uncompressed(named, rrset) for rrset in rrsets if rrset.key not in DIG_CANNOT_SHOW]


def dig(named: Named, *args: str) -> str:
    """dig's output without its ";;" lines: with +noall they are only warnings (a stray
    datagram, a retry), which would otherwise split one answer in two."""
    command = ["dig", f"@{named.address}", "-p", str(named.port), "+norec", *args]
    done = subprocess.run(command, capture_output=True, text=True, check=True, timeout=120)
    assert "Got bad packet" not in done.stdout, done.stdout
    lines = done.stdout.splitlines(keepends=True)
    warnings = [line for line in lines if line.startswith(";;")]
    # Seen when dig got named's own port and asked itself (testbed.free_port now rules
    # that out); a retry on a loaded machine would do the same.  Leave a trace in the log.
    if warnings:
        print(f"dig {' '.join(args[:8])} ...: {''.join(warnings)}", file=sys.stderr)
    return "".join(line for line in lines if not line.startswith(";;"))


def record_blocks(text: str) -> list[str]:
    """Split dig's section text into records; continuation lines of +multiline start blank."""
    blocks: list[str] = []
    for line in text.splitlines():
        if line[:1] in ("\t", " ") and blocks:
            blocks[-1] += "\n" + line
        elif line:
            blocks.append(line)
    return blocks


def first_fields(block: str, style: RecordStyle) -> tuple[str, str]:
    """The owner and type of a record block (a YAML item loses its "- '" first)."""
    fields = block.removeprefix("- '").split(None, 4)
    owner, rest = fields[0], fields[1:]
    rest = rest[int(style.ttlid) + int(style.show_class) :]
    return owner, rest[0]


def yaml_messages(output: str) -> list[tuple[str, str]]:
    """(question item, the other sections' items) of each message of dig +yaml output."""
    messages = []
    for message in output.split("- type: MESSAGE\n")[1:]:
        items = [line.strip() for line in message.splitlines() if line.startswith("        - ")]
        question = items[0] if "QUESTION_SECTION:" in message else ""
        messages.append((question, "\n".join(items[1:] if question else items)))
    return messages


def transfer_records(output: str) -> str:
    """The records of dig +noall +answer AXFR output, YAML items or plain lines."""
    if output.startswith("- type: MESSAGE"):
        return "\n".join(records for _, records in yaml_messages(output))
    return output


def text_messages(output: str) -> list[tuple[str, str]]:
    """(question line, the records after it) of each answer of dig +noall +question ..."""
    messages = []
    for answer in output.split("\n;"):
        question, _, records = answer.lstrip(";").partition("\n")
        messages.append((";" + question, records))
    return messages


def dig_styles(named: Named, rrsets: list[RRset]) -> dict[tuple[str, str], dict[str, Any]]:
    """Per RRset: dig's question line and its records in each style (one dig run per style)."""
    queries = [arg for rrset in rrsets for arg in rrset.key]
    found: dict[tuple[str, str], dict[str, Any]] = {rrset.key: {} for rrset in rrsets}
    sections = ["+noall", "+question", "+answer", "+authority", "+additional"]
    transferred = {rrset.zone for rrset in rrsets if not rrset.queryable}
    for style, flags in STYLES.items():
        record_style = style_of(flags)
        messages = yaml_messages if record_style.yaml else text_messages
        answers = messages(dig(named, *sections, *flags, *queries))
        assert len(answers) == len(rrsets), answers
        axfrs = {
            zone: transfer_records(dig(named, "+noall", "+answer", *flags, zone, "AXFR"))
            for zone in transferred
        }
        for rrset, (question, records) in zip(rrsets, answers, strict=True):
            found[rrset.key].setdefault("question", {})[style] = question
            records = records if rrset.queryable else axfrs[rrset.zone]
            found[rrset.key][style] = blocks_of(rrset, records, record_style)
    for rrset in rrsets:
        if rrset.queryable and not rrset.delegated:
            found[rrset.key]["short"] = sorted(dig(named, "+short", *rrset.key).splitlines())
    return found


def blocks_of(rrset: RRset, records: str, style: RecordStyle) -> list[str]:
    """dig's records for this RRset among all it printed, sorted (RRset order varies)."""
    key = (rrset.key[0], type_text(rrset.rdtype, unknown=style.unknownformat))
    return sorted(block for block in record_blocks(records) if first_fields(block, style) == key)


def rendered(rrset: RRset, style: RecordStyle) -> list[str]:
    return sorted(
        record_text(rrset.name, rrset.ttl, rrset.rdclass, rdata, style) for rdata in rrset.rdatas
    )


def generic_text(rdata: dns.rdata.Rdata) -> str:
    """The RFC 3597 form, which dnspython reads back exactly for every type."""
    wire = rdata.to_wire()
    return f"\\# {len(wire)} {wire.hex()}" if wire else "\\# 0"


def capture(named: Named) -> list[dict[str, Any]]:
    rrsets = all_rrsets(named)
    outputs = dig_styles(named, rrsets)
    return [
        {
            "name": rrset.name.to_text(),
            "ttl": rrset.ttl,
            "class": dns.rdataclass.to_text(dns.rdataclass.RdataClass(rrset.rdclass)),
            "type": rrset.key[1],
            "rdtype": rrset.rdtype,
            "rdata": [generic_text(rdata) for rdata in rrset.rdatas],
            "dig": outputs[rrset.key],
        }
        for rrset in rrsets
    ]


def tools_present() -> bool:
    return shutil.which("dig") is not None and named_binary() is not None


pytestmark = pytest.mark.skipif(
    not tools_present() and os.environ.get("CI") != "true",
    reason="needs BIND's named and dig (apt-get install bind9 bind9-dnsutils)",
)


@pytest.fixture(scope="module")
def served() -> Iterator[tuple[list[RRset], dict[tuple[str, str], dict[str, Any]]]]:
    if not tools_present():
        pytest.fail("CI=true but named or dig is missing")
    try:
        with running_named(extra_config=extra_config()) as named:
            rrsets = all_rrsets(named)
            yield rrsets, dig_styles(named, rrsets)
    except NamedUnavailable as exc:
        pytest.fail(f"named did not start: {exc}")


@pytest.mark.parametrize("style", list(STYLES))
def test_every_record_matches_dig(
    served: tuple[list[RRset], dict[tuple[str, str], dict[str, Any]]], style: str
) -> None:
    rrsets, outputs = served
    record_style = style_of(STYLES[style])
    mismatches = {
        rrset.key: (outputs[rrset.key][style], rendered(rrset, record_style))
        for rrset in rrsets
        if outputs[rrset.key][style] != rendered(rrset, record_style)
    }
    assert not mismatches


@pytest.mark.parametrize("style", list(STYLES))
def test_every_question_matches_dig(
    served: tuple[list[RRset], dict[tuple[str, str], dict[str, Any]]], style: str
) -> None:
    rrsets, outputs = served
    record_style = style_of(STYLES[style])
    mismatches = {
        rrset.key: (outputs[rrset.key]["question"][style], line)
        for rrset in rrsets
        if outputs[rrset.key]["question"][style]
        != (line := question_text(rrset.name, rrset.rdclass, rrset.rdtype, record_style))
    }
    assert not mismatches


def test_every_short_answer_matches_dig(
    served: tuple[list[RRset], dict[tuple[str, str], dict[str, Any]]],
) -> None:
    rrsets, outputs = served
    mismatches = {
        rrset.key: (outputs[rrset.key]["short"], mine)
        for rrset in rrsets
        if "short" in outputs[rrset.key]
        and outputs[rrset.key]["short"] != (mine := sorted(map(rdata_text, rrset.rdatas)))
    }
    assert not mismatches


def test_capture_file_is_current(
    served: tuple[list[RRset], dict[tuple[str, str], dict[str, Any]]],
) -> None:
    """The offline tests read dig's output from a file; it must still be what dig prints."""
    rrsets, outputs = served
    stored = {
        (entry["name"], entry["type"]): (sorted(entry["rdata"]), entry["dig"])
        for entry in load_capture()
    }
    live = {
        rrset.key: (sorted(map(generic_text, rrset.rdatas)), outputs[rrset.key]) for rrset in rrsets
    }
    assert stored == live


def load_capture() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = json.loads(CAPTURE.read_text())
    return entries


if __name__ == "__main__":
    with running_named(extra_config=extra_config()) as named:
        CAPTURE.write_text(json.dumps(capture(named), indent=1, ensure_ascii=True) + "\n")
    print(f"wrote {CAPTURE}", file=sys.stderr)

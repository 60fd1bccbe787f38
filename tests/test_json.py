"""+json: JSON Lines with RFC 8427's member names, one object per message and per failure.

Every differential command line is run again with +json in front: each line of standard
output must be a JSON object, and each message must round-trip: its records, rebuilt
from RDATAHEX, are the records of messageOctetsHEX and read as its rdata<TYPE> text.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import dns.message
import dns.rdata
import dns.rrset
import pytest
import test_differential
from helpers.differential import Case
from helpers.pydig_run import run_pydig
from helpers.testbed import Named
from helpers.views_cases import ports_for, run_case

from pydig.render.dig import header_counts, rcode_text
from pydig.render.records.rdata import rdata_text
from pydig.render.records.style import RecordStyle
from pydig.wire.decode import decode_reply, parse_any_opcode

CASES = test_differential.CASES
# The differential tests' fixtures: a port nothing listens on, the SERVFAIL named.
dead_port = test_differential.dead_port
broken_named = test_differential.broken_named

MESSAGE_MEMBERS = (
    "ID", "QR", "Opcode", "AA", "TC", "RD", "RA", "AD", "CD", "RCODE",
    "QDCOUNT", "ANCOUNT", "NSCOUNT", "ARCOUNT",
    "questionRRs", "answerRRs", "authorityRRs", "additionalRRs", "messageOctetsHEX",
)  # fmt: skip
PYDIG_MEMBERS = ("dateString", "dateSeconds", "status", "server", "port", "transport")
FAILURE_MEMBERS = ("QNAME", "servers", "port", "transport", "error", "notes")

Object = dict[str, Any]


def objects(stdout: str) -> list[Object]:
    """Every line of stdout as a JSON object: nothing else may be there."""
    parsed = [json.loads(line) for line in stdout.splitlines()]
    assert all(isinstance(value, dict) for value in parsed)
    return parsed


def record_key(record: Object) -> tuple[str, int, int, int, str]:
    return (record["NAME"], record["TYPE"], record["CLASS"], record["TTL"], record["RDATAHEX"])


def wire_keys(rrsets: list[dns.rrset.RRset]) -> list[tuple[str, int, int, int, str]]:
    return [
        (
            rrset.name.to_text(),
            rrset.rdtype,
            rrset.rdclass,
            rrset.ttl,
            rdata.to_wire().hex().upper(),
        )
        for rrset in rrsets
        for rdata in rrset
    ]


def check_message(value: Object) -> None:
    """The object says what its own messageOctetsHEX says, record for record."""
    for member in MESSAGE_MEMBERS:
        assert member in value, member
    wire = bytes.fromhex(value["messageOctetsHEX"])
    # As pydig reads a reply, or its own query (an option a reply may not have is kept).
    message = decode_reply(wire).message if value["QR"] else parse_any_opcode(wire)
    assert value["ID"] == message.id
    assert value["RCODE"] == message.rcode()
    assert value["QR"] == bool(message.flags & dns.flags.QR)
    assert value["AA"] == bool(message.flags & dns.flags.AA)
    assert value["RD"] == bool(message.flags & dns.flags.RD)
    counts = (value["QDCOUNT"], value["ANCOUNT"], value["NSCOUNT"], value["ARCOUNT"])
    assert counts == header_counts(wire)
    tsig = [message.tsig] if message.tsig is not None else []
    sections = {
        "answerRRs": message.answer,
        "authorityRRs": message.authority,
        "additionalRRs": [*message.additional, *tsig],  # the OPT record is "edns"
    }
    if message.edns >= 0:
        edns = value["edns"]
        assert (edns["version"], edns["udp"]) == (message.edns, message.payload)
        assert [o["code"] for o in edns["options"]] == [o.otype for o in message.options]
    else:
        assert "edns" not in value
    for member, rrsets in sections.items():
        assert [record_key(record) for record in value[member]] == wire_keys(rrsets), member
        for record in value[member]:
            data = bytes.fromhex(record["RDATAHEX"])
            rdata = dns.rdata.from_wire(record["CLASS"], record["TYPE"], data, 0, len(data))
            text = rdata_text(rdata, RecordStyle(split=0))
            assert record["rdata" + record["TYPEname"]] == text
            assert isinstance(record["fields"], dict)
    questions = [(q["NAME"], q["TYPE"], q["CLASS"]) for q in value["questionRRs"]]
    assert questions == [(q.name.to_text(), q.rdtype, q.rdclass) for q in message.question]


@pytest.mark.parametrize("case", CASES)
def test_every_differential_line_gives_json_that_round_trips(
    case: Case, named: Named, dead_port: int, tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    ports = ports_for(case, named, dead_port, request)
    outcome = run_case(
        case, ports=ports, resolv_conf=named.resolv_conf(), workdir=tmp_path, first_args=["+json"]
    )
    values = objects(outcome.stdout)
    if outcome.status == 0 and "-f" not in case.args:
        assert values, "a lookup that got a reply must give at least one object"
    for value in values:
        if "error" in value:
            for member in FAILURE_MEMBERS:
                assert member in value, member
        else:
            check_message(value)
            if value["QR"]:  # a reply (not a +qr query): pydig's own members too
                for member in PYDIG_MEMBERS:
                    assert member in value, member
                assert value["status"] == rcode_text(value["RCODE"])


def lookup(named: Named, *args: str, stdin: str = "") -> list[Object]:
    outcome = run_pydig(
        ["-r", "@127.0.0.1", "-p", str(named.port), *args],
        resolv_conf=named.resolv_conf(),
        stdin=stdin,
    )
    assert outcome.stderr == ""
    return objects(outcome.stdout)


def test_one_object_per_lookup_with_rfc_8427_names(named: Named) -> None:
    (value,) = lookup(named, "+json", "example.test", "A")
    assert (value["QNAME"], value["QTYPEname"], value["QCLASSname"]) == ("example.test.", "A", "IN")
    assert value["QR"] is True and value["RCODE"] == 0 and value["status"] == "NOERROR"
    assert [r["rdataA"] for r in value["answerRRs"]] == ["192.0.2.1"]
    assert value["server"] == "127.0.0.1" and value["port"] == named.port
    assert value["transport"] == "UDP" and value["queryTimeMs"] >= 0
    assert "notes" not in value


def test_nxdomain_is_a_message_with_its_status(named: Named) -> None:
    (value,) = lookup(named, "+json", "nx.example.test")
    assert value["status"] == "NXDOMAIN" and value["RCODE"] == 3
    assert [r["TYPEname"] for r in value["authorityRRs"]] == ["SOA"]


def test_several_lookups_and_a_batch_stream_one_line_each(named: Named) -> None:
    batch = "linuxvoice.test MX\nnx.example.test\n"
    values = lookup(named, "+json", "example.test", "-x", "192.0.2.10", "-f", "-", stdin=batch)
    names = [value["QNAME"] for value in values]
    assert names == [
        "example.test.",
        "10.2.0.192.in-addr.arpa.",
        "linuxvoice.test.",
        "nx.example.test.",
    ]


@pytest.mark.parametrize("view", ["+json", "+table"])
def test_views_are_global_wherever_they_appear(named: Named, view: str) -> None:
    """`pydig a b +json | jq .` gets JSON for both lookups: a mixed stream is no use."""
    args = ["-r", "@127.0.0.1", "-p", str(named.port), "example.test", "nx.example.test", view]
    outcome = run_pydig(args, resolv_conf=named.resolv_conf())
    if view == "+json":
        statuses = [json.loads(line)["status"] for line in outcome.stdout.splitlines()]
        assert statuses == ["NOERROR", "NXDOMAIN"]
    else:
        assert "<<>>" not in outcome.stdout and outcome.stdout.count("NXDOMAIN") == 1
        assert outcome.stdout.count("NOERROR") == 1


def test_nojson_after_a_name_goes_back_to_text_for_all(named: Named) -> None:
    args = ["-r", "@127.0.0.1", "-p", str(named.port), "+json", "+short", "example.test"]
    outcome = run_pydig([*args, "nx.example.test", "+nojson"], resolv_conf=named.resolv_conf())
    assert outcome.stdout == "192.0.2.1\n"


def test_truncation_note_goes_in_the_reply(named: Named) -> None:
    (value,) = lookup(named, "+json", "big.example.test", "TXT")
    assert value["transport"] == "TCP"
    assert value["notes"] == ["Truncated, retrying in TCP mode."]


def test_a_failure_is_an_object_in_the_same_stream(named: Named, dead_port: int) -> None:
    outcome = run_pydig(
        ["-r", "@127.0.0.1", "-p", str(dead_port), "+tries=1", "+time=1", "+json", "example.test"],
        resolv_conf=named.resolv_conf(),
    )
    (value,) = objects(outcome.stdout)
    assert outcome.status == 9
    assert value["error"] == "no servers could be reached"
    assert value["QNAME"] == "example.test." and value["QTYPEname"] == "A"
    assert value["servers"] == ["127.0.0.1"] and value["port"] == dead_port
    assert value["notes"] and value["notes"][0].startswith("communications error to 127.0.0.1#")


def test_zone_transfer_gives_one_object_per_message(named: Named) -> None:
    values = lookup(named, "+json", "linuxvoice.test", "AXFR")
    assert values and all(value["transport"] == "TCP" for value in values)
    types = [r["TYPEname"] for value in values for r in value["answerRRs"]]
    assert types[0] == types[-1] == "SOA"


def test_qr_adds_the_query_as_an_object(named: Named) -> None:
    query, reply = lookup(named, "+json", "+qr", "example.test")
    assert query["QR"] is False and reply["QR"] is True
    assert query["ID"] == reply["ID"]


def test_names_stay_ascii_whatever_idnout_says(idn_named: Named) -> None:
    (value,) = lookup(idn_named, "+json", "+idnout", "xn--caf-dma.idn.test")
    assert value["QNAME"] == "xn--caf-dma.idn.test."
    assert value["answerRRs"][0]["rdataCNAME"] == "xn--bcher-kva.idn.test."


def test_each_record_has_its_fields(named: Named) -> None:
    (mx,) = lookup(named, "+json", "example.test", "MX")
    assert [r["fields"] for r in mx["answerRRs"]] == [
        {"preference": 10, "exchange": "mail.example.test."},
        {"preference": 20, "exchange": "mail2.example.test."},
    ]
    (soa,) = lookup(named, "+json", "example.test", "SOA")
    assert soa["answerRRs"][0]["fields"]["serial"] == 2026112501
    (nsec,) = lookup(named, "+json", "nsec.example.test", "NSEC")
    assert nsec["answerRRs"][0]["fields"]["windows"] == ["A", "MX", "RRSIG", "NSEC", "TYPE1234"]


def test_txt_fields_are_decoded_strings(named: Named) -> None:
    (txt,) = lookup(named, "+json", "txt.example.test", "TXT")
    strings = [r["fields"]["strings"] for r in txt["answerRRs"]]
    assert ["hello world", "second string"] in strings
    assert ['quote " and backslash \\ and tab\t'] in strings  # as the server has them


def test_opt_is_edns_not_an_additional_record(named: Named) -> None:
    (value,) = lookup(named, "+json", "+nsid", "+dnssec", "example.test")
    assert "OPT" not in [r["TYPEname"] for r in value["additionalRRs"]]
    edns = value["edns"]
    assert (edns["version"], edns["flags"], edns["udp"]) == (0, ["do"], 1232)
    nsid = next(o for o in edns["options"] if o["name"] == "NSID")
    assert nsid["code"] == 3 and nsid["value"].endswith('("pydig-test-named")')
    assert bytes.fromhex(nsid["dataHEX"]) == b"pydig-test-named"


def test_fields_are_read_from_the_rdata_generically() -> None:
    from pydig.render.rdata_fields import rdata_fields

    txt = dns.rdata.from_text("IN", "TXT", '"caf\\195\\169" "\\255"')
    assert rdata_fields(txt) == {"strings": ["café", "\ufffd"]}  # UTF-8, else U+FFFD
    ds = dns.rdata.from_text("IN", "DS", "60485 13 1 " + "AB" * 20)
    assert rdata_fields(ds) == {"key_tag": 60485, "algorithm": 13, "digest_type": 1,
                                "digest": "ab" * 20}  # fmt: skip
    a = dns.rdata.from_text("IN", "A", "192.0.2.1")
    assert rdata_fields(a) == {"address": "192.0.2.1"}
    caa = dns.rdata.from_text("IN", "CAA", '0 issue "ca.example"')
    assert rdata_fields(caa) == {"flags": 0, "tag": "issue", "value": "ca.example"}
    svcb = dns.rdata.from_text("IN", "SVCB", '1 host.example. alpn="h2,h3" port=8443')
    assert rdata_fields(svcb) == {
        "priority": 1, "target": "host.example.", "params": {"alpn": "h2,h3", "port": "8443"}
    }  # fmt: skip

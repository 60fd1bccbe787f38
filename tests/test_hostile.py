"""pydig against a responder that misbehaves on purpose (tests/helpers/hostile.py).

Each behaviour's outcome was decided with dig 9.18 as the reference: pydig prints
dig's warning lines and keeps waiting where dig keeps waiting.  It differs where
dig is plainly wrong, and the man page says so (DIFFERENCES FROM DIG): a reply
that cannot be used ends with status 9, where dig exits 0 after "Got bad packet"
or a TCP error that cancels the lookup.

test_behaviour checks pydig's own outcome and runs without dig;
test_same_as_dig compares the two programs line for line where pydig follows dig.
Tests assert what happened, never how fast: the only clock is an upper bound
generous enough for any machine (timeout x tries + 5 s).
"""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from helpers.differential import diff, normalize
from helpers.hostile import ESCAPE_TEXT, MARKUP_TEXT, HostileServer
from helpers.pydig_run import Outcome, run_pydig

from pydig.wire.decode import hex_dump

WAIT = ["+timeout=1", "+tries=1"]
SLACK = 5.0  # seconds on top of timeout x tries that any run may take


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def ask(server: HostileServer, name: str, *args: str) -> Outcome:
    return run_pydig(["-r", f"@{server.address}", "-p", str(server.port), *WAIT, *args, name])


@dataclass(frozen=True)
class Case:
    """One behaviour: the query name, extra options, and what pydig must do."""

    name: str
    status: int
    present: tuple[str, ...] = ()  # regular expressions, each matching a whole line
    absent: tuple[str, ...] = ()  # regular expressions no line may match
    args: tuple[str, ...] = ()
    counts: dict[str, int] = field(default_factory=dict)  # line pattern -> how many lines


ANSWER = r"\S+\.test\.\s+300\s+IN\s+A\s+192\.0\.2\.1"
TIMED_OUT = r";; communications error to 127\.0\.0\.1#\d+: timed out"
END_OF_FILE = r";; communications error to 127\.0\.0\.1#\d+: end of file"
NO_SERVERS = r";; no servers could be reached"
MALFORMED = r";; Warning: Message parser reports malformed message packet\."
DUMP_SIZE = r"\d+ bytes"
DUMP_LINE = r"([0-9a-f]{2} ){1,16}\s+\S+"
TRUNCATED = r";; Truncated, retrying in TCP mode\."


def bad_packet(reason: str) -> tuple[str, ...]:
    return (rf";; Got bad packet: {reason}", DUMP_SIZE, DUMP_LINE)


CASES = [
    Case("good.test", 0, (ANSWER,), absent=("Warning", "WARNING")),
    # No reply, or a useless one: ignored, and the wait goes on to the deadline.
    Case("silent.test", 9, (TIMED_OUT, NO_SERVERS)),
    Case("empty.test", 0, (r";; Warning: short \(< header size\) message received", ANSWER)),
    Case("short5.test", 0, (r";; Warning: short \(< header size\) message received", ANSWER)),
    Case("wrongid.test", 0, (r";; Warning: ID mismatch: expected ID \d+, got \d+", ANSWER)),
    Case("wrongidonly.test", 9, (r";; Warning: ID mismatch: expected ID \d+, got \d+", TIMED_OUT)),
    Case(
        "wrongidonly.test",
        9,
        args=("+tries=2",),
        counts={r";; Warning: ID mismatch: .*": 2, TIMED_OUT: 2, NO_SERVERS: 1},
    ),
    Case("othersource.test", 0, (ANSWER,), absent=("Warning",)),
    Case("othersourceonly.test", 9, (TIMED_OUT, NO_SERVERS), absent=(ANSWER,)),
    Case("echo.test", 0, (r";; Warning: query response not set", r";; flags: rd ad; .*")),
    Case(
        "othername.test",
        0,
        (r";; ;; Question section mismatch: got someone-else\.test/A/IN", ANSWER),
    ),
    Case("othertype.test", 0, (r";; ;; Question section mismatch: got othertype\.test/MX/IN",)),
    Case("update.test", 0, (r";; Warning: Opcode mismatch: expected QUERY, got UPDATE", ANSWER)),
    # Strange question or counts.
    Case("qd0answer.test", 0, (r";; flags: .*; QUERY: 0, ANSWER: 1, .*", r"qd0\.test\..*A.*")),
    Case("qd0servfail.test", 0, (r";; ->>HEADER<<- opcode: QUERY, status: SERVFAIL, .*",)),
    Case(
        "qd0formerr.test",
        0,
        (r";; WARNING: EDNS query returned status FORMERR - retry with '\+noedns'",),
    ),
    Case(
        "qd2.test",
        9,
        (MALFORMED, r";; ;; Question section mismatch: got second\.test/A/IN", TIMED_OUT),
    ),
    Case("ancount.test", 0, (MALFORMED, r";; flags: .* ANSWER: 3, .*", ANSWER)),
    # Broken names: bad packets, dumped as dig dumps them.
    Case("ptrself.test", 9, bad_packet("bad compression pointer"), absent=("Got answer",)),
    Case("ptrloop.test", 9, bad_packet("bad compression pointer")),
    Case("ptrpastend.test", 9, bad_packet("bad compression pointer")),
    Case("label40.test", 9, bad_packet("bad label type")),
    Case("longname.test", 9, bad_packet("name too long")),
    # Broken record data.
    Case("rdlenlong.test", 9, bad_packet("extra input data")),
    # Broken past the answer, which +short does not show: bad packets all the same.
    Case("adptrpastend.test", 9, bad_packet("bad compression pointer")),
    Case("nsrdlenlong.test", 9, bad_packet("extra input data")),
    Case("rdlenshort.test", 0, (MALFORMED, r";; WARNING: Message has 6 extra bytes at end")),
    Case("mx2.test", 0, (MALFORMED, r";; WARNING: Message has 2 extra bytes at end")),
    Case("trailing8.test", 0, (r";; WARNING: Message has 8 extra bytes at end", ANSWER)),
    # Truncation.
    Case("tcgood.test", 0, (TRUNCATED, ANSWER, r";; SERVER: .*\(TCP\)")),
    Case("tcclose.test", 9, (TRUNCATED, END_OF_FILE, NO_SERVERS)),
    Case("tctcp.test", 0, (TRUNCATED, r";; flags: qr aa tc rd ra; .*", r";; SERVER: .*\(TCP\)")),
    # EDNS trouble.
    Case(
        "formerr.test",
        0,
        (r";; WARNING: EDNS query returned status FORMERR - retry with '\+noedns'",),
    ),
    Case("badvers.test", 0, (ANSWER,), absent=("BADVERS",)),
    Case(
        "badvers.test",
        0,
        (r";; BADVERS, retrying with EDNS version 0\.", ANSWER),
        args=("+edns=1",),
        counts={r";; Got answer:": 1},
    ),
    Case("rcode4095.test", 0, (r";; ->>HEADER<<- opcode: QUERY, status: \?4095, .*",)),
    Case("twoopt.test", 0, (MALFORMED, r"\.\t+0\tCLASS1232 OPT\t", ANSWER)),
    Case("optanswer.test", 0, (MALFORMED, r"\.\t+0\tCLASS1232 OPT\t", ANSWER)),
    Case("optoverrun.test", 0, (MALFORMED, r";; WARNING: Message has 8 extra bytes at end")),
    Case("edebad.test", 9, bad_packet("malformed OPT option")),
    Case("ecsbad.test", 9, bad_packet("malformed OPT option")),
    Case("ecszero.test", 0, (r"; CLIENT-SUBNET: 0/0/0$", ANSWER)),
    Case("ecszerobad.test", 9, bad_packet("malformed OPT option")),
    Case("tagsodd.test", 9, bad_packet("malformed OPT option")),
    # Odd but legal data.
    Case("unknowntype.test", 0, (r"unknowntype\.test\.\s+300\s+IN\s+TYPE65280 \\# 5 01020304FF",)),
    Case(
        "unknownclass.test",
        0,
        (MALFORMED, r"unknownclass\.test\.\s+300\s+CLASS65280 A\t\\# 4 C0000201"),
    ),
    Case("ttlmax.test", 0, (r"ttlmax\.test\.\s+4294967295 IN\tA\t192\.0\.2\.1",)),
    Case(
        "tsig.test",
        0,
        (r";; TSIG PSEUDOSECTION:", r"key\.test\.\s+0\s+ANY\s+TSIG\s+hmac-sha256\. .*"),
    ),
    Case("cnameself.test", 0, (r"cnameself\.test\.\s+300\s+IN\s+CNAME\s+cnameself\.test\.",)),
    Case("big.test", 0, (r";; MSG SIZE  rcvd: 4\d{3}", r";; SERVER: .*\(UDP\)")),
    Case("duplicate.test", 0, (ANSWER,), counts={r";; Got answer:": 1}),
    # TCP misbehaviour.
    Case("tcpclose.test", 9, (END_OF_FILE, NO_SERVERS), args=("+tcp",)),
    Case("tcpzero.test", 9, (r";; ERROR: short \(< header size\) message",), args=("+tcp",)),
    Case("tcpshort.test", 9, (END_OF_FILE, NO_SERVERS), args=("+tcp",)),
    Case("tcpzero.test", 9, (TRUNCATED, r";; ERROR: short \(< header size\) message")),
    Case(
        "wrongidonly.test",
        9,
        (r";; ERROR: ID mismatch: expected ID \d+, got \d+",),
        args=("+tcp",),
        absent=(ANSWER,),
    ),
    Case(
        "othername.test",
        9,
        (r";; ;; Question section mismatch: got someone-else\.test/A/IN",),
        args=("+tcp",),
        absent=(ANSWER,),
    ),
    Case(
        "update.test",
        9,
        (r";; Warning: Opcode mismatch: expected QUERY, got UPDATE", END_OF_FILE),
        args=("+tcp",),
    ),
    Case("silent.test", 9, (TIMED_OUT, NO_SERVERS), args=("+tcp",)),
    # Transfers.
    Case("axfr.test", 0, (r";; XFR size: 4 records \(messages 2, bytes \d+\)",), args=("AXFR",)),
    Case(
        "axfrclose.test",
        9,
        (r"axfrclose\.test\.\s+300\s+IN\s+SOA\s.*", END_OF_FILE, NO_SERVERS),
        args=("AXFR",),
        absent=(r";; XFR size.*",),
    ),
    Case(
        "axfrid.test",
        0,
        (r";; XFR size: 4 records \(messages 2, bytes \d+\)",),
        args=("AXFR",),
        counts={r";; WARNING: ID mismatch: expected ID \d+, got \d+": 1},
    ),
]


def case_id(case: Case) -> str:
    return "-".join([case.name.removesuffix(".test"), *(a.strip("+") for a in case.args)])


def matching(lines: list[str], pattern: str) -> list[str]:
    return [line for line in lines if re.fullmatch(pattern, line)]


@pytest.mark.parametrize("case", [pytest.param(case, id=case_id(case)) for case in CASES])
def test_behaviour(case: Case, hostile: HostileServer) -> None:
    outcome = ask(hostile, case.name, *case.args)
    report = f"status {outcome.status}\n{outcome.stdout}{outcome.stderr}"
    assert outcome.status == case.status, report
    for pattern in case.present:
        assert matching(outcome.lines, pattern), f"no line matches {pattern!r}\n{report}"
    for pattern in case.absent:
        assert not [line for line in outcome.lines if re.search(pattern, line)], report
    for pattern, count in case.counts.items():
        assert len(matching(outcome.lines, pattern)) == count, f"{pattern!r}\n{report}"
    tries = 2 if "+tries=2" in case.args else 1
    assert outcome.seconds < 1 * tries + SLACK, report


def test_id_mismatch_names_both_ids(hostile: HostileServer) -> None:
    outcome = ask(hostile, "wrongid.test")
    found = re.search(r"expected ID (\d+), got (\d+)", outcome.stdout)
    assert found is not None, outcome.stdout
    expected, got = int(found[1]), int(found[2])
    assert got == (expected + 1) & 0xFFFF
    assert re.search(rf"id: {expected}\b", outcome.stdout)  # the answer is the right one


def test_bad_packet_dump_is_the_whole_reply(hostile: HostileServer) -> None:
    """dighost.c hex_dump: the size, then 16 bytes a line, hex and '!'..'}' as text."""
    lines = ask(hostile, "label40.test").lines
    start = lines.index(";; Got bad packet: bad label type")
    size = int(lines[start + 1].split()[0])
    dump = lines[start + 2 : start + 2 + (size + 15) // 16]
    data = bytes.fromhex("".join(line[:48] for line in dump))
    assert len(data) == size == 49
    assert data[2:4] == b"\x85\x80" and data[-4:] == bytes([192, 0, 2, 1])
    assert dump[0][48:57] == " " * 9
    text = "".join(line[57:] for line in dump)
    assert text == "".join(chr(b) if 0x21 <= b <= 0x7D else "." for b in data)


def test_hex_dump_of_a_partial_last_line() -> None:
    assert hex_dump(b"0123456789abcdef\x00 ~}") == (
        "20 bytes\n"
        "30 31 32 33 34 35 36 37 38 39 61 62 63 64 65 66          0123456789abcdef\n"
        "00 20 7e 7d " + " " * 36 + "         ...}"
    )


def test_slow_drip_cannot_stretch_the_deadline(hostile: HostileServer) -> None:
    """One byte every half second would take half a minute; the deadline is absolute."""
    outcome = ask(hostile, "tcpdrip.test", "+tcp", "+timeout=2")
    assert outcome.status == 9
    assert matching(outcome.lines, TIMED_OUT)
    assert outcome.seconds < 2 + SLACK


def test_slow_drip_after_truncation(hostile: HostileServer) -> None:
    outcome = ask(hostile, "tcpdrip.test", "+timeout=2")
    assert outcome.status == 9
    assert matching(outcome.lines, TRUNCATED) and matching(outcome.lines, TIMED_OUT)
    assert outcome.seconds < 2 + SLACK


def test_server_data_is_never_interpreted(hostile: HostileServer) -> None:
    """Markup and escape sequences in a TXT record print as dig prints them: literally, the
    control bytes as \\DDD."""
    outcome = ask(hostile, "markup.test", "+short")
    assert outcome.lines == [
        '"[/bold] [link=file:///etc/passwd]" "\\027[31mred\\027]8;;file:///etc/passwd\\007"'
    ]
    assert MARKUP_TEXT.decode() in outcome.stdout and ESCAPE_TEXT.decode() not in outcome.stdout


@pytest.mark.parametrize(
    "variables", [{"FORCE_COLOR": "1"}, {"NO_COLOR": "1"}], ids=["colour", "plain"]
)
def test_server_data_is_never_interpreted_in_colour(
    hostile: HostileServer, variables: dict[str, str]
) -> None:
    """Through rich's Console too: the characters are the server's, only styles are added."""
    args = ["-r", f"@{hostile.address}", "-p", str(hostile.port), *WAIT, "markup.test", "TXT"]
    outcome = run_pydig(args, variables=variables)
    plain = re.sub(r"\x1b\[[0-9;]*m", "", outcome.stdout)  # the styles pydig adds
    assert '"[/bold] [link=file:///etc/passwd]"' in plain
    assert '"\\027[31mred\\027]8;;file:///etc/passwd\\007"' in plain
    assert "\x1b]8;" not in outcome.stdout  # no hyperlink escape reaches the terminal
    assert "\x07" not in outcome.stdout


# --- the same as dig -------------------------------------------------------------------------

# Behaviours whose output and status are dig's, line for line.
SAME_AS_DIG = [
    "good", "silent", "empty", "short5", "wrongid", "wrongidonly", "othersource",
    "othersourceonly", "echo", "othername", "othertype", "update", "qd0answer",
    "qd0servfail", "qd0formerr", "qd2", "ancount", "rdlenshort", "mx2", "trailing8",
    "tcgood", "tcclose", "tctcp", "formerr", "badvers", "badvers +edns=1", "rcode4095",
    "twoopt", "optanswer", "optoverrun", "unknowntype", "unknownclass", "ttlmax", "tsig",
    "markup", "cnameself", "big", "duplicate", "tcpclose +tcp", "tcpshort +tcp",
    "echo +tcp", "update +tcp", "silent +tcp", "axfr AXFR", "axfrclose AXFR", "axfrid AXFR",
    "ecszero", "good AXFR", "formerr AXFR",
]  # fmt: skip
# Behaviours where dig says the same but exits 0 although it got no usable answer; pydig
# exits 9 (man page: DIFFERENCES FROM DIG).
SAME_BUT_STATUS_9 = [
    "ptrself", "ptrloop", "ptrpastend", "label40", "longname", "rdlenlong", "edebad", "ecsbad",
    "ecszerobad", "tagsodd", "tcpzero +tcp", "tcpzero", "wrongidonly +tcp", "othername +tcp",
    "adptrpastend", "nsrdlenlong",
]  # fmt: skip


def _normalize(text: str) -> str:
    text = normalize(text)
    # The message ID in a hex dump's first line, and in a TSIG record's original ID.
    text = re.sub(
        r"^[0-9a-f]{2} [0-9a-f]{2} (.{42})         ..", r"ID ID \g<1>         ..", text, flags=re.M
    )
    return re.sub(r"(AAAA= )\d+( NOERROR)", r"\g<1>ID\g<2>", text)


def run_program(command: list[str], home: Path) -> tuple[str, int]:
    done = subprocess.run(
        command, capture_output=True, text=True, timeout=60, check=False,
        env={"HOME": str(home), "TZ": "UTC", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert "Traceback" not in done.stderr, done.stderr
    return _normalize(done.stdout), done.returncode


@pytest.mark.parametrize(
    ("line", "status_9"),
    [pytest.param(line, False, id=line) for line in SAME_AS_DIG]
    + [pytest.param(line, True, id=line) for line in SAME_BUT_STATUS_9],
)
def test_same_as_dig(
    line: str, status_9: bool, hostile: HostileServer, dig_binary: str, tmp_path: Path
) -> None:
    name, *extra = line.split()
    args = ["-r", f"@{hostile.address}", "-p", str(hostile.port), *WAIT, f"{name}.test", *extra]
    dig_out, dig_status = run_program([dig_binary, *args], tmp_path)
    pydig_out, pydig_status = run_program([sys.executable, "-m", "pydig", *args], tmp_path)
    assert pydig_out == dig_out, diff(dig_out, pydig_out, "stdout")
    assert (dig_status, pydig_status) == ((0, 9) if status_9 else (dig_status, dig_status))

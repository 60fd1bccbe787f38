"""+table: a rich table per reply under a line with its status and server.

pydig runs in process against the test named with its output in a StringIO, which rich
lays out at the width COLUMNS gives; the tests read the table as a person would.
"""

from __future__ import annotations

import re

import test_differential
from helpers.pydig_run import Outcome, run_pydig
from helpers.testbed import Named

ANSI = re.compile(r"\x1b\[[0-9;]*m")
BORDER_LEFT = "╭│├╰"
BORDER_RIGHT = "╮│┤╯"

# The differential tests' fixture: a port nothing listens on.
dead_port = test_differential.dead_port


def table(named: Named, *args: str, width: int = 100, **variables: str) -> Outcome:
    return run_pydig(
        ["-r", "@127.0.0.1", "-p", str(named.port), "+table", *args],
        resolv_conf=named.resolv_conf(),
        variables={"COLUMNS": str(width), **variables},
    )


def table_lines(stdout: str) -> list[str]:
    return [line for line in stdout.splitlines() if line[:1] in BORDER_LEFT]


def cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip("│").split("│")]


def test_columns_status_and_server(named: Named) -> None:
    outcome = table(named, "example.test")
    heading = outcome.stdout.splitlines()[0]
    assert heading.startswith("NOERROR  example.test. IN A  from 127.0.0.1#")
    assert f"#{named.port} (UDP) in " in heading
    lines = table_lines(outcome.stdout)
    assert cells(lines[1]) == ["NAME", "TTL", "CLASS", "TYPE", "DATA"]
    assert cells(lines[3]) == ["example.test.", "1h", "IN", "A", "192.0.2.1"]
    assert outcome.status == 0


def test_sections_after_the_answer_are_named(named: Named) -> None:
    rows = [cells(line) for line in table_lines(table(named, "example.test").stdout)]
    labels = [row[0] for row in rows if row[1:] == ["", "", "", ""]]
    assert labels == ["authority", "additional"]
    assert ["ns2.example.test.", "1h", "IN", "AAAA", "2001:db8::54"] in rows


def test_display_switches_choose_the_sections(named: Named) -> None:
    rows = [
        cells(line)
        for line in table_lines(table(named, "+noall", "+answer", "example.test").stdout)
    ]
    assert [row[0] for row in rows if len(row) == 5] == ["NAME", "example.test."]


def test_nxdomain_shows_the_status_and_the_soa(named: Named) -> None:
    outcome = table(named, "nx.example.test")
    assert outcome.stdout.startswith("NXDOMAIN  nx.example.test. IN A")
    rows = [cells(line) for line in table_lines(outcome.stdout)]
    assert rows[3][0] == "authority"
    assert rows[4][3] == "SOA"


def test_the_table_fits_the_width_and_wide_data_wraps_in_its_cell(named: Named) -> None:
    for width in (60, 80, 120):
        outcome = table(named, "+noall", "+answer", "big.example.test", "TXT", width=width)
        lines = table_lines(outcome.stdout)
        assert lines, outcome
        for line in lines:
            assert len(line) <= width, line
            assert line[-1] in BORDER_RIGHT, line
        data_lines = [cells(line)[4] for line in lines[3:-1]]
        assert len(data_lines) > 1, "the long TXT record should wrap over several lines"
        assert len({len(line) for line in lines}) == 1, "every line of the table is as wide"


def test_several_lookups_and_a_batch_get_a_table_each(named: Named) -> None:
    outcome = run_pydig(
        ["-r", "@127.0.0.1", "-p", str(named.port), "+table", "example.test", "-f", "-"],
        resolv_conf=named.resolv_conf(),
        stdin="linuxvoice.test MX\n-x 192.0.2.10\n",
        variables={"COLUMNS": "100"},
    )
    headings = [line for line in outcome.stdout.splitlines() if line.startswith("NOERROR")]
    assert [heading.split()[1:4] for heading in headings] == [
        ["example.test.", "IN", "A"],
        ["linuxvoice.test.", "IN", "MX"],
        ["10.2.0.192.in-addr.arpa.", "IN", "PTR"],
    ]
    assert outcome.stdout.count("╭") == 3


def test_a_failure_is_said_in_words(named: Named, dead_port: int) -> None:
    outcome = run_pydig(
        ["-r", "@127.0.0.1", "-p", str(dead_port), "+tries=1", "+time=1", "+table", "x.test"],
        resolv_conf=named.resolv_conf(),
    )
    assert outcome.stdout.splitlines()[-1] == "no servers could be reached"
    assert outcome.status == 9


def test_colour_only_for_a_terminal_or_when_asked(named: Named) -> None:
    assert not ANSI.search(table(named, "example.test").stdout)
    assert ANSI.search(table(named, "example.test", FORCE_COLOR="1").stdout)
    assert ANSI.search(table(named, "+color", "example.test").stdout)
    assert not ANSI.search(table(named, "example.test", FORCE_COLOR="1", NO_COLOR="1").stdout)


def test_idnout_shows_names_in_unicode(idn_named: Named) -> None:
    outcome = table(idn_named, "+idnout", "+noall", "+answer", "xn--caf-dma.idn.test")
    rows = [cells(line) for line in table_lines(outcome.stdout)]
    assert ["café.idn.test.", "5m", "IN", "CNAME", "bücher.idn.test."] in [row[:5] for row in rows]


def test_in_a_pipe_nothing_wraps(named: Named) -> None:
    """Without a terminal (and without COLUMNS) the table takes its own width: the status
    line and every record stay on one line each."""
    args = ["-r", "@127.0.0.1", "-p", str(named.port), "+table", "+noall", "+answer"]
    outcome = run_pydig([*args, "big.example.test", "TXT"], resolv_conf=named.resolv_conf())
    heading = next(line for line in outcome.stdout.splitlines() if line.startswith("NOERROR"))
    assert heading.endswith(" ms")
    rows = [cells(line) for line in table_lines(outcome.stdout)][3:-1]
    assert rows and all(row[0] == "big.example.test." for row in rows)
    assert all(row[4].startswith('"record ') and row[4].endswith('"') for row in rows)
    assert not [line for line in outcome.stdout.splitlines() if line != line.rstrip()]


def test_at_a_narrow_width_names_and_the_status_line_stay_whole(named: Named) -> None:
    for width in (30, 50, 80):
        outcome = table(named, "big.example.test", "TXT", width=width)
        lines = outcome.stdout.splitlines()
        heading = next(line for line in lines if line.startswith("NOERROR"))
        assert heading.startswith("NOERROR  big.example.test. IN TXT  from 127.0.0.1#")
        assert heading.endswith(" ms"), heading  # not cut, not wrapped
        assert lines[0] == ";; Truncated, retrying in TCP mode."
        names = [cells(line)[0] for line in table_lines(outcome.stdout) if line[0] == "│"][1:]
        whole = {"", "big.example.test.", "authority", "additional", "example.test."}
        whole |= {"ns1.example.test.", "ns2.example.test."}
        assert set(names) <= whole, names
        assert "…" not in outcome.stdout

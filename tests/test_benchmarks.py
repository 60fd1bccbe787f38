"""The benchmarks' floors do the work they stand for: benchmarks/floor.py reads every
record of every reply, as dnspython's own message parser would; the true floor
(benchmarks/wire_floor.py) prints what dig +short prints, with its query template made
by struct or by dnspython."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import dns.message
import pytest
from helpers.testbed import Named
from test_testbed import ask_udp, make_query

BENCHMARKS = Path(__file__).resolve().parent.parent / "benchmarks"
FLOOR = BENCHMARKS / "floor.py"
WIRE_FLOOR = BENCHMARKS / "wire_floor.py"


def floor_records(text: str) -> list[str]:
    """The floor's lines for one reply, less its header, question and OPT lines."""
    return [line for line in text.splitlines() if not line.startswith((";", ". 0 "))]


def dnspython_records(wire: bytes) -> list[str]:
    """Every record of the reply as dnspython's message parser reads it."""
    message = dns.message.from_wire(wire)
    return [
        line for section in message.sections[1:] for rrset in section
        for line in rrset.to_text().splitlines()
    ]  # fmt: skip


def test_floor_reads_every_record(named: Named, tmp_path: Path) -> None:
    names = ["host5.wild.example.test", "example.test", "nothing.example.test"]
    batch = tmp_path / "names"
    batch.write_text("".join(f"{name}\n" for name in names))
    floor = subprocess.run(
        [sys.executable, str(FLOOR), named.address, str(named.port), "-f", str(batch)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    replies = floor.stdout.split("\n\n")[: len(names)]
    for name, text in zip(names, replies, strict=True):
        wire = ask_udp((named.address, named.port), make_query(name, "A"))
        records = dnspython_records(wire)
        assert records  # an answer, or at least the SOA of a name that does not exist
        assert floor_records(text) == records
        assert text.startswith(";; id ")
        assert f";{name}. 1 1" in text


@pytest.mark.parametrize("template", [[], ["--dnspython"]], ids=["struct", "dnspython"])
def test_the_true_floor_prints_what_dig_short_prints(
    template: list[str], named: Named, dig_binary: str, tmp_path: Path
) -> None:
    batch = tmp_path / "names"
    batch.write_text("host5.wild.example.test\nexample.test\nnothing.example.test\n")
    server = [named.address, str(named.port)]
    floor = subprocess.run(
        [sys.executable, str(WIRE_FLOOR), *server, *template, "-f", str(batch)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    dig = subprocess.run(
        [dig_binary, "+short", f"@{named.address}", "-p", str(named.port), "-f", str(batch)],
        capture_output=True, text=True, check=True, timeout=60,
    )  # fmt: skip
    assert floor.stdout == dig.stdout != ""

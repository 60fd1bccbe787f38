"""A plain lookup starts lean: it loads neither rich nor Typer (a pipe gets dig's text
without them) nor what only other paths need (TSIG, TCP, sweeps, -x, +trace, datetime's
Python half...), each of which costs every lookup's start (benchmarks/coldstart.py)."""

from __future__ import annotations

import os

import pytest
from helpers.start import imported_modules, unwanted
from helpers.testbed import Named


@pytest.mark.parametrize("words", [["+short"], []], ids=["short", "full"])
def test_a_plain_lookup_loads_only_what_it_needs(named: Named, words: list[str]) -> None:
    command = ["-r", f"@{named.address}", "-p", str(named.port), *words, "example.test"]
    modules = imported_modules(command, os.environ)
    assert "pydig.app" in modules  # the lookup ran, and -X importtime listed its imports
    assert unwanted(modules) == []

"""The differential command lines, run through pydig.app.run in this process.

The tests of pydig's own views (colour, +json) replay every command line of
tests/test_differential.py; running them in process (tests/helpers/pydig_run.py) avoids starting
an interpreter per line.  Placeholders are filled as the differential tests fill them
(tests/helpers/differential.py), against the same named.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import pytest

from helpers.differential import Case, Ports, batch_text, fill, prepare_home
from helpers.pydig_run import Outcome, run_pydig
from helpers.testbed import Named


def ports_for(case: Case, named: Named, dead_port: int, request: pytest.FixtureRequest) -> Ports:
    """The ports the case names; the SERVFAIL named starts only for the cases that use it."""
    broken: Named | None = None
    if any("{broken}" in word for word in case.args):
        broken = request.getfixturevalue("broken_named")
    return Ports(live=named.port, dead=dead_port, broken=broken.port if broken else None)


def run_case(
    case: Case,
    *,
    ports: Ports,
    resolv_conf: Path,
    workdir: Path,
    first_args: Sequence[str] = (),
    variables: dict[str, str] | None = None,
) -> Outcome:
    """pydig's outcome for the case; `first_args` go before its words, so they set every
    lookup's defaults; `variables` is the process environment (NO_COLOR, FORCE_COLOR...)."""
    batch = None
    if case.batch is not None:
        batch = workdir / case.batch
        batch.write_text(batch_text(case.batch, ports))
    args = [*first_args, *(fill(word, ports, batch) for word in case.args)]
    stdin = batch_text(case.stdin, ports) if case.stdin is not None else ""
    home = prepare_home(workdir / "home", case.digrc)
    return run_pydig(args, home=home, resolv_conf=resolv_conf, stdin=stdin, variables=variables)

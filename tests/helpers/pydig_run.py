"""pydig.app.run in this process: argv and StringIO streams in, output, status and time out.

Used by the hostile, bad-input and property tests; every command line they build names
127.0.0.1 and a port of a loopback responder, or fails before it sends anything.
"""

from __future__ import annotations

import io
import time
from dataclasses import dataclass
from pathlib import Path

from pydig.app import run
from pydig.environment import Environment


@dataclass(frozen=True)
class Outcome:
    stdout: str
    stderr: str
    status: int
    seconds: float

    @property
    def lines(self) -> list[str]:
        return self.stdout.splitlines()


def run_raw(
    args: list[str],
    *,
    home: Path | None = None,
    resolv_conf: Path | None = None,
    stdin: str = "",
    variables: dict[str, str] | None = None,
) -> Outcome:
    """Run pydig and report what it did, whatever it did."""
    stdout, stderr = io.StringIO(), io.StringIO()
    env = Environment(
        stdin=io.StringIO(stdin),
        stdout=stdout,
        stderr=stderr,
        home=home,
        resolv_conf=resolv_conf or Path("/nonexistent/resolv.conf"),
        variables=variables or {},
    )
    started = time.monotonic()
    status = run(args, env)
    return Outcome(
        stdout=stdout.getvalue(),
        stderr=stderr.getvalue(),
        status=status,
        seconds=time.monotonic() - started,
    )


def run_pydig(
    args: list[str],
    *,
    home: Path | None = None,
    resolv_conf: Path | None = None,
    stdin: str = "",
    variables: dict[str, str] | None = None,
) -> Outcome:
    """Run pydig; a traceback or an internal error is a failure of the test that asked."""
    outcome = run_raw(args, home=home, resolv_conf=resolv_conf, stdin=stdin, variables=variables)
    assert "Traceback" not in outcome.stdout + outcome.stderr, outcome
    assert "internal error" not in outcome.stderr, outcome.stderr
    return outcome

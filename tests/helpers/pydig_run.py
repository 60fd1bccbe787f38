"""pydig.app.run in this process: argv and StringIO streams in, output, status and time out;
and pydig started as a process of its own, for the tests that stop it part way.

Used by the hostile, bad-input and property tests; every command line they build names
127.0.0.1 and a port of a loopback responder, or fails before it sends anything.
"""

from __future__ import annotations

import io
import os
import resource
import signal
import subprocess
import sys
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


def start_pydig(args: list[str], home: Path) -> subprocess.Popen[str]:
    """pydig running as a user runs it, with pipes for its output, that Ctrl-C (SIGINT)
    stops.  A shell that starts the test run in the background without job control
    starts it with SIGINT ignored, and an ignored SIGINT is inherited (dig keeps it
    ignored too): the child is given the default disposition back."""
    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    return subprocess.Popen(
        [sys.executable, "-m", "pydig", *args],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment,
        preexec_fn=_interruptible,
    )  # fmt: skip


def _interruptible() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_within_descriptors(
    args: list[str], home: Path, limit: int | None
) -> subprocess.CompletedProcess[str]:
    """pydig run as a process of its own under an open-file limit (RLIMIT_NOFILE) of
    `limit` descriptors, or the test run's own with None: what a lookup may keep open is
    bounded by it."""

    def limited() -> None:
        if limit is not None:
            resource.setrlimit(resource.RLIMIT_NOFILE, (limit, limit))

    environment = {"PATH": os.environ.get("PATH", "/usr/bin:/bin"), "HOME": str(home)}
    return subprocess.run(
        [sys.executable, "-m", "pydig", *args],
        capture_output=True, text=True, env=environment, preexec_fn=limited, timeout=60,
        check=False,
    )  # fmt: skip

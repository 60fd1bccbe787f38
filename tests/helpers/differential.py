"""Helpers for the differential tests: one command line, run through dig and through pydig.

A command line is written once, as a template; `{port}` becomes the test named's port,
`{dead}` a loopback port nothing listens on and `{batch}` the path of a batch file made
from a template under fixtures/batch/.  Both programs run with HOME set to an empty
directory of their own (or one holding the .digrc the case asks for) and pydig reads a
resolv.conf naming only 127.0.0.1, so nothing outside loopback is ever asked.

Only what changes from run to run is normalized: message ids, query times, the WHEN
line, cookie values, the version banner and the "in N ms" of +identify; and, in error
messages and the usage text, the program's name ("dig: ..." / "pydig: ...").
"""

from __future__ import annotations

import difflib
import os
import re
import subprocess
import sys
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BATCH_TEMPLATES = ROOT / "fixtures" / "batch"

# Seconds either program may take for one command line; the dead-port cases use
# +tries=1 +time=1, so even a silent port costs a few seconds at most.
RUN_TIMEOUT = 60


@dataclass(frozen=True)
class Case:
    """One command line to compare.

    args: dig's arguments, as templates (see the module docstring).
    stdin: the name of a template in fixtures/batch/ to feed to standard input (for
        `-f -`); None gives an empty stdin.
    batch: the name of a template in fixtures/batch/ to write out as `{batch}`.
    digrc: the contents of ~/.digrc for this run; None means no .digrc at all.
    compare_stderr: whether standard error must match too (it does whenever dig
        writes something there that pydig should say the same way).
    """

    args: tuple[str, ...]
    stdin: str | None = None
    batch: str | None = None
    digrc: str | None = None
    compare_stderr: bool = True


@dataclass(frozen=True)
class Outcome:
    """What one program did with a command line, normalized."""

    stdout: str
    stderr: str
    status: int


@dataclass(frozen=True)
class Ports:
    """The ports a command line may name: {port}, {dead} and {broken}, and more by name."""

    live: int
    dead: int
    broken: int | None = None  # a named answering SERVFAIL for broken.test
    # Further placeholders, {name} -> text: the DoT / DoH / TSIG named's ports, CA and key.
    extra: Mapping[str, str] = field(default_factory=dict)


def fill(template: str, ports: Ports, batch: Path | None) -> str:
    """One word of a case with its placeholders replaced."""
    text = template.replace("{port}", str(ports.live)).replace("{dead}", str(ports.dead))
    if "{broken}" in text:
        assert ports.broken is not None, "the case names {broken} but no such named runs"
        text = text.replace("{broken}", str(ports.broken))
    if "{batch}" in text:
        assert batch is not None, "the case names {batch} but has no batch template"
        text = text.replace("{batch}", str(batch))
    for name, value in ports.extra.items():
        text = text.replace(f"{{{name}}}", value)
    return text


def batch_text(name: str, ports: Ports) -> str:
    """A batch file template with its placeholders replaced."""
    return fill((BATCH_TEMPLATES / name).read_text(), ports, None)


def prepare_home(home: Path, digrc: str | None) -> Path:
    """An empty HOME (apart from the .digrc asked for); returns it."""
    home.mkdir(parents=True, exist_ok=True)
    for name in (".digrc", ".pydigrc"):
        (home / name).unlink(missing_ok=True)
    if digrc is not None:
        (home / ".digrc").write_text(digrc + "\n")
    return home


def _environment(home: Path, resolv_conf: Path) -> dict[str, str]:
    keep = ("PATH", "LANG", "LC_ALL", "TZ", "PYTHONPATH", "SYSTEMROOT")
    env = {name: os.environ[name] for name in keep if name in os.environ}
    env["HOME"] = str(home)
    env["PYDIG_RESOLV_CONF"] = str(resolv_conf)
    # Same time zone for both, so a WHEN line never differs by more than its value.
    env.setdefault("TZ", "UTC")
    return env


def _run(command: list[str], *, home: Path, resolv_conf: Path, stdin: str | None) -> Outcome:
    done = subprocess.run(
        command,
        input=stdin if stdin is not None else "",
        capture_output=True,
        text=True,
        env=_environment(home, resolv_conf),
        cwd=home,
        timeout=RUN_TIMEOUT,
        check=False,
    )
    return Outcome(
        stdout=normalize(done.stdout), stderr=normalize(done.stderr), status=done.returncode
    )


def run_dig(
    dig: str, args: list[str], *, home: Path, resolv_conf: Path, stdin: str | None
) -> Outcome:
    return _run([dig, *args], home=home, resolv_conf=resolv_conf, stdin=stdin)


def run_pydig(args: list[str], *, home: Path, resolv_conf: Path, stdin: str | None) -> Outcome:
    """pydig as a subprocess of this interpreter (much faster to start than `uv run`)."""
    return _run(
        [sys.executable, "-m", "pydig", *args], home=home, resolv_conf=resolv_conf, stdin=stdin
    )


def run_both(
    case: Case, *, dig: str, ports: Ports, resolv_conf: Path, workdir: Path
) -> tuple[Outcome, Outcome]:
    """(dig's outcome, pydig's outcome) for one case; workdir holds their HOMEs."""
    batch = None
    if case.batch is not None:
        batch = workdir / case.batch
        batch.write_text(batch_text(case.batch, ports))
    args = [fill(word, ports, batch) for word in case.args]
    stdin = batch_text(case.stdin, ports) if case.stdin is not None else None
    expected = run_dig(
        dig,
        args,
        home=prepare_home(workdir / "dig-home", case.digrc),
        resolv_conf=resolv_conf,
        stdin=stdin,
    )
    got = run_pydig(
        args,
        home=prepare_home(workdir / "pydig-home", case.digrc),
        resolv_conf=resolv_conf,
        stdin=stdin,
    )
    return expected, got


def diff(expected: str, got: str, what: str) -> str:
    """A unified diff, dig's text first, for an assertion message."""
    lines = difflib.unified_diff(
        expected.splitlines(keepends=True),
        got.splitlines(keepends=True),
        fromfile=f"dig {what}",
        tofile=f"pydig {what}",
    )
    return "".join(lines)


# (pattern, replacement) pairs, applied in order to stdout and stderr alike.
_NORMALIZE: tuple[tuple[re.Pattern[str], str], ...] = (
    (re.compile(r"^; <<>> (?:DiG 9\.18\.\S+|pydig \S+) <<>>", re.M), "; <<>> VERSION <<>>"),
    (re.compile(r"(opcode: \w+, status: [\w?]+, id: )\d+"), r"\g<1>ID"),
    (re.compile(r"^;; Query time: \d+ (msec|usec)$", re.M), r";; Query time: N \g<1>"),
    (re.compile(r"^;; WHEN: .*$", re.M), ";; WHEN: TIME"),
    (re.compile(r"^; COOKIE: [0-9a-f]+", re.M), "; COOKIE: HEX"),
    # +identify: "... from server 127.0.0.1 in 3 ms." and ";; Received N bytes ... in 3 ms"
    (re.compile(r"( from server \S+ in )\d+ (ms|us)\.$", re.M), r"\g<1>N \g<2>."),
    (re.compile(r"^(;; Received \d+ bytes from \S+ in )\d+ (ms|us)$", re.M), r"\g<1>N \g<2>"),
    # A TSIG record's time signed, MAC and original id (one line, or +multiline's two).
    (
        re.compile(
            r"([\t ]TSIG[\t ]\S+) \d+ (\d+) (\d+) (?:\(\n\s*)?(?:[A-Za-z0-9+/=]+ (?:\) )?)?\d+ "
        ),
        r"\g<1> TIME \g<2> \g<3> MAC ID ",
    ),
    # BADTIME's other data: the server's clock.
    (re.compile(r" BADTIME 6 [A-Za-z0-9+/=]+"), " BADTIME 6 SERVERTIME"),
    # The expected and got ids of an ID mismatch warning.
    (re.compile(r"expected ID \d+, got \d+"), "expected ID ID, got ID"),
    # +yaml: the message id, the client cookie and the times, keeping their precision (-u).
    (re.compile(r"^( +id: )\d+$", re.M), r"\g<1>ID"),
    (re.compile(r"^( +COOKIE: )[0-9a-f]+", re.M), r"\g<1>HEX"),
    (re.compile(r"!!timestamp [-\dT:]+\.\d{6}Z"), "!!timestamp TIME.usec"),
    (re.compile(r"!!timestamp [-\dT:]+\.\d{3}Z"), "!!timestamp TIME.msec"),
    # The program's own name, where dig's messages and usage text give it.
    (re.compile(r"^(?:\S*/)?(?:dig|pydig): ", re.M), "PROGRAM: "),
    (re.compile(r"^Usage:  (?:dig|pydig) ", re.M), "Usage:  PROGRAM "),
    (re.compile(r'"(?:dig|pydig) -h( \| more)?"'), r'"PROGRAM -h\g<1>"'),
)


def normalize(text: str) -> str:
    for pattern, replacement in _NORMALIZE:
        text = pattern.sub(replacement, text)
    return text


# --- expected-output files captured from dig against the replay responder -------------------


def captured(directory: Path, name: str, port: int) -> str:
    """A captured dig output, with the replay responder's port of this run put back."""
    return (directory / f"{name}.txt").read_text().replace("{port}", str(port))


def with_port_placeholder(text: str, port: int) -> str:
    """Normalized dig output with the responder's port written as {port}."""
    return re.sub(rf"(-p |#|response_port: ){port}\b", r"\g<1>{port}", text)


def refresh_captures(
    directory: Path, names: Iterable[str], argv_for: Callable[[str, int], list[str]]
) -> None:
    """Run dig for each named command line against the replay responder and store what
    it prints (normalized, port as {port}): the expected files are refreshed this way,
    never edited by hand."""
    import shutil

    from helpers.replay import ReplayServer

    dig = shutil.which("dig")
    if dig is None:
        raise SystemExit("dig is not installed")
    directory.mkdir(parents=True, exist_ok=True)
    with ReplayServer() as server:
        for name in names:
            argv = argv_for(name, server.port)
            done = subprocess.run(
                [dig, *argv],
                capture_output=True,
                text=True,
                check=False,
                timeout=60,
                env={"HOME": "/nonexistent", "PATH": "/usr/bin:/bin", "TZ": "UTC"},
            )
            if done.returncode != 0 or done.stderr:
                raise SystemExit(f"dig {argv}: status {done.returncode}: {done.stderr}")
            text = with_port_placeholder(normalize(done.stdout), server.port)
            (directory / f"{name}.txt").write_text(text)
            print(f"wrote {directory / name}.txt", file=sys.stderr)

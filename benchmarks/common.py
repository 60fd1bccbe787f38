"""What the benchmarks share: a local named, the two programs, and side-by-side timing.

Every query goes to a named on 127.0.0.1 that the benchmark starts itself (the test
bed's, with the project's zones plus the sweep zone for 198.18.0.0/20).  dig and pydig
run turn about, the same command line each, so a busy machine slows both alike; each
result is the median of several runs.

Bytecode is present for everything timed, as after a first run or an install with
--compile-bytecode: `programs()` compiles pydig and its dependencies first (python -m
compileall), which these machines would otherwise never write (PYTHONDONTWRITEBYTECODE=1).
Two floors run beside pydig and dig: the true floor (wire_floor.py, the leanest Python
program for the job) and dnspython alone (floor.py).
"""

from __future__ import annotations

import contextlib
import difflib
import itertools
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from helpers.differential import normalize  # noqa: E402
from helpers.testbed import ZONES, Named, free_port, running_named  # noqa: E402

FLOOR = Path(__file__).with_name("floor.py")
WIRE_FLOOR = Path(__file__).with_name("wire_floor.py")
SWEEP_ZONE = ZONES / "18.198.in-addr.arpa.zone"  # 198.18.0.0/20, every fourth address named


@contextlib.contextmanager
def bench_named(zone_file: Path = SWEEP_ZONE, *, extra_options: str = "") -> Iterator[Named]:
    """The test bed's named, also serving the sweep zone (18.198.in-addr.arpa: the
    fixture's /20, or the zone file given); extra_options go in its options block."""
    sweep_zone = f'zone "18.198.in-addr.arpa" {{ type primary; file "{zone_file}"; }};'
    with running_named(extra_config=sweep_zone, extra_options=extra_options) as named:
        yield named


@dataclass(frozen=True)
class Programs:
    dig: str
    pydig: str
    env: dict[str, str]  # an empty HOME and a resolv.conf naming 127.0.0.1 only
    workdir: Path

    def server(self, named: Named, port: int | None = None) -> list[str]:
        return ["-r", f"@{named.address}", "-p", str(port or named.port)]

    def floor(self, named: Named, port: int | None = None) -> list[str]:
        """benchmarks/floor.py's command line: dnspython alone, for the same lookups."""
        return [sys.executable, str(FLOOR), named.address, str(port or named.port)]

    def wire_floor(self, named: Named, port: int | None = None) -> list[str]:
        """benchmarks/wire_floor.py's command line: the true floor, for the same lookups."""
        return [sys.executable, str(WIRE_FLOOR), named.address, str(port or named.port)]


def compile_pydig() -> None:
    """Bytecode for pydig and everything it imports, as a user's first run (or an install
    with --compile-bytecode) leaves it: these machines set PYTHONDONTWRITEBYTECODE=1."""
    paths = [str(ROOT / "pydig"), *(path for path in sys.path if path.endswith("site-packages"))]
    subprocess.run([sys.executable, "-m", "compileall", "-q", *paths], check=True)
    print("bytecode: pydig and its dependencies compiled first (compileall)")


@contextlib.contextmanager
def programs() -> Iterator[Programs]:
    dig = shutil.which("dig")
    pydig = shutil.which("pydig")
    if dig is None or pydig is None:
        sys.exit("needs dig (apt-get install bind9-dnsutils) and pydig (run with `uv run`)")
    compile_pydig()
    with tempfile.TemporaryDirectory(prefix="pydig-bench-") as tmp:
        workdir = Path(tmp)
        (workdir / "home").mkdir()
        resolv_conf = workdir / "resolv.conf"
        resolv_conf.write_text("nameserver 127.0.0.1\n")
        env = {
            "PATH": os.environ.get("PATH", ""),
            "HOME": str(workdir / "home"),
            "PYDIG_RESOLV_CONF": str(resolv_conf),
            "TZ": "UTC",
        }
        yield Programs(dig=dig, pydig=pydig, env=env, workdir=workdir)


def timed(command: Sequence[str], env: dict[str, str], stdin: Path | None = None) -> float:
    """Seconds from start to exit, output thrown away as a pipe to /dev/null would."""
    with contextlib.ExitStack() as stack:
        source = stack.enter_context(stdin.open("rb")) if stdin else subprocess.DEVNULL
        started = time.perf_counter()
        subprocess.run(
            command, stdin=source, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
            env=env, check=False,
        )  # fmt: skip
        return time.perf_counter() - started


def side_by_side(
    commands: dict[str, Sequence[str]], env: dict[str, str], runs: int
) -> dict[str, float]:
    """Median seconds of each command, the commands taking turns run after run."""
    times: dict[str, list[float]] = {label: [] for label in commands}
    for _ in range(runs):
        for label, command in commands.items():
            times[label].append(timed(command, env))
    return {label: statistics.median(values) for label, values in times.items()}


def output_of(command: Sequence[str], env: dict[str, str]) -> str:
    return subprocess.run(command, capture_output=True, text=True, env=env, check=False).stdout


def machine() -> str:
    """The machine the numbers come from, for the README."""
    model = "unknown CPU"
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    dig = subprocess.run(["dig", "-v"], capture_output=True, text=True, check=False)
    load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
    return (
        f"{model}, {os.cpu_count()} CPUs, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, {(dig.stderr or dig.stdout).strip()}; "
        f"load average {load}"
    )


def goal_line(text: str, met: bool) -> str:
    return f"  {text}: {'met' if met else 'NOT met'}"


def report(title: str, medians: dict[str, float], *, baseline: str) -> None:
    """One line per command: its median and its ratio to the baseline's."""
    print(f"\n{title}")
    base = medians[baseline]
    for label, seconds in medians.items():
        print(f"  {label:<44} {seconds * 1000:9.1f} ms  {seconds / base:6.2f}x {baseline}")


@dataclass
class RelayRun:
    """A relay (relay.py) in front of named: the port to query, and once it has stopped
    what it counted (queries, the busiest second, the names it dropped)."""

    port: int
    stats: dict[str, Any] = field(default_factory=dict)


@contextlib.contextmanager
def relay(named: Named, delay_ms: float, *, drop: float = 0.0, seed: int = 1) -> Iterator[RelayRun]:
    """A relay standing for a server DELAY_MS away that loses a DROP share of datagrams."""
    run = RelayRun(free_port(named.address))
    process = subprocess.Popen(
        [sys.executable, str(Path(__file__).with_name("relay.py")), str(run.port),
         str(named.port), str(delay_ms), "--drop", str(drop), "--seed", str(seed)],
        stdout=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None and process.stdout.readline() == "ready\n"
        yield run
    finally:
        process.terminate()
        report, _ = process.communicate()
        if report:
            run.stats = json.loads(report)


@contextlib.contextmanager
def network_delay(named: Named, delay_ms: float) -> Iterator[int]:
    """The port to query: named's own, or with a delay a relay's in front of it (UDP only),
    standing for a server DELAY_MS away."""
    if not delay_ms:
        yield named.port
        return
    with relay(named, delay_ms) as run:
        yield run.port


def same_output(first: Sequence[str], second: Sequence[str], env: dict[str, str]) -> bool:
    """Whether two commands print the same, apart from what changes from run to run
    (ids, times, cookies, the version banner), as the differential tests compare.  Where
    they differ, the first lines that do are printed, so that a one-off can be told from
    a bug."""
    ours, theirs = normalize(output_of(first, env)), normalize(output_of(second, env))
    if ours != theirs:
        diff = difflib.unified_diff(ours.splitlines(), theirs.splitlines(), lineterm="", n=1)
        print("\n".join(itertools.islice(diff, 20)))
    return ours == theirs

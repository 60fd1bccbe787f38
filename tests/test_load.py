"""Long batches and faults: every line gets its answer or its error, in flat memory.

pydig runs as a subprocess (as a user runs it) against tests/helpers/hostile.py on loopback:
- 50,000 batch lines: one result per line, in order; under 20 MB of memory growth from
  line 1,000 to line 50,000; no file descriptors piling up;
- a server dropping one query in ten: +tries=3 answers at least 99.5% of the names and
  reports every name it could not get an answer for;
- Ctrl-C (SIGINT) in the middle of a batch: what was printed is flushed, the status is
  130, there is no traceback and no half-written line.
Counts and times are bounded: the whole module takes a few minutes at most.
"""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import pytest
from helpers.hostile import HostileServer, counted_address, dropped
from helpers.pydig_run import start_pydig as started_pydig

from pydig.console.runner import DEFAULT_CONCURRENCY

pytestmark = pytest.mark.load  # bounded, but each runs for seconds

BATCH_LINES = 50_000
MEMORY_GROWTH_LIMIT = 20 * 1024 * 1024
FLAKY_NAMES = 1_000
RUN_LIMIT = 600  # seconds any one pydig run of this module may take


@pytest.fixture(scope="module")
def hostile() -> Iterator[HostileServer]:
    with HostileServer() as server:
        yield server


def address(number: int) -> str:
    return ".".join(str(byte) for byte in counted_address(f"n{number}"))


def start_pydig(server: HostileServer, batch: Path, *options: str) -> subprocess.Popen[str]:
    args = ["-r", f"@{server.address}", "-p", str(server.port), "+short", *options]
    return started_pydig([*args, "-f", str(batch)], batch.parent)


def read_line(stream: IO[str] | None) -> str:
    assert stream is not None
    return stream.readline()


def resident_bytes(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) * 1024
    raise AssertionError("no VmRSS")


def open_descriptors(pid: int) -> int:
    return len(os.listdir(f"/proc/{pid}/fd"))


def finish(process: subprocess.Popen[str]) -> tuple[str, str, int]:
    """The rest of the output, through the same file objects the lines were read from
    (communicate() would skip what their buffers already hold)."""
    assert process.stdout is not None and process.stderr is not None
    stdout = process.stdout.read()
    stderr = process.stderr.read()
    return stdout, stderr, process.wait(timeout=RUN_LIMIT)


def test_fifty_thousand_lines_one_result_each_in_flat_memory(
    hostile: HostileServer, tmp_path: Path
) -> None:
    batch = tmp_path / "batch"
    lines = [f"n{number}.count.test" for number in range(1, BATCH_LINES + 1)]
    # A last lookup that takes two seconds keeps pydig alive while line 50,000 is measured.
    batch.write_text("\n".join([*lines, f"n{BATCH_LINES + 1}.hold.test"]) + "\n")
    process = start_pydig(hostile, batch)
    samples: dict[int, tuple[int, int]] = {}
    results = []
    started = time.monotonic()
    while len(results) < BATCH_LINES:
        line = read_line(process.stdout)
        assert line, f"output ended after {len(results)} lines: {process.stderr}"
        results.append(line.rstrip("\n"))
        if len(results) in (1_000, 10_000, 25_000, BATCH_LINES):
            samples[len(results)] = (resident_bytes(process.pid), open_descriptors(process.pid))
        assert time.monotonic() - started < RUN_LIMIT
    rest, stderr, status = finish(process)
    assert (status, stderr) == (0, "")
    results += rest.splitlines()
    expected = [address(number) for number in range(1, BATCH_LINES + 2)]
    assert results == expected  # exactly one result per line, in the batch's order
    growth = samples[BATCH_LINES][0] - samples[1_000][0]
    assert growth < MEMORY_GROWTH_LIMIT, f"{growth / 2**20:.1f} MB more from line 1,000 on"
    descriptors = [count for _, count in samples.values()]
    # Lookups in flight hold a socket each (a batch's DEFAULT_CONCURRENCY at most; a
    # sweep's larger default is its own); none may pile up.
    assert max(descriptors) - min(descriptors) <= DEFAULT_CONCURRENCY, samples
    assert samples[BATCH_LINES][1] <= samples[1_000][1] + 1, samples


def test_a_server_dropping_one_query_in_ten(hostile: HostileServer, tmp_path: Path) -> None:
    names = [f"n{number}.flaky.test." for number in range(1, FLAKY_NAMES + 1)]
    never = {name for name in names if all(dropped(name, attempt) for attempt in (1, 2, 3))}
    assert never, "the drop pattern should make at least one name fail three times"
    batch = tmp_path / "batch"
    batch.write_text("".join(f"{name}\n" for name in names))
    stdout, stderr, status = finish(start_pydig(hostile, batch, "+tries=3", "+timeout=1"))
    assert "Traceback" not in stderr
    answered, failed = [], []
    pending = iter(names)
    for line in stdout.splitlines():
        if re.fullmatch(r"\d+\.\d+\.\d+\.\d+", line):
            name = next(pending)
            assert line == address(int(name[1:].split(".")[0])), (name, line)
            answered.append(name)
        elif line == ";; no servers could be reached":
            failed.append(next(pending))
        else:
            assert re.fullmatch(r";; communications error to \S+: timed out", line), line
    assert len(answered) + len(failed) == FLAKY_NAMES  # every name: an answer or an error
    assert len(answered) >= 0.995 * FLAKY_NAMES
    assert set(failed) == never  # each failure reported, for the right name
    assert status == (9 if names[-1] in never else 0)


@pytest.mark.parametrize("options", [(), ("+concurrency=1",)], ids=["concurrent", "one-at-a-time"])
def test_ctrl_c_in_the_middle_of_a_batch(
    hostile: HostileServer, tmp_path: Path, options: tuple[str, ...]
) -> None:
    batch = tmp_path / "batch"
    batch.write_text("".join(f"n{number}.slow.test\n" for number in range(1, 5_001)))
    process = start_pydig(hostile, batch, *options)
    seen = [read_line(process.stdout) for _ in range(100)]
    process.send_signal(signal.SIGINT)
    rest, stderr, status = finish(process)
    assert status == 130
    assert stderr == ""  # no traceback, no message: the shell knows what 130 means
    output = "".join(seen) + rest
    assert output.endswith("\n")  # no half-written line
    lines = output.splitlines()
    assert 100 <= len(lines) < 5_000
    assert lines == [address(number) for number in range(1, len(lines) + 1)]

"""Session fixtures: named and dig on loopback, a resolv.conf, the replay responder.

When named or dig is missing the tests that need them skip, except under CI=true,
where they fail: CI must never go green by quietly skipping the real comparisons.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
from collections.abc import Iterator
from pathlib import Path
from typing import NoReturn

import pytest
from helpers.certs import CertificatesUnavailable
from helpers.replay import ReplayServer
from helpers.secure_testbed import SecureNamed, running_secure_named
from helpers.sweepbed import SWEEP_ZONES
from helpers.testbed import ZONE_FILES, ZONES, Named, NamedUnavailable, running_named

# Fixtures that need BIND's named or dig: a test using any of them, even through another
# fixture, is marked `named`, and `pytest -m "not named"` runs the pure tests alone.
TEST_BED_FIXTURES = frozenset(
    {
        "named",
        "idn_named",
        "secure_named",
        "sweep_named",
        "dig_binary",
        "hierarchy",
        "faults",
        "served",
        "server_bed",
    }
)


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if TEST_BED_FIXTURES & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.named)


def unavailable(reason: str) -> NoReturn:
    """Skip, or fail under CI, for a tool the test bed needs."""
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason} (CI=true: failing instead of skipping)", pytrace=False)
    pytest.skip(reason)


@pytest.fixture(scope="session")
def named() -> Iterator[Named]:
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_named())
        except NamedUnavailable as exc:
            unavailable(f"named unavailable: {exc}")
        yield server


@pytest.fixture(scope="session")
def idn_named() -> Iterator[Named]:
    """The test bed's named serving idn.test too: internationalized names, for +idnout."""
    zones = {name: ZONES / file for name, file in ZONE_FILES.items()}
    zones["idn.test"] = ZONES / "idn.test.zone"
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_named(zones=zones))
        except NamedUnavailable as exc:
            unavailable(f"named unavailable: {exc}")
        yield server


@pytest.fixture(scope="session")
def sweep_named() -> Iterator[Named]:
    """named serving the reverse-sweep test bed (helpers/sweepbed.py): classless
    delegations, a lame one, a zone that fails to load."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_named(zones=SWEEP_ZONES, ipv6=False))
        except NamedUnavailable as exc:
            unavailable(f"named unavailable: {exc}")
        yield server


@pytest.fixture(scope="session")
def secure_named() -> Iterator[SecureNamed]:
    """named with TSIG keys and DoT / DoH listeners, its certificates made by openssl."""
    with contextlib.ExitStack() as stack:
        try:
            server = stack.enter_context(running_secure_named())
        except (NamedUnavailable, CertificatesUnavailable) as exc:
            unavailable(f"named with TLS and keys unavailable: {exc}")
        yield server


@pytest.fixture(scope="session")
def dig_binary() -> str:
    path = shutil.which("dig")
    if path is None:
        unavailable("dig is not installed (apt-get install bind9-dnsutils)")
    # The project's output is compared byte for byte with dig 9.18's.
    version = subprocess.run([path, "-v"], capture_output=True, text=True, check=False)
    banner = (version.stderr + version.stdout).strip()
    if not banner.startswith("DiG 9.18."):
        unavailable(f"dig 9.18 is needed, found {banner!r} at {path}")
    return path


@pytest.fixture(scope="session")
def resolv_conf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A resolv.conf naming only 127.0.0.1 (the port must still be given with -p)."""
    path = tmp_path_factory.mktemp("resolv") / "resolv.conf"
    path.write_text("nameserver 127.0.0.1\n")
    return path


@pytest.fixture(scope="session")
def replay() -> Iterator[tuple[str, int]]:
    """(address, port) of a responder replaying fixtures/responses over UDP and TCP."""
    with ReplayServer() as server:
        yield server.address, server.port

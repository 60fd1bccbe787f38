"""A plain lookup starts lean: it loads neither rich nor Typer (a pipe gets dig's text
without them) nor what only other paths need (TSIG, TCP, sweeps, -x, +trace, datetime's
Python half...), each of which costs every lookup's start (benchmarks/coldstart.py)."""

from __future__ import annotations

import os
import select
import socket
import subprocess
import sys
from pathlib import Path

import dns.message
import dns.rrset
import pytest
from helpers.start import imported_modules, unwanted
from helpers.testbed import Named


@pytest.mark.parametrize("words", [["+short"], []], ids=["short", "full"])
def test_a_plain_lookup_loads_only_what_it_needs(named: Named, words: list[str]) -> None:
    command = ["-r", f"@{named.address}", "-p", str(named.port), *words, "example.test"]
    modules = imported_modules(command, os.environ)
    assert "pydig.app" in modules  # the lookup ran, and -X importtime listed its imports
    assert unwanted(modules) == []
    if words == ["+short"]:  # no reply's time is shown: datetime's C half stays unloaded
        assert "_datetime" not in modules
        assert "pydig.render.dig" not in modules  # dig's full text: +short has its own
        # nor its record lines and type names: +short's text is the rdata's alone
        assert "pydig.render.records.lines" not in modules
        assert "pydig.render.records.mnemonics" not in modules
    else:  # and the full text loads none of +short's
        assert "pydig.render.short" not in modules


@pytest.mark.parametrize(
    "words",
    [["+noall", "+answer"], ["+nocmd", "+nocomments", "+nostats", "+noquestion"],
     ["+short", "+time=1", "+tries=1", "+retry=0"], ["+tcp", "+short"]],
    ids=["noall", "nocomments", "time", "tcp"],
)  # fmt: skip
def test_the_options_a_plain_command_line_gives_load_no_handlers(
    named: Named, words: list[str]
) -> None:
    """Their handlers are cli/parse.py's own: a module of handlers (cli/plus_*.py) loads
    for an option a plain command line seldom gives."""
    command = ["-r", f"@{named.address}", "-p", str(named.port), *words, "example.test"]
    modules = imported_modules(command, os.environ)
    assert "pydig.app" in modules
    assert [name for name in modules if name.startswith("pydig.cli.plus_")] == []


def test_each_answer_is_out_before_the_next_wait_even_with_python_unbuffered(
    named: Named, tmp_path: Path
) -> None:
    """pydig gives standard output a buffer even under PYTHONUNBUFFERED (one write call
    per answer otherwise), and flushes it itself: the first line's answer reaches a pipe
    while the second line still waits for its server, which answers only once it is read."""
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as slow_server:
        slow_server.bind(("127.0.0.1", 0))
        slow_port = slow_server.getsockname()[1]
        batch = tmp_path / "two.batch"
        batch.write_text(
            f"@{named.address} -p {named.port} +short example.test\n"
            f"@127.0.0.1 -p {slow_port} +short +timeout=20 +tries=1 example.test\n"
        )
        environment = {**os.environ, "PYTHONUNBUFFERED": "1"}
        with subprocess.Popen(
            [sys.executable, "-m", "pydig", "-f", str(batch)],
            stdout=subprocess.PIPE, env=environment, text=True,
        ) as pydig:  # fmt: skip
            assert pydig.stdout is not None
            query, client = slow_server.recvfrom(4096)
            ready, _, _ = select.select([pydig.stdout], [], [], 15)
            first = pydig.stdout.readline() if ready else ""
            reply = dns.message.make_response(dns.message.from_wire(query))
            reply.answer.append(dns.rrset.from_text("example.test.", 60, "IN", "A", "192.0.2.9"))
            slow_server.sendto(reply.to_wire(), client)
            rest = pydig.stdout.read()
    assert pydig.returncode == 0
    assert first == "192.0.2.1\n"
    assert rest == "192.0.2.9\n"


@pytest.mark.parametrize("unbuffered", ["1", ""], ids=["PYTHONUNBUFFERED", "default"])
def test_standard_output_gets_a_buffer(unbuffered: str) -> None:
    program = (
        "import io, sys; from pydig.coldstart import buffered_stdout; buffered_stdout(); "
        "print(type(sys.stdout.buffer).__name__, sys.stdout.write_through)"
    )
    environment = {**os.environ, "PYTHONUNBUFFERED": unbuffered}
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, env=environment, check=True
    )
    assert done.stdout == "BufferedWriter False\n"


def test_hashlib_gives_the_same_digests_without_openssl() -> None:
    """lean_imports() has hashlib use Python's own digests (no libcrypto loaded at start):
    TSIG's HMACs and DNSSEC's DS digests come out the same, and _hashlib can still be
    imported by whatever asks for it afterwards."""
    program = (
        "import sys\n"
        "from pydig.coldstart import lean_imports\n"
        "with lean_imports():\n"
        "    import dns.message, hashlib, hmac\n"
        "import _hashlib\n"
        "print(hashlib.sha256.__module__, hmac._hashopenssl)\n"
        "print(hmac.new(b'key', b'data', 'sha256').hexdigest() == "
        "_hashlib.hmac_digest(b'key', b'data', 'sha256').hex())\n"
        "print(hashlib.md5(b'x').hexdigest() == _hashlib.openssl_md5(b'x').hexdigest())\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program], capture_output=True, text=True, check=True
    )
    assert done.stdout == "_sha256 None\nTrue\nTrue\n"

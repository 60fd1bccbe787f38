"""What a plain lookup loads: the modules `python -X importtime` lists for one pydig run,
and those it must never load (they serve other paths), shared by the test that holds a
lookup's start to it and by benchmarks/coldstart.py."""

from __future__ import annotations

import re
import subprocess
import sys
from collections.abc import Mapping, Sequence

# What a plain lookup (+short or the full output) never loads: what serves other paths.
NEVER_IMPORTED = (
    "typer", "rich", "click", "importlib.metadata",
    "pathlib", "urllib", "fnmatch", "difflib", "secrets", "datetime", "signal",  # stdlib
    "heapq", "_heapq",  # the engine keeps its deadlines sorted with _bisect (idna's)
    # the general machine (tries, requeues, the search list): a plain answer ends the lookup
    "pydig.lookup.requeue", "pydig.lookup.modes", "pydig.lookup.search",
    "dns.reversename",  # -x
    "dns.rdtypes.ANY.RP", "pydig.wire.rdtypes",  # MB, MINFO...: when dnspython reads a record
    "pydig.wire.tsig",  # -k, -y
    "pydig.transport.stream", "pydig.transport.transfer",  # TCP, zone transfers
    # dig's machine (tries, the next server, TCP after TC), its blocking form, the lookup
    # limits: a plain answer (the express lane's) needs none of them
    "pydig.transport.send", "pydig.transport.blocking", "pydig.lookup.limits",
    "pydig.model.events",  # what happened to a lookup, as that machine records it (Exchange)
    "pydig.wire.screen",  # dig's checks of any reply: a plain one is plain.py's
    "_datetime",  # a plain answer's WHEN line is read from time.localtime (LocalTime)
    "pydig.model.sweep", "pydig.console.sweep",  # -x with a range
    "pydig.cli.edns", "pydig.cli.shaping",  # +subnet, +ednsopt, +padding, +ednsflags, +opcode
    "pydig.wire.dns64",  # +dns64prefix
    "pydig.transport.servfail",  # +nofail, when a SERVFAIL moves on
    "pydig.transport.keepopen",  # +keepopen: with TCP's modules
    "pydig.wire.decode",  # dnspython's parse of a reply: what the lean reader leaves
    "pydig.wire.bind_options",  # BIND's option rules taught to dnspython: for its parses
    "pydig.render.records.rdata_dnssec", "pydig.wire.bitmaps",  # DNSSEC records, WKS, NXT
    "pydig.render.records.fields_dnssec",  # their base64 runs, times, key ids, type lists
    "pydig.render.records.rdata_other",  # the types a plain lookup seldom shows (LOC, TLSA...)
    "pydig.render.option_text",  # EDNS options but COOKIE: a plain reply has no other
    "pydig.lookup.hops", "pydig.model.diagnosis",  # +trace, +nssearch, +validate
    "pydig.cli.options",  # the option table: -h, completion, a mistyped +word (plusindex)
    "pydig.cli.plusopts", "pydig.cli.plusindex",  # an abbreviated +word: "+short" is whole
    # the handlers of the +options a plain command line seldom gives, by their job
    "pydig.cli.plus_shaping", "pydig.cli.plus_search", "pydig.cli.plus_trace",
    "pydig.cli.plus_runs", "pydig.cli.plus_checks", "pydig.cli.plus_display",
    "pydig.cli.secure_options", "pydig.cli.plus_state",
    "pydig.console.batchfile",  # -f
    "pydig.console.progress_bar",  # the bar: standard error on a terminal
    "pydig.transport.client_connection",  # DNS over TLS, over HTTP(S)
    "pydig.transport.driven",  # a machine on an engine of its own: +trace, +validate, ...
)  # fmt: skip
_IMPORTED = re.compile(r"^import time:\s+\d+ \|\s+\d+ \|\s*(\S+)$", re.M)


def imported_modules(
    command: Sequence[str], env: Mapping[str, str] | None = None, *, python: str = sys.executable
) -> list[str]:
    """The modules one pydig run imports (`python -X importtime -m pydig COMMAND`)."""
    done = subprocess.run(
        [python, "-X", "importtime", "-m", "pydig", *command],
        capture_output=True, text=True, env=env, check=False, timeout=60,
    )  # fmt: skip
    return _IMPORTED.findall(done.stderr)


def unwanted(modules: Sequence[str]) -> list[str]:
    """Those of the modules a plain lookup should never have loaded."""
    return [name for name in modules if name.startswith(NEVER_IMPORTED)]

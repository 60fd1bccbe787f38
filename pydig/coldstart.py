"""What the pydig command does to start and stop about as fast as dig (not for library use).

Four things cost a lookup more than the lookup itself:
- dnspython's dns.name imports dns._features, whose only job is to ask which optional
  packages are installed, and which for that imports importlib.metadata (email, zipfile,
  csv, ...) and reads every installed package's metadata: about a quarter of pydig's
  start.  `lean_imports()` puts a small stand-in in its place that answers the one
  question a lookup asks ("idna") from the import system, and swaps the real module in
  the moment anything else is asked (DNS over HTTPS, DNSSEC, ...).
- dnspython's import of hashlib (dns.entropy, dns.tsig), whose OpenSSL half (_hashlib)
  loads libcrypto and relocates it: 1.6 ms of every start, for digests only TSIG and
  DNSSEC's DS records compute.  `lean_imports()` has hashlib take Python's own
  implementations of them (its fallback when OpenSSL's are missing), which give the same
  digests; _hashlib stays importable for whatever asks for it by name later.
- the cyclic garbage collector, run over and over while a hundred modules load objects
  it can never free: off during the imports, which are then frozen out of its sight.
- tearing the interpreter down module by module at exit: `exit_now()` skips it.

And one costs every lookup of a batch: a standard output left unbuffered (PYTHONUNBUFFERED,
python -u) makes each answer a write call of its own.  pydig flushes its output itself,
before every wait and before anything goes to stderr, so `buffered_stdout()` gives it
the buffer an ordinary run has: what a user sees, and when, is the same.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import importlib.machinery
import io
import os
import sys
import types
from collections.abc import Iterator
from typing import Any, NoReturn

FEATURES = "dns._features"
OPENSSL_HASHES = "_hashlib"  # hashlib's OpenSSL half


class _Features(types.ModuleType):
    """dns._features, answering "idna" without importlib.metadata."""

    def have(self, feature: str) -> bool:
        if feature == "idna":
            return importlib.machinery.PathFinder.find_spec("idna") is not None
        return bool(_real_features().have(feature))

    def force(self, feature: str, enabled: bool) -> None:
        _real_features().force(feature, enabled)

    def __getattr__(self, name: str) -> Any:
        return getattr(_real_features(), name)


def _real_features() -> types.ModuleType:
    """dnspython's own module, which from now on answers every question."""
    if isinstance(sys.modules.get(FEATURES), _Features):
        del sys.modules[FEATURES]
    real = importlib.import_module(FEATURES)
    sys.modules["dns"].__dict__["_features"] = real
    return real


@contextlib.contextmanager
def lean_imports() -> Iterator[None]:
    """Import pydig's modules inside this block."""
    if FEATURES not in sys.modules:
        import dns

        stand_in = _Features(FEATURES, "dns._features without importlib.metadata")
        sys.modules[FEATURES] = stand_in
        dns.__dict__["_features"] = stand_in
    # hashlib on Python's own digests (None in sys.modules: the import fails, as where
    # Python was built without OpenSSL); only where nothing has imported it yet
    without_openssl = "hashlib" not in sys.modules and OPENSSL_HASHES not in sys.modules
    if without_openssl:
        sys.modules[OPENSSL_HASHES] = None  # type: ignore[assignment]
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if without_openssl:  # importable again: hashlib has made its choice
            sys.modules.pop(OPENSSL_HASHES, None)
        if enabled:
            # What the imports made lives as long as the process: the collections a
            # batch's lookups set off need not look through it again.
            gc.freeze()
            gc.enable()


def buffered_stdout() -> None:
    """Standard output with a buffer, as Python gives it without PYTHONUNBUFFERED: line by
    line to a terminal, in blocks to a file or a pipe."""
    stream = sys.stdout
    raw = getattr(stream, "buffer", None)
    if isinstance(stream, io.TextIOWrapper) and isinstance(raw, io.FileIO):
        sys.stdout = io.TextIOWrapper(
            io.BufferedWriter(raw),
            encoding=stream.encoding,
            errors=stream.errors,
            line_buffering=raw.isatty(),
        )


def exit_now(status: int) -> NoReturn:
    """Flush what was written and leave without tearing the interpreter down."""
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)

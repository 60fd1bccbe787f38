"""+sweep-state=FILE: what a reverse sweep has finished, so that a run with the same file
takes it up where it stopped.

Addresses are printed in address order, so what is finished is always the first so
many: the file holds how many, and the count of each status among them, as one JSON
object, e.g. {"sweep": "10.0.0.0/16", "type": "PTR", "finished": 766,
"counts": {"NXDOMAIN": 700, "PTR": 66}}.  It is written to FILE.tmp, flushed to disk
and renamed over FILE, so a crash at any moment leaves the old state or the new one,
never half of either.  It is written when the first address is finished, then at most
every SAVE_INTERVAL seconds while the sweep runs, and at its end or on Ctrl-C; after a
crash, the addresses finished since the last write are asked (and printed) again.
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from pydig.errors import UsageError
from pydig.model.sweep import AddressRange

SAVE_INTERVAL = 1.0  # seconds


class SweepState:
    """The state file of one sweep, read when the sweep starts."""

    def __init__(self, path_text: str, sweep: AddressRange, rdtype: str) -> None:
        self.path = Path(path_text)
        self.sweep = sweep
        self.rdtype = rdtype
        self.finished = 0  # how many addresses, from the first
        self.counts: dict[str, int] = {}
        self._saved_at = -SAVE_INTERVAL  # the first address finished is written at once
        self._load()

    def _load(self) -> None:
        try:
            text = self.path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return
        except OSError as exc:
            raise UsageError(f"+sweep-state: {self.path}: {exc.strerror}") from None
        try:
            value = json.loads(text)
            sweep, rdtype = value["sweep"], value["type"]
            finished = int(value["finished"])
            counts = {str(word): int(count) for word, count in value["counts"].items()}
        except (ValueError, TypeError, KeyError, AttributeError):
            raise UsageError(f"+sweep-state: {self.path} is not a sweep state file") from None
        if (sweep, rdtype) != (self.sweep.text, self.rdtype):
            raise UsageError(
                f"+sweep-state: {self.path} belongs to -x {sweep} ({rdtype}), "
                f"not -x {self.sweep.text} ({self.rdtype})"
            )
        self.finished, self.counts = finished, counts

    def add(self, word: str) -> None:
        """One more address is printed; the file is written if it has not been lately."""
        self.finished += 1
        self.counts[word] = self.counts.get(word, 0) + 1
        if time.monotonic() - self._saved_at >= SAVE_INTERVAL:
            self.save()

    def save(self) -> None:
        value = {
            "sweep": self.sweep.text, "type": self.rdtype, "finished": self.finished,
            "counts": self.counts,
        }  # fmt: skip
        temporary = self.path.with_name(self.path.name + ".tmp")
        try:
            with temporary.open("w", encoding="utf-8") as stream:
                stream.write(json.dumps(value, sort_keys=True) + "\n")
                stream.flush()
                os.fsync(stream.fileno())
            os.replace(temporary, self.path)
        except OSError as exc:
            raise UsageError(f"+sweep-state: {self.path}: {exc.strerror}") from None
        self._saved_at = -SAVE_INTERVAL  # the first address finished is written at once

"""`send(lookup)`: dig's way of asking (send.ask), driven to its end on an engine of its
own, for walks that ask one server after another in calls of their own (the readable
+trace, +validate)."""

from __future__ import annotations

from pydig.model.events import Exchange
from pydig.model.exchange import Lookup
from pydig.transport.driven import drive
from pydig.transport.send import ask


def send(lookup: Lookup) -> Exchange:
    """Ask the lookup's servers as dig does, blocking until it is done."""
    return drive(ask(lookup))

"""Sockets and the event loop: the state machine of one exchange (send.py) and the
engine that drives every lookup's machine at once (engine.py).

`send(lookup)` is the blocking form, for walks that ask one server after another in
calls of their own (the readable +trace, +validate): the same machine, driven to its
end on an engine of its own.
"""

from pydig.model.exchange import Exchange, Lookup
from pydig.transport.engine import drive
from pydig.transport.send import ask


def send(lookup: Lookup) -> Exchange:
    """Ask the lookup's servers as dig does, blocking until it is done."""
    return drive(ask(lookup))

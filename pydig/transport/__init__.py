"""Sending a Lookup and collecting what comes back: send(lookup) -> Exchange."""

from pydig.transport.send import send

__all__ = ["send"]

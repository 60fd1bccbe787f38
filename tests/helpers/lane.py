"""What the express lane decided, reply by reply, and the tasks it ran, for the tests that
show a run went through it (not a mock: the lane's own verdicts and the engine's own
tasks, counted as they are made)."""

from __future__ import annotations

from typing import Any

import pytest

import pydig.lookup.express as express_module
from pydig.transport.actions import Express
from pydig.transport.engine import Engine, Task
from pydig.wire.lean_message import LeanMessage


def lane_verdicts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A list that fills, for each reply the lane judges from now on, with whether it
    answered plainly (True) or was handed over (False): the lane's reading of it
    (read_lean given the query), before its OPT record's check, which the replies of
    the tests that count them all pass."""
    verdicts: list[bool] = []
    read_lean = express_module.read_lean

    def counted(wire: bytes, **reading: Any) -> LeanMessage | None:
        message = read_lean(wire, **reading)
        verdicts.append(message is not None)
        return message

    monkeypatch.setattr(express_module, "read_lean", counted)
    return verdicts


def lone_expresses(monkeypatch: pytest.MonkeyPatch) -> list[Task]:
    """A list that fills with the tasks Engine.express starts from now on: a lookup asked
    by an Express with no machine behind it.  A task whose machine is still None when
    it is done was ended by its first datagram, without a machine ever made for it."""
    tasks: list[Task] = []
    express = Engine.express

    def counted(self: Engine, action: Express, task: Task | None = None) -> Task:
        task = express(self, action, task)
        tasks.append(task)
        return task

    monkeypatch.setattr(Engine, "express", counted)
    return tasks

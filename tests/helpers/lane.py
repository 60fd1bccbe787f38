"""What the express lane for names decided, reply by reply, for the tests that show a run
went through it (not a mock: the lane's own verdicts, counted as they are made)."""

from __future__ import annotations

import pytest

from pydig.lookup.express import NameExpress


def lane_verdicts(monkeypatch: pytest.MonkeyPatch) -> list[bool]:
    """A list that fills, for each reply the lane judges from now on, with whether it
    answered plainly (True) or was handed over (False)."""
    verdicts: list[bool] = []
    plain_answer = NameExpress._plain_answer

    def counted(self: NameExpress, reply: bytes, query: bytes, *, answer_only: bool) -> object:
        message = plain_answer(self, reply, query, answer_only=answer_only)
        verdicts.append(message is not None)
        return message

    monkeypatch.setattr(NameExpress, "_plain_answer", counted)
    return verdicts

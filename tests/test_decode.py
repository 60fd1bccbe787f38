"""The one-parse path for plain replies gives what the walk gives (decode.py).

decode_reply parses most replies once with dnspython and walks the others first; the
walk is what the hostile, fuzz and differential tests hold to dig's behaviour, so the
quick path must agree with it on every reply it takes: the recorded replies, and
mutants of them made as the fuzzer makes them.
"""

from __future__ import annotations

import random
import struct
from collections.abc import Callable
from pathlib import Path

import dns.message
import pytest
from helpers.fuzz_replies import mutate

from pydig.wire.decode import BadPacket, decoded_by_walk, parsed_plainly

RESPONSES = Path(__file__).resolve().parent.parent / "fixtures" / "responses"
RECORDED = sorted(RESPONSES.glob("*.bin"))
MUTANTS = 3000
PLAIN = (RESPONSES / "www.linuxvoice.test_A.bin").read_bytes()
QUESTION_END = 12 + len(b"\x03www\x0alinuxvoice\x04test\x00") + 4


def _ttls(message: dns.message.Message) -> list[int]:
    return [rrset.ttl for section in message.sections for rrset in section]


def _agrees_with_walk(wire: bytes) -> bool | None:
    """Whether both paths read the reply the same; None when the quick path declines it."""
    plain = parsed_plainly(wire)
    if plain is None:
        return None
    try:
        walked = decoded_by_walk(wire)
    except BadPacket:
        return False
    return (
        not walked.malformed
        and walked.extra_bytes == 0
        and walked.message.to_text() == plain.to_text()
        and _ttls(walked.message) == _ttls(plain)
        and walked.message.flags == plain.flags
    )


@pytest.mark.parametrize("path", RECORDED, ids=lambda path: path.stem)
def test_recorded_reply(path: Path) -> None:
    assert _agrees_with_walk(path.read_bytes()) in (True, None)


def test_a_plain_reply_takes_the_quick_path() -> None:
    assert _agrees_with_walk(PLAIN) is True


def test_mutants() -> None:
    seeds = [path.read_bytes() for path in RECORDED]
    rng = random.Random(6)
    taken = 0
    for _ in range(MUTANTS):
        wire = mutate(rng.choice(seeds), rng, seeds)
        verdict = _agrees_with_walk(wire)
        assert verdict in (True, None), wire.hex()
        taken += verdict is True
    assert taken > MUTANTS // 10  # the quick path saw a fair share of them


def _byte_after_the_end(wire: bytes) -> bytes:
    return wire + b"\x00"


def _question_twice(wire: bytes) -> bytes:
    question = wire[12:QUESTION_END]
    return wire[:4] + struct.pack("!H", 2) + wire[6:QUESTION_END] + question + wire[QUESTION_END:]


def _ttl_above_2_31(wire: bytes) -> bytes:
    ttl_at = QUESTION_END + 2 + 4  # the answer's owner is a pointer, then type and class
    return wire[:ttl_at] + struct.pack("!I", 0x80000000) + wire[ttl_at + 4 :]


@pytest.mark.parametrize("change", [_byte_after_the_end, _question_twice, _ttl_above_2_31])
def test_what_only_the_walk_judges(change: Callable[[bytes], bytes]) -> None:
    wire = change(PLAIN)
    assert parsed_plainly(wire) is None
    walked = decoded_by_walk(wire)
    assert walked.malformed or walked.extra_bytes or _ttls(walked.message)[1] == 0x80000000

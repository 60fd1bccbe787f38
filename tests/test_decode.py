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


# EDNS options as BIND 9.18's opt_41.c judges them, each checked against dig through
# tests/hostile.py while this table was written: (code, data, dig takes it).
OPTION_CASES = [
    (8, b"\0\0\0\0", True),  # CLIENT-SUBNET of family 0: dig prints 0/0/0
    (8, b"\0\0\x08\0\x01", False),  # family 0 with a source prefix
    (8, b"\0\x01\x07\0\x02", True),  # 2.0.0.0/7
    (8, b"\0\x01\x07\0\x03", False),  # a bit past the prefix set
    (8, b"\0\x01\x08\0\x02\0", False),  # an address byte too many
    (8, b"\0\x07\x18\0\x01\x02\x03", False),  # family 7
    (9, b"", True), (9, b"\0\0\0\x01", True), (9, b"\0\0\x01", False),  # EXPIRE
    (10, b"", False), (10, b"1234567", False), (10, b"12345678", True),  # COOKIE
    (10, b"123456789", False), (10, b"1" * 16, True), (10, b"1" * 41, False),
    (14, b"", False), (14, b"\0\x01\0\x02\x01", False), (14, b"\0\x01\0\x02", True),  # KEY-TAG
    (15, b"\x01", False), (15, b"\0\x01", True), (15, b"\0\x01\xef\xbb\xbfa", False),  # EDE
    (16, b"\x01", False), (16, b"\0\x01", True), (17, b"\0\0\x01", False),  # CLIENT/SERVER-TAG
    (1, b"12345", False),  # LLQ is 18 bytes
    (11, b"\x01", True), (18, b"\x01", True), (5, b"\x01", True),  # not checked by BIND
]  # fmt: skip


@pytest.mark.parametrize(("code", "data", "accepted"), OPTION_CASES)
def test_edns_options_judged_as_bind_does(code: int, data: bytes, accepted: bool) -> None:
    option = struct.pack("!HH", code, len(data)) + data
    opt = b"\0" + struct.pack("!HHIH", 41, 1232, 0, len(option)) + option
    wire = struct.pack("!HHHHHH", 1, 0x8180, 0, 0, 0, 1) + opt
    if not accepted:
        with pytest.raises(BadPacket, match="malformed OPT option"):
            decoded_by_walk(wire)
        return
    message = decoded_by_walk(wire).message
    assert [(int(o.otype), o.to_wire()) for o in message.options] == [(code, data)]

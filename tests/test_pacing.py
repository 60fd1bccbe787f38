"""The sweep's pace controller (pydig/lookup/pacing.py), driven with a clock of our own:
the window grows with replies, shrinks on timeouts and bursts of SERVFAIL / REFUSED,
stays between 1 and the ceiling, and +rate spaces the sends."""

from __future__ import annotations

import itertools

import pytest

from pydig.lookup.pacing import ERROR_BURST, INITIAL_WINDOW, RATE_MARGIN, Pacer

TURN = RATE_MARGIN / 10  # +rate=10's spacing


def fill(pacer: Pacer, now: float = 0.0) -> int:
    """Send while the pacer allows; how many went."""
    sent = 0
    while pacer.may_send(now):
        pacer.on_sent(now)
        sent += 1
    return sent


def replies(pacer: Pacer, count: int) -> Pacer:
    """`count` round trips of sending what is allowed and getting one reply back."""
    for _ in range(count):
        fill(pacer)
        pacer.on_reply(0.0)
    return pacer


def test_starts_small_and_grows_with_replies_up_to_the_ceiling() -> None:
    pacer = Pacer(16)
    assert fill(pacer) == INITIAL_WINDOW
    for _ in range(40):
        pacer.on_reply(0.0)
        fill(pacer)
    assert pacer.pace().window == 16
    assert pacer.in_flight == 16


def test_a_timeout_halves_the_window_once_per_round_trip() -> None:
    pacer = replies(Pacer(32), 60)
    assert pacer.pace().window == 32
    fill(pacer)
    pacer.on_timeout(0.0)
    assert pacer.pace().window == 16
    for _ in range(10):  # losses among the queries sent before the cut cost nothing more
        pacer.on_timeout(0.0)
    assert pacer.pace().window == 16
    while pacer.in_flight:  # the rest of that round trip
        pacer.on_reply(0.0)
    fill(pacer)
    pacer.on_timeout(0.0)  # a loss in the next round trip cuts again
    assert pacer.pace().window == 8


def test_after_a_cut_the_window_grows_slowly() -> None:
    pacer = replies(Pacer(64), 100)
    fill(pacer)
    pacer.on_timeout(0.0)
    while pacer.in_flight:
        pacer.on_reply(0.0)
    window = pacer.pace().window
    replies(pacer, window)  # one window of replies: about one more
    assert window <= pacer.pace().window <= window + 2


def test_never_below_one() -> None:
    pacer = Pacer(8)
    for _ in range(50):
        fill(pacer)
        pacer.on_timeout(0.0)
        assert pacer.pace().window >= 1
    assert fill(pacer) >= 1 or pacer.in_flight >= 1


def test_a_burst_of_servfail_or_refused_shrinks_a_single_one_does_not() -> None:
    pacer = replies(Pacer(16), 40)
    fill(pacer)
    for _ in range(ERROR_BURST - 1):
        pacer.on_error(0.0)
        pacer.on_reply(0.0)  # an answer in between: no burst
    assert pacer.pace().window == 16
    for _ in range(ERROR_BURST):
        pacer.on_error(0.0)
    assert pacer.pace().window == 8


def test_one_at_a_time() -> None:
    pacer = Pacer(1)
    assert fill(pacer) == 1
    pacer.on_reply(0.0)
    assert fill(pacer) == 1


@pytest.mark.parametrize("late", [0.0, 0.004], ids=["on time", "woken late"])
@pytest.mark.parametrize("rate", [1, 7, 100])
def test_rate_never_lets_more_than_n_go_in_a_second(rate: int, late: float) -> None:
    """A scheduler that wakes up to 4 ms after each turn neither exceeds the rate nor
    falls behind it."""
    pacer = Pacer(1024, rate=rate)
    sends: list[float] = []
    now = 0.0
    wakes = itertools.cycle([late, late / 3, 0.0, late / 2])
    while now < 5.0:
        while pacer.may_send(now):
            pacer.on_sent(now)
            sends.append(now)
            pacer.on_reply(now)  # replies come back at once: only the rate holds them
        now = max(now + 0.001, pacer.pace().next_send + next(wakes))
    for start in sends:
        assert sum(1 for sent in sends if start <= sent < start + 1.0) <= rate
    assert len(sends) >= 5 * rate / RATE_MARGIN - 2  # and it does not hold back more


def test_the_pace_after_events() -> None:
    pacer = Pacer(4, rate=10)
    pacer.on_sent(1.0)
    pace = pacer.pace()
    assert (pace.window, pace.next_send) == (4, pytest.approx(1.0 + TURN))
    assert not pacer.may_send(1.0 + TURN - 0.001)
    assert pacer.may_send(1.0 + TURN)
    pacer.on_reply(1.2)
    assert pacer.pace().window == 4


def test_retries_count_against_the_rate_not_the_window() -> None:
    pacer = Pacer(4, rate=10)
    pacer.on_sent(0.0)
    assert pacer.in_flight == 1
    assert not pacer.may_resend(0.05)  # a retry waits for the rate's next turn as well
    assert pacer.may_resend(TURN)
    pacer.on_resent(TURN)
    assert pacer.in_flight == 1  # the same lookup, still in flight
    assert pacer.pace().next_send == pytest.approx(2 * TURN)


def test_a_waiting_retry_goes_before_any_new_lookup() -> None:
    pacer = Pacer(4, rate=10)
    pacer.on_sent(0.0)
    pacer.retries_waiting = 1
    assert not pacer.may_send(0.2)  # the turn is the retry's
    assert pacer.may_resend(0.2)
    pacer.on_resent(0.2)
    pacer.retries_waiting = 0
    assert not pacer.may_send(0.2 + TURN - 0.001)
    assert pacer.may_send(0.2 + TURN)


def queued_trip(in_flight: int) -> float:
    """A server on the same machine that answers 40,000 queries a second: the shortest
    trip a quarter of a millisecond, and every query in flight waits its turn."""
    return 0.00025 + in_flight / 40_000


def test_the_window_stops_growing_when_queries_wait_in_a_queue() -> None:
    """Without a loss to tell it, the window of a server on the same machine would grow to
    the ceiling and overflow the server's socket: the round trip, lengthening as queries
    queue, holds it (slow start ends), far below the ceiling and without shrinking it."""
    pacer = Pacer(1024)
    for _ in range(5_000):
        fill(pacer)
        pacer.on_reply(0.0, queued_trip(pacer.in_flight))
    held = pacer.pace().window
    assert 16 < held < 200
    for _ in range(5_000):  # still queued: no growth, slow or not
        fill(pacer)
        pacer.on_reply(0.0, queued_trip(pacer.in_flight))
    assert pacer.pace().window == held


@pytest.mark.parametrize("jitter", [0.0, 0.015])
def test_a_long_path_lets_the_window_grow(jitter: float) -> None:
    """20 ms away, a round trip up to 15 ms longer than the shortest (a relay's jitter) is
    the path, not a queue: the window grows to the ceiling."""
    pacer = Pacer(1024)
    trips = itertools.cycle([0.020, 0.020 + jitter])
    for _ in range(20_000):
        fill(pacer)
        pacer.on_reply(0.0, next(trips))
    assert pacer.pace().window == 1024

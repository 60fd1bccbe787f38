"""How many queries may be in flight, and when the next may go: adaptive concurrency and
+rate, as a pure controller that does no I/O and reads no clock.

The window works as nmap's reverse-DNS scanner and TCP's congestion control do.  It
starts small and grows by one for every reply (slow start) until it reaches the
threshold, then by about one per window of replies; a timeout, or a burst of
SERVFAIL / REFUSED replies (ERROR_BURST in a row), halves it and sets the threshold
there.  Losses of queries sent before a cut do not cut it again: a server that drops
one datagram in a hundred costs one halving, not one per query lost in the same
round trip.  The window stays between 1 and the ceiling (+concurrency=N).

It stops growing (without shrinking) while queries wait in queues: when the smoothed
round trip is more than HOLD_FACTOR times the shortest seen plus HOLD_MARGIN.  A
server on the same machine answers as fast as it can read, and more queries in flight
only wait in its socket, whose buffer (212 KiB by default on Linux: a few hundred
queries) overflows long before the ceiling; each query lost there costs a whole
timeout, as nmap's and TCP's delay-based variants (Vegas) know.  A faraway server's
round trip is mostly the path, so the window grows as far as the path needs.

+rate=N spaces the queries RATE_MARGIN/N seconds apart, so no one-second window
holds more than N sends, even as seen by a server whose clock or network jitters by a
few milliseconds.  Every query counts: a lookup's first (`on_sent`, which the window
counts too) and each retry (`on_resent`: the same lookup, still in flight).  A retry
goes before any new lookup: while one waits for its turn (`retries_waiting`), no new
lookup may start, so a retry waits at most one turn and its timeout stays its own.

A scheduler tells the controller what happened, with the time of its own clock, and
sends when `may_send(now)` (or, for a retry, `may_resend(now)`) says so; `pace()` is
the window and the earliest time of the next send.  The questions allocate nothing:
a sweep asks them a few times for each of its thousands of lookups.
"""

from __future__ import annotations

import math

from pydig.immutable import immutable

INITIAL_WINDOW = 4
RATE_MARGIN = 1.02  # +rate=100 sends 98 a second: 20 ms to spare in every second
# A send this late (a scheduler that woke a little after the turn) keeps the schedule:
# the sends of any one second then stand on turns within 1 s + LATE_SEND, which hold N
# at most while LATE_SEND <= (RATE_MARGIN - 1) s.  A quarter of that leaves 15 ms for
# the network's and the server's jitter (a relay that reads its socket late counted 100
# in a second with 10 ms to spare and 5 ms late).  Later than that, the schedule starts
# again from the send.
LATE_SEND = (RATE_MARGIN - 1) / 4
HOLD_FACTOR = 2.0
HOLD_MARGIN = 0.001  # s: a busy machine's jitter, where the shortest trip is next to nothing
SMOOTHING = 1 / 8  # of each round trip in the smoothed one, as TCP's SRTT
ERROR_BURST = 3  # SERVFAIL / REFUSED replies in a row that count as the server's distress


@immutable
class Pace:
    """What the scheduler may do now: how many queries in flight, and the earliest
    monotonic time the next one may be sent."""

    window: int
    next_send: float


class Pacer:
    """The window and the send times of one sweep; every event takes the time it happened."""

    def __init__(self, ceiling: int, *, rate: float | None = None) -> None:
        self.ceiling = max(ceiling, 1)
        self.rate = rate
        self.in_flight = 0
        self._window = float(min(INITIAL_WINDOW, self.ceiling))
        # How many lookups may be in flight now: _window, kept between 1 and the ceiling.
        self.window = int(self._window)
        self._threshold = float(self.ceiling)
        self._next_send = -math.inf
        self._rate_start = 0.0  # sends under +rate are counted from here, count/rate apart
        self._rate_count = 0
        self._errors_in_a_row = 0
        self._sent_before_cut = 0  # completions still owed by queries sent before the last cut
        self.retries_waiting = 0  # retries the scheduler holds for their turn under +rate
        self._shortest_trip = math.inf
        self._smoothed_trip = 0.0
        # The smoothed trip above which queries wait in a queue, from the shortest trip.
        self._hold_above = math.inf

    def pace(self) -> Pace:
        return Pace(window=self.window, next_send=self._next_send)

    @property
    def next_send(self) -> float:
        return self._next_send

    def may_send(self, now: float) -> bool:
        """Whether a new lookup may start: room in the window, its turn under +rate, and
        no retry waiting for that turn."""
        return self.in_flight < self.window and now >= self._next_send and not self.retries_waiting

    def may_resend(self, now: float) -> bool:
        """Whether a lookup in flight may send its next query (a retry): +rate alone decides."""
        return now >= self._next_send

    def on_sent(self, now: float) -> None:
        """A new lookup's first query went."""
        self.in_flight += 1
        if self.rate:
            self.on_resent(now)

    def on_resent(self, now: float) -> None:
        """A query went for a lookup already in flight."""
        if self.rate:
            if now > self._next_send + LATE_SEND:  # idle since the last one: count from now
                self._rate_start, self._rate_count = now, 0
            self._rate_count += 1
            # Counted from one start rather than added up: rounding never piles up.
            self._next_send = self._rate_start + self._rate_count * RATE_MARGIN / self.rate

    def on_reply(self, now: float, trip: float | None = None) -> None:
        """A reply that answers (anything but SERVFAIL and REFUSED); `trip`, its round trip
        in seconds when the scheduler knows it.  (A sweep's every plain answer comes here:
        _completed() and _set_window() inline.)"""
        if self.in_flight:
            self.in_flight -= 1
        if self._sent_before_cut:
            self._sent_before_cut -= 1
        self._errors_in_a_row = 0
        smoothed = self._smoothed_trip
        if trip is not None:
            if trip < self._shortest_trip:
                if self._shortest_trip == math.inf:  # the first trip: the smoothed one's start
                    smoothed = trip
                self._shortest_trip = trip
                self._hold_above = trip * HOLD_FACTOR + HOLD_MARGIN
            self._smoothed_trip = smoothed = smoothed + (trip - smoothed) * SMOOTHING
        window = self._window
        if smoothed > self._hold_above:
            # Queries are waiting in a queue: more in flight would only wait longer.  Slow
            # start ends here, as it does at a loss (HyStart's delay test).
            if window < self._threshold:
                self._threshold = window
            return
        window += 1 if window < self._threshold else 1 / window
        if window > self.ceiling:
            window = float(self.ceiling)
        # grown from at least 1, to the ceiling at most: _set_window's bounds hold
        self._window, self.window = window, int(window)

    def on_timeout(self, now: float) -> None:
        """No reply at all: the server, or the path to it, is overloaded."""
        self._completed()
        self._cut()

    def on_error(self, now: float) -> None:
        """SERVFAIL or REFUSED: one is an answer, a burst is a server asking for less."""
        self._completed()
        self._errors_in_a_row += 1
        if self._errors_in_a_row >= ERROR_BURST:
            self._errors_in_a_row = 0
            self._cut()

    def _completed(self) -> None:
        if self.in_flight:
            self.in_flight -= 1
        if self._sent_before_cut:
            self._sent_before_cut -= 1

    def _set_window(self, window: float) -> None:
        self._window = window
        self.window = max(1, min(self.ceiling, int(window)))

    def _cut(self) -> None:
        if self._sent_before_cut:
            return  # this loss belongs to the round trip already paid for
        self._threshold = max(self._window / 2, 1.0)
        self._set_window(self._threshold)
        self._sent_before_cut = self.in_flight

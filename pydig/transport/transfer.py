"""When a zone transfer is complete: dig's check_for_more_data, as a small state machine."""

from __future__ import annotations

import dns.message
import dns.rdatatype

from pydig.immutable import mutable


class TransferFailed(Exception):
    """The transfer cannot go on; the argument is dig's line for it."""


@mutable
class TransferTracker:
    """Feed it each message of an AXFR or IXFR; it says when the closing SOA has come."""

    ixfr_serial: int | None = None  # None for AXFR
    first_serial: int | None = None
    second_seen: bool = False
    whole_zone: bool = False  # an IXFR answered AXFR-style
    first_repeat_seen: bool = False

    def feed(self, message: dns.message.Message) -> bool:
        """True when this message ends the transfer."""
        if not message.answer:
            raise TransferFailed("; Transfer failed.")
        for rrset in message.answer:
            for rdata in rrset:
                if self._record(rrset.rdtype, rdata):
                    return True
        return False

    def _record(self, rdtype: int, rdata: object) -> bool:
        is_soa = rdtype == dns.rdatatype.SOA
        if self.first_serial is None:
            if not is_soa:
                raise TransferFailed("; Transfer failed.  Didn't start with SOA answer.")
            self.first_serial = int(rdata.serial)  # type: ignore[attr-defined]
            # An IXFR from a serial at least as new: the server says "up to date".
            return self.ixfr_serial is not None and _serial_ge(self.ixfr_serial, self.first_serial)
        if not self.second_seen and not is_soa:
            self.second_seen = True
            self.whole_zone = True
            return False
        if not is_soa:
            return False
        serial = int(rdata.serial)  # type: ignore[attr-defined]
        if self.ixfr_serial is None or self.whole_zone:
            return True
        if not self.second_seen:
            self.second_seen = True
            return serial == self.first_serial
        if serial == self.first_serial:
            if self.first_repeat_seen:
                return True
            self.first_repeat_seen = True
        return False


def _serial_ge(a: int, b: int) -> bool:
    """RFC 1982 serial arithmetic: a >= b."""
    return a == b or (a - b) % 2**32 < 2**31

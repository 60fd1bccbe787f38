"""The views of a reverse sweep, one address at a time (pure text and tables).

+short:  `ADDRESS NAME` for each PTR found at the end of the chain (`confirmed` or
         `unconfirmed` after it under +fcrdns); with +sweep-missing, `ADDRESS STATUS`
         (and where the chain ended) for an address without one.
+json:   one object per address: address, status, rcode, chain, ptr, fcrdns, messages.
+table:  one table for the whole sweep (pydig/render/table.py).
The summary line on standard error counts every status.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from pydig.model.sweep import AddressResult, Status
from pydig.wire.idn import name_text, shown_in_unicode


def confirmation(result: AddressResult, index: int) -> str:
    """+fcrdns's word for one PTR name; "" without +fcrdns."""
    if result.confirmed is None:
        return ""
    return "confirmed" if result.confirmed[index] else "unconfirmed"


def short_lines(result: AddressResult, *, missing: bool, idnout: bool = False) -> str:
    address = str(result.address)
    if result.ptrs:
        with shown_in_unicode(idnout):
            names = [name_text(name) for name in result.ptrs]
        marks = [confirmation(result, index) for index in range(len(names))]
        return found_lines(address, names, marks)
    return missing_line(address, result.word, result.why) if missing else ""


def found_lines(address: str, names: Sequence[str], marks: Sequence[str] = ()) -> str:
    """`ADDRESS NAME` for each PTR name found; `marks`: +fcrdns's word for each."""
    if not marks:  # the commonest: names are never empty, seldom more than one
        if len(names) == 1:  # with no generator made to join
            return f"{address} {names[0]}\n"
        return "".join(f"{address} {name}\n" for name in names)
    return "".join(
        " ".join(filter(None, (address, name, marks[index] if marks else ""))) + "\n"
        for index, name in enumerate(names)
    )


def missing_line(address: str, word: str, why: str = "") -> str:
    """`ADDRESS STATUS` (and where the chain ended) for an address without a PTR."""
    return " ".join(filter(None, (address, word, why))) + "\n"


def json_line(result: AddressResult) -> str:
    import json  # +json's alone: a smaller cold start for every other view

    from pydig.render.json import exchange_objects  # only when asked: a smaller cold start

    value: dict[str, Any] = {
        "address": str(result.address),
        "status": result.status.name,
        "rcode": result.rcode or None,
        "chain": [name.to_text() for name in result.chain],
        "ptr": [name.to_text() for name in result.ptrs],
    }
    if result.why:
        value["why"] = result.why
    if result.confirmed is not None:
        value["fcrdns"] = dict(
            zip((name.to_text() for name in result.ptrs), result.confirmed, strict=True)
        )
    with shown_in_unicode(False):
        value["messages"] = [item for made in result.exchanges for item in exchange_objects(made)]
    return json.dumps(value, separators=(",", ":")) + "\n"


def summary(text: str, size: int, counts: Mapping[str, int], *, interrupted: bool = False) -> str:
    """`;; -x 192.0.2.0/24: 254 addresses, 6 with PTR, 248 NXDOMAIN`: every status met,
    in Status order (another RCODE by its name); after Ctrl-C, how many were finished."""
    finished = sum(counts.values())
    counts = dict(counts)
    parts = [f"{counts.pop(Status.PTR.name, 0):,} {Status.PTR.value}"]
    for status in Status:
        if status is Status.RCODE:
            others = sorted(word for word in counts if word not in Status.__members__)
            parts += [f"{counts.pop(word):,} {word}" for word in others]
        elif status.name in counts:
            parts.append(f"{counts.pop(status.name):,} {status.value}")
    noun = "address" if size == 1 else "addresses"
    head = f"{size:,} {noun}"
    if interrupted:
        head = f"interrupted, {finished:,} of {head} finished"
    return f";; -x {text}: {head}, {', '.join(parts)}\n"

"""The command line the two floors share: SERVER PORT [--type TYPE] (NAME | -f FILE)...

Read by hand, as argparse alone would add to the start of a one-lookup run what pydig
does not pay.
"""

from __future__ import annotations


def arguments(words: list[str]) -> tuple[str, int, str, list[str]]:
    """The server, the port, the type's name and the names to look up."""
    server, port, *rest = words
    rdtype, names = "A", []
    while rest:
        word = rest.pop(0)
        if word == "--type":
            rdtype = rest.pop(0)
        elif word == "-f":
            with open(rest.pop(0), encoding="ascii") as lines:
                names.extend(line.strip() for line in lines if line.strip())
        else:
            names.append(word)
    return server, int(port), rdtype, names

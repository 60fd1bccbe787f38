"""The manual page and the README: well-formed, and in step with the options pydig has.

No network and no named: groff checks the page, and the option tables of
pydig.cli are compared with the page's text.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from helpers.plusindex import lookup_plus_option

from pydig.cli.options import FLAG_LETTERS, PLUS_OPTIONS, VALUE_LETTERS, PlusOption
from pydig.cli.parse import parse_argv
from pydig.model.invocation import Invocation

ROOT = Path(__file__).resolve().parent.parent
MAN_PAGE = ROOT / "man" / "pydig.1"
README = ROOT / "README.md"

# roff escapes that change how text looks but not what it says.
_FONT_ESCAPE = re.compile(r"\\f(?:\[[^\]]*\]|\(..|.)")
_INVISIBLE_ESCAPE = re.compile(r"\\[&%c|^]")


def man_text() -> str:
    """The page's source with font changes and invisible escapes removed, \\- made "-"."""
    text = MAN_PAGE.read_text(encoding="utf-8")
    text = _FONT_ESCAPE.sub("", text)
    text = _INVISIBLE_ESCAPE.sub("", text)
    return text.replace("\\-", "-")


def implemented_plus_options() -> list[str]:
    return sorted(option.canonical for option in PLUS_OPTIONS)


def test_groff_finds_nothing_to_warn_about() -> None:
    groff = shutil.which("groff")
    if groff is None:
        message = "groff is not installed (apt-get install groff)"
        if os.environ.get("CI") == "true":
            pytest.fail(f"{message} (CI=true: failing instead of skipping)", pytrace=False)
        pytest.skip(message)
    result = subprocess.run(
        [groff, "-man", "-ww", "-z", str(MAN_PAGE)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert (result.returncode, result.stdout, result.stderr) == (0, "", "")


def test_there_are_implemented_plus_options() -> None:
    # Guards the parametrized test below against an empty table passing vacuously.
    assert len(implemented_plus_options()) >= 20


@pytest.mark.parametrize("name", implemented_plus_options())
def test_man_page_documents_plus_option(name: str) -> None:
    pattern = re.compile(rf"\+(?:\[no\])?{re.escape(name)}(?![A-Za-z0-9-])")
    assert pattern.search(man_text()), f"+{name} is not documented in {MAN_PAGE.name}"


def documented_options() -> tuple[set[str], set[str]]:
    """The +options (by canonical name) and -letters that the manual's entries (.TP) in
    OPTIONS and QUERY OPTIONS define."""
    text = man_text()
    lines = text[text.index(".SH OPTIONS") : text.index(".SH MULTIPLE QUERIES")].splitlines()
    headings = [lines[index + 1] for index, line in enumerate(lines[:-1]) if line == ".TP"]
    plus, letters = set(), set()
    for heading in headings:
        for word in re.findall(r"\+(?:\[no\])?([a-z][a-z0-9-]*)", heading):
            option = lookup_plus_option(word) or lookup_plus_option(word.removeprefix("no"))
            plus.add(option.canonical if option else f"+{word}?")
        letters.update(re.findall(r"(?<![\w-])-([A-Za-z0-9])\b", heading))
    return plus, letters


def test_manual_defines_exactly_the_options_of_the_table() -> None:
    plus, letters = documented_options()
    table = {option.canonical for option in PLUS_OPTIONS if not option.obsolete}
    assert (plus ^ table, letters ^ set(FLAG_LETTERS + VALUE_LETTERS)) == (set(), set())


@pytest.mark.parametrize("letter", sorted(FLAG_LETTERS + VALUE_LETTERS))
def test_man_page_documents_dash_option(letter: str) -> None:
    pattern = re.compile(rf"(?<![A-Za-z0-9-])-{re.escape(letter)}(?![A-Za-z0-9])")
    assert pattern.search(man_text()), f"-{letter} is not documented in {MAN_PAGE.name}"


@pytest.mark.parametrize("command", ["uv run pydig", "uv run pytest", "uv sync"])
def test_readme_shows_command(command: str) -> None:
    assert command in README.read_text(encoding="utf-8")


# Options that make another global setting as a side effect, not global themselves:
# +nssearch turns +short on; +dns64prefix, and +noall as in dig, turn the banner off.
GLOBAL_SIDE_EFFECTS = {"nssearch", "dns64prefix", "all"}


def _plus_words(option: PlusOption) -> list[str]:
    value = "=1" if option.needs_value else ""
    words = [f"+{option.canonical}{value}"]
    return [*words, f"+no{option.canonical}"] if option.switch else words


def parsed_global(words: list[str]) -> bool:
    """Whether the words, given after the second name, change a setting of the whole run."""
    before = parse_argv(["a.test", "b.test"])
    after = parse_argv(["a.test", "b.test", *words])
    assert isinstance(before, Invocation) and isinstance(after, Invocation)
    return after.globals != before.globals


def global_plus_options() -> set[str]:
    """The +options that are global wherever they appear, found by parsing each."""
    found = set()
    for option in PLUS_OPTIONS:
        if option.obsolete or option.canonical in GLOBAL_SIDE_EFFECTS:
            continue
        if option.canonical == "subnet":
            continue  # not global; its value needs an address, not "1"
        if any(parsed_global([word]) for word in _plus_words(option)):
            found.add(option.canonical)
    return found


def manual_entries() -> list[tuple[str, str]]:
    """(heading, body) of each .TP entry of OPTIONS and QUERY OPTIONS."""
    text = man_text()
    section = text[text.index(".SH OPTIONS") : text.index(".SH MULTIPLE QUERIES")]
    entries = []
    for chunk in section.split("\n.TP\n")[1:]:
        heading, _, body = chunk.partition("\n")
        entries.append((heading, re.split(r"\n\.S[SH] ", body)[0]))
    return entries


def test_the_manual_says_global_of_exactly_the_global_options() -> None:
    """An entry says "global" when, and only when, its options are global."""
    globals_ = global_plus_options()
    assert {"short", "yaml", "json", "table", "timeout", "split"} <= globals_
    wrong = []
    for heading, body in manual_entries():
        names = {
            option.canonical
            for word in re.findall(r"\+(?:\[no\])?([a-z][a-z0-9-]*)", heading)
            if (option := lookup_plus_option(word)) is not None
        }
        if not names or names & GLOBAL_SIDE_EFFECTS or 0 < len(names & globals_) < len(names):
            continue  # a side effect, or an entry on global and other options together
        says = "global" in body.split("\n.TP")[0]
        if says != bool(names & globals_):
            wrong.append((heading, says))
    assert wrong == []


def test_the_readme_lists_the_global_options() -> None:
    """The README's sentence of global options names every global +option and no other."""
    text = README.read_text(encoding="utf-8")
    start = text.index("Options after a name that are still global")
    sentence = text[start : text.index("Query options can be abbreviated", start)]
    listed = set(re.findall(r"`\+([a-z][a-z0-9-]*)", sentence))
    assert listed == global_plus_options() | {"cmd"}


@pytest.mark.parametrize("words", ["not implemented yet", "not supported yet", "not yet supported"])
def test_no_option_is_said_to_be_missing(words: str) -> None:
    """Every option of the table is implemented: no document may say otherwise."""
    for path in (MAN_PAGE, README):
        assert words not in path.read_text(encoding="utf-8").lower(), path.name

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

from pydig.cli.options import FLAG_LETTERS, PLUS_OPTIONS, VALUE_LETTERS
from pydig.cli.plusopts import lookup_plus_option

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

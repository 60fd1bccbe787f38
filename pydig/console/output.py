"""Writing each lookup to standard output: plain, coloured, JSON Lines or a table.

A pipe or a file gets the renderer's text exactly as it is, without loading rich.  A colour
terminal gets the same characters through rich's Console, styled by render/colour.py:
markup and highlighting off (server data is never interpreted), soft wrap on and dig's
tabs kept (the segments are written as they are, never through rich's tab expansion).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from pydig.console.interrupt import held_interrupts
from pydig.environment import Environment, is_terminal
from pydig.model.display import DisplayOptions
from pydig.render import render

if TYPE_CHECKING:
    from rich.console import Console, RenderableType

    from pydig.model.events import Exchange

UNWRAPPED = 1_000_000  # columns: wider than any table, so rich never wraps one


class Output:
    """Shows lookups one after another on the environment's standard output."""

    def __init__(self, env: Environment) -> None:
        self.env = env
        self._consoles: dict[tuple[bool, bool], Console] = {}
        self._colours: dict[bool | None, bool] = {}  # env.colour(choice), asked once each
        # The last display found to be written plain: a batch's lines share theirs, and
        # whether its text is coloured never changes in a run (text_colour()).
        self._plain: DisplayOptions | None = None

    def show(self, exchange: Exchange) -> None:
        """One lookup's text, or its table.  Not flushed: the runner flushes before it
        waits for the next reply, and before anything goes to standard error."""
        display = exchange.lookup.display
        if display.format == "table":
            from pydig.render.table import table_view

            with held_interrupts():  # Ctrl-C never cuts a lookup's table in two
                self.show_table(table_view(exchange), display.color)
        else:
            self.show_pieces(render(exchange), display)

    def show_pieces(self, pieces: Iterable[str], display: DisplayOptions) -> None:
        """dig's text in the pieces render() gives (or the express lane's answers): in one
        write when plain, each piece coloured on its own (the colours of a piece are worked
        out from its lines alone), Ctrl-C held until the last."""
        if display is self._plain or not self.text_colour(display):
            self._plain = display
            text = "".join(pieces)
            if text:  # an empty write would still take a progress bar off the screen
                self.env.stdout.write(text)  # one call: Ctrl-C cannot cut it in two
            return
        with held_interrupts():
            for piece in pieces:
                self.write_text(piece, colour=True, short=display.short)

    def show_table(self, table: RenderableType, color: bool | None) -> None:
        """A rich table (or group of them), laid out to the terminal's width; never cropped:
        a status line or a table wider than the terminal is folded by it."""
        colour = self.env.colour(color)
        self._console(colour=colour, table=True).print(table, crop=False)

    def text_colour(self, display: DisplayOptions) -> bool:
        """Whether dig's text is coloured: JSON and YAML stay plain, they are read by programs."""
        if display.format != "dig" or display.yaml:
            return False
        colour = self._colours.get(display.color)
        if colour is None:  # standard output is a terminal or not for the whole run
            colour = self._colours[display.color] = self.env.colour(display.color)
        return colour

    def write_text(self, piece: str, *, colour: bool, short: bool = False) -> None:
        """dig's text, coloured or not: the same characters either way."""
        if not colour:
            self.env.stdout.write(piece)
            return
        from rich.segment import Segments

        from pydig.render.colour import colourize, keeps_every_character

        if not keeps_every_character(piece):  # rich would drop a control code: stay exact
            self.env.stdout.write(piece)
            return
        console = self._console(colour=True, table=False)
        console.print(Segments(colourize(piece, short=short).render(console)), end="")

    def _pipe_width(self) -> int | None:
        """A table in a pipe or a file is never wrapped (unless COLUMNS asks for a width):
        None lets rich take the terminal's width, or COLUMNS."""
        if is_terminal(self.env.stdout) or "COLUMNS" in self.env.variables:
            return None
        return UNWRAPPED

    def _console(self, *, colour: bool, table: bool) -> Console:
        """A Console on standard output that takes every character literally; text is never
        wrapped by rich (the terminal does it), a table is laid out to the terminal's width."""
        key = (colour, table)
        if key not in self._consoles:
            from rich.console import Console

            self._consoles[key] = Console(
                file=self.env.stdout,
                width=self._pipe_width() if table else None,
                force_terminal=colour,
                color_system="standard" if colour else None,
                no_color=not colour,
                markup=False,
                highlight=False,
                emoji=False,
                soft_wrap=not table,
                _environ=self.env.variables,
            )
        return self._consoles[key]

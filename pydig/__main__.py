"""The pydig command: Typer hands dig's arguments, untouched and in order, to app.run."""

from __future__ import annotations

import sys

import typer

from pydig.app import run
from pydig.environment import Environment

app = typer.Typer(add_completion=False)


@app.command(
    context_settings={
        "allow_extra_args": True,
        "ignore_unknown_options": True,
        "help_option_names": [],
    }
)
def pydig(ctx: typer.Context) -> None:
    """Look up DNS records as BIND's dig does."""
    raise typer.Exit(run(list(ctx.args), Environment.from_process()))


def main() -> None:
    app(args=sys.argv[1:], prog_name="pydig")


if __name__ == "__main__":
    main()

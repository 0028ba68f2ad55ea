"""A Typer app with the authoring verbs registered, as `wargame.cli` registers them."""

from __future__ import annotations

import typer

from wargame.cli.authoring import graph, lint, new, test

app = typer.Typer(pretty_exceptions_enable=False, add_completion=False)
for command in (lint, graph, new, test):
    app.command()(command)

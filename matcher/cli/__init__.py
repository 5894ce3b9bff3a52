"""The ``matcher`` command (Typer): the composition root of the project.

Its commands live beside each other by subject: :mod:`matcher.cli.records` (records, accounts,
the store's schema), :mod:`matcher.cli.models` (index, train, recommend, place, rank,
evaluate) and :mod:`matcher.cli.analytics` (report); the service's and the evaluation's
commands join from their own layers (:func:`with_layer_commands`).
"""

from __future__ import annotations

import errno
import sys

import typer

from matcher.cli import analytics, documents, models, records
from matcher.cli.common import (
    SAMPLE_DIR,
    AsOfOpt,
    DbOpt,
    JsonOpt,
    app,
    emit,
    fail,
    load_engine_or_fail,
    open_store_or_fail,
    parse_day,
)

__all__ = [
    "SAMPLE_DIR",
    "AsOfOpt",
    "DbOpt",
    "JsonOpt",
    "analytics",
    "app",
    "documents",
    "emit",
    "fail",
    "load_engine_or_fail",
    "models",
    "normalised_args",
    "open_store_or_fail",
    "parse_day",
    "records",
    "run",
    "with_layer_commands",
]

#: Entry-point group through which the layers above this package add their commands.
COMMANDS_GROUP = "matcher.commands"
_layers: list[str] = []


def with_layer_commands() -> typer.Typer:
    """:data:`app` with the commands of the service and evaluation layers added (once).

    ``serve`` and ``demo`` live in :mod:`api.cli`, ``eval-offline``, ``eval-extraction`` and
    ``bench`` in :mod:`eval.cli`, beside the code they run: this package never imports those
    layers. Each names its Typer of commands in the ``matcher.commands`` entry-point group of
    pyproject.toml; they are listed under that Typer's ``rich_help_panel``.
    """
    from importlib.metadata import entry_points

    if not _layers:
        for entry in sorted(entry_points(group=COMMANDS_GROUP), key=lambda e: e.name):
            layer: typer.Typer = entry.load()
            for command in layer.registered_commands:
                command.rich_help_panel = layer.rich_help_panel
            app.registered_commands += layer.registered_commands
            _layers.append(entry.name)
    return app


#: A write that found no room or no right to write.
_DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG, errno.EROFS)


def normalised_args(args: list[str]) -> list[str]:
    """``args`` with a bare ``--ray`` (last, or before another option) given its default
    address, ``local``: the option's value is optional, which Typer options cannot say."""
    from matcher.cluster import LOCAL

    out = []
    for i, arg in enumerate(args):
        out.append(arg)
        following = args[i + 1] if i + 1 < len(args) else None
        if arg == "--ray" and (following is None or following.startswith("-")):
            out.append(LOCAL)
    return out


def run() -> None:
    """The ``matcher`` console command: the core commands and every layer's.

    A full disk, a read-only folder or a missing file ends the command with one line,
    not a traceback: every file the matcher saves is written aside and renamed into place
    (:mod:`matcher.files`), so what was being saved is simply not there, and the last good
    version stays in use.
    """
    try:
        with_layer_commands()(args=normalised_args(sys.argv[1:]))
    except OSError as exc:
        where = f"{exc.filename}: " if exc.filename else ""
        message = f"error: {where}{exc.strerror or exc}"
        if exc.errno in _DISK_FULL:
            message += ". Nothing was published; the last good version stays in use."
        typer.echo(message, err=True)
        raise SystemExit(1) from None

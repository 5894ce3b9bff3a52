"""What every command of ``matcher`` shares: the Typer app, common options, output, errors.

Machine-readable output goes to stdout with ``--json``; logs and progress bars go to stderr.
User errors end as a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from matcher.config import get_settings

if TYPE_CHECKING:
    import numpy as np

    from matcher.engine.snapshot import Engine
    from matcher.store.database import Store

app = typer.Typer(
    name="matcher",
    help="Student–enterprise matching recommender (optics, mechatronics, intelligent vehicles).",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

JsonOpt = Annotated[bool, typer.Option("--json", help="Print machine-readable JSON on stdout.")]
DbOpt = Annotated[
    str | None,
    typer.Option(
        "--database-url",
        envvar="MATCHER_DATABASE_URL",
        help="SQLAlchemy URL of the store (default sqlite:///matcher.db).",
    ),
]

#: Where the committed sample world lives (relative to the repository root).
SAMPLE_DIR = Path(__file__).resolve().parents[2] / "data" / "sample"


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def emit(obj: Any) -> None:
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, indent=2, default=str) + "\n")


@app.callback()
def main(
    verbose: Annotated[
        int,
        typer.Option(
            "--verbose", "-v", count=True, help="More logging on stderr (-v info, -vv debug)."
        ),
    ] = 0,
) -> None:
    """Configure logging on stderr for every command."""
    level = get_settings().log_level.upper()
    if verbose:
        level = "DEBUG" if verbose > 1 else "INFO"
    logging.basicConfig(
        level=level, stream=sys.stderr, format="%(asctime)s %(levelname)s %(name)s: %(message)s"
    )


def open_store_or_fail(database_url: str | None) -> Store:
    """The store at ``database_url`` (or the configured one); a bad URL ends the command."""
    from matcher.store.database import open_store

    try:
        return open_store(database_url)
    except Exception as exc:  # a bad URL or an unreachable server is a user error
        raise fail(f"cannot open the store: {exc}") from None


def load_engine_or_fail(models_dir: Path | None = None) -> Engine:
    """The current engine; a missing or mismatched one ends the command with the fix."""
    from matcher.engine.persist import load_engine
    from matcher.errors import ArtifactError

    settings = get_settings()
    try:
        return load_engine(models_dir or settings.models_dir)
    except ArtifactError as exc:
        raise fail(str(exc)) from None


def parse_day(value: str | None) -> np.datetime64 | None:
    """The day of ``--as-of``; ``None`` leaves it to :func:`matcher.rules.recommendation_day`."""
    import numpy as np

    if value is None:
        return None
    try:
        return np.datetime64(value, "D")
    except ValueError:
        raise fail(f"--as-of must be a date like 2027-03-15, got {value!r}") from None


RayOpt = Annotated[
    str | None,
    typer.Option(
        "--ray",
        metavar="[ADDRESS]",
        help="Run on Ray: a bare --ray starts one on this machine; an address (auto, "
        "ray://head:10001) joins a cluster. Needs pip install 'matcher[ray]'.",
    ),
]

AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date the recommendation is made at (default MATCHER_TODAY, else the "
        "time of the store's latest event).",
    ),
]

"""The centre's command: ``matcher report``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from matcher.cli.common import (
    DbOpt,
    JsonOpt,
    app,
    emit,
    fail,
    load_engine_or_fail,
    open_store_or_fail,
)


@app.command()
def report(
    out: Annotated[Path, typer.Option("--out", help="Folder of the report (created).")],
    semester: Annotated[
        str | None, typer.Option("--semester", help="Funnel of the pairs begun in it, e.g. 2026A.")
    ] = None,
    major: Annotated[
        str | None, typer.Option("--major", help="Skill supply of this major (code or name).")
    ] = None,
    lang: Annotated[str, typer.Option("--lang", help="zh or en.")] = "zh",
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """A dated labour-market report: Markdown with PNG charts, and every table in a workbook."""
    import re

    from matcher.analytics.report import write_report

    if lang not in ("zh", "en"):
        raise fail(f"--lang: {lang!r} is not zh or en")
    if semester is not None and not re.fullmatch(r"\d{4}[AS]", semester):
        raise fail(f"--semester: {semester!r} is not a semester such as 2026A or 2027S")
    engine = load_engine_or_fail()
    store = open_store_or_fail(database_url)
    try:
        files = write_report(store, engine, out, semester=semester, major=major, lang=lang)
    finally:
        store.dispose()
    written = {
        "markdown": str(files.markdown),
        "workbook": str(files.workbook),
        "charts": [str(c) for c in files.charts],
    }
    if as_json:
        emit(written)
        return
    typer.echo(f"report written to {files.markdown} and {files.workbook}")

"""The centre's commands: ``matcher report`` and ``matcher health``."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from matcher.cli.common import (
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
from matcher.config import get_settings


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
    from matcher.engine.persist import staleness

    settings = get_settings()
    engine = load_engine_or_fail()
    store = open_store_or_fail(database_url)
    try:
        stale = staleness(settings.models_dir, store, settings.embedding_model)
    finally:
        store.dispose()
    if stale:  # the figures are the served engine's; a long-running service follows the store
        typer.echo(
            f"warning: {stale}; the report counts the last index (run matcher index)", err=True
        )
    files = write_report(engine, out, semester=semester, major=major, lang=lang)
    written = {
        "markdown": str(files.markdown),
        "workbook": str(files.workbook),
        "charts": [str(c) for c in files.charts],
    }
    if as_json:
        emit(written)
        return
    typer.echo(f"report written to {files.markdown} and {files.workbook}")


@app.command()
def health(
    k: Annotated[
        int, typer.Option("--k", min=1, max=200, help="Positions recommended to each student.")
    ] = 10,
    sample: Annotated[
        int,
        typer.Option(
            "--sample",
            min=1,
            help="Recommend every student up to this many; past it, a seeded sample of this "
            "many, stratified by major.",
        ),
    ] = 3000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the sample.")] = 0,
    as_of: AsOfOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Compute the recommendation health of the current model and store it in its version.

    Coverage of the open positions, exposure by enterprise (Gini), congestion per opening and
    each major's most missed skills, from the served recommendations; the API's
    /analytics/health and /analytics/gaps and `matcher report` read what this writes.
    """
    from matcher.analytics.health import changes, compute_health, previous_health, save_health

    engine = load_engine_or_fail()
    snapshot = compute_health(
        engine, k=k, sample=sample, seed=seed, as_of=parse_day(as_of), progress=not as_json
    )
    path = save_health(engine, snapshot)
    previous = previous_health(engine)
    figures = changes(snapshot, previous)
    if as_json:
        emit({
            "path": str(path),
            "model": snapshot["model"],
            "previous_model": previous["model"] if previous else None,
            "students": snapshot["students"],
            "k": k,
            "day": snapshot["day"],
            "seconds": snapshot["seconds"],
            "figures": figures,
        })  # fmt: skip
        return
    students = snapshot["students"]
    typer.echo(
        f"{students['sampled']} of {students['population']} students, top {k} each, "
        f"on {snapshot['day']}: {snapshot['seconds']} s"
    )
    typer.echo(f"{'figure':<30}{'value':>10}{'previous':>10}{'change':>10}")
    for f in figures:
        cells = [("-" if f[c] is None else f"{f[c]:.4f}") for c in ("value", "previous", "change")]
        typer.echo(f"{f['figure']:<30}" + "".join(f"{c:>10}" for c in cells))
    typer.echo(f"written to {path}")

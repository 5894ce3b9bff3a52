"""The service layer's commands of ``matcher``: ``serve`` and ``demo`` (which ends by serving).

They join the core command group (:mod:`matcher.cli`) through the ``matcher.commands`` entry
point (pyproject.toml), because the core package never imports this one.
"""

from __future__ import annotations

import time
from typing import Annotated

import typer

from matcher.cli import SAMPLE_DIR, DbOpt, JsonOpt, emit, fail, open_store_or_fail
from matcher.config import get_settings

#: This layer's commands; ``matcher --help`` lists them under their own heading.
commands = typer.Typer(rich_help_panel="Service (API and web pages)")


@commands.command()
def demo(
    serve: Annotated[
        bool,
        typer.Option("--serve/--no-serve", help="Serve API and pages after the summary."),
    ] = True,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The main job: import the sample world into an empty store, index, train, summarise."""
    from matcher.errors import ImportFailed
    from matcher.pipeline import current_engine, train_and_publish
    from matcher.ranking.measures import validation_evaluator
    from matcher.retrieval.embedding import load_embedder
    from matcher.store.ingest import import_files

    settings = get_settings()
    store = open_store_or_fail(database_url)
    started = time.perf_counter()
    imported = False
    if sum(store.counts().values()) == 0:
        files = sorted(SAMPLE_DIR.glob("*.jsonl*"))
        if not files:
            raise fail(f"no sample world in {SAMPLE_DIR}")
        try:
            import_files(store, files)
        except ImportFailed as exc:
            for line in exc.lines():
                typer.echo(line, err=True)
            raise typer.Exit(1) from None
        imported = True
    progress = not as_json
    engine, _ = current_engine(
        store, settings.models_dir, settings.embedding_model, load_embedder, progress=progress
    )
    validation = engine.manifest.get("validation")
    if validation is None:
        validation = train_and_publish(engine, validation_evaluator()).validation
    summary = {
        "counts": store.counts(),
        "validation": validation,
        "imported_sample": imported,
        "store": store.url,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        emit(summary)
        return
    typer.echo(f"store {store.url}: " + ", ".join(f"{n} {k}" for k, n in summary["counts"].items()))
    typer.echo(f"{'system':<12}{'ndcg@10':>9}{'map':>8}{'matches ndcg@10':>17}")
    for name, m in validation.items():
        match = m.get("match_ndcg@10", float("nan"))
        typer.echo(f"{name:<12}{m['ndcg@10']:>9.4f}{m['map']:>8.4f}{match:>17.4f}")
    if serve:
        from matcher.store.accounts import demo_accounts

        typer.echo("")
        typer.echo("demo accounts (new passwords on every demo run):")
        for role, username, password in demo_accounts(store):
            typer.echo(f"  {role:<11} {username:<16} {password}")
        _serve("127.0.0.1", 8000, database_url)


def _serve(host: str, port: int, database_url: str | None, workers: int = 1) -> None:
    import os
    import secrets

    # Concurrency comes from requests (threads, workers); OpenMP threads inside each request
    # would only wait on each other on a small machine. Set before the libraries load.
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    import uvicorn

    from api.app import create_app

    typer.echo(
        f"serving http://{host}:{port}/ (API at /api/v1, documentation at /docs); Ctrl-C stops"
    )
    if workers == 1:
        app_ = create_app(database_url=database_url)
        uvicorn.run(app_, host=host, port=port, log_level="warning")
        return
    # Worker processes build the app from the environment; they must agree on the store and
    # on the key that signs tokens, or a token from one would be refused by another.
    if database_url:
        os.environ["MATCHER_DATABASE_URL"] = database_url
    os.environ.setdefault("MATCHER_SECRET_KEY", secrets.token_urlsafe(32))
    get_settings.cache_clear()
    # Workers even out their keep-alive connections through a shared board (api.balance).
    from api.balance import BOARD_ENV, WORKERS_ENV, create_board, remove_board

    board = create_board(workers)
    os.environ[BOARD_ENV], os.environ[WORKERS_ENV] = str(board), str(workers)
    try:
        uvicorn.run(
            "api.app:create_app",
            factory=True,
            host=host,
            port=port,
            workers=workers,
            log_level="warning",
        )
    finally:
        remove_board(board)


@commands.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port to listen on.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(
            min=1, max=64, help="Server processes; each loads the engine (memory × workers)."
        ),
    ] = 1,
    database_url: DbOpt = None,
) -> None:
    """Serve the API for the current store and models (build them with demo or index/train)."""
    from matcher.engine.versions import current_version
    from matcher.errors import ArtifactError

    if current_version(get_settings().models_dir) is None:
        raise fail("no index yet: run `matcher demo` or `matcher index` first")
    try:
        _serve(host, port, database_url, workers)
    except ArtifactError as exc:
        raise fail(str(exc)) from None

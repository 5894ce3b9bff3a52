"""The service layer's commands of ``matcher``: ``serve`` and ``demo`` (which ends by serving).

They join the core command group (:mod:`matcher.cli`) through the ``matcher.commands`` entry
point (pyproject.toml), because the core package never imports this one.
"""

from __future__ import annotations

import time
from typing import Annotated, Any

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
    health_seconds = _health_snapshot(engine, progress=progress)
    summary = {
        "counts": store.counts(),
        "validation": validation,
        "health_seconds": health_seconds,
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


def _health_snapshot(engine: Any, *, progress: bool) -> float | None:
    """The recommendation health of the demo's model, computed once (``matcher health``
    recomputes it); the seconds it took, ``None`` when it was there already."""
    from matcher.analytics.health import compute_health, read_health, save_health

    if read_health(engine) is not None:
        return None
    snapshot = compute_health(engine, progress=progress)
    save_health(engine, snapshot)
    return float(snapshot["seconds"])


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
    # The workers must agree on the store and on the key that signs tokens, or a token from
    # one would be refused by another.
    if database_url:
        os.environ["MATCHER_DATABASE_URL"] = database_url
    os.environ.setdefault("MATCHER_SECRET_KEY", secrets.token_urlsafe(32))
    get_settings.cache_clear()
    # Workers even out their keep-alive connections through a shared board (api.balance).
    from api.balance import BOARD_ENV, WORKERS_ENV, create_board, remove_board

    board = create_board(workers)
    os.environ[BOARD_ENV], os.environ[WORKERS_ENV] = str(board), str(workers)
    try:
        _serve_forked(host, port, workers)
    finally:
        remove_board(board)


#: Seconds a worker may go without a heartbeat (its engine loads before its first one).
WORKER_TIMEOUT_S = 900


def _serve_forked(host: str, port: int, workers: int) -> None:
    """``workers`` processes forked from this one once it has imported the service.

    gunicorn's arbiter forks them and replaces any that dies; each runs the application with
    uvicorn (uvicorn-worker) and loads the engine when it starts. The imports (and the pandas
    that pyarrow loads on its first array) are done here, before the fork, and frozen out of
    the garbage collector's sight (:func:`gc.freeze`), so the workers share those pages with
    this process instead of each holding its own copy, as spawned workers did: measured at
    100k positions, the two workers' proportional set sizes went from 1.34 to 1.16 times one
    worker's resident size.
    """
    import gc

    import pyarrow as pa
    from gunicorn.app.base import BaseApplication

    from api.app import create_app, warm_text

    application = create_app()
    pa.array([0])  # pyarrow imports pandas on its first array: here, to be shared
    warm_text()
    options = {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "uvicorn_worker.UvicornWorker",
        "preload_app": True,
        "timeout": WORKER_TIMEOUT_S,
        "graceful_timeout": 10,
        "loglevel": "warning",
        "accesslog": None,
    }

    class _Server(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in options.items():
                self.cfg.set(key, value)

        def load(self) -> Any:
            return application

    gc.collect()
    gc.freeze()
    _Server().run()


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

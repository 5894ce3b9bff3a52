"""``matcher bench``: every benchmark of the package on one simulated world, as JSON and a table.

:func:`run_bench` follows ``docs/benchmarks.md``: every figure is a median or percentile over
many repetitions, the encoder is compared against plain ``SentenceTransformer.encode`` measured
in the same run (interleaved), an approximate index is reported with its recall against the
exact answer, and catalogues of 100k+ positions are synthesised from real embeddings of a small
simulated world (marked ``"synthetic": true`` in the output).
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

from eval.bench.common import (
    NOISE,
    SEED,
    WORLD,
    build_world_engine,
    log_progress,
    machine_info,
)
from eval.bench.encode import bench_encode, encode_texts
from eval.bench.http import (
    HTTP_STUDENT_ACCOUNTS,
    HttpOptions,
    bench_http,
    bench_http_login_flood,
    prepare_http_world,
)
from eval.bench.pages import bench_pages
from eval.bench.recommend import RECOMMEND_MAX, bench_recommend, scale_positions
from eval.bench.reindex import bench_reindex
from eval.bench.retrieval import bench_retrieval
from eval.bench.soak import SOAK_CLIENTS, SOAK_RATE, bench_soak
from eval.bench.table import format_table


def run_bench(
    *,
    sizes: list[int],
    out: Path | None,
    texts: int = 512,
    repeats: int = 300,
    progress: bool = True,
    world: dict[str, int] | None = None,
    http: HttpOptions | None = None,
    http_only: bool = False,
    pages: tuple[str, Path] | None = None,
    soak: float | None = None,
    soak_workers: int = 1,
    scale: bool = False,
    scale_students: int = 0,
    batch: bool = False,
    analytics: Path | None = None,
) -> dict[str, Any]:
    """Run the benchmark; return the result and write it as JSON to ``out`` when given.

    Args:
        sizes: Catalogue sizes for the retrieval rows (e.g. ``[100_000]``) and, up to
            :data:`RECOMMEND_MAX`, the recommendation rows.
        out: JSON file to write, or ``None``.
        texts: Texts in the encoding benchmark (capped at the documents of the small world).
        repeats: Single requests timed per retrieval and recommendation row.
        progress: Progress bars and the final table on stderr.
        world: Size of the simulated world (``students``, ``enterprises``, ``positions``) whose
            documents and embeddings everything is built from; ``None`` means :data:`WORLD`.
            Its documents cap ``texts``.
        http: Add the HTTP rows (:func:`bench_http`): the real server under closed-loop load.
        http_only: Only the HTTP rows (``http`` defaults to :class:`HttpOptions`); ``sizes``,
            ``texts`` and ``repeats`` are then unused.
        pages: ``(store URL, models folder)``: add the page rows (:func:`bench_pages`) on a
            copy of that store and models (the sample world after ``matcher demo``); with
            ``http_only`` and no ``http``, only they are run.
        soak: Minutes of the soak (:func:`~eval.bench.soak.bench_soak`), run last: the real
            server on the small world's store at the load target, with writes, logins,
            rebuilds and retrains; with ``http_only`` and no ``http``, only it.
        soak_workers: Server processes of the soak.
        scale: Add the scale rows (:func:`~eval.bench.scale.bench_scale`), one per size, run
            last; with ``http_only`` and no ``http``, only they.
        scale_students: Students replicated to this many in the scale rows of at least as many
            positions (0: the small world's).
        batch: Add the batch row (:func:`~eval.bench.batch.bench_batch`); with ``http_only``
            and no ``http``, only it.
        analytics: Folder of the analytics world (made there once, then reused): add the
            analytics rows (:func:`~eval.bench.analytics.bench_analytics`); with ``http_only``
            and nothing else asked, only they (no small world is built).

    Threads are left as configured (``OMP_NUM_THREADS``) and reported under ``machine``.
    """
    others = http is not None or pages is not None or soak is not None or scale or batch
    if http_only and analytics is not None and not others:
        return _analytics_only(analytics, out, progress)
    if http_only and not others:
        http = HttpOptions()
    if not http_only and (not sizes or any(n < 1 for n in sizes)):
        raise ValueError(f"sizes must be positive integers, got {sizes}")
    if texts < 1 or repeats < 1:
        raise ValueError("texts and repeats must be at least 1")
    if http is not None and (
        http.concurrency < 1 or http.seconds <= 0 or not http.workers or min(http.workers) < 1
    ):
        raise ValueError("http: concurrency, seconds and workers must be positive")
    t_start = time.perf_counter()
    result: dict[str, Any] = {}
    notes = []
    with tempfile.TemporaryDirectory(prefix="matcher-bench-") as tmp:
        root = Path(tmp)
        world = dict(world or WORLD)
        log_progress(f"building a simulated world {world} and its engine", progress)
        start = time.perf_counter()
        engine = build_world_engine(root, world, progress=progress)
        first_s = time.perf_counter() - start
        machine = machine_info()
        result["machine"] = machine
        kept = None  # the scaled engine the HTTP rows can reuse
        if not http_only:
            result["reindex"] = bench_reindex(root, engine, first_s, progress=progress)
            docs, summaries, profiles = encode_texts(root)
            order = np.random.default_rng(SEED).permutation(len(docs))[: min(texts, len(docs))]
            log_progress(f"encoding benchmark on {len(order)} texts", progress)
            result["encode"] = bench_encode(
                [docs[i] for i in order],
                [summaries[i] for i in order],
                profiles,
                root / "engine-cache",
                progress=progress,
            )

            base = np.vstack([engine.student_vectors, engine.position_vectors])
            result["retrieval"] = [
                bench_retrieval(base, n, repeats=repeats, progress=progress) for n in sizes
            ]

            recommend = [
                bench_recommend(engine, repeats=repeats, progress=progress, synthetic=False)
            ]
            for n in [n for n in sizes if n <= RECOMMEND_MAX]:
                log_progress(f"scaling positions to {n}", progress)
                scaled = scale_positions(engine, n)
                recommend.append(
                    bench_recommend(scaled, repeats=repeats, progress=progress, synthetic=True)
                )
                if http is not None and n == http.positions:
                    kept = scaled
                del scaled
            result["recommend"] = recommend
            notes.append(
                f"retrieval vectors: {len(sizes)} synthetic sets drawn around {base.shape[0]} "
                f"real embeddings (students and positions of a simulated world {world}), noise "
                f"{NOISE}; recommend: the first row is the real engine, the others replicate "
                f"its {len(engine.positions)} positions (same documents, skills and columns, "
                "new ids, vectors near the originals) with the student side unchanged"
            )
        if http is not None and http.login_flood:
            result["login_flood"] = bench_http_login_flood(
                root, engine, http, scaled=kept, progress=progress
            )
            notes.append(
                "login flood: one student asks for her own recommendations in a loop, alone and "
                "while 6 clients post wrong passwords (1 worker; the throttle as configured, "
                "then opened wide so that every attempt costs an argon2 check)"
            )
        if http is not None:
            result["http"] = bench_http(root, engine, http, scaled=kept, progress=progress)
            notes.append(
                f"http: the real server (a subprocess, loopback) serves the world {world} with "
                f"its positions replicated to {result['http'][0]['n']} as above and the ranker "
                f"trained on the small world; the load generator runs in this process on the "
                "same cores (its CPU is reported); 'student' rows: each of "
                f"{HTTP_STUDENT_ACCOUNTS} student accounts asks for her own recommendations; "
                "'admin' rows: one admin asks for every student's (each view audited)"
            )

        if pages is not None:
            result["pages"] = bench_pages(*pages, root, repeats=50, progress=progress)
            notes.append(
                "pages: the real server (one worker) on a copy of the given store and models, "
                "one logged-in client asking each page 50 times in a row after 3"
            )

        if soak is not None:
            result["soak"] = _soak(root, engine, soak, soak_workers, progress)
            notes.append(
                f"soak: the real server ({soak_workers} worker(s)) on the store of the world "
                f"{world} (its engine rebuilt from it by every write), {SOAK_CLIENTS} clients "
                "paced to "
                f"{SOAK_RATE:g} requests/s in all for {soak:g} min"
            )

        if batch:
            from eval.bench.batch import RAY_CPUS, bench_batch

            result["batch"] = bench_batch(root, progress)
            notes.append(
                "batch: matcher batch-recommend on the sample world (top 20 each), in-process "
                f"and on a local Ray of {RAY_CPUS} CPUs"
            )

        if analytics is not None:
            from eval.bench.analytics import bench_analytics

            result["analytics"] = bench_analytics(analytics, progress=progress)
            notes.append(_ANALYTICS_NOTE)

        if scale:
            from eval.bench.scale import WORKERS, bench_scale

            result["scale"] = [
                bench_scale(
                    root,
                    engine,
                    n,
                    students=scale_students if scale_students and n >= scale_students else 0,
                    progress=progress,
                )
                for n in sizes
            ]
            notes.append(
                f"scale: the real server ({WORKERS} workers) on the small world's positions "
                "(and students, where asked) replicated as above; a write is a new position "
                "posted through the API, served when its candidate list answers"
            )

    machine["note"] = "; ".join([*notes, "threads as configured."])
    result["seconds"] = time.perf_counter() - t_start
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    if progress:
        print(format_table(result), file=sys.stderr, flush=True)
    return result


_ANALYTICS_NOTE = (
    "analytics: the real server (one worker) on the issue's world (50,000 students, 5,000 "
    "enterprises, 100,000 positions and their interactions; SQLite), one client asking each "
    "route 50 times in a row after 3; the report as a whole process"
)


def _analytics_only(root: Path, out: Path | None, progress: bool) -> dict[str, Any]:
    """Only the analytics rows: no small world is built for them."""
    from eval.bench.analytics import bench_analytics

    started = time.perf_counter()
    machine = machine_info()
    result: dict[str, Any] = {"machine": machine}
    result["analytics"] = bench_analytics(root, progress=progress)
    machine["note"] = f"{_ANALYTICS_NOTE}; threads as configured."
    result["seconds"] = time.perf_counter() - started
    if out is not None:
        out = Path(out)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(json.dumps(result, indent=2, default=str) + "\n", encoding="utf-8")
    if progress:
        print(format_table(result), file=sys.stderr, flush=True)
    return result


def _soak(root: Path, engine: Any, minutes: float, workers: int, progress: bool) -> dict[str, Any]:
    """The soak on the small world as built (not scaled: writes rebuild it from the store)."""
    served = prepare_http_world(
        root, engine, len(engine.positions), train=True, roles=["student", "admin"],
        progress=progress,
    )  # fmt: skip
    students = [
        {"username": user, "password": password, "id": sid}
        for user, password, sid in served.accounts["student"]
    ]
    admin_user, admin_password, _ = served.accounts["admin"][0]
    return bench_soak(served.server_settings(), students, (admin_user, admin_password), root,
                      minutes=minutes, workers=workers, progress=progress)  # fmt: skip

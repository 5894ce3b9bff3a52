"""The evaluation layer's commands of ``matcher``: ``eval-extraction``, ``eval-offline``,
``eval-world``, ``bench``.

They join the core command group (:mod:`matcher.cli`) through the ``matcher.commands`` entry
point (pyproject.toml), because the core package never imports this one.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from matcher.cli import JsonOpt, emit, fail
from matcher.cli.common import RayOpt
from matcher.config import get_settings

#: This layer's commands; ``matcher --help`` lists them under their own heading.
commands = typer.Typer(rich_help_panel="Evaluation (for researchers)")


@commands.command("eval-parse")
def eval_parse(
    labelled: Annotated[
        Path | None,
        typer.Option(
            "--labelled",
            help="labels.jsonl of a set of documents; the project's data/documents by default.",
        ),
    ] = None,
    misses: Annotated[
        bool, typer.Option("--misses", help="Also list each document's wrong fields.")
    ] = False,
    end_to_end: Annotated[
        int,
        typer.Option(
            "--end-to-end",
            help="Instead: recommendations from résumés read for N simulated students against "
            "those from their typed profiles (nDCG@10 on the hidden truth, overlap@10).",
        ),
    ] = 0,
    as_json: JsonOpt = False,
) -> None:
    """Per-field precision and recall of reading résumés and job descriptions, per language."""
    import statistics

    if end_to_end:
        import tempfile

        from eval.parsing.end_to_end import end_to_end as compare

        with tempfile.TemporaryDirectory() as tmp:
            result = compare(Path(tmp), sample=end_to_end)
        if as_json:
            emit(result)
        else:
            for key, value in result.items():
                typer.echo(f"{key}: {value}")
        return

    from eval.parsing.scores import DEFAULT_SET, read_set, score, table

    try:
        rows = read_set(labelled or DEFAULT_SET)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    scores = score(rows)
    seconds = sorted(scores.seconds)
    timing = {
        "documents": len(seconds),
        "p50_ms": round(1000 * statistics.median(seconds), 1),
        "p95_ms": round(1000 * seconds[max(0, round(0.95 * len(seconds)) - 1)], 1),
    }
    if as_json:
        emit({"scores": scores.as_dict(), "timing": timing,
              **({"misses": scores.misses} if misses else {})})  # fmt: skip
        return
    for line in table(scores):
        typer.echo(line)
    typer.echo(f"{timing['documents']} documents, per document p50 {timing['p50_ms']} ms, "
               f"p95 {timing['p95_ms']} ms (reading child included)")  # fmt: skip
    if misses:
        for miss in scores.misses:
            typer.echo(json.dumps(miss, ensure_ascii=False))


@commands.command("eval-extraction")
def eval_extraction(
    labelled: Annotated[
        Path | None,
        typer.Option(
            "--labelled", help="Labelled JSONL (text, lang, skills); the project's set by default."
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Measure skill extraction precision and recall per language on a labelled set."""
    from eval.extraction import DEFAULT_LABELLED, evaluate_extraction, read_labelled
    from matcher.text.taxonomy import load_taxonomy

    try:
        rows = read_labelled(labelled or DEFAULT_LABELLED)
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    scores = evaluate_extraction(load_taxonomy(), rows)
    if as_json:
        emit({lang: score.as_dict() for lang, score in scores.items()})
        return
    typer.echo(f"{'lang':<6}{'sentences':>10}{'precision':>11}{'recall':>8}{'f1':>8}")
    for lang in ("zh", "en", "all"):
        if lang in scores:
            d = scores[lang].as_dict()
            typer.echo(
                f"{lang:<6}{d['sentences']:>10}{d['precision']:>11.3f}{d['recall']:>8.3f}"
                f"{d['f1']:>8.3f}"
            )


@commands.command("eval-world")
def eval_world(
    world: Annotated[
        Path, typer.Option("--world", help="A world folder written by `matcher simulate`.")
    ],
    as_json: JsonOpt = False,
) -> None:
    """How much of a simulated world's hidden truth its written records give away."""
    from eval.world_audit import audit_world

    if not (world / "ground_truth" / "world.json").is_file():
        raise fail(f"--world {world}: no ground_truth/world.json (matcher simulate writes one)")
    report = audit_world(world)
    if as_json:
        emit(report)
        return
    for section in ("truth", "claims", "positions", "talent", "funnel", "language", "texts"):
        typer.echo(f"[{section}]")
        for name, value in report[section].items():
            typer.echo(f"  {name:<42}{json.dumps(value, ensure_ascii=False)}")


@commands.command("eval-offline")
def eval_offline(
    ground_truth: Annotated[
        Path,
        typer.Option(
            "--ground-truth", help="Folder of the simulator's hidden qrels (ground_truth/)."
        ),
    ],
    out: Annotated[Path, typer.Option("--out", help="Report folder to write.")],
    dev_eval: Annotated[
        Path | None,
        typer.Option(
            "--dev-eval",
            help="Folder of the public title sets (its ../reference holds CSCO and ESCO).",
        ),
    ] = None,
    max_students: Annotated[
        int, typer.Option(min=10, help="Students evaluated (a seeded sample above this).")
    ] = 2000,
    max_positions: Annotated[
        int, typer.Option(min=10, help="Positions evaluated (a seeded sample above this).")
    ] = 2000,
    ablations: Annotated[
        bool, typer.Option(help="Refit the learned ranker without each feature group.")
    ] = True,
    seed: Annotated[int, typer.Option(help="Seed of samples, negatives and models.")] = 0,
    ray: RayOpt = None,
    against: Annotated[
        Path | None,
        typer.Option(
            "--against",
            help="metrics.json (or report folder) of a run on another world: the report adds "
            "how the ranking of systems by nDCG@10 changed (Kendall's τ).",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Evaluate the current store and models in both directions; write a full report.

    With --ray, the grid of pair features is computed on Ray's actors."""
    from eval.offline import run_offline
    from matcher.errors import ArtifactError, SplitError

    if not ground_truth.is_dir():
        raise fail(f"--ground-truth {ground_truth}: not a folder (matcher simulate writes one)")
    if dev_eval is not None and not dev_eval.is_dir():
        raise fail(f"--dev-eval {dev_eval}: not a folder")
    try:
        report = run_offline(
            ground_truth=ground_truth,
            out=out,
            dev_eval=dev_eval,
            max_students=max_students,
            max_positions=max_positions,
            ablations=ablations,
            seed=seed,
            progress=not as_json,
            ray_address=ray,
            against=against,
        )
    except (ArtifactError, SplitError, FileNotFoundError, ValueError) as exc:
        raise fail(str(exc)) from None
    if as_json:
        emit(report)
        return
    section = report["directions"]["student_to_position"]["systems"]
    typer.echo(f"wrote {out}/report.md and metrics.json ({report['seconds']} s)")
    shown = ("random", "popularity", "bm25", "dense", "fusion", "prior", "simple5", "learned")
    for name in (*shown, "served"):
        if name in section:
            typer.echo(f"  {name:<12} nDCG@10 {section[name]['ndcg@10']:.4f}")
    probe = report["probe5"]["student_to_position"]
    share = "–" if probe["share_of_learned"] is None else f"{probe['share_of_learned']:.0%}"
    typer.echo(
        f"  probe5       nDCG@10 {probe['ndcg@10']:.4f} ({share} of learned; fitted on hidden "
        "grades, not a system)"
    )
    for truth, parts in report.get("against", {}).items():
        if isinstance(parts, dict) and truth in ("hidden", "observed"):
            for direction, cmp in parts.items():
                typer.echo(f"  τ vs --against, {truth} {direction}: {cmp['tau']}")


@commands.command()
def bench(
    sizes: Annotated[str, typer.Option(help="Comma-separated catalogue sizes.")] = "10000,100000",
    out: Annotated[Path | None, typer.Option("--out", help="JSON file to write.")] = None,
    texts: Annotated[int, typer.Option(min=8, help="Texts for the encode benchmark.")] = 512,
    repeats: Annotated[int, typer.Option(min=10, help="Single requests per latency row.")] = 300,
    http: Annotated[
        bool,
        typer.Option(
            "--http",
            help="Add HTTP rows: the real server (matcher serve) under closed-loop load.",
        ),
    ] = False,
    http_only: Annotated[
        bool, typer.Option("--http-only", help="Only the HTTP rows (implies --http).")
    ] = False,
    http_concurrency: Annotated[
        int, typer.Option(min=1, help="Concurrent clients of the HTTP load.")
    ] = 16,
    http_seconds: Annotated[
        float, typer.Option(min=1, help="Measured seconds of HTTP load (after the warm-up).")
    ] = 30.0,
    http_warmup: Annotated[
        float, typer.Option(min=0, help="Seconds of HTTP load before measuring.")
    ] = 5.0,
    http_positions: Annotated[
        int, typer.Option(min=1000, help="Positions the served engine holds (replicated).")
    ] = 100_000,
    http_workers: Annotated[
        str, typer.Option(help="Comma-separated server worker counts, one HTTP row each.")
    ] = "1,2",
    http_as: Annotated[
        str,
        typer.Option(
            help="Comma-separated roles asking: student (her own page), admin (anyone's)."
        ),
    ] = "student,admin",
    http_client: Annotated[
        str,
        typer.Option(help="Load generator: threads (httpx.Client each) or asyncio (AsyncClient)."),
    ] = "threads",
    login_flood: Annotated[
        bool,
        typer.Option(
            "--login-flood",
            help="Add login-flood rows (implies --http): a student's latency alone and while 6 "
            "clients post wrong passwords, with the throttle as configured and opened wide.",
        ),
    ] = False,
    pages: Annotated[
        bool,
        typer.Option(
            "--pages",
            help="Add page rows: every role's pages on a copy of the current store and models "
            "(the sample world after matcher demo); with --http-only and no --http, only them.",
        ),
    ] = False,
    soak: Annotated[
        float | None,
        typer.Option(
            "--soak",
            min=0.1,
            metavar="MINUTES",
            help="Add the soak: the real server at the load target for MINUTES (10 for the "
            "issue's figure) with writes, logins, rebuilds and retrains; 0 errors, no lost "
            "write, memory flat. With --http-only and no --http, only it.",
        ),
    ] = None,
    soak_workers: Annotated[
        int, typer.Option(min=1, max=8, help="Server processes of the soak.")
    ] = 1,
    scale: Annotated[
        bool,
        typer.Option(
            "--scale",
            help="Add scale rows, one per --sizes: the real server with 2 workers on that many "
            "replicated positions (memory per worker, p99, a write until served, its cost "
            "against a full rebuild). With --http-only and no --http, only them.",
        ),
    ] = False,
    scale_students: Annotated[
        int,
        typer.Option(
            min=0,
            metavar="N",
            help="In the scale rows of at least N positions, replicate students to N as well.",
        ),
    ] = 0,
    batch: Annotated[
        bool,
        typer.Option(
            "--batch",
            help="Add the batch row: matcher batch-recommend on the sample world, in-process "
            "and on a local Ray with 2 CPUs (students/s, ratio). With --http-only and no "
            "--http, only it.",
        ),
    ] = False,
    analytics: Annotated[
        bool,
        typer.Option(
            "--analytics",
            help="Add the analytics rows: every analytics route and matcher report on the "
            "issue's world (50,000 students, 5,000 enterprises, 100,000 positions), made once "
            "under --analytics-root (most of an hour) and reused. With --http-only and nothing "
            "else, only them.",
        ),
    ] = False,
    analytics_root: Annotated[
        Path,
        typer.Option(help="Folder of the analytics world (kept for the next run)."),
    ] = Path(".bench/analytics"),
    parse: Annotated[
        bool,
        typer.Option(
            "--parse",
            help="Only the document rows: every document of the labelled set read as an upload "
            "is, 3 times, per kind and format (p50/p95 ms), against a bare Python child.",
        ),
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Measure encoding, retrieval and whole recommendations against same-run references."""
    if parse:
        from eval.bench.parse import bench_parse
        from eval.parsing.scores import DEFAULT_SET

        result = bench_parse(DEFAULT_SET, progress=not as_json)
        if out is not None:
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
        if as_json:
            emit(result)
        return
    from eval.bench import HttpOptions, run_bench

    try:
        size_list = [int(x) for x in sizes.split(",") if x.strip()]
    except ValueError:
        raise fail(f"--sizes must be integers like 10000,100000; got {sizes!r}") from None
    if not size_list or min(size_list) < 1000:
        raise fail("--sizes must list catalogue sizes of at least 1000")
    options = None
    if (
        http
        or login_flood
        or (http_only and not pages and soak is None and not scale and not batch and not analytics)
    ):
        try:
            workers = [int(x) for x in http_workers.split(",") if x.strip()]
        except ValueError:
            raise fail(f"--http-workers must be integers like 1,2; got {http_workers!r}") from None
        if not workers or min(workers) < 1:
            raise fail("--http-workers must list worker counts of at least 1")
        roles = [x.strip() for x in http_as.split(",") if x.strip()]
        if not roles or not set(roles) <= {"student", "admin"}:
            raise fail(f"--http-as must list student and/or admin; got {http_as!r}")
        if http_client not in ("asyncio", "threads"):
            raise fail(f"--http-client must be asyncio or threads; got {http_client!r}")
        options = HttpOptions(
            positions=http_positions,
            concurrency=http_concurrency,
            seconds=http_seconds,
            warmup_s=http_warmup,
            workers=workers,
            roles=roles,
            mode=http_client,
            login_flood=login_flood,
        )
    result = run_bench(
        sizes=size_list,
        out=out,
        texts=texts,
        repeats=repeats,
        progress=not as_json,
        http=options,
        http_only=http_only,
        pages=(get_settings().database_url, get_settings().models_dir) if pages else None,
        soak=soak,
        soak_workers=soak_workers,
        scale=scale,
        scale_students=scale_students,
        batch=batch,
        analytics=analytics_root if analytics else None,
    )
    if as_json:
        emit(result)

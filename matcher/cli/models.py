"""Commands about models and matching: index, train, recommend, candidates, place, rank and
evaluate, each through the same library calls as the service (:mod:`matcher.pipeline`,
:mod:`matcher.recommend`, :mod:`matcher.placement.cohort`)."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated, Any

import typer

from matcher.cli.common import (
    AsOfOpt,
    DbOpt,
    JsonOpt,
    RayOpt,
    app,
    emit,
    fail,
    load_engine_or_fail,
    open_store_or_fail,
    parse_day,
)
from matcher.config import get_settings


@app.command()
def index(
    database_url: DbOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when nothing has changed.")
    ] = False,
    ray: RayOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Build embeddings, FAISS and BM25 indexes for positions and students as a new version.

    Nothing is rebuilt when the current version was built from the same store generation,
    embedding model, format and taxonomy; unchanged records are never re-encoded either way.
    With --ray, the texts never encoded or read for skills before are spread over Ray's
    actors first; the build then finds them all remembered.
    """
    from matcher.engine.persist import staleness
    from matcher.engine.versions import current_version
    from matcher.pipeline import build_and_publish
    from matcher.retrieval.embedding import load_embedder

    settings = get_settings()
    store = open_store_or_fail(database_url)
    started = time.perf_counter()
    version = current_version(settings.models_dir)
    if (
        not force
        and version is not None
        and staleness(settings.models_dir, store, settings.embedding_model) is None
    ):
        summary = {
            "version": version.name,
            "up_to_date": True,
            "seconds": round(time.perf_counter() - started, 3),
        }
        if as_json:
            emit(summary)
        else:
            typer.echo(f"{version} is up to date with the store; --force rebuilds it")
        return
    current = _current_or_none(settings, version is not None)
    embedder = load_embedder()
    prefilled = _fill_caches_on_ray(store, embedder, ray, progress=not as_json) if ray else None
    try:
        engine = build_and_publish(
            store,
            settings.models_dir,
            embedder,
            previous=None if force else current,
            ranker_from=current,
            progress=not as_json,
        )
    except ValueError as exc:
        raise fail(str(exc)) from None
    version = engine.directory
    summary = {
        "version": version.name,
        "up_to_date": False,
        "counts": engine.manifest["counts"],
        "embedding_model": engine.manifest["embedding_model"],
        "ranker": "carried over" if engine.ranker is not None else "none",
        "seconds": round(time.perf_counter() - started, 1),
    }
    if prefilled is not None:
        summary["ray"] = prefilled
    if as_json:
        emit(summary)
    else:
        typer.echo(f"built {version} in {summary['seconds']} s; ranker: {summary['ranker']}")


def _fill_caches_on_ray(store: Any, embedder: Any, address: str, *, progress: bool) -> Any:
    """Encoding and skill extraction of the texts the caches lack, on Ray at ``address``."""
    from matcher.cluster import ray_session
    from matcher.engine.prefill import fill_caches_on_ray

    try:
        with ray_session(address, progress=progress) as cpus:
            return fill_caches_on_ray(store, embedder, cpus)
    except ValueError as exc:
        raise fail(str(exc)) from None


def _current_or_none(settings: Any, exists: bool) -> Any:
    """The current version to carry the ranker from (and update the indexes of), or ``None``
    when there is none or it cannot be read, which is said on stderr: the new version then
    serves with the prior score until `matcher train`."""
    from matcher.engine.persist import load_engine
    from matcher.errors import ArtifactError

    if not exists:
        return None
    try:
        return load_engine(settings.models_dir, embedding_model=settings.embedding_model)
    except ArtifactError as exc:
        typer.echo(
            f"the current version cannot be carried forward ({exc}); the new one has no "
            "ranker until `matcher train`",
            err=True,
        )
        return None


@app.command()
def train(as_json: JsonOpt = False) -> None:
    """Train the ranker on outcomes, validate on the later window, keep the better model."""
    from matcher.pipeline import train_and_publish
    from matcher.ranking.measures import validation_evaluator

    engine = load_engine_or_fail()
    started = time.perf_counter()
    try:
        report = train_and_publish(engine, validation_evaluator())
    except ValueError as exc:
        raise fail(str(exc)) from None
    out = {
        "validation": report.validation,
        "chosen": report.chosen,
        "train_semesters": report.train_semesters,
        "validation_semester": report.validation_semester,
        "validation_queries": report.validation_queries,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        emit(out)
    else:
        typer.echo(f"{'system':<12}{'ndcg@10':>9}{'map':>8}{'mrr':>8}{'R@100':>8}")
        for name_, m in report.validation.items():
            typer.echo(
                f"{name_:<12}{m['ndcg@10']:>9.4f}{m['map']:>8.4f}{m['mrr']:>8.4f}"
                f"{m['recall@100']:>8.4f}"
            )
        typer.echo(f"kept: {report.chosen} (validated on {report.validation_semester})")


@app.command()
def recommend(
    student: Annotated[str, typer.Option("--student", help="Student id.")],
    k: Annotated[int, typer.Option("--k", min=1, max=200, help="How many positions.")] = 10,
    as_of: AsOfOpt = None,
    lang: Annotated[str | None, typer.Option(help="Explanation language: zh or en.")] = None,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Recommend positions to a student, with matched and missing skills and reasons.

    As the service does: positions her events in the store hide (also those recorded since
    the engine was built) are left out, on the day of :func:`matcher.rules.recommendation_day`.
    """
    from matcher.recommend import recommend_positions

    engine = load_engine_or_fail()
    hidden = open_store_or_fail(database_url).hidden_positions([student]).get(student, set())
    try:
        recs = recommend_positions(
            engine, student, k=k, as_of=parse_day(as_of), lang=lang, exclude=hidden
        )
    except KeyError:
        raise fail(f"unknown student {student!r}") from None
    if as_json:
        emit([r.as_dict() for r in recs])
        return
    for i, r in enumerate(recs, 1):
        p = "-" if r.probability is None else f"{r.probability:.3f}"
        typer.echo(f"{i:>2}. {r.position_id} {r.title} [{r.enterprise_id}] p={p}")
        typer.echo(
            f"    matched: {', '.join(r.matched_skills) or '-'}; "
            f"missing: {', '.join(r.missing_skills) or '-'}"
        )
        typer.echo(f"    {'; '.join(r.reasons)}")


@app.command("batch-recommend")
def batch_recommend(
    out: Annotated[
        Path, typer.Option("--out", help="Folder of the Parquet output (replaced whole).")
    ],
    k: Annotated[int, typer.Option("--k", min=1, max=200, help="How many per list.")] = 20,
    ray: RayOpt = None,
    as_of: AsOfOpt = None,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Top k positions for every student and top k candidates for every open position, as
    Parquet under --out (students/, candidates/, manifest.json): the lists `recommend` and
    `candidates` give, from the current version and the positions the store hides now."""
    from matcher.batch import batch_recommend as run_batch
    from matcher.rules import recommendation_day

    engine = load_engine_or_fail()
    store = open_store_or_fail(database_url)
    hidden = store.hidden_positions(list(engine.students.ids))
    day = recommendation_day(engine.clock, parse_day(as_of))
    try:
        manifest = run_batch(
            engine, hidden, out, k=k, day=day, ray_address=ray, progress=not as_json
        )
    except ValueError as exc:
        raise fail(str(exc)) from None
    if as_json:
        emit(manifest)
        return
    for side in ("students", "candidates"):
        done = manifest[side]
        typer.echo(f"{side}: {done['count']} in {done['seconds']} s ({done['per_second']}/s)")
    typer.echo(f"written to {out} ({manifest['mode']}, {manifest['cpus']} CPU)")


@app.command()
def candidates(
    position: Annotated[str, typer.Option("--position", help="Position id.")],
    k: Annotated[int, typer.Option("--k", min=1, max=200, help="How many students.")] = 10,
    as_of: AsOfOpt = None,
    include_hidden: Annotated[
        bool, typer.Option(help="Also students who did not consent to be seen (advisors only).")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Recommend students to a position (those who consented to be seen, by default)."""
    from matcher.recommend import recommend_candidates

    engine = load_engine_or_fail()
    try:
        recs = recommend_candidates(
            engine, position, k=k, as_of=parse_day(as_of), consenting_only=not include_hidden
        )
    except KeyError:
        raise fail(f"unknown position {position!r}") from None
    if as_json:
        emit([r.as_dict() for r in recs])
        return
    for i, r in enumerate(recs, 1):
        p = "-" if r.probability is None else f"{r.probability:.3f}"
        typer.echo(
            f"{i:>2}. {r.student_id} p={p} matched: {', '.join(r.matched_skills) or '-'}"
            f"; missing: {', '.join(r.missing_skills) or '-'}"
        )


@app.command()
def place(
    major: Annotated[str | None, typer.Option(help="Cohort: a major's code or name.")] = None,
    graduation_year: Annotated[
        int | None, typer.Option("--graduation-year", help="Cohort: graduation year.")
    ] = None,
    cohort: Annotated[str | None, typer.Option(help="Cohort: the cohort (class) name.")] = None,
    students: Annotated[
        str | None, typer.Option(help="Cohort: comma-separated student ids.")
    ] = None,
    method: Annotated[
        str, typer.Option(help="optimal (most total probability), stable or greedy.")
    ] = "optimal",
    lock: Annotated[
        list[str] | None, typer.Option(help="STUDENT:POSITION to keep in the plan (repeatable).")
    ] = None,
    forbid: Annotated[
        list[str] | None, typer.Option(help="STUDENT:POSITION never to assign (repeatable).")
    ] = None,
    csv_path: Annotated[
        Path | None, typer.Option("--csv", help="Write the plan as CSV for advisors (Excel).")
    ] = None,
    ground_truth: Annotated[
        Path | None,
        typer.Option("--ground-truth", help="Simulator's ground_truth/ folder: add true utility."),
    ] = None,
    per_student: Annotated[
        int,
        typer.Option(
            "--per-student", min=1, max=500, help="Candidate positions scored per student."
        ),
    ] = 20,  # matcher.placement.problem.PER_STUDENT
    as_of: AsOfOpt = None,
    compare_all: Annotated[
        bool, typer.Option("--compare", help="Run greedy, optimal and stable; print a table.")
    ] = False,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Place a cohort into the open positions' openings (each student at most once).

    As the service does: students already placed are left out (listed in ``already_placed``)
    and positions a student refused, also since the engine was built, are never planned.
    """
    from matcher.errors import NobodyToPlace
    from matcher.placement.allocation import METHODS
    from matcher.placement.cohort import cohort_rows, plan_cohort
    from matcher.placement.plans import write_csv
    from matcher.placement.problem import parse_pairs

    if method not in METHODS:
        raise fail(f"--method must be one of {', '.join(METHODS)}; got {method!r}")
    if ground_truth is not None and not ground_truth.is_dir():
        raise fail(f"--ground-truth {ground_truth}: not a folder (matcher simulate writes one)")
    engine = load_engine_or_fail()
    try:
        rows, already = cohort_rows(
            engine,
            major=major,
            graduation_year=graduation_year,
            cohort=cohort,
            student_ids=[s for s in students.split(",") if s.strip()] if students else None,
        )
        ids = [engine.students.ids[r] for r in rows]
        result = plan_cohort(
            engine,
            rows,
            method=method,
            compare_all=True,
            as_of=parse_day(as_of),
            per_student=per_student,
            locked=parse_pairs(lock or []),
            forbidden=parse_pairs(forbid or []),
            refused_since=open_store_or_fail(database_url).hidden_positions(ids, refused_only=True),
        )
    except (NobodyToPlace, ValueError) as exc:
        raise fail(str(exc)) from None
    problem = result["problem"]
    plans = result["plans"] if compare_all else {method: result["plans"][method]}
    for plan in plans.values():
        plan["already_placed"] = already
    if ground_truth is not None:
        from matcher.placement.plans import add_true_utility

        try:
            add_true_utility(plans, ground_truth)
        except (OSError, ValueError) as exc:
            raise fail(str(exc)) from None
    chosen = plans[method] if method in plans else next(iter(plans.values()))
    if csv_path is not None:
        write_csv(chosen, engine, csv_path)
        typer.echo(f"wrote {csv_path}", err=True)
    if compare_all:
        if as_json:
            emit({"scorer": problem.scorer, "problem": problem.info, "plans": plans})
            return
        from matcher.placement.plans import comparison_table

        typer.echo(
            f"{len(problem.student_ids)} students, {len(problem.position_ids)} positions, "
            f"{int(problem.capacity.sum())} free openings, {len(problem.student)} candidate "
            f"pairs; scorer {problem.scorer}; built in {problem.info['build_seconds']} s"
        )
        typer.echo(comparison_table(plans))
        return
    if as_json:
        emit(chosen)
        return
    m = chosen["metrics"]
    for a in chosen["assignments"]:
        mark = " (locked)" if a["locked"] else ""
        typer.echo(f"{a['student_id']} → {a['position_id']}  p={a['probability']:.4f}{mark}")
    if chosen["unassigned"]:
        typer.echo(f"unassigned ({len(chosen['unassigned'])}): {', '.join(chosen['unassigned'])}")
    typer.echo(
        f"{method} (scorer {chosen['scorer']}): {m['students_placed']} of {m['students']} "
        f"placed, {m['slots_filled']} of {m['openings']} openings filled; total probability "
        f"{m['total_probability']:.3f} (greedy {m['greedy_total_probability']:.3f}); blocking "
        f"pairs {m['blocking_pairs']}; worst-off rank {m['worst_rank']}; "
        f"built in {m.get('build_seconds')} s, allocated in {m['seconds']} s"
    )


def _read_tsv(path: Path) -> tuple[list[str], list[str]]:
    """(ids, texts) of a TSV file with a header row: id in column 1, text in column 2."""
    import csv

    ids, texts = [], []
    try:
        with path.open(encoding="utf-8-sig", newline="") as fh:
            reader = csv.reader(fh, delimiter="\t", quoting=csv.QUOTE_NONE)
            next(reader, None)
            for number, row in enumerate(reader, start=2):
                if not row or not "".join(row).strip():
                    continue
                if len(row) < 2 or not row[0].strip():
                    raise fail(f"{path}:{number}: need an id and a text separated by a tab")
                ids.append(row[0].strip())
                texts.append(row[1])
    except OSError as exc:
        raise fail(f"{path}: {exc.strerror}") from None
    if len(set(ids)) != len(ids):
        raise fail(f"{path}: ids must be unique")
    return ids, texts


@app.command()
def rank(
    queries: Annotated[Path, typer.Option("--queries", help="TSV with header: id, text.")],
    corpus: Annotated[Path, typer.Option("--corpus", help="TSV with header: id, text.")],
    out: Annotated[Path, typer.Option("--out", help="TREC run file to write.")],
    k: Annotated[int, typer.Option("--k", min=1, max=10_000, help="Documents per query.")] = 100,
    channels: Annotated[
        str,
        typer.Option(
            help="Comma-separated channels: dense, dense_en (English-only second model, "
            "setting title_english_model), lexical, chars."
        ),
    ] = "dense,dense_en,lexical,chars",
    tag: Annotated[str, typer.Option(help="Run tag (last column).")] = "matcher",
) -> None:
    """Rank a corpus for each query with the retrieval stage and write a TREC run."""
    from matcher.ranking.trec import write_run
    from matcher.retrieval.texts import TEXT_CHANNELS, rank_texts, title_embedders

    chosen = tuple(c.strip() for c in channels.split(",") if c.strip())
    unknown = set(chosen) - set(TEXT_CHANNELS)
    if unknown or not chosen:
        raise fail(f"unknown channels {sorted(unknown)}; use {', '.join(TEXT_CHANNELS)}")
    embedder, english = title_embedders(chosen)
    if english is None:
        chosen = tuple(c for c in chosen if c != "dense_en")
        if not chosen:
            raise fail("dense_en needs the title_english_model setting (it is empty)")
    qids, qtexts = _read_tsv(queries)
    dids, dtexts = _read_tsv(corpus)
    if not dids:
        raise fail(f"{corpus}: no documents")
    run = rank_texts(
        qids,
        qtexts,
        dids,
        dtexts,
        k=k,
        embedder=embedder,
        english_embedder=english,
        channels=chosen,
        progress=True,
    )
    write_run(out, run, tag=tag, k=k)
    typer.echo(f"wrote {out}: {len(run)} queries", err=True)


@app.command()
def evaluate(
    qrels: Annotated[Path, typer.Option("--qrels", help="TREC qrels: qid 0 docid rel.")],
    run: Annotated[Path, typer.Option("--run", help="TREC run: qid Q0 docid rank score tag.")],
    as_json: JsonOpt = False,
) -> None:
    """MAP, nDCG@10, MRR and Recall@100 of a run, with trec_eval's definitions."""
    from matcher.ranking.measures import evaluate as evaluate_run
    from matcher.ranking.trec import read_qrels, read_run

    try:
        result = evaluate_run(
            read_qrels(qrels), read_run(run), measures=("map", "ndcg@10", "mrr", "recall@100")
        )
    except (OSError, ValueError) as exc:
        raise fail(str(exc)) from None
    summary = {
        **{m: round(v, 4) for m, v in result.means.items()},
        "queries": result.num_queries,
        "missing_queries": len(result.missing_queries),
        "excluded_queries": len(result.excluded_queries),
    }
    if as_json:
        emit(summary)
    else:
        for m, v in summary.items():
            typer.echo(f"{m:<18}{v}")

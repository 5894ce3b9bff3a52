"""The ``matcher`` command (Typer): the composition root of the project.

Machine-readable output goes to stdout with ``--json``; logs and progress bars go to stderr.
User errors end as a one-line message and a non-zero exit, never a traceback.
"""

from __future__ import annotations

import json
import logging
import sys
import time
from pathlib import Path
from typing import Annotated, Any

import typer

from matcher.config import get_settings

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
SAMPLE_DIR = Path(__file__).resolve().parent.parent / "data" / "sample"


def _fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(f"error: {message}", err=True)
    return typer.Exit(code)


def _emit(obj: Any) -> None:
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


def _store(database_url: str | None):
    from matcher.store.database import open_store

    try:
        return open_store(database_url)
    except Exception as exc:  # a bad URL or an unreachable server is a user error
        raise _fail(f"cannot open the store: {exc}") from None


@app.command("import")
def import_(
    files: Annotated[list[Path], typer.Argument(help="JSONL (.jsonl, .jsonl.gz) or CSV files.")],
    record_type: Annotated[
        str | None,
        typer.Option(
            "--type",
            help="Record type of every file (enterprises, students, positions, "
            "interactions); by default read from each file name.",
        ),
    ] = None,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Validate and import records, all or nothing; updates records whose id exists."""
    from matcher.store.ingest import ImportFailed, import_files

    settings = get_settings()
    store = _store(database_url)
    try:
        counts = import_files(
            store,
            files,
            kind=record_type,
            error_limit=settings.import_error_limit,
            batch_size=settings.import_batch_size,
        )
    except ImportFailed as exc:
        for line in exc.lines():
            typer.echo(line, err=True)
        raise typer.Exit(1) from None
    except ValueError as exc:
        raise _fail(str(exc)) from None
    if as_json:
        _emit({"imported": counts})
    else:
        typer.echo("imported " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command()
def export(
    out: Annotated[Path, typer.Option("--out", help="Folder to write <type>.jsonl files to.")],
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Write the store back to JSONL files, one per record type."""
    from matcher.store.ingest import export_store

    counts = export_store(_store(database_url), out)
    if as_json:
        _emit({"exported": counts, "out": str(out)})
    else:
        typer.echo(f"exported to {out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command()
def stats(database_url: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Count the records of each type in the store."""
    counts = _store(database_url).counts()
    if as_json:
        _emit(counts)
    else:
        for kind, n in counts.items():
            typer.echo(f"{kind:<14}{n:>10}")


@app.command()
def taxonomy(
    as_json: JsonOpt = False,
    extract: Annotated[
        str | None,
        typer.Option(
            "--extract", help="Extract canonical skills from this text instead of listing."
        ),
    ] = None,
) -> None:
    """List the bilingual skill taxonomy, or extract skills from a text."""
    from matcher.text.taxonomy import load_taxonomy, skills_as_json

    tax = load_taxonomy()
    if extract is not None:
        found = [
            {
                "id": m.skill_id,
                "zh": tax.skills[m.skill_id].zh,
                "en": tax.skills[m.skill_id].en,
                "start": m.start,
                "end": m.end,
                "text": m.text,
            }
            for m in tax.extract(extract)
        ]
        if as_json:
            _emit(found)
        else:
            for m in found:
                typer.echo(
                    f"{m['start']:>4}-{m['end']:<4} {m['text']!r:<24} {m['id']} "
                    f"({m['zh']} / {m['en']})"
                )
        return
    skills = skills_as_json(tax)
    if as_json:
        _emit(skills)
    else:
        for s in skills:
            typer.echo(f"{s['id']:<32} {s['category']:<13} {s['zh']} / {s['en']}")
        typer.echo(f"{len(skills)} skills, {len(tax.majors)} majors", err=True)


@app.command()
def schemas(
    out: Annotated[Path, typer.Option("--out", help="Folder for <type>.schema.json files.")] = Path(
        "data/schemas"
    ),
) -> None:
    """Write the JSON Schema of every record type (generated from matcher.schemas)."""
    from matcher.schemas import json_schemas

    out.mkdir(parents=True, exist_ok=True)
    for name, schema in json_schemas().items():
        text = json.dumps(schema, ensure_ascii=False, indent=2, sort_keys=True) + "\n"
        (out / f"{name}.schema.json").write_text(text, encoding="utf-8")
    typer.echo(f"wrote {len(json_schemas())} schemas to {out}")


@app.command()
def simulate(
    out: Annotated[Path, typer.Option("--out", help="Folder to write the world to.")],
    students: Annotated[int, typer.Option(min=1, help="Number of students.")] = 1500,
    enterprises: Annotated[int, typer.Option(min=1, help="Number of enterprises.")] = 120,
    positions: Annotated[int, typer.Option(min=1, help="Number of positions.")] = 700,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = 7,
    as_json: JsonOpt = False,
) -> None:
    """Generate a simulated world with hidden ground truth (JSONL files + ground_truth/)."""
    from matcher.simulate import simulate as run_simulation

    if positions < enterprises:
        raise _fail("--positions must be at least --enterprises (every enterprise posts)")
    summary = run_simulation(
        out,
        students=students,
        enterprises=enterprises,
        positions=positions,
        seed=seed,
        progress=not as_json,
    )
    if as_json:
        _emit(summary)
    else:
        typer.echo(json.dumps(summary, ensure_ascii=False, default=str))


def _engine_or_fail(models_dir: Path | None = None):
    from matcher.engine.snapshot import load_engine
    from matcher.engine.versions import ArtifactError

    settings = get_settings()
    try:
        return load_engine(models_dir or settings.models_dir)
    except ArtifactError as exc:
        raise _fail(str(exc)) from None


def _as_of(value: str | None):
    import numpy as np

    if value is None:
        return None  # the library's rule decides (matcher.rules.recommendation_day)
    try:
        return np.datetime64(value, "D")
    except ValueError:
        raise _fail(f"--as-of must be a date like 2027-03-15, got {value!r}") from None


AsOfOpt = Annotated[
    str | None,
    typer.Option(
        "--as-of",
        help="Date the recommendation is made at (default MATCHER_TODAY, else the "
        "time of the store's latest event).",
    ),
]


@app.command()
def index(
    database_url: DbOpt = None,
    force: Annotated[
        bool, typer.Option("--force", help="Rebuild even when nothing has changed.")
    ] = False,
    as_json: JsonOpt = False,
) -> None:
    """Build embeddings, FAISS and BM25 indexes for positions and students as a new version.

    Nothing is rebuilt when the current version was built from the same store generation,
    embedding model, format and taxonomy; unchanged records are never re-encoded either way.
    """
    from matcher.engine.snapshot import build_engine, save_engine, staleness
    from matcher.engine.versions import current_version
    from matcher.retrieval.embedding import load_embedder

    settings = get_settings()
    store = _store(database_url)
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
            _emit(summary)
        else:
            typer.echo(f"{version} is up to date with the store; --force rebuilds it")
        return
    try:
        engine = build_engine(store, load_embedder(), progress=not as_json)
    except ValueError as exc:
        raise _fail(str(exc)) from None
    version = save_engine(engine, settings.models_dir)
    summary = {
        "version": version.name,
        "up_to_date": False,
        "counts": engine.manifest["counts"],
        "embedding_model": engine.manifest["embedding_model"],
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        _emit(summary)
    else:
        typer.echo(f"built {version} in {summary['seconds']} s")


@app.command()
def train(as_json: JsonOpt = False) -> None:
    """Train the ranker on outcomes, validate on the later window, keep the better model."""
    from matcher.engine.snapshot import publish_ranker
    from matcher.ranking.measures import validation_evaluator
    from matcher.ranking.training import train_ranker

    engine = _engine_or_fail()
    started = time.perf_counter()
    try:
        model, report = train_ranker(engine, validation_evaluator())
    except ValueError as exc:
        raise _fail(str(exc)) from None
    publish_ranker(engine, model, report.as_dict())
    out = {
        "validation": report.validation,
        "chosen": report.chosen,
        "train_semesters": report.train_semesters,
        "validation_semester": report.validation_semester,
        "validation_queries": report.validation_queries,
        "seconds": round(time.perf_counter() - started, 1),
    }
    if as_json:
        _emit(out)
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
    as_json: JsonOpt = False,
) -> None:
    """Recommend positions to a student, with matched and missing skills and reasons."""
    from matcher.recommend import recommend_positions

    engine = _engine_or_fail()
    try:
        recs = recommend_positions(engine, student, k=k, as_of=_as_of(as_of), lang=lang)
    except KeyError:
        raise _fail(f"unknown student {student!r}") from None
    if as_json:
        _emit([r.as_dict() for r in recs])
        return
    for i, r in enumerate(recs, 1):
        p = "-" if r.probability is None else f"{r.probability:.3f}"
        typer.echo(f"{i:>2}. {r.position_id} {r.title} [{r.enterprise_id}] p={p}")
        typer.echo(
            f"    matched: {', '.join(r.matched_skills) or '-'}; "
            f"missing: {', '.join(r.missing_skills) or '-'}"
        )
        typer.echo(f"    {'; '.join(r.reasons)}")


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

    engine = _engine_or_fail()
    try:
        recs = recommend_candidates(
            engine, position, k=k, as_of=_as_of(as_of), consenting_only=not include_hidden
        )
    except KeyError:
        raise _fail(f"unknown position {position!r}") from None
    if as_json:
        _emit([r.as_dict() for r in recs])
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
    as_json: JsonOpt = False,
) -> None:
    """Place a cohort into the open positions' openings (each student at most once)."""
    from matcher.placement.allocation import METHODS, allocate, plan_as_dict
    from matcher.placement.problem import (
        build_problem,
        parse_pairs,
        select_cohort,
        still_to_place,
        write_csv,
    )

    if method not in METHODS:
        raise _fail(f"--method must be one of {', '.join(METHODS)}; got {method!r}")
    if ground_truth is not None and not ground_truth.is_dir():
        raise _fail(f"--ground-truth {ground_truth}: not a folder (matcher simulate writes one)")
    engine = _engine_or_fail()
    try:
        rows = select_cohort(
            engine,
            major=major,
            graduation_year=graduation_year,
            cohort=cohort,
            student_ids=[s for s in students.split(",") if s.strip()] if students else None,
        )
        rows, already = still_to_place(engine, rows)
        if not len(rows):
            raise ValueError("nobody in this selection is left to place")
        problem = build_problem(
            engine,
            rows,
            as_of=_as_of(as_of),
            per_student=per_student,
            locked=parse_pairs(lock or []),
            forbidden=parse_pairs(forbid or []),
        )
    except ValueError as exc:
        raise _fail(str(exc)) from None
    greedy = allocate(problem, "greedy")
    names = METHODS if compare_all else (method,)
    plans = {
        m: plan_as_dict(greedy if m == "greedy" else allocate(problem, m), greedy.total_probability)
        for m in names
    }
    for plan in plans.values():
        plan["already_placed"] = already
    if ground_truth is not None:
        from matcher.placement.problem import add_true_utility

        try:
            add_true_utility(plans, ground_truth)
        except (OSError, ValueError) as exc:
            raise _fail(str(exc)) from None
    chosen = plans[method] if method in plans else next(iter(plans.values()))
    if csv_path is not None:
        write_csv(chosen, engine, csv_path)
        typer.echo(f"wrote {csv_path}", err=True)
    if compare_all:
        if as_json:
            _emit({"scorer": problem.scorer, "problem": problem.info, "plans": plans})
            return
        from matcher.placement.problem import comparison_table

        typer.echo(
            f"{len(problem.student_ids)} students, {len(problem.position_ids)} positions, "
            f"{int(problem.capacity.sum())} free openings, {len(problem.student)} candidate "
            f"pairs; scorer {problem.scorer}; built in {problem.info['build_seconds']} s"
        )
        typer.echo(comparison_table(plans))
        return
    if as_json:
        _emit(chosen)
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
                    raise _fail(f"{path}:{number}: need an id and a text separated by a tab")
                ids.append(row[0].strip())
                texts.append(row[1])
    except OSError as exc:
        raise _fail(f"{path}: {exc.strerror}") from None
    if len(set(ids)) != len(ids):
        raise _fail(f"{path}: ids must be unique")
    return ids, texts


@app.command()
def rank(
    queries: Annotated[Path, typer.Option("--queries", help="TSV with header: id, text.")],
    corpus: Annotated[Path, typer.Option("--corpus", help="TSV with header: id, text.")],
    out: Annotated[Path, typer.Option("--out", help="TREC run file to write.")],
    k: Annotated[int, typer.Option("--k", min=1, max=10_000, help="Documents per query.")] = 100,
    channels: Annotated[
        str, typer.Option(help="Comma-separated channels: dense, lexical, chars.")
    ] = "dense,lexical,chars",
    tag: Annotated[str, typer.Option(help="Run tag (last column).")] = "matcher",
) -> None:
    """Rank a corpus for each query with the retrieval stage and write a TREC run."""
    from matcher.ranking.trec import write_run
    from matcher.retrieval.embedding import load_embedder
    from matcher.retrieval.fusion import rank_texts

    chosen = tuple(c.strip() for c in channels.split(",") if c.strip())
    unknown = set(chosen) - {"dense", "lexical", "chars"}
    if unknown or not chosen:
        raise _fail(f"unknown channels {sorted(unknown)}; use dense, lexical, chars")
    qids, qtexts = _read_tsv(queries)
    dids, dtexts = _read_tsv(corpus)
    if not dids:
        raise _fail(f"{corpus}: no documents")
    embedder = load_embedder() if "dense" in chosen else None
    run = rank_texts(
        qids, qtexts, dids, dtexts, k=k, embedder=embedder, channels=chosen, progress=True
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
        raise _fail(str(exc)) from None
    summary = {
        **{m: round(v, 4) for m, v in result.means.items()},
        "queries": result.num_queries,
        "missing_queries": len(result.missing_queries),
        "excluded_queries": len(result.excluded_queries),
    }
    if as_json:
        _emit(summary)
    else:
        for m, v in summary.items():
            typer.echo(f"{m:<18}{v}")


users_app = typer.Typer(help="Accounts of the service.", no_args_is_help=True)
app.add_typer(users_app, name="users")
db_app = typer.Typer(help="The store's schema (Alembic migrations).", no_args_is_help=True)
app.add_typer(db_app, name="db")


@db_app.command("upgrade")
def db_upgrade(database_url: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Bring the store's schema to the newest revision (opening a store does this too)."""
    from matcher.store.migrations import current_revision, upgrade

    url = database_url or get_settings().database_url
    before = current_revision(url)
    after = upgrade(url)
    if as_json:
        _emit({"before": before, "after": after})
    else:
        typer.echo(f"schema {before or 'empty'} → {after}")


@db_app.command("current")
def db_current(database_url: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The store's schema revision and the newest one this code knows."""
    from matcher.store.migrations import HEAD, current_revision

    url = database_url or get_settings().database_url
    now = current_revision(url)
    if as_json:
        _emit({"current": now, "head": HEAD})
    else:
        typer.echo(f"schema {now or 'empty'} (newest {HEAD})")


@users_app.command("add")
def users_add(
    username: Annotated[str, typer.Option("--username", help="Login name (3–64 characters).")],
    role: Annotated[
        str, typer.Option("--role", help="student, advisor, enterprise, researcher or admin.")
    ],
    student_id: Annotated[
        str | None, typer.Option("--student-id", help="The student's record (role student).")
    ] = None,
    enterprise_id: Annotated[
        str | None,
        typer.Option("--enterprise-id", help="The enterprise's record (role enterprise)."),
    ] = None,
    cohort: Annotated[
        list[str] | None, typer.Option("--cohort", help="A cohort an advisor runs (repeatable).")
    ] = None,
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """Create an account; the password is read from stdin, never from the command line."""
    from matcher.store.accounts import AccountError, add_user

    if not password_stdin:
        raise _fail("pass the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    store = _store(database_url)
    try:
        user = add_user(
            store,
            username=username,
            role=role,
            password=password,
            student_id=student_id,
            enterprise_id=enterprise_id,
            cohorts=cohort or [],
        )
    except AccountError as exc:
        raise _fail(str(exc)) from None
    summary = {"id": user.id, "username": user.username, "role": user.role.value}
    if as_json:
        _emit(summary)
    else:
        typer.echo(f"created {user.role.value} account {user.username} ({user.id})")


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


def run() -> None:
    """The ``matcher`` console command: the core commands and every layer's."""
    with_layer_commands()()

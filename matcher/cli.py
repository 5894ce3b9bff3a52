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
    from matcher.store import open_store

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
    from matcher.ingest import ImportFailed, import_files

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
    from matcher.ingest import export_store

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
    from matcher.taxonomy import load_taxonomy, skills_as_json

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


@app.command("eval-extraction")
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
    from matcher.taxonomy import load_taxonomy

    try:
        rows = read_labelled(labelled or DEFAULT_LABELLED)
    except (OSError, ValueError) as exc:
        raise _fail(str(exc)) from None
    scores = evaluate_extraction(load_taxonomy(), rows)
    if as_json:
        _emit({lang: score.as_dict() for lang, score in scores.items()})
        return
    typer.echo(f"{'lang':<6}{'sentences':>10}{'precision':>11}{'recall':>8}{'f1':>8}")
    for lang in ("zh", "en", "all"):
        if lang in scores:
            d = scores[lang].as_dict()
            typer.echo(
                f"{lang:<6}{d['sentences']:>10}{d['precision']:>11.3f}{d['recall']:>8.3f}"
                f"{d['f1']:>8.3f}"
            )


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


@app.command()
def demo(
    serve: Annotated[
        bool,
        typer.Option(
            "--serve/--no-serve", help="Serve API and pages after the summary (when available)."
        ),
    ] = True,
    database_url: DbOpt = None,
    as_json: JsonOpt = False,
) -> None:
    """The main job: import the committed sample world into an empty store and summarise it."""
    from matcher.ingest import ImportFailed, import_files

    store = _store(database_url)
    started = time.perf_counter()
    imported = False
    if sum(store.counts().values()) == 0:
        files = sorted(SAMPLE_DIR.glob("*.jsonl*"))
        if not files:
            raise _fail(f"no sample world in {SAMPLE_DIR}")
        try:
            import_files(store, files)
        except ImportFailed as exc:
            for line in exc.lines():
                typer.echo(line, err=True)
            raise typer.Exit(1) from None
        imported = True
    summary = {
        "counts": store.counts(),
        "imported_sample": imported,
        "store": store.url,
        "seconds": round(time.perf_counter() - started, 2),
    }
    if as_json:
        _emit(summary)
    else:
        typer.echo(
            f"store {store.url}: " + ", ".join(f"{n} {k}" for k, n in summary["counts"].items())
        )
        if serve:
            typer.echo("serving arrives with the service issue; stopping after the summary.")

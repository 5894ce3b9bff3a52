"""Commands about records: import, export, counts, the taxonomy, simulated worlds, schemas,
the store's schema revision and service accounts."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer

from matcher.cli.common import DbOpt, JsonOpt, app, emit, fail, open_store_or_fail
from matcher.config import get_settings


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
    from sqlalchemy.exc import OperationalError

    from matcher.errors import ImportFailed
    from matcher.store.ingest import import_files

    settings = get_settings()
    store = open_store_or_fail(database_url)
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
        raise fail(str(exc)) from None
    except OperationalError as exc:  # another import or writer holds the store; nothing written
        raise fail(
            f"the store is busy or unreachable ({type(exc.orig).__name__}: {exc.orig}); nothing "
            "was imported: try again when the other import has finished"
        ) from None
    if as_json:
        emit({"imported": counts})
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

    counts = export_store(open_store_or_fail(database_url), out)
    if as_json:
        emit({"exported": counts, "out": str(out)})
    else:
        typer.echo(f"exported to {out}: " + ", ".join(f"{n} {k}" for k, n in counts.items()))


@app.command()
def stats(database_url: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Count the records of each type in the store."""
    counts = open_store_or_fail(database_url).counts()
    if as_json:
        emit(counts)
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
            emit(found)
        else:
            for m in found:
                typer.echo(
                    f"{m['start']:>4}-{m['end']:<4} {m['text']!r:<24} {m['id']} "
                    f"({m['zh']} / {m['en']})"
                )
        return
    skills = skills_as_json(tax)
    if as_json:
        emit(skills)
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
    out: Annotated[Path | None, typer.Option("--out", help="Folder to write the world to.")] = None,
    students: Annotated[int, typer.Option(min=1, help="Number of students.")] = 1500,
    enterprises: Annotated[int, typer.Option(min=1, help="Number of enterprises.")] = 120,
    positions: Annotated[int, typer.Option(min=1, help="Number of positions.")] = 700,
    seed: Annotated[int, typer.Option(help="Random seed; the same seed gives the same world.")] = 7,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="JSON file of world parameters (utility, noise, funnel, language mix, text "
            "style); those it leaves out keep their defaults. See --print-config.",
        ),
    ] = None,
    print_config: Annotated[
        bool,
        typer.Option(
            "--print-config", help="Print every parameter with its default, as JSON, and stop."
        ),
    ] = False,
    one_language: Annotated[
        float | None,
        typer.Option(
            "--one-language",
            min=0.0,
            max=1.0,
            help="Share of records written in Chinese only or English only (the rest in both); "
            "default: the simulator's own mix.",
        ),
    ] = None,
    as_json: JsonOpt = False,
) -> None:
    """Generate a simulated world with hidden ground truth (JSONL files + ground_truth/)."""
    from dataclasses import replace

    from matcher.errors import SimConfigError
    from matcher.simulate import default_config
    from matcher.simulate import simulate as run_simulation
    from matcher.simulate.config import load_config

    if print_config:
        typer.echo(json.dumps(default_config().as_dict(), ensure_ascii=False, indent=2))
        return
    if out is None:
        raise fail("--out is required (the folder to write the world to)")
    if positions < enterprises:
        raise fail("--positions must be at least --enterprises (every enterprise posts)")
    try:
        cfg = load_config(config) if config is not None else default_config()
    except SimConfigError as exc:
        raise fail(str(exc)) from exc
    if one_language is not None:
        cfg = replace(cfg, one_language_p=one_language)
    summary = run_simulation(
        out,
        students=students,
        enterprises=enterprises,
        positions=positions,
        seed=seed,
        progress=not as_json,
        config=cfg,
    )
    if as_json:
        emit(summary)
    else:
        typer.echo(json.dumps(summary, ensure_ascii=False, default=str))


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
        emit({"before": before, "after": after})
    else:
        typer.echo(f"schema {before or 'empty'} → {after}")


@db_app.command("current")
def db_current(database_url: DbOpt = None, as_json: JsonOpt = False) -> None:
    """The store's schema revision and the newest one this code knows."""
    from matcher.store.migrations import HEAD, current_revision

    url = database_url or get_settings().database_url
    now = current_revision(url)
    if as_json:
        emit({"current": now, "head": HEAD})
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
    from matcher.errors import AccountError
    from matcher.store.accounts import add_user

    if not password_stdin:
        raise fail("pass the password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    store = open_store_or_fail(database_url)
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
        raise fail(str(exc)) from None
    summary = {"id": user.id, "username": user.username, "role": user.role.value}
    if as_json:
        emit(summary)
    else:
        typer.echo(f"created {user.role.value} account {user.username} ({user.id})")


@users_app.command("list")
def users_list(database_url: DbOpt = None, as_json: JsonOpt = False) -> None:
    """Every account: username, role, its record, cohorts, and whether it is disabled."""
    from matcher.store.accounts import list_users

    store = open_store_or_fail(database_url)
    users = list_users(store)
    rows = [
        {
            "username": u["username"],
            "role": u["role"].value,
            "record": u["student_id"] or u["enterprise_id"] or "",
            "cohorts": list(u["cohorts"]),
            "disabled": bool(u["disabled"]),
        }
        for u in users
    ]
    if as_json:
        emit(rows)
        return
    for r in rows:
        state = "disabled" if r["disabled"] else "enabled"
        cohorts = ",".join(r["cohorts"])
        typer.echo(
            f"{r['username']:<20} {r['role']:<11} {state:<9} {r['record']} {cohorts}".rstrip()
        )


def _account_change(action: str, username: str, database_url: str | None, **kw: object) -> None:
    from matcher.errors import AccountError
    from matcher.store import accounts

    store = open_store_or_fail(database_url)
    try:
        if action == "passwd":
            accounts.set_password(store, username, str(kw["password"]))
        else:
            accounts.set_disabled(store, username, action == "disable")
    except AccountError as exc:
        raise fail(str(exc)) from None


@users_app.command("disable")
def users_disable(
    username: Annotated[str, typer.Option("--username", help="The account.")],
    database_url: DbOpt = None,
) -> None:
    """Disable an account: it cannot log in, and its sessions end at once."""
    _account_change("disable", username, database_url)
    typer.echo(f"disabled {username}; its sessions have ended")


@users_app.command("enable")
def users_enable(
    username: Annotated[str, typer.Option("--username", help="The account.")],
    database_url: DbOpt = None,
) -> None:
    """Enable a disabled account again."""
    _account_change("enable", username, database_url)
    typer.echo(f"enabled {username}")


@users_app.command("passwd")
def users_passwd(
    username: Annotated[str, typer.Option("--username", help="The account.")],
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the new password from standard input.")
    ] = False,
    database_url: DbOpt = None,
) -> None:
    """Give an account a new password (read from stdin); its sessions end at once."""
    if not password_stdin:
        raise fail("pass the new password on standard input with --password-stdin")
    password = sys.stdin.readline().rstrip("\r\n")
    _account_change("passwd", username, database_url, password=password)
    typer.echo(f"new password for {username}; its sessions have ended")

"""The matcher command through Typer's CliRunner, parsing --json output."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from matcher.cli import app

runner = CliRunner()


def _invoke(*args: str) -> tuple[int, str, str]:
    result = runner.invoke(app, list(args))
    return result.exit_code, result.stdout, result.stderr


def test_stats_on_empty_store() -> None:
    code, out, _ = _invoke("stats", "--json")
    assert code == 0
    assert json.loads(out) == {"enterprises": 0, "students": 0, "positions": 0, "interactions": 0}


def test_import_refused_whole_names_lines(tmp_path: Path) -> None:
    ents = tmp_path / "enterprises.jsonl"
    ents.write_text(
        '{"id": "e1", "name": "a", "sectors": ["optics"], "city": "长春"}\n', encoding="utf-8"
    )
    pos = tmp_path / "positions.jsonl"
    good = '{"id": "p%d", "enterprise_id": "e1", "title": "t", "city": "长春", "openings": 1}'
    pos.write_text(
        "\n".join(
            [
                good % 1,
                good % 2,
                '{"id": "p3", "enterprise_id": "e1", "ti',
                good % 4,
                good.replace('"e1"', '"e9"') % 5,
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    code, out, err = _invoke("import", str(ents), str(pos), "--json")
    assert code == 1
    assert f"{pos}:3: (line): malformed JSON" in err
    assert f"{pos}:5: enterprise_id: unknown enterprise 'e9'" in err
    assert "Traceback" not in err
    code, out, _ = _invoke("stats", "--json")
    assert sum(json.loads(out).values()) == 0


def test_import_json_counts(tmp_path: Path) -> None:
    ents = tmp_path / "enterprises.jsonl"
    ents.write_text(
        '{"id": "e1", "name": "a", "sectors": ["icv"], "city": "长春"}\n', encoding="utf-8"
    )
    code, out, _ = _invoke("import", str(ents), "--json")
    assert code == 0
    assert json.loads(out) == {
        "imported": {"enterprises": 1, "students": 0, "positions": 0, "interactions": 0}
    }


def test_user_error_is_one_line(tmp_path: Path) -> None:
    code, _, err = _invoke("import", str(tmp_path / "nothing.jsonl"))
    assert code != 0
    assert "no such file" in err and "Traceback" not in err


def test_schemas_command_writes_files(tmp_path: Path) -> None:
    code, _, _ = _invoke("schemas", "--out", str(tmp_path))
    assert code == 0
    assert (tmp_path / "positions.schema.json").exists()


def test_db_upgrade_and_current(tmp_path: Path) -> None:
    from matcher.store.migrations import HEAD

    url = f"sqlite:///{tmp_path / 'fresh.db'}"
    runner = CliRunner()
    empty = runner.invoke(app, ["db", "current", "--database-url", url, "--json"])
    assert empty.exit_code == 0 and json.loads(empty.stdout) == {"current": None, "head": HEAD}
    up = runner.invoke(app, ["db", "upgrade", "--database-url", url, "--json"])
    assert up.exit_code == 0 and json.loads(up.stdout)["after"] == HEAD
    now = runner.invoke(app, ["db", "current", "--database-url", url, "--json"])
    assert json.loads(now.stdout)["current"] == HEAD


def test_the_core_package_never_imports_the_layers_above_it() -> None:
    import ast

    import matcher

    root = Path(matcher.__file__).parent
    offending = []
    for path in sorted(root.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = []
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module]
            for name in names:
                if name.split(".")[0] in ("api", "eval"):
                    offending.append(f"{path.relative_to(root)}:{node.lineno}: {name}")
    assert not offending, offending


def test_the_layers_add_their_commands_through_entry_points() -> None:
    import typer.main

    from matcher.cli import app as core
    from matcher.cli import with_layer_commands

    core_names = set(typer.main.get_command(core).commands)  # type: ignore[attr-defined]
    assert {"import", "index", "train", "place", "users", "db"} <= core_names
    names = set(typer.main.get_command(with_layer_commands()).commands)  # type: ignore[attr-defined]
    layers = {"serve", "demo", "eval-offline", "eval-extraction", "bench"}
    assert layers <= names and core_names <= names
    with_layer_commands()  # a second call adds nothing twice
    commands = [c.name or c.callback.__name__ for c in with_layer_commands().registered_commands]
    assert len(commands) == len(set(commands))
    panels = {
        c.name or c.callback.__name__: c.rich_help_panel
        for c in with_layer_commands().registered_commands
    }
    assert panels["demo"] == panels["serve"] != panels["bench"] == panels["eval-offline"]
    assert isinstance(panels["bench"], str) and not isinstance(panels["import"], str)


def test_simulate_writes_a_one_language_world(tmp_path: Path) -> None:
    from matcher.simulate.shape import shape_report

    args = ["simulate", "--out", str(tmp_path / "w"), "--students", "80", "--enterprises", "8"]
    result = runner.invoke(app, [*args, "--positions", "30", "--one-language", "1", "--json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["students"] == 80
    profiles = shape_report(tmp_path / "w")["profiles"]
    assert profiles["profile_language"].get("mixed", 0.0) < 0.05
    bad = runner.invoke(app, [*args, "--positions", "30", "--one-language", "1.5"])
    assert bad.exit_code != 0 and "--one-language" in bad.output


def test_accounts_can_be_listed_disabled_enabled_and_given_a_new_password() -> None:
    """Issue #16 row 12: `matcher users` could only add."""
    from matcher.config import get_settings
    from matcher.store.accounts import authenticate
    from matcher.store.database import open_store

    add = runner.invoke(
        app,
        ["users", "add", "--username", "ops1", "--role", "researcher", "--password-stdin"],
        input="first-pass-123\n",
    )
    assert add.exit_code == 0, add.output
    code, out, _ = _invoke("users", "list", "--json")
    assert code == 0
    row = next(r for r in json.loads(out) if r["username"] == "ops1")
    assert row == {**row, "role": "researcher", "disabled": False}
    assert "password" not in out and "argon2" not in out
    assert _invoke("users", "disable", "--username", "ops1")[0] == 0
    store = open_store(get_settings().database_url)
    try:
        assert authenticate(store, "ops1", "first-pass-123") is None
        listed = json.loads(_invoke("users", "list", "--json")[1])
        assert next(r for r in listed if r["username"] == "ops1")["disabled"] is True
        assert _invoke("users", "enable", "--username", "ops1")[0] == 0
        assert authenticate(store, "ops1", "first-pass-123") is not None
        long = runner.invoke(
            app, ["users", "passwd", "--username", "ops1", "--password-stdin"], input="x" * 300
        )
        assert long.exit_code != 0 and "at most 256" in long.stderr  # the form takes 256
        new = runner.invoke(
            app,
            ["users", "passwd", "--username", "ops1", "--password-stdin"],
            input="second-pass-1\n",
        )
        assert new.exit_code == 0, new.output
        assert authenticate(store, "ops1", "second-pass-1") is not None
        missing = runner.invoke(app, ["users", "disable", "--username", "nobody-here"])
        assert missing.exit_code != 0 and "no account" in missing.stderr
    finally:
        store.dispose()

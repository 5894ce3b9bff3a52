"""Import: all-or-nothing, FILE:LINE: field: problem messages, CSV, updates, export."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from matcher.errors import ImportFailed
from matcher.store.database import Store
from matcher.store.ingest import export_store, import_files, record_kind

ENTERPRISES = [
    {"id": "e1", "name": "长春光电精密有限公司", "sectors": ["optics"], "city": "长春"},
    {"id": "e2", "name": "Changchun ICV Tech", "sectors": ["icv", "software"], "city": "长春"},
]


def _write(path: Path, rows: list[object]) -> Path:
    path.write_text(
        "".join(
            (r if isinstance(r, str) else json.dumps(r, ensure_ascii=False)) + "\n" for r in rows
        ),
        encoding="utf-8",
    )
    return path


def _pos(pid: str, ent: str = "e1", **kw: object) -> dict[str, object]:
    return {
        "id": pid,
        "enterprise_id": ent,
        "title": "光学设计工程师",
        "city": "长春",
        "openings": 1,
        **kw,
    }


def test_record_kind_from_name(tmp_path: Path) -> None:
    assert record_kind(tmp_path / "positions.jsonl") == "positions"
    assert record_kind(tmp_path / "my_students.csv") == "students"
    assert record_kind(tmp_path / "x.jsonl", "interactions") == "interactions"
    with pytest.raises(ValueError, match="--type"):
        record_kind(tmp_path / "data.jsonl")


def test_bad_positions_file_is_refused_whole(tmp_path: Path, store: Store) -> None:
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    pos = _write(
        tmp_path / "positions.jsonl",
        [
            _pos("p1"),
            _pos("p2"),
            '{"id": "p3", "enterprise_id": "e1", "tit',
            _pos("p4"),
            _pos("p5", ent="e404"),
            _pos("p6"),
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_files(store, [ents, pos])
    lines = err.value.lines()
    assert any(line.startswith(f"{pos}:3: ") and "malformed JSON" in line for line in lines)
    assert f"{pos}:5: enterprise_id: unknown enterprise 'e404'" in lines
    assert store.counts() == {"enterprises": 0, "students": 0, "positions": 0, "interactions": 0}


def test_missing_field_and_wrong_type_are_named(tmp_path: Path, store: Store) -> None:
    ents = _write(
        tmp_path / "enterprises.jsonl",
        [
            {"id": "e1", "sectors": ["optics"], "city": "长春"},
            {"id": "e2", "name": "x", "sectors": ["optics"], "city": "长春", "founded_year": "old"},
            ["not", "an", "object"],
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_files(store, [ents])
    lines = err.value.lines()
    assert f"{ents}:1: name: required field is missing" in lines
    assert any(line.startswith(f"{ents}:2: founded_year: ") for line in lines)
    assert f"{ents}:3: (line): expected a JSON object" in lines


def test_control_characters_are_named_and_nothing_is_stored(tmp_path: Path, store: Store) -> None:
    """Issue #16 row 7: PostgreSQL cannot store NUL, and SQLite stored it as given."""
    ents = _write(
        tmp_path / "enterprises.jsonl",
        [ENTERPRISES[0], {**ENTERPRISES[1], "name": "Changchun\u0000 ICV"}],
    )
    with pytest.raises(ImportFailed) as err:
        import_files(store, [ents])
    assert any(
        line.startswith(f"{ents}:2: name: ") and "control character (U+0000)" in line
        for line in err.value.lines()
    ), err.value.lines()
    assert store.get("enterprises", "e1") is None


def test_error_limit_then_count(tmp_path: Path, store: Store) -> None:
    rows = [{"id": f"e{i}", "sectors": ["optics"], "city": "长春"} for i in range(12)]
    with pytest.raises(ImportFailed) as err:
        import_files(store, [_write(tmp_path / "enterprises.jsonl", rows)], error_limit=5)
    assert err.value.total == 12
    assert "... and 7 more problem(s)" in err.value.lines()


def test_references_resolve_across_files_in_any_order(tmp_path: Path, store: Store) -> None:
    inter = _write(
        tmp_path / "interactions.jsonl",
        [
            {
                "id": "i1",
                "student_id": "s1",
                "position_id": "p1",
                "event": "apply",
                "timestamp": "2026-10-01T08:00:00",
            },
        ],
    )
    studs = _write(
        tmp_path / "students.jsonl",
        [
            {"id": "s1", "major": "车辆工程", "degree": "bachelor", "graduation_year": 2027},
        ],
    )
    pos = _write(tmp_path / "positions.jsonl", [_pos("p1")])
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    counts = import_files(store, [inter, studs, pos, ents])
    assert counts == {"enterprises": 2, "students": 1, "positions": 1, "interactions": 1}


def test_reference_to_existing_store_record_and_update(tmp_path: Path, store: Store) -> None:
    import_files(store, [_write(tmp_path / "enterprises.jsonl", ENTERPRISES)])
    import_files(store, [_write(tmp_path / "positions.jsonl", [_pos("p1", openings=2)])])
    import_files(store, [_write(tmp_path / "positions2.jsonl", [_pos("p1", openings=5)])])
    assert store.counts()["positions"] == 1
    assert store.get("positions", "p1").openings == 5  # type: ignore[union-attr]


def test_duplicate_id_in_one_import(tmp_path: Path, store: Store) -> None:
    ents = _write(tmp_path / "enterprises.jsonl", [ENTERPRISES[0], ENTERPRISES[0]])
    with pytest.raises(ImportFailed) as err:
        import_files(store, [ents])
    assert any(":2: id: duplicate id 'e1'" in line for line in err.value.lines())


def test_csv_and_gzip(tmp_path: Path, store: Store) -> None:
    csv_path = tmp_path / "enterprises.csv"
    csv_path.write_text(
        "id,name,sectors,city,partner\n"
        "e1,长春光电,optics;mechatronics,长春,true\n"
        'e2,ICV Co,"[""icv""]",长春,false\n',
        encoding="utf-8",
    )
    gz = tmp_path / "students.jsonl.gz"
    with gzip.open(gz, "wt", encoding="utf-8") as fh:
        fh.write(
            json.dumps(
                {
                    "id": "s1",
                    "major": "自动化",
                    "degree": "本科",
                    "graduation_year": 2027,
                    "preferences": {"cities": ["长春"]},
                },
                ensure_ascii=False,
            )
            + "\n"
        )
    stud_csv = tmp_path / "more_students.csv"
    stud_csv.write_text(
        "id,major,degree,graduation_year,skills,preferences.cities\n"
        "s2,车辆工程,本科,2027,CAN总线;AUTOSAR,长春;沈阳\n",
        encoding="utf-8",
    )
    counts = import_files(store, [csv_path, gz, stud_csv])
    assert counts["enterprises"] == 2 and counts["students"] == 2
    e1 = store.get("enterprises", "e1")
    assert [s.value for s in e1.sectors] == ["optics", "mechatronics"]  # type: ignore[union-attr]
    s2 = store.get("students", "s2")
    assert s2.skills == ["CAN总线", "AUTOSAR"]  # type: ignore[union-attr]
    assert s2.preferences.cities == ["长春", "沈阳"]  # type: ignore[union-attr]


def test_csv_problem_names_line(tmp_path: Path, store: Store) -> None:
    csv_path = tmp_path / "enterprises.csv"
    csv_path.write_text(
        "id,name,sectors,city\ne1,a,optics,长春\ne2,b,farming,长春\n", encoding="utf-8"
    )
    with pytest.raises(ImportFailed) as err:
        import_files(store, [csv_path])
    assert any(line.startswith(f"{csv_path}:3: sectors.0: ") for line in err.value.lines())


def test_export_round_trip(tmp_path: Path, store: Store) -> None:
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    pos = _write(tmp_path / "positions.jsonl", [_pos("p1", deadline="2027-05-01")])
    import_files(store, [ents, pos])
    out = tmp_path / "out"
    assert export_store(store, out)["positions"] == 1
    other = Store(f"sqlite:///{tmp_path / 'other.db'}")
    import_files(other, sorted(out.glob("*.jsonl")))
    assert other.counts() == store.counts()
    assert other.get("positions", "p1") == store.get("positions", "p1")


def test_streams_large_file_in_batches(tmp_path: Path, store: Store) -> None:
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    pos = _write(tmp_path / "positions.jsonl", [_pos(f"p{i}") for i in range(2500)])
    counts = import_files(store, [ents, pos], batch_size=300)
    assert counts["positions"] == 2500 and store.counts()["positions"] == 2500


def test_an_import_into_a_busy_store_says_so_and_shows_no_record(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue #16 row 6: a second import on one SQLite file died with an 81-line traceback that
    printed ten records' SQL parameters (names and phones)."""
    import sqlite3

    from typer.testing import CliRunner

    from matcher.cli import app
    from matcher.config import get_settings
    from matcher.store import database

    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.3)
    url = f"sqlite:///{tmp_path / 'busy.db'}"
    Store(url).dispose()  # the schema exists
    students = _write(
        tmp_path / "students.jsonl",
        [{"id": "s1", "name": "王小明", "phone": "13800138000", "major": "光电信息科学与工程",
          "degree": "bachelor", "graduation_year": 2027}],
    )  # fmt: skip
    holder = sqlite3.connect(tmp_path / "busy.db")
    holder.execute("BEGIN EXCLUSIVE")  # another import's transaction
    monkeypatch.setenv("MATCHER_DATABASE_URL", url)
    get_settings.cache_clear()
    try:
        result = CliRunner().invoke(app, ["import", str(students)])
    finally:
        holder.rollback()
        holder.close()
        get_settings.cache_clear()
    assert result.exit_code == 1
    assert "store is busy" in result.stderr and "nothing was imported" in result.stderr
    assert "Traceback" not in result.output + result.stderr
    assert "13800138000" not in result.output + result.stderr
    assert "王小明" not in result.output + result.stderr
    again = Store(url)
    assert again.get("students", "s1") is None
    import_files(again, [students])  # once the lock is gone, the same file imports
    assert again.get("students", "s1") is not None


def test_store_errors_never_show_record_values(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import sqlite3

    from sqlalchemy.exc import OperationalError

    from matcher.schemas import Enterprise
    from matcher.store import database

    monkeypatch.setattr(database, "LOCK_WAIT_SECONDS", 0.2)
    store = Store(f"sqlite:///{tmp_path / 'm.db'}")
    holder = sqlite3.connect(tmp_path / "m.db")
    holder.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(OperationalError) as err, store.session() as session:
            store.upsert(session, "enterprises", [Enterprise(**ENTERPRISES[0])])
    finally:
        holder.rollback()
        holder.close()
    assert "locked" in str(err.value) and "长春光电精密" not in str(err.value)
    assert "hide_parameters" in str(err.value)


def test_imported_outcomes_keep_the_funnel_order(tmp_path: Path, store: Store) -> None:
    """Issue #16 rows 3 and 4, for imports: an offer to a student who never applied, or an
    acceptance of an offer nobody made, is refused as the service refuses it."""
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    pos = _write(tmp_path / "positions.jsonl", [_pos("p1"), _pos("p2")])
    stu = _write(
        tmp_path / "students.jsonl",
        [
            {
                "id": "s1",
                "major": "光电信息科学与工程",
                "degree": "bachelor",
                "graduation_year": 2027,
            }
        ],
    )
    import_files(store, [ents, pos, stu])

    def event(i: str, pid: str, name: str, minute: int) -> dict[str, object]:
        return {"id": i, "student_id": "s1", "position_id": pid, "event": name,
                "timestamp": f"2027-03-01T10:{minute:02d}:00"}  # fmt: skip

    bad = _write(
        tmp_path / "interactions.jsonl",
        [
            event("i1", "p1", "apply", 0),
            event("i2", "p1", "interview", 0),  # same time as the application: in order
            event("i3", "p2", "offer", 1),  # nobody applied
            event("i4", "p1", "accept", 2),  # no offer was made
        ],
    )
    with pytest.raises(ImportFailed) as err:
        import_files(store, [bad])
    lines = err.value.lines()
    assert (
        f"{bad}:3: event: an offer event needs an earlier apply event on its student and position"
        in lines
    )
    assert any(
        line.startswith(f"{bad}:4: event: an accept event needs an earlier offer") for line in lines
    )
    assert not any(f"{bad}:2:" in line for line in lines)
    assert store.counts()["interactions"] == 0  # all or nothing
    good = _write(
        tmp_path / "good.jsonl",
        [event("i1", "p1", "apply", 0), event("i2", "p1", "offer", 3)],
    )
    import_files(store, [good], kind="interactions")
    later = _write(tmp_path / "later.jsonl", [event("i5", "p1", "accept", 9)])
    import_files(store, [later], kind="interactions")  # the store's offer counts
    assert store.counts()["interactions"] == 3


def test_an_import_has_a_large_page_cache_and_leaves_the_default_behind(
    tmp_path: Path, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.store import ingest

    seen: list[int] = []
    upsert = store.upsert

    def watching(session: object, kind: str, records: list[object]) -> None:
        seen.append(session.connection().exec_driver_sql("PRAGMA cache_size").scalar())  # type: ignore[attr-defined]
        upsert(session, kind, records)  # type: ignore[arg-type]

    monkeypatch.setattr(store, "upsert", watching)
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    import_files(store, [ents])
    assert seen == [-ingest.IMPORT_CACHE_KIB]
    with store.engine.connect() as connection:  # the pooled connection, as the next user gets it
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -2000
    (tmp_path / "more").mkdir()
    bad = _write(tmp_path / "more" / "enterprises.jsonl", [{**ENTERPRISES[0], "id": "e3"}, "{"])
    with pytest.raises(ImportFailed):
        import_files(store, [bad])
    with store.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA cache_size").scalar() == -2000


def test_each_invalid_record_is_named_by_the_field_at_fault(tmp_path: Path, store: Store) -> None:
    """A record-wide check names the field its message starts with; unknown and missing
    fields, and nested ones, are named as written."""
    ents = _write(tmp_path / "enterprises.jsonl", ENTERPRISES)
    pos = _write(
        tmp_path / "positions.jsonl",
        [
            _pos("p1", salary_min=9000, salary_max=8000),
            _pos("p2", colour="red"),
            _pos("p3", application_start="2027-03-01", deadline="2027-02-01"),
            {k: v for k, v in _pos("p4").items() if k != "title"},
            _pos("p5"),
        ],
    )
    stu = _write(
        tmp_path / "students.jsonl",
        [
            {"id": "s1", "major": "光电信息科学与工程", "degree": "bachelor",
             "graduation_year": 2027, "preferences": {"cities": "长春"}},
        ],
    )  # fmt: skip
    with pytest.raises(ImportFailed) as err:
        import_files(store, [ents, pos, stu])
    assert err.value.lines() == [  # students are read before positions
        f"{stu}:1: preferences.cities: Input should be a valid list",
        f"{pos}:1: salary_max: salary_max must not be below salary_min",
        f"{pos}:2: colour: unknown field",
        f"{pos}:3: deadline: deadline must not be before application_start",
        f"{pos}:4: title: required field is missing",
        "import refused: 5 problem(s); nothing was imported",
    ]


def test_a_record_wide_problem_of_no_field_is_the_records() -> None:
    from pydantic import ValidationError

    from matcher.schemas import User
    from matcher.store.ingest import _validation_problems

    with pytest.raises(ValidationError) as caught:
        User(id="u1", username="someone", role="student", password_hash="x")
    assert [str(p) for p in _validation_problems("users.jsonl", 7, caught.value, User)] == [
        "users.jsonl:7: (record): a student account needs student_id"
    ]


def test_csv_cells_read_as_their_fields_want(tmp_path: Path, store: Store) -> None:
    """true/false is a yes or no only in a yes-or-no column; a cell in braces is an object."""
    ents = tmp_path / "enterprises.csv"
    ents.write_text(
        "id,name,sectors,city,partner\ne1,True,optics,长春,TRUE\ne2,false,optics,长春,false\n",
        encoding="utf-8",
    )
    studs = tmp_path / "students.csv"
    studs.write_text(
        "id,major,degree,graduation_year,preferences\n"
        's1,车辆工程,本科,2027,"{""cities"": [""长春""], ""min_salary"": 6000}"\n',
        encoding="utf-8",
    )
    import_files(store, [ents, studs])
    e1, e2 = store.get("enterprises", "e1"), store.get("enterprises", "e2")
    assert (e1.name, e1.partner, e2.name, e2.partner) == ("True", True, "false", False)  # type: ignore[union-attr]
    s1 = store.get("students", "s1")
    assert (s1.preferences.cities, s1.preferences.min_salary) == (["长春"], 6000)  # type: ignore[union-attr]
    odd = tmp_path / "more_enterprises.csv"
    odd.write_text("id,name,sectors,city,vip\ne3,x,optics,长春,true\n", encoding="utf-8")
    with pytest.raises(ImportFailed) as err:
        import_files(store, [odd])
    assert err.value.lines()[0] == f"{odd}:2: vip: unknown field"

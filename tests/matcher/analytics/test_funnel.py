"""The funnel counted in SQL agrees with one counted here from the sample world's JSONL files."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.privacy import MIN_GROUP
from matcher.store.database import Store
from matcher.store.ingest import import_files

SAMPLE = Path(__file__).resolve().parents[3] / "data" / "sample"
#: The stages written out again for the independent count (furthest event of a pair).
RANK = {
    "impression": 1, "invite": 1, "suggest": 1,
    "view": 2, "save": 2,
    "apply": 3, "reject": 3,
    "interview": 4,
    "offer": 5, "decline": 5,
    "hire": 6, "accept": 6, "internship_completed": 6,
}  # fmt: skip


def _jsonl(name: str) -> Iterator[dict[str, Any]]:
    path = SAMPLE / name
    opener = gzip.open if name.endswith(".gz") else open
    with opener(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def _semester(ts: dt.datetime) -> str:
    if ts.month >= 8:
        return f"{ts.year}A"
    return f"{ts.year - 1}A" if ts.month == 1 else f"{ts.year}S"


def _expected(by: str, semester: str | None = None) -> dict[str, dict[str, Any]]:
    students = {s["id"]: s for s in _jsonl("students.jsonl")}
    stage: dict[tuple[str, str], int] = defaultdict(int)
    first: dict[tuple[str, str], dt.datetime] = {}
    for e in _jsonl("interactions.jsonl.gz"):
        key = (e["student_id"], e["position_id"])
        ts = dt.datetime.fromisoformat(e["timestamp"]).replace(tzinfo=None)
        stage[key] = max(stage[key], RANK.get(e["event"], 0))
        first[key] = min(first.get(key, ts), ts)
    groups: dict[str, dict[str, Any]] = {}
    for (sid, _pid), reached in stage.items():
        if reached == 0 or (semester and _semester(first[(sid, _pid)]) != semester):
            continue
        g = groups.setdefault(
            str(students[sid][by]), {"students": set(), **dict.fromkeys(STAGES, 0)}
        )
        g["students"].add(sid)
        for rank, name in enumerate(STAGES, start=1):
            g[name] += reached >= rank
    return groups


@pytest.fixture(scope="module")
def sample_store(module_database_url: str) -> Iterator[Store]:
    store = Store(module_database_url)
    import_files(store, sorted(SAMPLE.glob("*.jsonl*")))
    yield store
    store.dispose()


@pytest.mark.parametrize(("by", "semester"), [("major", None), ("degree", "2026A")])
def test_the_funnel_agrees_with_an_independent_count(
    sample_store: Store, by: str, semester: str | None
) -> None:
    want = _expected(by, semester)
    got = {row.group: row for row in funnel(sample_store, by, semester=semester)}
    assert set(got) == set(want)
    suppressed = 0
    for group, counts in want.items():
        row = got[group]
        if len(counts["students"]) < MIN_GROUP:
            assert row.suppressed and row.students is None
            assert all(v is None for v in row.stages.values())
            suppressed += 1
            continue
        assert row.students == len(counts["students"])
        assert row.stages == {name: counts[name] for name in STAGES}
        assert list(row.stages.values()) == sorted(row.stages.values(), reverse=True)
    if by == "major":
        assert suppressed > 0  # the sample world has majors of fewer than five students


def test_an_advisor_and_an_enterprise_see_only_their_own(sample_store: Store) -> None:
    every = funnel(sample_store, "cohort")
    mine = every[0].group
    assert mine is not None
    scoped = funnel(sample_store, "cohort", cohorts=[mine])
    assert [r.group for r in scoped] == [mine]
    assert scoped[0].stages == every[0].stages
    own = funnel(sample_store, "enterprise", enterprise_id="e0001")
    assert [r.group for r in own] in ([], ["e0001"])
    with pytest.raises(ValueError, match="cannot group"):
        funnel(sample_store, "gender")


def test_a_semester_runs_to_the_start_of_the_next() -> None:
    from matcher.store.history import semester_bounds, semester_of

    autumn, spring = semester_bounds("2026A"), semester_bounds("2027S")
    assert autumn == (dt.datetime(2026, 8, 1), dt.datetime(2027, 2, 1))
    assert spring == (dt.datetime(2027, 2, 1), dt.datetime(2027, 8, 1))
    assert semester_of(autumn[1] - dt.timedelta(seconds=1)) == "2026A"


def test_an_exported_group_that_looks_like_a_formula_stays_text() -> None:
    import io

    from openpyxl import load_workbook

    from matcher.analytics.funnel import FunnelRow
    from matcher.analytics.tables import funnel_sheet
    from matcher.spreadsheet import as_csv, as_xlsx

    evil = '=HYPERLINK("http://x","click")'
    rows = [
        FunnelRow(evil, 7, dict.fromkeys(STAGES, 3)),
        FunnelRow("small", None, dict.fromkeys(STAGES), suppressed=True),
    ]
    sheet = funnel_sheet(rows, "zh")
    cell = load_workbook(io.BytesIO(as_xlsx([sheet])))["求职漏斗"]["A2"]
    assert cell.value == evil and cell.data_type == "s"
    import csv

    text = list(csv.reader(io.StringIO(as_csv(sheet).decode("utf-8-sig"))))
    assert text[1][0] == "'" + evil
    assert text[2] == ["small"] + ["<5"] * (1 + len(STAGES))


@pytest.mark.parametrize(("by", "year"), [("cohort", None), ("major", 2027)])
def test_placement_rates_agree_with_an_independent_count(
    sample_store: Store, by: str, year: int | None
) -> None:
    from matcher.analytics.placement import placement_rates

    placed = {
        e["student_id"]
        for e in _jsonl("interactions.jsonl.gz")
        if e["event"] in ("hire", "accept", "internship_completed")
    }
    groups: dict[str, list[str]] = defaultdict(list)
    for s in _jsonl("students.jsonl"):
        if year is None or s["graduation_year"] == year:
            groups[str(s.get(by))].append(s["id"])
    got = {str(r.group): r for r in placement_rates(sample_store, by, graduation_year=year)}
    assert set(got) == set(groups)
    for group, members in groups.items():
        row = got[group]
        if len(members) < MIN_GROUP:
            assert row.suppressed and row.placed is None and row.rate is None
        else:
            assert row.students == len(members)
            assert row.placed == len(placed & set(members))
    assert any(r.rate for r in got.values())


def test_enterprise_answers_agree_with_an_independent_count(sample_store: Store) -> None:
    from matcher.analytics.answers import enterprise_answers

    owner = {p["id"]: p["enterprise_id"] for p in _jsonl("positions.jsonl")}
    events: dict[tuple[str, str], set[str]] = defaultdict(set)
    for e in _jsonl("interactions.jsonl.gz"):
        events[(e["student_id"], e["position_id"])].add(e["event"])
    want: dict[str, dict[str, Any]] = {}
    for (sid, pid), seen in events.items():
        if "apply" not in seen:
            continue
        w = want.setdefault(owner[pid], {"students": set(), "applications": 0, "answered": 0})
        w["students"].add(sid)
        w["applications"] += 1
        w["answered"] += bool(seen & {"interview", "offer", "reject", "hire"})
    got = {r.enterprise_id: r for r in enterprise_answers(sample_store)}
    assert set(got) == set(want)
    for eid, w in want.items():
        row = got[eid]
        if len(w["students"]) < MIN_GROUP:
            assert row.applicants is None and row.rate is None
        else:
            assert (row.applicants, row.applications, row.answered) == (
                len(w["students"]),
                w["applications"],
                w["answered"],
            )
    rates = [r.rate for r in got.values() if r.rate is not None]
    assert [r.rate for r in enterprise_answers(sample_store) if r.rate is not None] == sorted(rates)
    assert [r.enterprise_id for r in enterprise_answers(sample_store, enterprise_id="e0001")] == [
        "e0001"
    ]

"""The funnel, placement rates and answers of the served engine agree with the same figures
counted here from the sample world's JSONL files, one record at a time."""

from __future__ import annotations

import datetime as dt
import gzip
import json
from collections import defaultdict
from collections.abc import Iterator
from typing import Any

import pytest

from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.privacy import MIN_GROUP
from matcher.engine.snapshot import Engine
from matcher.text.taxonomy import load_taxonomy
from tests.matcher.analytics.conftest import SAMPLE

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


def _group_of(student: dict[str, Any], by: str) -> str:
    """A student's group: a major by the taxonomy's code (else its name, trimmed, lower-case)."""
    if by != "major":
        return str(student.get(by))
    taxonomy = load_taxonomy()
    major = (
        taxonomy.major(student["major_code"]) if student.get("major_code") else None
    ) or taxonomy.major(student["major"])
    return major.code if major else student["major"].strip().lower()


def _expected(by: str, semester: str | None = None) -> dict[str, dict[str, Any]]:
    students = {s["id"]: s for s in _jsonl("students.jsonl")}
    stage: dict[tuple[str, str], int] = defaultdict(int)
    first: dict[tuple[str, str], dt.datetime] = {}
    for e in _jsonl("interactions.jsonl.gz"):
        key = (e["student_id"], e["position_id"])
        ts = dt.datetime.fromisoformat(e["timestamp"]).replace(tzinfo=None)
        stage[key] = max(stage[key], RANK.get(e["event"], 0))
        if e["event"] == "dismiss" and e.get("reason") == "expired":
            continue  # the position's expiry is no event of the pair's own
        first[key] = min(first.get(key, ts), ts)
    groups: dict[str, dict[str, Any]] = {}
    for (sid, _pid), reached in stage.items():
        if reached == 0 or (semester and _semester(first[(sid, _pid)]) != semester):
            continue
        g = groups.setdefault(
            _group_of(students[sid], by), {"students": set(), **dict.fromkeys(STAGES, 0)}
        )
        g["students"].add(sid)
        for rank, name in enumerate(STAGES, start=1):
            g[name] += reached >= rank
    return groups


@pytest.mark.slow  # the sample world's engine: minutes to build
@pytest.mark.parametrize(
    ("by", "semester"), [("major", None), ("degree", "2026A"), ("college", None)]
)
def test_the_funnel_agrees_with_an_independent_count(
    sample_engine: Engine, by: str, semester: str | None
) -> None:
    want = _expected(by, semester)
    got = {row.group: row for row in funnel(sample_engine, by, semester=semester)}
    assert set(got) == set(want)
    for group, counts in want.items():
        row = got[group]
        if len(counts["students"]) < MIN_GROUP:
            assert row.suppressed and row.students is None
            assert all(v is None for v in row.stages.values())
            continue
        assert row.students == len(counts["students"])
        assert row.stages == {name: counts[name] for name in STAGES}
        assert list(row.stages.values()) == sorted(row.stages.values(), reverse=True)


@pytest.mark.slow  # the sample world's engine: minutes to build
def test_an_advisor_and_an_enterprise_see_only_their_own(sample_engine: Engine) -> None:
    every = funnel(sample_engine, "cohort")
    mine = every[0].group
    assert mine is not None
    scoped = funnel(sample_engine, "cohort", cohorts=[mine])
    assert [r.group for r in scoped] == [mine]
    assert scoped[0].stages == every[0].stages
    own = funnel(sample_engine, "enterprise", enterprise_id="e0001")
    assert [r.group for r in own] in ([], ["e0001"])
    positions = funnel(sample_engine, "position", enterprise_id="e0001")
    assert {r.group for r in positions} <= {
        p["id"] for p in _jsonl("positions.jsonl") if p["enterprise_id"] == "e0001"
    }
    assert funnel(sample_engine, "enterprise", enterprise_id="nobody") == []
    with pytest.raises(ValueError, match="cannot group"):
        funnel(sample_engine, "gender")


@pytest.mark.slow  # the sample world's engine: minutes to build
def test_the_funnel_by_enterprise_and_industry_agrees_with_an_independent_count(
    sample_engine: Engine,
) -> None:
    owner = {p["id"]: p["enterprise_id"] for p in _jsonl("positions.jsonl")}
    sectors = {e["id"]: e["sectors"] for e in _jsonl("enterprises.jsonl")}
    stage: dict[tuple[str, str], int] = defaultdict(int)
    for e in _jsonl("interactions.jsonl.gz"):
        key = (e["student_id"], e["position_id"])
        stage[key] = max(stage[key], RANK.get(e["event"], 0))
    by_enterprise: dict[str, set[str]] = defaultdict(set)
    by_industry: dict[str, Any] = defaultdict(lambda: {"students": set(), "applied": 0})
    for (sid, pid), reached in stage.items():
        if reached:
            by_enterprise[owner[pid]].add(sid)
            for sector in sectors[owner[pid]]:
                by_industry[sector]["students"].add(sid)
                by_industry[sector]["applied"] += reached >= 3
    got = {r.group: r for r in funnel(sample_engine, "enterprise")}
    assert set(got) == set(by_enterprise)
    for eid, members in by_enterprise.items():
        assert got[eid].students == (len(members) if len(members) >= MIN_GROUP else None)
    industries = {r.group: r for r in funnel(sample_engine, "industry")}
    assert set(industries) == set(by_industry)
    for sector, w in by_industry.items():
        assert industries[sector].students == len(w["students"])
        assert industries[sector].stages["applied"] == w["applied"]


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


@pytest.mark.slow  # the sample world's engine: minutes to build
@pytest.mark.parametrize(("by", "year"), [("cohort", None), ("major", 2027)])
def test_placement_rates_agree_with_an_independent_count(
    sample_engine: Engine, by: str, year: int | None
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
            groups[_group_of(s, by)].append(s["id"])
    got = {str(r.group): r for r in placement_rates(sample_engine, by, graduation_year=year)}
    assert set(got) == set(groups)
    for group, members in groups.items():
        row = got[group]
        if len(members) < MIN_GROUP:
            assert row.suppressed and row.placed is None and row.rate is None
        else:
            assert row.students == len(members)
            assert row.placed == len(placed & set(members))
    assert any(r.rate for r in got.values())


@pytest.mark.slow  # the sample world's engine: minutes to build
def test_enterprise_answers_agree_with_an_independent_count(sample_engine: Engine) -> None:
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
    got = {r.enterprise_id: r for r in enterprise_answers(sample_engine)}
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
    assert [r.rate for r in enterprise_answers(sample_engine) if r.rate is not None] == sorted(
        rates
    )
    assert [r.enterprise_id for r in enterprise_answers(sample_engine, enterprise_id="e0001")] == [
        "e0001"
    ]

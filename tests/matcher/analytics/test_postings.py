"""Days to a position's first application and to filling, positions nobody applies to, and the
skills' trend over semesters, each counted again here from the sample world's JSONL files."""

from __future__ import annotations

import datetime as dt
import statistics
from collections import Counter, defaultdict
from typing import Any

import numpy as np
import pytest

from matcher.analytics.postings import posting_timings, quiet_positions
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import StudentFilter, hiring_class, skill_trend
from matcher.engine.snapshot import Engine
from matcher.schemas import Student
from matcher.store.history import semester_of
from matcher.text.documents import student_document
from matcher.text.taxonomy import load_taxonomy
from tests.matcher.analytics.test_funnel import _jsonl

PLACING = ("hire", "accept", "internship_completed")


def _time(raw: str) -> dt.datetime:
    return dt.datetime.fromisoformat(raw).replace(tzinfo=None)


def _positions() -> dict[str, dict[str, Any]]:
    return {p["id"]: p for p in _jsonl("positions.jsonl")}


def _expected_timings() -> dict[str, dict[str, Any]]:
    """Per industry: positions posted, those applied to and filled, the median days to each."""
    positions = _positions()
    sectors = {e["id"]: e["sectors"] for e in _jsonl("enterprises.jsonl")}
    first_apply: dict[str, dt.datetime] = {}
    placed: dict[tuple[str, str], dt.datetime] = {}
    for e in _jsonl("interactions.jsonl.gz"):
        ts, pid = _time(e["timestamp"]), e["position_id"]
        if e["event"] == "apply":
            first_apply[pid] = min(first_apply.get(pid, ts), ts)
        if e["event"] in PLACING:
            key = (e["student_id"], pid)
            placed[key] = min(placed.get(key, ts), ts)
    placements: dict[str, list[dt.datetime]] = defaultdict(list)
    for (_, pid), ts in placed.items():
        placements[pid].append(ts)
    out: dict[str, dict[str, Any]] = {}
    for pid, p in positions.items():
        if not p.get("posted_at"):
            continue
        posted = dt.datetime.combine(_time(p["posted_at"]).date(), dt.time())
        times = sorted(placements[pid])
        openings = max(p.get("openings", 1), 1)
        for sector in sectors[p["enterprise_id"]]:
            g = out.setdefault(sector, {"positions": 0, "apply": [], "fill": []})
            g["positions"] += 1
            if pid in first_apply:
                g["apply"].append((first_apply[pid] - posted).total_seconds() / 86400)
            if len(times) >= openings:
                g["fill"].append((times[openings - 1] - posted).total_seconds() / 86400)
    return out


@pytest.mark.slow  # the sample world's engine: minutes to build
def test_days_to_apply_and_to_fill_agree_with_an_independent_count(sample_engine: Engine) -> None:
    want = _expected_timings()
    got = {r.group: r for r in posting_timings(sample_engine, "industry")}
    assert set(got) == set(want)
    for sector, w in want.items():
        row = got[sector]
        assert row.positions == w["positions"]
        assert row.applied == len(w["apply"])
        assert row.filled == len(w["fill"])
        assert row.days_to_application == pytest.approx(statistics.median(w["apply"]), abs=0.05)
        if w["fill"]:
            assert row.days_to_fill == pytest.approx(statistics.median(w["fill"]), abs=0.05)
    assert any(r.filled for r in got.values())
    own = posting_timings(sample_engine, "enterprise", enterprise_id="e0001")
    assert [r.group for r in own] == ["e0001"]
    with pytest.raises(ValueError, match="cannot group"):
        posting_timings(sample_engine, "salary")


@pytest.mark.slow  # the sample world's engine: minutes to build
def test_positions_nobody_applied_to_are_listed_longest_waiting_first(
    sample_engine: Engine,
) -> None:
    today = np.datetime64("2027-03-01", "D")
    applied = {e["position_id"] for e in _jsonl("interactions.jsonl.gz") if e["event"] == "apply"}
    seen: dict[str, set[str]] = defaultdict(set)
    for e in _jsonl("interactions.jsonl.gz"):
        if e["event"] in ("impression", "invite", "suggest", "view", "save"):
            seen[e["position_id"]].add(e["student_id"])
    want = []
    for pid, p in _positions().items():
        if p["status"] != "open" or not p.get("posted_at") or pid in applied:
            continue
        posted = _time(p["posted_at"]).date()
        if (dt.date(2027, 3, 1) - posted).days >= 14:
            want.append((posted, pid))
    got = quiet_positions(sample_engine, today=today, limit=10_000)
    assert [q.position_id for q in got] == [pid for _, pid in sorted(want)]
    for q in got:
        n = len(seen[q.position_id])
        assert q.shown_to == (n if n == 0 or n >= MIN_GROUP else None)
    mine = quiet_positions(sample_engine, today=today, enterprise_id="e0001", limit=10_000)
    assert {q.enterprise_id for q in mine} <= {"e0001"}


@pytest.mark.slow  # the sample world's engine: minutes to build
def test_the_skill_trend_agrees_with_an_independent_count(sample_engine: Engine) -> None:
    taxonomy = load_taxonomy()
    points = skill_trend(sample_engine, StudentFilter(), top=5)
    semesters = sorted({p.semester for p in points})
    assert len(semesters) >= 2 and len({p.skill_id for p in points}) == 5
    openings: dict[str, Counter[str]] = defaultdict(Counter)
    for p in _positions().values():
        if not p.get("posted_at"):
            continue
        asked = set(taxonomy.canonicalise(p.get("required_skills", [])))
        asked |= set(taxonomy.canonicalise(p.get("preferred_skills", [])))
        for skill in asked:
            openings[semester_of(_time(p["posted_at"]))][skill] += p.get("openings", 1)
    holders: dict[int, Counter[str]] = defaultdict(Counter)
    classes: Counter[int] = Counter()
    for raw in _jsonl("students.jsonl"):
        s = Student.model_validate(raw)
        classes[s.graduation_year] += 1
        had = taxonomy.canonicalise(s.skills) + list(s.skill_ids)
        had += taxonomy.extract_ids(student_document(s))
        holders[s.graduation_year].update(set(had))
    for p in points:
        assert p.openings == openings[p.semester][p.skill_id]
        year = hiring_class(p.semester)
        held = holders[year][p.skill_id]
        small = classes[year] < MIN_GROUP or 0 < held < MIN_GROUP
        assert p.students == (None if small else held)
    assert hiring_class("2026A") == 2027 and hiring_class("2027S") == 2027

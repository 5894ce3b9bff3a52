"""A world written by hand, small enough that every expected value is read off this page.

Two enterprises, four positions, seven students of one cohort and one of another, with the
events that place four of them. The tests of free openings, of who is left to place and of
explanations check their answers against the numbers written here, not against the functions
they test.

==========  ========  ==================================  =====================
position    openings  required (preferred) skills          placed on it
==========  ========  ==================================  =====================
p1          3         Zemax, MATLAB (Python)               s1 hired, s2 accepted
p2          1         激光器                                s3 hired, s7 hired
p3          2         C语言 (MATLAB)                        nobody (s4 offered)
p4          1         MATLAB, closed, written in English   nobody
==========  ========  ==================================  =====================

Free openings: p1 3 − 2 = 1, p2 1 − 2 → 0 (never below zero), p3 2. Left to place: s4, s5,
s6 (s6 refused p3). Skills: s1 Zemax, Python; s2 MATLAB; s3 激光器; s4 C语言; s5 Python,
MATLAB; s6 Zemax, MATLAB, Python; s7 激光器. All study 光电信息科学与工程 (080705) and graduate
in 2027 but s8, of another cohort (EE2302), who studies 车辆工程 (080207) for an associate
degree (every position asks for a bachelor's), graduates in 2028 and writes in English.
"""

from __future__ import annotations

import datetime as dt
import functools
from typing import Any

from matcher.schemas import (
    DismissReason,
    Enterprise,
    Event,
    Interaction,
    Position,
    Role,
    Student,
    User,
)

COHORT = "光电2301"
DEADLINE = dt.date(2027, 6, 30)

ENTERPRISES = [
    Enterprise(id="e1", name="长春光机", sectors=["optics"], city="长春"),
    Enterprise(id="e2", name="吉林智联", sectors=["icv"], city="长春"),
]
POSITIONS = [
    Position(
        id="p1",
        enterprise_id="e1",
        title="光学设计工程师",
        city="长春",
        openings=3,
        min_degree="bachelor",
        required_skills=["Zemax", "MATLAB"],
        preferred_skills=["Python"],
        deadline=DEADLINE,
    ),
    Position(
        id="p2",
        enterprise_id="e1",
        title="激光工艺工程师",
        city="长春",
        openings=1,
        min_degree="bachelor",
        required_skills=["激光器"],
        deadline=DEADLINE,
    ),
    Position(
        id="p3",
        enterprise_id="e2",
        title="嵌入式软件工程师",
        city="长春",
        openings=2,
        min_degree="bachelor",
        required_skills=["C语言"],
        preferred_skills=["MATLAB"],
        deadline=DEADLINE,
    ),
    Position(
        id="p4",
        enterprise_id="e2",
        title="Optical Test Engineer",
        description="Test camera lenses for driver assistance systems and write the test reports.",
        city="长春",
        openings=1,
        min_degree="bachelor",
        required_skills=["MATLAB"],
        deadline=DEADLINE,
        status="closed",
    ),
]
SKILLS = {
    "s1": ["Zemax", "Python"],
    "s2": ["MATLAB"],
    "s3": ["激光器"],
    "s4": ["C语言"],
    "s5": ["Python", "MATLAB"],
    "s6": ["Zemax", "MATLAB", "Python"],
    "s7": ["激光器"],
}
STUDENTS = [
    Student(
        id=sid,
        major="光电信息科学与工程",
        cohort=COHORT,
        degree="bachelor",
        graduation_year=2027,
        skills=skills,
    )
    for sid, skills in SKILLS.items()
] + [
    Student(
        id="s8",
        major="Vehicle Engineering",
        cohort="EE2302",
        degree="associate",
        graduation_year=2028,
        skills=["Python"],
        self_description="I build test rigs for camera modules and write their software.",
    )
]


def _events() -> list[Interaction]:
    steps = [
        ("s1", "p1", "apply"), ("s1", "p1", "offer"), ("s1", "p1", "hire"),
        ("s2", "p1", "apply"), ("s2", "p1", "offer"), ("s2", "p1", "accept"),
        ("s3", "p2", "apply"), ("s3", "p2", "hire"),
        ("s7", "p2", "apply"), ("s7", "p2", "hire"),
        ("s4", "p3", "apply"), ("s4", "p3", "offer"),
        ("s6", "p3", "dismiss"),
    ]  # fmt: skip
    start = dt.datetime(2026, 9, 1, 9)
    return [
        Interaction(
            id=f"i{n}",
            student_id=s,
            position_id=p,
            event=Event(e),
            timestamp=start + dt.timedelta(hours=n),
            reason=DismissReason.wrong_city if e == "dismiss" else None,
        )
        for n, (s, p, e) in enumerate(steps)
    ]


EVENTS = _events()
ADVISOR = User(
    id="u-adv", username="adv-hand", role=Role.advisor, password_hash="x", cohorts=[COHORT]
)


@functools.cache
def hand_world() -> dict[str, Any]:
    """The store (SQLite in memory) and the engine built from it with the real model, once per
    process; tests read them and change neither."""
    from matcher.engine.build import build_engine
    from matcher.retrieval.embedding import load_embedder
    from matcher.store.database import Store

    store = Store("sqlite://")
    with store.session() as session:
        store.upsert(session, "enterprises", ENTERPRISES)
        store.upsert(session, "positions", POSITIONS)
        store.upsert(session, "students", STUDENTS)
        store.upsert(session, "interactions", EVENTS)
    return {"store": store, "engine": build_engine(store, load_embedder())}

"""A cohort's season: each student's status, counts and risks (matcher.cohorts)."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher.cohorts import (
    OWN_EVENTS,
    QUIET_DAYS,
    STATUSES,
    Step,
    applications,
    season_of,
    season_status,
    suggestions,
    urgency,
)
from matcher.schemas import Event, Interaction

DAY = dt.date(2027, 4, 14)


def _at(month: int, day: int, year: int = 2027) -> dt.datetime:
    return dt.datetime(year, month, day, 10)


def test_the_season_is_the_recruiting_semester_of_the_day() -> None:
    assert season_of(DAY) == ("2027S", dt.date(2027, 2, 1))
    assert season_of(dt.date(2026, 11, 3)) == ("2026A", dt.date(2026, 8, 1))
    assert season_of(dt.date(2027, 1, 20)) == ("2026A", dt.date(2026, 8, 1))


def test_only_students_own_events_are_her_activity() -> None:
    assert {Event.view, Event.save, Event.apply, Event.dismiss} <= OWN_EVENTS
    assert not {Event.impression, Event.reject, Event.offer, Event.suggest} & OWN_EVENTS


def test_nothing_at_all_is_not_applied_inactive_and_at_risk() -> None:
    s = season_status([], DAY)
    assert s.status == "not_applied" and s.last_activity is None and s.quiet_days is None
    assert s.risks == ("inactive", "no_applications") and s.at_risk


def test_last_seasons_applications_do_not_count_this_season() -> None:
    """The student of the issue: many applications and rejections last autumn, nothing since."""
    steps = []
    for i in range(16):
        steps.append(Step(f"p{i}", "apply", _at(10, 1 + i, 2026)))
    for i in range(10):
        steps.append(Step(f"p{i}", "reject", _at(11, 1 + i, 2026)))
    s = season_status(steps, DAY)
    assert (s.applications, s.rejections, s.status) == (0, 0, "not_applied")
    assert s.risks == ("inactive", "no_applications")
    assert s.quiet_days == (DAY - dt.date(2026, 10, 16)).days
    autumn = season_status(steps, dt.date(2026, 12, 20))  # seen from last season
    assert (autumn.season, autumn.applications, autumn.rejections) == ("2026A", 16, 10)
    assert autumn.status == "applied" and autumn.risks == ("rejections", "inactive")


def test_the_furthest_stage_of_the_season_is_the_status() -> None:
    base = [Step("p1", "apply", _at(3, 1)), Step("p2", "apply", _at(3, 2))]
    assert season_status(base, DAY).status == "applied"
    interview = [*base, Step("p1", "interview", _at(3, 10))]
    assert season_status(interview, DAY).status == "interviewing"
    offer = [*interview, Step("p1", "offer", _at(3, 20))]
    s = season_status(offer, DAY)
    assert (s.status, s.applications, s.interviews, s.offers) == ("offered", 2, 1, 1)
    declined = [*offer, Step("p1", "decline", _at(3, 25)), Step("p2", "reject", _at(3, 26))]
    assert season_status(declined, DAY).status == "rejected"
    accepted = [*offer, Step("p1", "accept", _at(4, 1))]
    s = season_status(accepted, DAY)
    assert s.status == "placed" and s.placed_position == "p1" and s.risks == ()


def test_a_place_from_any_season_places_her_without_risks() -> None:
    steps = [Step("p9", "apply", _at(9, 1, 2025)), Step("p9", "hire", _at(11, 1, 2025))]
    s = season_status(steps, DAY)
    assert s.status == "placed" and s.placed_position == "p9" and s.risks == ()


def test_an_answer_this_season_to_last_seasons_application_counts() -> None:
    steps = [Step("p1", "apply", _at(12, 1, 2026)), Step("p1", "interview", _at(3, 1))]
    s = season_status(steps, DAY)
    assert s.status == "interviewing" and s.interviews == 1 and s.applications == 0


def test_many_rejections_and_no_offer_flag_her() -> None:
    steps = [Step(f"p{i}", "apply", _at(3, 1 + i)) for i in range(6)]
    steps += [Step(f"p{i}", "reject", _at(3, 10 + i)) for i in range(5)]
    steps.append(Step("p5", "view", _at(4, 10)))
    s = season_status(steps, DAY)
    assert s.status == "applied" and s.rejections == 5 and s.risks == ("rejections",)
    s = season_status([*steps, Step("p5", "offer", _at(4, 12))], DAY)
    assert s.risks == () and s.status == "offered"


def test_quiet_for_weeks_is_inactive_and_an_enterprises_event_is_not_her_activity() -> None:
    quiet = DAY - dt.timedelta(days=QUIET_DAYS)
    steps = [Step("p1", "apply", dt.datetime.combine(quiet, dt.time(9)))]
    steps.append(Step("p1", "interview", _at(4, 13)))  # the enterprise's, not hers
    steps.append(Step("p2", "impression", _at(4, 13)))
    s = season_status(steps, DAY)
    assert s.quiet_days == QUIET_DAYS and "inactive" in s.risks
    later = season_status([*steps, Step("p3", "view", _at(4, 1))], DAY)
    assert later.quiet_days == 13 and "inactive" not in later.risks


def test_nothing_applied_is_forgiven_in_the_seasons_first_two_weeks() -> None:
    steps = [Step("p1", "view", _at(2, 5))]
    assert "no_applications" not in season_status(steps, dt.date(2027, 2, 10)).risks
    assert "no_applications" in season_status(steps, dt.date(2027, 2, 20)).risks


def test_events_after_the_day_count_and_quiet_days_are_never_negative() -> None:
    steps = [Step("p1", "apply", _at(5, 1))]
    s = season_status(steps, DAY)
    assert s.applications == 1 and s.quiet_days == 0


def test_interactions_and_aware_times_read_as_steps() -> None:
    it = Interaction(id="i1", student_id="s1", position_id="p1", event=Event.apply,
                     timestamp=dt.datetime(2027, 3, 1, tzinfo=dt.UTC))  # fmt: skip
    s = season_status([it], DAY)  # type: ignore[list-item]
    assert s.applications == 1 and s.last_activity == dt.datetime(2027, 3, 1)


def test_applications_carry_stage_and_the_advisors_marks() -> None:
    steps = [
        Step("p1", "suggest", _at(3, 1)),
        Step("p1", "apply", _at(3, 2)),
        Step("p1", "interview", _at(3, 9)),
        Step("p2", "apply", _at(3, 3)),
        Step("p2", "reject", _at(3, 20)),
        Step("p3", "shortlist", _at(3, 4)),
        Step("p4", "view", _at(3, 5)),
    ]
    apps = applications(steps)
    assert [(a.position_id, a.stage) for a in apps] == [("p2", "rejected"), ("p1", "interview")]
    assert apps[1].suggested and not apps[0].suggested and not apps[1].shortlisted
    assert apps[1].applied_at == _at(3, 2) and apps[1].updated_at == _at(3, 9)
    assert suggestions(steps) == {"p1"} and suggestions(steps, Event.shortlist) == {"p3"}


def test_the_student_to_call_sorts_first() -> None:
    placed = season_status([Step("p1", "apply", _at(3, 1)), Step("p1", "hire", _at(3, 9))], DAY)
    busy = season_status([Step("p1", "apply", _at(4, 10))], DAY)
    quiet = season_status([Step("p1", "view", _at(3, 1))], DAY)
    silent = season_status([], DAY)
    order = sorted([placed, busy, quiet, silent], key=urgency)
    assert order == [silent, quiet, busy, placed]
    assert STATUSES[0] == "not_applied" and STATUSES[-1] == "placed"


@pytest.mark.parametrize("event", ["hire", "accept", "internship_completed"])
def test_every_placing_event_places(event: str) -> None:
    steps = [Step("p1", "apply", _at(3, 1)), Step("p1", event, _at(3, 9))]
    assert season_status(steps, DAY).status == "placed"


def test_activity_left_out_of_the_steps_is_given_apart() -> None:
    """A caller reading only the funnel's events passes her latest own event on its own."""
    steps = [Step("p1", "apply", _at(3, 1))]
    s = season_status(steps, DAY, last_activity=dt.datetime(2027, 4, 10, tzinfo=dt.UTC))
    assert s.last_activity == dt.datetime(2027, 4, 10) and s.quiet_days == 4
    assert season_status(steps, DAY, last_activity=_at(2, 1)).last_activity == _at(3, 1)

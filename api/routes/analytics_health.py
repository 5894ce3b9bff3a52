"""Recommendation health and curriculum gaps: the served model's recommendations, in aggregate.

Both read the snapshot ``matcher health`` (or ``matcher demo``) stored beside the served model
(:mod:`matcher.analytics.health`); a request never computes it (a recommendation per student
takes seconds to minutes), so without one the answer is 409 naming the command that makes it.

Who sees what: the health of the recommendations (coverage, exposure by enterprise,
congestion) is the centre's (admin and researcher); the curriculum gaps are the centre's for
every major and an advisor's for the majors her cohorts' students study, counted over all of
the major's students (403 for another major). Enterprises and students get 403. Groups of
fewer than :data:`~matcher.analytics.privacy.MIN_GROUP` students are suppressed in the snapshot
itself.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, HTTPException, Query, Response

from api.deps import CurrentUser, EngineDep
from api.routes.analytics import _DOWNLOADS, Format, _refuse, download
from api.schemas.analytics_health import CurriculumGaps, RecommendationHealth
from api.schemas.common import errors
from matcher.analytics.health import (
    HealthNotComputed,
    changes,
    major_gaps,
    model_key,
    previous_health,
    require_health,
)
from matcher.analytics.health_tables import (
    enterprise_sheet,
    gaps_sheet,
    position_sheet,
    summary_sheet,
)
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import StudentFilter, major_code
from matcher.engine.snapshot import Engine
from matcher.messages import message
from matcher.schemas import Role, User
from matcher.spreadsheet import Sheet

router = APIRouter(prefix="/analytics", tags=["analytics"])

_NOT_COMPUTED = (
    409,
    "the served model's health snapshot has not been computed: run `matcher health`",
)
_HEALTH_ERRORS = errors(401, (403, "advisors, enterprises and students"), _NOT_COMPUTED, 422)
_GAPS_ERRORS = errors(401, (403, "enterprises, students; an advisor, another major"),
                      _NOT_COMPUTED, 422)  # fmt: skip
Lang = Annotated[Literal["zh", "en"], Query(description="Language of labels and headers")]


#: Downloads made, by snapshot and query: a snapshot never changes once written, and a
#: workbook of every major's gaps takes hundreds of milliseconds to write.
_MADE: OrderedDict[tuple[Any, ...], Response] = OrderedDict()
_MADE_LOCK = threading.Lock()
_MADE_MAX = 32


def _download(
    snapshot: dict[str, Any], key: tuple[Any, ...], sheets: Callable[[], list[Sheet]], kind: str,
    name: str,
) -> Response:  # fmt: skip
    """:func:`~api.routes.analytics.download` of ``sheets()``, made once per snapshot and
    ``key``; each request gets a response of its own over the same bytes."""
    model = snapshot["model"]
    day = dt.date.today()  # the file's name carries it
    whole = (model["version"], model["ranker_file"], snapshot["computed_at"], day, kind, name,
             *key)  # fmt: skip
    with _MADE_LOCK:
        made = _MADE.get(whole)
        if made is not None:
            _MADE.move_to_end(whole)
    if made is None:
        made = download(sheets(), kind, name)
        with _MADE_LOCK:
            _MADE[whole] = made
            while len(_MADE) > _MADE_MAX:
                _MADE.popitem(last=False)
    return Response(
        made.body,
        media_type=made.media_type,
        headers={"Content-Disposition": made.headers["content-disposition"]},
    )


def _snapshot(engine: Engine) -> dict[str, Any]:
    """The served model's snapshot, or 409 in both languages naming the command."""
    try:
        return require_health(engine)
    except HealthNotComputed:
        version = engine.directory.name if engine.directory else "-"
        model = f"{version}/{model_key(engine.manifest)}"
        raise HTTPException(
            409,
            message("analytics_health_missing", "en", model=model)
            + " / "
            + message("analytics_health_missing", "zh", model=model),
        ) from None


@router.get(
    "/health",
    response_model=RecommendationHealth,
    responses={**_HEALTH_ERRORS, **_DOWNLOADS},
)
def recommendation_health(
    user: CurrentUser,
    engine: EngineDep,
    lang: Lang = "zh",
    top: Annotated[
        int, Query(ge=1, le=10_000, description="Enterprises listed, most exposed first")
    ] = 50,
    format: Format = "json",
) -> RecommendationHealth | Response:
    """Coverage, exposure concentration and congestion of the served model, and the change
    since the previous model (the centre only)."""
    if user.role == Role.student:
        raise _refuse("analytics_not_for_students")
    if user.role not in (Role.admin, Role.researcher):
        raise _refuse("analytics_centre_only")
    snapshot = _snapshot(engine)
    previous = previous_health(engine)
    if format != "json":
        before = None if previous is None else (previous["model"], previous["computed_at"])
        return _download(
            snapshot,
            (lang, repr(before)),
            lambda: [
                summary_sheet(snapshot, previous, lang),
                enterprise_sheet(snapshot, lang),
                position_sheet(snapshot, lang),
            ],
            format,
            "recommendation-health",
        )
    exposure = snapshot["exposure"]
    figures = [
        {**c, "label": message("hl_fig_" + c["figure"].replace(".", "_"), lang)}
        for c in changes(snapshot, previous)
    ]
    return RecommendationHealth.model_validate(
        {
            **{key: snapshot[key] for key in ("model", "computed_at", "seconds", "k", "day")},
            "students": snapshot["students"],
            "scorer": snapshot["scorer"],
            "min_group": MIN_GROUP,
            "coverage": snapshot["coverage"],
            "exposure": {**exposure, "enterprises": exposure["enterprises"][:top]},
            "congestion": snapshot["congestion"],
            "previous": None
            if previous is None
            else {key: previous[key] for key in ("model", "computed_at", "k", "day")},
            "changes": figures,
        }
    )


def _advisor_majors(engine: Engine, user: User) -> set[str]:
    """The majors of the advisor's cohorts' students (as the engine knows them)."""
    mask = StudentFilter(cohorts=list(user.cohorts)).mask(engine)
    majors = engine.students.major
    return {majors[int(r)] for r in mask.nonzero()[0]}


@router.get("/gaps", response_model=CurriculumGaps, responses={**_GAPS_ERRORS, **_DOWNLOADS})
def curriculum_gaps(
    user: CurrentUser,
    engine: EngineDep,
    major: Annotated[str | None, Query(max_length=200, description="Major code or name")] = None,
    lang: Lang = "zh",
    top: Annotated[int, Query(ge=1, le=200, description="Skills listed per major")] = 20,
    format: Format = "json",
) -> CurriculumGaps | Response:
    """Per major, the required skills its students most often lack for the positions
    recommended to them (the centre: every major; an advisor: her cohorts' majors)."""
    if user.role == Role.student:
        raise _refuse("analytics_not_for_students")
    if user.role == Role.enterprise:
        raise _refuse("analytics_school_only")
    code = major_code(engine, major)
    majors: list[str] | None = [code] if code else None
    if user.role == Role.advisor:
        own = _advisor_majors(engine, user)
        if code is not None and code not in own:
            raise _refuse("analytics_not_your_major")
        majors = [code] if code else sorted(own)
    snapshot = _snapshot(engine)
    if format != "json":

        def sheets() -> list[Sheet]:
            rows = major_gaps(snapshot, engine, majors=majors, lang=lang, top=top)
            return [gaps_sheet(rows, lang)]

        chosen = None if majors is None else tuple(majors)
        return _download(snapshot, (lang, top, chosen), sheets, format, "curriculum-gaps")
    rows = major_gaps(snapshot, engine, majors=majors, lang=lang, top=top)
    return CurriculumGaps.model_validate(
        {
            **{key: snapshot[key] for key in ("model", "computed_at", "k", "day", "students")},
            "min_group": MIN_GROUP,
            "majors": rows,
        }
    )

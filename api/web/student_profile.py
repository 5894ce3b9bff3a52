"""``/me/profile``: her profile as a summary with a change link per part, one form per part.

Each part (study, skills, projects, competitions, internships, about her, preferences, contact,
and her consent to be seen by enterprises) is a page of its own, as GOV.UK's "check your
answers" does it. A form is read into the API's own PATCH body (:class:`api.schemas.
StudentUpdate`) and saved by the API's own update (:func:`api.routes.students.update_student`,
which has the engine rebuilt); a mistake sends the form back with an error summary at the top,
every error in her language beside its field, and what she typed kept.
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import APIRouter, HTTPException, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData

from api.deps import EngineDep, ServedDep, StoreDep
from api.routes.students import update_student
from api.schemas import StudentUpdate
from api.web.common import PageUser, done, language_of, page
from api.web.student_common import chrome, student_of
from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS
from matcher.messages import message
from matcher.schemas import Degree, PositionType, Student, User
from matcher.search import cities
from matcher.store.database import Store

router = APIRouter(include_in_schema=False)

#: Lists written one entry a line (or separated by commas, 、 or semicolons).
_SPLIT = re.compile(r"[\n,，、;；]+")
#: The most entries of a list a form takes (projects, competitions, internships).
MAX_ITEMS = 20
#: The fields of each item of a list part, in the form's order.
ITEMS: dict[str, tuple[str, ...]] = {
    "projects": ("title", "role", "description"),
    "competitions": ("name", "level", "award", "year"),
    "internships": ("organisation", "role", "months", "description"),
}
#: Item fields that a blank input leaves unknown (the others are kept as blank text).
NONE_WHEN_BLANK = frozenset({"level", "award", "year", "months"})
#: Competition levels a form offers.
LEVELS: tuple[str, ...] = ("school", "provincial", "national", "international")
#: Fields answered by a choice, not typed (a blank one asks her to choose).
CHOICES = frozenset({"degree", "level", "visible_to_enterprises"})
#: Pydantic error types and the catalogue message each shows.
ERROR_WORDS: dict[str, str] = {
    "string_too_long": "stu_err_too_long",
    "greater_than_equal": "stu_err_too_small",
    "greater_than": "stu_err_too_small",
    "less_than_equal": "stu_err_too_large",
    "less_than": "stu_err_too_large",
    "int_parsing": "stu_err_number",
    "int_from_float": "stu_err_number",
    "float_parsing": "stu_err_number",
    "enum": "stu_err_choice",
    "literal_error": "stu_err_choice",
    "bool_parsing": "stu_err_choice",
}


def _entries(text: str) -> list[str]:
    """Distinct entries of a list written as text."""
    return list(dict.fromkeys(x.strip() for x in _SPLIT.split(text) if x.strip()))


def _blank_none(value: str) -> str | None:
    value = value.strip()
    return value or None


def _course(line: str) -> dict[str, Any]:
    """A course line: its name, then an optional grade (``光学设计 92``)."""
    name, _, grade = line.strip().rpartition(" ")
    if name and re.fullmatch(r"\d+(\.\d+)?|[-\d.]+", grade):
        return {"name": name.strip(), "grade": grade}
    return {"name": line.strip(), "grade": None}


def _items(form: FormData, part: str) -> list[dict[str, Any]]:
    """The items of a list part as the form sent them (blank and removed ones left out)."""
    out = []
    for i in range(MAX_ITEMS + 1):
        item = {f: str(form.get(f"{part}-{i}-{f}", "")).strip() for f in ITEMS[part]}
        if form.get(f"{part}-{i}-remove") or not any(item.values()):
            continue
        out.append({f: None if f in NONE_WHEN_BLANK and not v else v for f, v in item.items()})
    return out


def _item_values(student: Student, part: str) -> list[dict[str, str]]:
    """The items of a list part as its form shows them."""
    return [
        {f: "" if getattr(x, f) is None else str(getattr(x, f)) for f in ITEMS[part]}
        for x in getattr(student, part)
    ]


#: The parts of her profile, in the order of the profile page.
PARTS: tuple[str, ...] = (
    "study", "skills", "projects", "competitions", "internships", "about", "preferences",
    "contact", "consent",
)  # fmt: skip
#: Parts that are lists written as text, one entry a line.
TEXT_LISTS: dict[str, tuple[str, ...]] = {
    "skills": ("skills", "certificates", "languages"),
}


def _text(form: FormData, name: str) -> str:
    return str(form.get(name, ""))


def values_of(student: Student, part: str) -> dict[str, Any]:
    """What the form of ``part`` shows for her profile as stored."""
    if part in ITEMS:
        return {part: _item_values(student, part)}
    if part in TEXT_LISTS:
        return {k: "\n".join(getattr(student, k)) for k in TEXT_LISTS[part]}
    prefs = student.preferences
    return {
        "study": lambda: {
            "major": student.major,
            "degree": student.degree.value,
            "graduation_year": str(student.graduation_year),
            "courses": "\n".join(
                c.name if c.grade is None else f"{c.name} {c.grade:g}" for c in student.courses
            ),
        },
        "about": lambda: {"self_description": student.self_description},
        "preferences": lambda: {
            "cities": list(prefs.cities),
            "sectors": [x.value for x in prefs.sectors],
            "position_types": [x.value for x in prefs.position_types],
            "min_salary": "" if prefs.min_salary is None else str(prefs.min_salary),
        },
        "contact": lambda: {"phone": student.phone or "", "email": student.email or ""},
        "consent": lambda: {"visible": "yes" if student.visible_to_enterprises else "no"},
    }[part]()


def changes_of(form: FormData, student: Student, part: str) -> dict[str, Any]:
    """The fields of a PATCH body that the posted form of ``part`` asks for."""
    if part in ITEMS:
        return {part: _items(form, part)}
    if part in TEXT_LISTS:
        return {k: _entries(_text(form, k)) for k in TEXT_LISTS[part]}
    if part == "study":
        lines = [x for x in _text(form, "courses").splitlines() if x.strip()]
        return {
            "major": _text(form, "major"),
            "degree": _text(form, "degree"),
            "graduation_year": _text(form, "graduation_year").strip(),
            "courses": [_course(x) for x in lines],
        }
    if part == "about":
        return {"self_description": _text(form, "self_description")}
    if part == "preferences":
        chosen = [str(x) for x in form.getlist("cities")] + _entries(_text(form, "other_cities"))
        return {
            "preferences": {
                **student.preferences.model_dump(),
                "cities": list(dict.fromkeys(chosen)),
                "sectors": [str(x) for x in form.getlist("sectors")],
                "position_types": [str(x) for x in form.getlist("position_types")],
                "min_salary": _blank_none(_text(form, "min_salary")),
            }
        }
    if part == "contact":
        return {k: _blank_none(_text(form, k)) for k in ("phone", "email")}
    return {"visible_to_enterprises": _text(form, "visible")}  # consent


def _errors(exc: ValidationError, lang: str) -> list[tuple[str, str]]:
    """Each error as (the id of its field on the form, what to do, in the reader's language)."""
    out = []
    for err in exc.errors():
        loc = [x for x in err["loc"] if x != "preferences"]
        name = str(loc[0])
        label = message(f"stu_field_{name}", lang)
        anchor = f"f-{name}"
        if len(loc) >= 3 and isinstance(loc[1], int):
            sub = str(loc[2])
            label = message("stu_item_of", lang, label=label, n=loc[1] + 1)
            label += " · " + message(f"stu_field_{sub}", lang)
            anchor = f"f-{name}" if name == "courses" else f"f-{name}-{loc[1]}-{sub}"
        ctx = err.get("ctx") or {}
        limit = next((ctx[k] for k in ("max_length", "ge", "gt", "le", "lt") if k in ctx), "")
        if err.get("input") in ("", None):
            key = "stu_err_choose" if loc[-1] in CHOICES else "stu_err_missing"
        else:
            key = ERROR_WORDS.get(err["type"], "stu_err_invalid")  # fmt: skip
        out.append((anchor, message(key, lang, label=label, limit=limit)))
    return out


def _mine(store: Store, user: User | None) -> tuple[User, Student]:
    user = student_of(user)
    me: Student | None = store.get("students", user.student_id or "")  # type: ignore[assignment]
    if me is None:
        raise HTTPException(404, "no profile")
    return user, me


def _form(
    request: Request,
    user: User,
    engine: Engine,
    part: str,
    values: dict[str, Any],
    **extra: Any,
) -> Response:
    return page(
        request,
        "student/profile_form.html",
        user,
        **chrome(request),
        part=part,
        values=values,
        degrees=list(Degree),
        levels=LEVELS,
        sectors=list(SECTORS),
        types=list(PositionType),
        known_cities=cities(engine),
        blank={name: dict.fromkeys(fields, "") for name, fields in ITEMS.items()},
        **extra,
    )


@router.get("/me/profile")
def profile(request: Request, user: PageUser, store: StoreDep) -> Response:
    """Her profile, part by part, each with a link to change it."""
    user, me = _mine(store, user)
    return page(request, "student/profile.html", user, **chrome(request), me=me)


@router.get("/me/profile/{part}")
def edit(
    request: Request, part: str, user: PageUser, engine: EngineDep, store: StoreDep
) -> Response:
    """The form of one part of her profile."""
    user, me = _mine(store, user)
    if part not in PARTS:
        raise HTTPException(404, "no such part")
    return _form(request, user, engine, part, values_of(me, part))


@router.post("/me/profile/{part}")
async def save(
    request: Request,
    part: str,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    served: ServedDep,
) -> Response:
    """Save one part: the API's validation and update; the form again with errors if wrong."""
    user, me = await run_in_threadpool(_mine, store, user)
    if part not in PARTS:
        raise HTTPException(404, "no such part")
    form = await request.form(max_files=0, max_fields=400)
    changes = changes_of(form, me, part)
    try:
        body = StudentUpdate.model_validate(changes)
    except ValidationError as exc:
        return _form(
            request,
            user,
            engine,
            part,
            _posted(form, part),
            errors=_errors(exc, language_of(request)),
            status_code=422,
        )
    await run_in_threadpool(update_student, me.id, body, user, store, served)
    if part == "consent":
        return done("/me/profile", "stu_consent_on" if body.visible_to_enterprises else
                    "stu_consent_off")  # fmt: skip
    return done("/me/profile", "stu_profile_saved")


def _posted(form: FormData, part: str) -> dict[str, Any]:
    """What she typed, for the form shown again."""
    if part in ITEMS:
        rows = [
            {f: str(form.get(f"{part}-{i}-{f}", "")) for f in ITEMS[part]}
            for i in range(MAX_ITEMS + 1)
            if any(form.get(f"{part}-{i}-{f}") for f in ITEMS[part])
        ]
        return {part: rows}
    values: dict[str, Any] = {k: str(v) for k, v in form.items()}
    for name in ("cities", "sectors", "position_types"):
        values[name] = [str(x) for x in form.getlist(name)]
    return values

"""``/me/profile/resume``: her profile filled in from her résumé, checked by her, then saved.

She uploads a PDF, a Word file or pasted text; the draft it reads
(:func:`matcher.documents.parse.parse_document`, in a child process under fixed limits, started
from a worker thread) fills one form of every part of her profile, each field with what the
résumé said and a mark where the reading was unsure. Nothing is stored until she saves: the
form carries everything, and the save goes through the API's own update (which has the engine
rebuilt), as every other part of her profile does. Personal values found in the résumé go only
to her contact details; the school's fields are shown as the school keeps them.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from pydantic import ValidationError
from starlette.concurrency import run_in_threadpool

from api.deps import EngineDep, ServedDep, SettingsDep, StoreDep
from api.routes.students import update_student
from api.schemas import StudentUpdate
from api.uploads import keep_upload, read_upload
from api.web.common import PageUser, done, language_of, page
from api.web.student_common import chrome
from api.web.student_profile import ITEMS, LEVELS, _errors, _mine, changes_of, values_of
from matcher.documents.draft import ResumeDraft
from matcher.documents.limits import ReadLimits
from matcher.documents.parse import parse_document
from matcher.engine.snapshot import Engine
from matcher.engine.tables import SECTORS
from matcher.errors import DocumentError
from matcher.messages import message
from matcher.rules import SCHOOL_FIELDS
from matcher.schemas import Degree, PositionType, Student, User
from matcher.search import cities

router = APIRouter(include_in_schema=False)

#: The parts of her profile the review shows, in order (preferences and consent stay hers).
REVIEW_PARTS: tuple[str, ...] = (
    "study", "skills", "projects", "competitions", "internships", "about", "contact",
)  # fmt: skip
#: A reading less sure than this is marked for her to check.
CHECK_BELOW = 0.7
#: Characters of the résumé's text shown beside a field.
SOURCE_CHARS = 60


def _upload_page(
    request: Request, user: User, error: str | None = None, status: int = 200
) -> Response:
    return page(
        request,
        "student/resume_upload.html",
        user,
        **chrome(request),
        error=error,
        status_code=status,
    )


@router.get("/me/profile/resume")
def upload_form(request: Request, user: PageUser, store: StoreDep) -> Response:
    """The page to upload her résumé or paste its text."""
    user, _ = _mine(store, user)
    return _upload_page(request, user)


@router.post("/me/profile/resume")
async def read_resume(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    settings: SettingsDep,
) -> Response:
    """Read the résumé and show her profile's form filled from it (nothing is saved)."""
    user, me = await run_in_threadpool(_mine, store, user)
    lang = language_of(request)
    limits = ReadLimits(max_bytes=settings.upload_max_bytes)
    try:
        data, text = await read_upload(request, limits.max_bytes)
        draft = await run_in_threadpool(parse_document, data, text, "resume", limits=limits)
    except DocumentError as exc:
        return _upload_page(request, user, exc.localized(lang), exc.status)
    assert isinstance(draft, ResumeDraft)
    if data is not None and settings.upload_keep_dir is not None:
        await run_in_threadpool(keep_upload, settings.upload_keep_dir, data, me.id, draft.file_kind)
    return _review(request, user, engine, me, draft_values(draft, me, lang), draft=draft)


@router.post("/me/profile/resume/save")
async def save_resume(
    request: Request,
    user: PageUser,
    engine: EngineDep,
    store: StoreDep,
    served: ServedDep,
) -> Response:
    """Save the checked form to her profile through the API's update; errors show it again."""
    user, me = await run_in_threadpool(_mine, store, user)
    form = await request.form(max_files=0, max_fields=600)
    changes: dict[str, Any] = {}
    for part in REVIEW_PARTS:
        changes.update(changes_of(form, me, part))
    try:
        body = StudentUpdate.model_validate(changes)
    except ValidationError as exc:
        values = {part: _posted_part(form, part) for part in REVIEW_PARTS}
        return _review(
            request, user, engine, me, _merge(values), errors=_errors(exc, language_of(request))
        )
    await run_in_threadpool(update_student, me.id, body, user, store, served)
    return done("/me", "stu_resume_saved")


def draft_values(draft: ResumeDraft, me: Student, lang: str) -> dict[str, Any]:
    """The review form's values: her profile as stored, overwritten by what the résumé read."""
    values: dict[str, Any] = {}
    for part in REVIEW_PARTS:
        values.update(values_of(me, part))
    read = draft.fields
    for name in ("major", "graduation_year"):
        if read[name].value is not None:
            values[name] = str(read[name].value)
    if read["degree"].value is not None:
        values["degree"] = str(read["degree"].value)
    courses = read["courses"].value or []
    if courses:
        values["courses"] = "\n".join(
            c["name"] if c["grade"] is None else f"{c['name']} {c['grade']:g}" for c in courses
        )
    skills = [finding.zh if lang == "zh" else finding.en for finding in draft.skills]
    if skills:
        values["skills"] = "\n".join(skills)
    for name in ("certificates", "languages"):
        if read[name].value:
            values[name] = "\n".join(read[name].value)
    for part in ITEMS:
        items = read[part].value or []
        if items:
            values[part] = [
                {f: "" if item.get(f) is None else str(item.get(f)) for f in ITEMS[part]}
                for item in items
            ]
    if read["self_description"].value:
        values["self_description"] = str(read["self_description"].value)
    for finding in draft.personal:
        if finding.field in ("phone", "email") and finding.value:
            values[finding.field] = finding.value
    return values


def _sources(draft: ResumeDraft) -> dict[str, dict[str, Any]]:
    """What the résumé said of each field the draft filled, and whether to check it."""
    out: dict[str, dict[str, Any]] = {}
    for name, field in draft.fields.items():
        if field.value in (None, [], {}, ""):
            continue
        text = field.source.text if field.source is not None else ""
        shown = " ".join(text.split())
        out[name] = {
            "text": shown[:SOURCE_CHARS] + ("…" if len(shown) > SOURCE_CHARS else ""),
            "low": field.confidence < CHECK_BELOW,
        }
    if draft.skills:
        comma = "、" if draft.language != "en" else ", "
        places = comma.join(dict.fromkeys(s.sources[0].text for s in draft.skills[:6]))
        out["skills"] = {
            "text": places,
            "low": any(s.confidence < CHECK_BELOW for s in draft.skills),
        }
    return out


def _review(
    request: Request,
    user: User,
    engine: Engine,
    me: Student,
    values: dict[str, Any],
    *,
    draft: ResumeDraft | None = None,
    errors: list[tuple[str, str]] | None = None,
) -> Response:
    lang = language_of(request)
    personal: list[str] = []
    kept: list[str] = []
    if draft is not None:
        personal = [
            message(f"stu_personal_{f}", lang)
            for f in dict.fromkeys(p.field for p in draft.personal)
        ]
        record = draft.profile()
        kept = [
            message(f"stu_kept_{name}", lang)
            for name in sorted(SCHOOL_FIELDS)
            if name in record and record[name] != getattr(me, name, None)
        ]
    return page(
        request,
        "student/resume_review.html",
        user,
        **chrome(request),
        parts=REVIEW_PARTS,
        values=values,
        draft=draft,
        sources=_sources(draft) if draft is not None else {},
        personal=("、" if lang == "zh" else ", ").join(personal),
        kept=("、" if lang == "zh" else ", ").join(kept),
        errors=errors,
        status_code=422 if errors else 200,
        degrees=list(Degree),
        levels=LEVELS,
        sectors=list(SECTORS),
        types=list(PositionType),
        known_cities=cities(engine),
        blank={name: dict.fromkeys(fields, "") for name, fields in ITEMS.items()},
    )


def _posted_part(form: Any, part: str) -> dict[str, Any]:
    if part in ITEMS:
        rows = [
            {f: str(form.get(f"{part}-{i}-{f}", "")) for f in ITEMS[part]}
            for i in range(21)
            if any(form.get(f"{part}-{i}-{f}") for f in ITEMS[part])
        ]
        return {part: rows}
    return {k: str(v) for k, v in form.items()}


def _merge(parts: dict[str, dict[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for values in parts.values():
        out.update(values)
    return out

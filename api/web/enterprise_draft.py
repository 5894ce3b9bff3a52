"""Starting a position from a job description the enterprise already posted elsewhere.

The enterprise uploads the description (PDF, DOCX or text) or pastes it; the parser
(:func:`matcher.documents.parse.parse_document`, in a worker thread, reading a file in a child
process) drafts a position, and the answer is the ordinary posting form
(:mod:`api.web.enterprise_forms`) filled from the draft, each filled field with the words of
the document it came from and a mark where the reading is unsure. Nothing is stored here: the
form continues to the usual check page and confirmation, which alone create the position.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from api.deps import SettingsDep, StoreDep
from api.uploads import keep_upload, read_upload
from api.web.common import PageUser, language_of, page
from api.web.enterprise_forms import FIELDS, _form
from api.web.enterprise_pipeline import enterprise_of, recruiter
from matcher.config import Settings
from matcher.documents.draft import DraftField, JobDraft, SkillFinding
from matcher.documents.limits import ReadLimits, human_size
from matcher.documents.parse import parse_document
from matcher.errors import DocumentError
from matcher.messages import message
from matcher.schemas import Enterprise, User
from matcher.text.normal import CONTROL_RE
from matcher.text.taxonomy import Taxonomy, load_taxonomy

router = APIRouter(include_in_schema=False)

#: A field read with less confidence than this is marked "please check".
CHECK_BELOW = 0.7
#: The longest quotation of the document shown beside a field.
QUOTE_CHARS = 60
#: Fields the draft reads as one value, and the form's default when it finds none.
SINGLE: dict[str, str] = {
    "title": "", "type": "job", "min_degree": "bachelor", "city": "", "district": "",
    "openings": "1", "salary_min": "", "salary_max": "", "deadline": "",
}  # fmt: skip
#: Fields a position must have: the form says when the document did not give them.
NEEDED = frozenset({"title", "type", "min_degree", "openings"})


def clean(value: object) -> str:
    """A value as the form holds it: a string without control characters (the pages refuse
    a form that holds one, and a document's text may)."""
    return CONTROL_RE.sub(" ", "" if value is None else str(value))


def quoted(text: str, lang: str) -> str:
    """'From your document: “…”' for a span of the document, cut to :data:`QUOTE_CHARS`."""
    words = " ".join(text.split())
    if len(words) > QUOTE_CHARS:
        words = words[: QUOTE_CHARS - 1] + "…"
    return message("ent_draft_from", lang, text=clean(words))


def field_note(field: DraftField, lang: str) -> dict[str, Any] | None:
    """What the form says beside a field the draft filled: its source, and whether to check it."""
    if field.source is None and field.value is None:
        return None
    text = quoted(field.source.text, lang) if field.source is not None else None
    return {"text": text, "check": field.confidence < CHECK_BELOW}


def skills_note(findings: list[SkillFinding], lang: str) -> dict[str, Any] | None:
    """The note of a skills field: the words each skill was found as."""
    if not findings:
        return None
    seen = dict.fromkeys(" ".join(f.sources[0].text.split()) for f in findings if f.sources)
    joined = ("、" if lang == "zh" else ", ").join(seen)
    check = min(f.confidence for f in findings) < CHECK_BELOW
    return {"text": quoted(joined, lang) if seen else None, "check": check}


def major_names(codes: list[str], taxonomy: Taxonomy, lang: str) -> list[str]:
    """Major codes as the form writes majors: their names in the page's language."""
    out = []
    for code in codes:
        major = taxonomy.majors.get(code)
        out.append(major.label(lang) if major is not None else code)
    return list(dict.fromkeys(out))


def drafted_form(
    draft: JobDraft, enterprise: Enterprise, lang: str, taxonomy: Taxonomy | None = None
) -> tuple[dict[str, str], dict[str, dict[str, Any]]]:
    """The posting form's values filled from ``draft``, and the note beside each field."""
    taxonomy = taxonomy or load_taxonomy()
    fields = draft.fields
    values = {name: "" for name in FIELDS}
    notes: dict[str, dict[str, Any]] = {}
    for name, default in SINGLE.items():
        field = fields.get(name, DraftField())
        values[name] = clean(field.value) if field.value is not None else default
        note = field_note(field, lang)
        if note is None and name in NEEDED:
            note = {"text": message("ent_draft_not_found", lang), "check": True}
        if note is not None:
            notes[name] = note
    low, high = fields.get("salary_min"), fields.get("salary_max")
    if "salary_max" in notes and low and high and low.source == high.source:
        notes["salary_max"]["text"] = None  # one range, quoted once (beside the salary from)
        if not notes["salary_max"]["check"]:
            del notes["salary_max"]
    if fields.get("city", DraftField()).value is None:
        values.update(city=clean(enterprise.city), district=clean(enterprise.district))
        notes["city"] = {"text": message("ent_draft_from_profile", lang), "check": True}
        notes.pop("district", None)
    majors = fields.get("accepted_majors", DraftField())
    values["accepted_majors"] = "\n".join(
        clean(m) for m in major_names(list(majors.value or []), taxonomy, lang)
    )
    majors_note = field_note(majors, lang) if majors.source is not None else None
    if majors_note is not None:
        notes["accepted_majors"] = majors_note
    for name, findings in (
        ("required_skills", draft.required_skills),
        ("preferred_skills", draft.preferred_skills),
    ):
        labels = dict.fromkeys(clean(f.zh if lang == "zh" else f.en) for f in findings)
        values[name] = "\n".join(labels)
        note = skills_note(findings, lang)
        if note is not None:
            notes[name] = note
    if not draft.required_skills:
        notes["required_skills"] = {"text": message("ent_draft_no_skills", lang), "check": True}
    description = fields.get("description", DraftField())
    values["description"] = clean(description.value)
    if description.value:
        notes["description"] = {"text": message("ent_draft_whole_text", lang), "check": False}
    return values, notes


def _upload_page(
    request: Request,
    user: User,
    settings: Settings,
    *,
    status: int = 200,
    error: str | None = None,
    text: str = "",
) -> Response:
    """The upload page; after a document that cannot be read, with why (and the pasted text)."""
    return page(
        request,
        "enterprise/draft.html",
        user,
        status_code=status,
        error=error,
        text=clean(text),
        limit=human_size(settings.upload_max_bytes),
        kept=settings.upload_keep_dir is not None,
    )


@router.get("/me/positions/draft")
def draft_form(request: Request, user: PageUser, settings: SettingsDep) -> Response:
    """The page to upload or paste a job description."""
    return _upload_page(request, recruiter(user), settings)


@router.post("/me/positions/draft")
async def draft_post(
    request: Request, user: PageUser, store: StoreDep, settings: SettingsDep
) -> Response:
    """Read the description and answer the posting form filled from it (nothing is stored);
    a document that cannot be read gets the upload page again, with the reason."""
    user = recruiter(user)
    lang = language_of(request)
    limits = ReadLimits(max_bytes=settings.upload_max_bytes)
    data: bytes | None = None
    text: str | None = None
    try:
        data, text = await read_upload(request, limits.max_bytes)
        draft = await run_in_threadpool(parse_document, data, text, "job", limits=limits)
    except DocumentError as exc:
        return _upload_page(
            request, user, settings, status=exc.status, error=exc.localized(lang), text=text or ""
        )
    assert isinstance(draft, JobDraft)
    if data is not None and settings.upload_keep_dir is not None:
        owner = user.enterprise_id or user.id
        await run_in_threadpool(keep_upload, settings.upload_keep_dir, data, owner, draft.file_kind)
    enterprise = await run_in_threadpool(enterprise_of, store, user)
    values, notes = await run_in_threadpool(drafted_form, draft, enterprise, lang)
    return _form(
        request, user, action="/me/positions/new", heading="ent_new_title", values=values,
        notes=notes,
    )  # fmt: skip

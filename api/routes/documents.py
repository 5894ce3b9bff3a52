"""Drafts from documents: a student's résumé becomes a profile draft, an enterprise's job
description a position draft. Nothing is stored: the owner reviews the draft and saves it through
the ordinary routes (``PATCH /students/{id}``, ``POST /positions``).

Reading a PDF or a DOCX runs in a child process under fixed limits, started from a worker thread,
so neither the parser nor a hostile file holds the event loop.
"""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, HTTPException, Query, Request
from starlette.concurrency import run_in_threadpool

from api.access import editable_student, may_edit_enterprise
from api.deps import CurrentUser, LangQuery, SettingsDep, StoreDep
from api.schemas import errors
from api.schemas.documents import JobDraftPublic, ResumeDraftPublic
from api.uploads import keep_upload, read_upload
from matcher.documents.draft import JobDraft, ResumeDraft
from matcher.documents.limits import ReadLimits
from matcher.documents.parse import parse_document
from matcher.errors import DocumentError
from matcher.rules import SCHOOL_FIELDS
from matcher.schemas import Role

router = APIRouter(tags=["documents"])

_UPLOAD_BODY = {
    "requestBody": {
        "content": {
            "multipart/form-data": {
                "schema": {
                    "type": "object",
                    "properties": {
                        "file": {"type": "string", "format": "binary"},
                        "text": {"type": "string"},
                    },
                }
            },
            "application/json": {
                "schema": {"type": "object", "properties": {"text": {"type": "string"}}}
            },
        }
    }
}
_DOCUMENT_ERRORS = errors(
    401,
    403,
    (413, "the file is over the size limit"),
    (415, "not a PDF, a DOCX or text (told from its bytes)"),
    (422, "encrypted, damaged, scanned, empty or over a reading limit"),
)


async def _draft(
    request: Request, settings: Any, kind: str, owner: str, lang: str | None
) -> ResumeDraft | JobDraft:
    limits = ReadLimits(max_bytes=settings.upload_max_bytes)
    try:
        data, text = await read_upload(request, limits.max_bytes)
        draft = await run_in_threadpool(parse_document, data, text, kind, limits=limits)  # type: ignore[arg-type]
    except DocumentError as exc:
        raise HTTPException(exc.status, exc.localized(lang or "en")) from None
    if data is not None and settings.upload_keep_dir is not None:
        await run_in_threadpool(keep_upload, settings.upload_keep_dir, data, owner, draft.file_kind)
    return draft


@router.post(
    "/students/{student_id}/resume",
    response_model=ResumeDraftPublic,
    responses=_DOCUMENT_ERRORS,
    openapi_extra=_UPLOAD_BODY,
)
async def resume_draft(
    student_id: str,
    request: Request,
    user: CurrentUser,
    store: StoreDep,
    settings: SettingsDep,
    lang: LangQuery = None,
) -> ResumeDraftPublic:
    """A profile draft read from a résumé (PDF, DOCX or text; a ``file`` or a ``text`` field).

    The student herself, her advisor or an admin. Nothing is stored: save the reviewed fields
    with ``PATCH /students/{id}``. Personal values found (name, phone, …) are listed under
    ``personal`` and masked in ``text``; they go to no other field.
    """
    student = await run_in_threadpool(editable_student, store, user, student_id)
    draft = await _draft(request, settings, "resume", student_id, lang)
    assert isinstance(draft, ResumeDraft)
    record = draft.profile()
    kept = sorted(
        name
        for name in SCHOOL_FIELDS
        if name in record and record[name] != getattr(student, name, None)
    )
    if user.role == Role.student:  # her record, as read, is one she may PATCH as it is
        record = {name: value for name, value in record.items() if name not in kept}
    return ResumeDraftPublic(**draft.model_dump(), record=record, kept_by_school=kept)


@router.post(
    "/positions/draft",
    response_model=JobDraftPublic,
    responses=_DOCUMENT_ERRORS,
    openapi_extra=_UPLOAD_BODY,
)
async def position_draft(
    request: Request,
    user: CurrentUser,
    settings: SettingsDep,
    enterprise_id: str | None = Query(
        default=None,
        description="The enterprise (an admin's choice; an enterprise's own by default)",
    ),
    lang: LangQuery = None,
) -> JobDraftPublic:
    """A position draft read from a job description (PDF, DOCX or text). Nothing is stored:
    post the reviewed fields with ``POST /positions``. An enterprise or an admin."""
    if user.role == Role.enterprise:
        enterprise_id = enterprise_id or user.enterprise_id
    elif user.role != Role.admin:
        raise HTTPException(403, "only an enterprise or an admin drafts positions")
    if enterprise_id is not None:
        may_edit_enterprise(user, enterprise_id)
    draft = await _draft(request, settings, "job", enterprise_id or user.id, lang)
    assert isinstance(draft, JobDraft)
    record = draft.position()
    if enterprise_id is not None:
        record["enterprise_id"] = enterprise_id
    return JobDraftPublic(**draft.model_dump(), record=record)

"""One call from uploaded bytes or pasted text to a draft: read, tell the kind, read the fields."""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from matcher.documents.draft import JobDraft, ResumeDraft
from matcher.documents.limits import ReadLimits
from matcher.documents.reading import read_document, read_pasted
from matcher.documents.text import RawDocument
from matcher.text.taxonomy import Taxonomy

DocumentKind = Literal["resume", "job"]

_JOB_WORDS = re.compile(
    r"岗位职责|任职要求|工作职责|岗位要求|任职资格|职位描述|招聘人数|responsibilities|requirements|"
    r"qualifications|what you will do|we are looking for|apply by",
    re.I,
)
_RESUME_WORDS = re.compile(
    r"教育背景|教育经历|项目经历|实习经历|自我评价|求职意向|获奖|education|projects?\b|"
    r"internships?|objective|gpa|curriculum vitae",
    re.I,
)


def guess_kind(text: str) -> DocumentKind:
    """'job' when a text reads like a job description more than like a résumé."""
    job = len(_JOB_WORDS.findall(text))
    resume = len(_RESUME_WORDS.findall(text))
    return "job" if job > resume else "resume"


def draft_from(
    raw: RawDocument,
    kind: DocumentKind | None = None,
    taxonomy: Taxonomy | None = None,
    today: dt.date | None = None,
) -> ResumeDraft | JobDraft:
    """The draft of a document already read (its kind guessed when not given)."""
    from matcher.documents.job import draft_job
    from matcher.documents.resume import draft_resume

    kind = kind or guess_kind(raw.text)
    if kind == "job":
        return draft_job(raw, taxonomy, today)
    return draft_resume(raw, taxonomy, today)


def parse_document(
    data: bytes | None = None,
    text: str | None = None,
    kind: DocumentKind | None = None,
    *,
    limits: ReadLimits | None = None,
    taxonomy: Taxonomy | None = None,
    today: dt.date | None = None,
) -> ResumeDraft | JobDraft:
    """The draft of uploaded bytes or of pasted text; :class:`~matcher.errors.DocumentError`
    (413, 415, 422) when the document cannot be read."""
    raw = read_document(data, limits) if data is not None else read_pasted(text or "", limits)
    return draft_from(raw, kind, taxonomy, today)

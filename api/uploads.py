"""An uploaded document read from a request: a multipart file, a ``text`` field, or a raw body.

The body is read with a cap, so an upload over the limit is refused (413) as soon as it passes
it, and a multipart file is held in memory (Starlette's parser spools to disk past 1 MB by
default), so that nothing uploaded is written to disk unless ``MATCHER_UPLOAD_KEEP_DIR`` asks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from collections.abc import AsyncIterator
from pathlib import Path

from fastapi import HTTPException, Request
from starlette.datastructures import UploadFile
from starlette.formparsers import MultiPartException, MultiPartParser

from matcher.documents.limits import human_size
from matcher.errors import DocumentError
from matcher.files import write_atomic

#: The paths that take an uploaded document (the API's draft routes and the pages' upload forms).
UPLOAD_PATHS = re.compile(
    r"^/api/v1/students/[^/]+/resume$|^/api/v1/positions/draft$|^/me/profile/resume$"
    r"|^/me/positions/draft$"
)
#: Room in a request for the multipart framing and the other fields around the file.
FRAMING = 64 * 1024


class _InMemoryParser(MultiPartParser):
    """Starlette's multipart parser with a spool as large as any upload it is given."""

    spool_max_size = 64 * 1024 * 1024


def too_large(size: int, limit: int) -> DocumentError:
    """The 413 of an upload of ``size`` bytes over ``limit``."""
    return DocumentError(413, "doc_too_large", size=human_size(size), limit=human_size(limit))


async def read_upload(request: Request, max_bytes: int) -> tuple[bytes | None, str | None]:
    """The uploaded file's bytes or the pasted text (one of them); DocumentError otherwise."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes + FRAMING:
        raise too_large(int(declared), max_bytes)
    content_type = request.headers.get("content-type", "").split(";")[0].strip().lower()

    async def capped() -> AsyncIterator[bytes]:
        total = 0
        async for chunk in request.stream():
            total += len(chunk)
            if total > max_bytes + FRAMING:
                raise too_large(total, max_bytes)
            yield chunk

    if content_type == "multipart/form-data":
        parser = _InMemoryParser(
            request.headers, capped(), max_files=1, max_fields=20, max_part_size=max_bytes + FRAMING
        )
        try:
            form = await parser.parse()
        except MultiPartException as exc:
            raise HTTPException(422, f"the upload could not be read: {exc.message}") from None
        upload, text = form.get("file"), form.get("text")
        if isinstance(upload, UploadFile):
            data = await upload.read()
            await upload.close()
            if data:
                if len(data) > max_bytes:
                    raise too_large(len(data), max_bytes)
                return data, None
        if isinstance(text, str) and text.strip():
            return None, text
        raise DocumentError(422, "doc_empty")
    body = b"".join([chunk async for chunk in capped()])
    if content_type == "application/x-www-form-urlencoded":
        from urllib.parse import parse_qs

        text = parse_qs(body.decode("utf-8", "replace")).get("text", [""])[0]
        if not text.strip():
            raise DocumentError(422, "doc_empty")
        return None, text
    if content_type == "application/json":
        try:
            text = json.loads(body or b"{}").get("text")
        except (ValueError, AttributeError):
            raise HTTPException(422, 'send {"text": "..."} or a multipart upload') from None
        if not isinstance(text, str):
            raise HTTPException(422, 'send {"text": "..."} or a multipart upload')
        return None, text
    if len(body) > max_bytes:
        raise too_large(len(body), max_bytes)
    return body, None


def keep_upload(folder: Path, data: bytes, owner: str, kind: str) -> Path:
    """Write an uploaded file into ``folder`` (only when the keep setting names one)."""
    digest = hashlib.sha256(data).hexdigest()[:16]
    path = folder / f"{dt.date.today().isoformat()}-{owner}-{digest}.{kind}"
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(path, data)
    return path

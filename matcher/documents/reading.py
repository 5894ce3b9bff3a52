"""Reading uploaded bytes into text, held to fixed limits of size, time and memory.

Plain text is decoded here. A PDF or a DOCX is read by a child process
(:mod:`matcher.documents.child`) that caps its own address space and CPU time, and is killed
when it runs past the wall-clock limit: a hostile file (a zip bomb, thousands of pages, a parser
loop) costs one short-lived process, never the service. The bytes go to the child through a pipe;
nothing is written to disk.
"""

from __future__ import annotations

import json
import subprocess
import sys

from matcher.documents.limits import ReadLimits, human_size
from matcher.documents.sniff import decode_text, sniff
from matcher.documents.text import RawDocument, tidy
from matcher.errors import DocumentError

#: Exit status of the child when it refused the document (its message is on stdout).
REFUSED = 3


def read_document(data: bytes, limits: ReadLimits | None = None) -> RawDocument:
    """The text of an uploaded document; :class:`DocumentError` (413, 415 or 422) otherwise."""
    limits = limits or ReadLimits()
    if len(data) > limits.max_bytes:
        raise DocumentError(
            413, "doc_too_large", size=human_size(len(data)), limit=human_size(limits.max_bytes)
        )
    kind = sniff(data)
    if kind == "text":
        text = decode_text(data) or ""
        return RawDocument(kind="text", text=tidy(text)[: limits.max_chars])
    raw = _read_in_child(data, kind, limits)
    return RawDocument(kind=raw.kind, text=tidy(raw.text), pages=raw.pages, photo=raw.photo)


def read_pasted(text: str, limits: ReadLimits | None = None) -> RawDocument:
    """Pasted text as a document (the same size limit as a file)."""
    limits = limits or ReadLimits()
    size = len(text.encode("utf-8"))
    if size > limits.max_bytes:
        raise DocumentError(
            413, "doc_too_large", size=human_size(size), limit=human_size(limits.max_bytes)
        )
    if not text.strip():
        raise DocumentError(422, "doc_empty")
    return RawDocument(kind="text", text=tidy(text)[: limits.max_chars])


def _read_in_child(data: bytes, kind: str, limits: ReadLimits) -> RawDocument:
    command = [
        sys.executable,
        "-I",
        "-m",
        "matcher.documents.child",
        kind,
        str(limits.max_pages),
        str(limits.memory_bytes),
        str(int(limits.seconds) + 1),
        str(limits.unpacked_bytes),
        str(limits.max_parts),
        str(limits.max_chars),
    ]
    try:
        done = subprocess.run(
            command, input=data, capture_output=True, timeout=limits.seconds, check=False
        )
    except subprocess.TimeoutExpired:
        raise DocumentError(422, "doc_too_slow", seconds=f"{limits.seconds:g}") from None
    if done.returncode in (0, REFUSED):
        answer = json.loads(done.stdout)
        if done.returncode == REFUSED:
            raise DocumentError(int(answer["status"]), answer["key"], **answer["fields"])
        return RawDocument(**answer)
    if b"MemoryError" in done.stderr or done.returncode == -9:
        raise DocumentError(422, "doc_too_much_memory", limit=human_size(limits.memory_bytes))
    if done.returncode in (-24, 152):  # SIGXCPU: the CPU limit
        raise DocumentError(422, "doc_too_slow", seconds=f"{limits.seconds:g}")
    reason = done.stderr.decode("utf-8", "replace").strip().splitlines()[-1:] or ["no output"]
    raise DocumentError(422, "doc_corrupt", kind=kind.upper(), reason=reason[0][:120])

"""What an upload is, told from its bytes (never from its name): PDF, DOCX or text."""

from __future__ import annotations

import codecs
import io
import zipfile
from typing import Literal

from matcher.errors import DocumentError

Kind = Literal["pdf", "docx", "text"]

#: The start of an OLE compound file: Word 97–2003 ``.doc``, or an encrypted Office file.
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: The stream an encrypted (password-protected) Office file keeps its package in.
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_MAGIC_NAMES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG", "PNG image"),
    (b"\xff\xd8\xff", "JPEG image"),
    (b"GIF8", "GIF image"),
    (b"{\\rtf", "RTF"),
    (b"\x7fELF", "executable"),
    (b"MZ", "executable"),
    (b"Rar!", "RAR archive"),
    (b"7z\xbc\xaf", "7-Zip archive"),
    (b"\x1f\x8b", "gzip archive"),
)


def sniff(data: bytes) -> Kind:
    """The kind of ``data``; raises :class:`DocumentError` (415, or 422 if encrypted or broken)."""
    if not data.strip():
        raise DocumentError(422, "doc_empty")
    head = data[:1024]
    if b"%PDF-" in head:
        return "pdf"
    if data.startswith(b"PK\x03\x04"):
        return _zip_kind(data)
    if data.startswith(_OLE):
        if _ENCRYPTED_PACKAGE in data:
            raise DocumentError(422, "doc_encrypted")
        raise DocumentError(415, "doc_unsupported", seen="Word 97-2003 .doc")
    for magic, name in _MAGIC_NAMES:
        if data.startswith(magic):
            raise DocumentError(415, "doc_unsupported", seen=name)
    if decode_text(data) is None:
        raise DocumentError(415, "doc_unsupported", seen="binary data")
    return "text"


def _zip_kind(data: bytes) -> Kind:
    try:
        names = zipfile.ZipFile(io.BytesIO(data)).namelist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        # A Word file names its parts near the start; a broken zip that does is a broken DOCX.
        if b"word/" in data[:4096] or b"[Content_Types].xml" in data[:4096]:
            raise DocumentError(422, "doc_corrupt", kind="DOCX", reason=str(exc)) from None
        raise DocumentError(415, "doc_unsupported", seen="zip archive") from None
    if "word/document.xml" in names:
        return "docx"
    if any(name.startswith("xl/") for name in names):
        raise DocumentError(415, "doc_unsupported", seen="Excel .xlsx")
    if any(name.startswith("ppt/") for name in names):
        raise DocumentError(415, "doc_unsupported", seen="PowerPoint .pptx")
    raise DocumentError(415, "doc_unsupported", seen="zip archive")


def decode_text(data: bytes) -> str | None:
    """``data`` as text (UTF-8, UTF-16 with a BOM, or GB18030), or None if it is not text."""
    candidates: list[str] = []
    if data.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    elif data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        candidates = ["utf-16"]
    else:
        candidates = ["utf-8", "gb18030"]
    for encoding in candidates:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if _looks_like_text(text):
            return text
    return None


def _looks_like_text(text: str) -> bool:
    if "\x00" in text:
        return False
    controls = sum(1 for ch in text if ord(ch) < 32 and ch not in "\t\n\r\f")
    return controls <= max(2, len(text) // 200)

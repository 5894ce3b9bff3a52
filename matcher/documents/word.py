"""The text of a Word ``.docx`` in reading order: body paragraphs, tables, text boxes, headers.

The zip is checked before it is opened, so that a small file that unpacks to gigabytes (a zip
bomb) or holds thousands of parts is refused without unpacking it.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any

from matcher.documents.limits import ReadLimits, human_size
from matcher.documents.text import RawDocument
from matcher.errors import DocumentError

if TYPE_CHECKING:
    from docx.document import Document

#: A table row whose cells are all at most this long is read as one line (label, value, …).
SHORT_CELL = 40


def read_docx(data: bytes, limits: ReadLimits) -> RawDocument:
    """Text and whether the file holds a picture; :class:`DocumentError` when unreadable."""
    _check_zip(data, limits)
    import docx

    try:
        document = docx.Document(io.BytesIO(data))
        lines = [*_header_lines(document), *_body_lines(document)]
        photo = _has_picture(document)
    except DocumentError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # a broken part may fail anywhere inside the reader
        raise DocumentError(422, "doc_corrupt", kind="DOCX", reason=type(exc).__name__) from None
    text = "\n".join(lines)[: limits.max_chars]
    return RawDocument(kind="docx", text=text, pages=1, photo=photo)


def _check_zip(data: bytes, limits: ReadLimits) -> None:
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise DocumentError(422, "doc_corrupt", kind="DOCX", reason=str(exc)) from None
    if any(info.flag_bits & 0x1 for info in infos):
        raise DocumentError(422, "doc_encrypted")
    if len(infos) > limits.max_parts:
        raise DocumentError(
            422,
            "doc_corrupt",
            kind="DOCX",
            reason=f"{len(infos)} parts, at most {limits.max_parts}",
        )
    unpacked = sum(info.file_size for info in infos)
    if unpacked > limits.unpacked_bytes:
        raise DocumentError(
            422,
            "doc_too_big_unpacked",
            size=human_size(unpacked),
            limit=human_size(limits.unpacked_bytes),
        )


def _qn(tag: str) -> str:
    from docx.oxml.ns import qn

    return qn(tag)


def _paragraph_text(p: Any) -> str:
    """The text of one ``w:p`` element: its runs' text, tabs as spaces, breaks as new lines."""
    parts: list[str] = []
    for node in p.iter(_qn("w:t"), _qn("w:tab"), _qn("w:br"), _qn("w:cr")):
        if _inside_nested_paragraph(node, p):
            continue
        if node.tag == _qn("w:t"):
            parts.append(node.text or "")
        elif node.tag == _qn("w:tab"):
            parts.append(" ")
        else:
            parts.append("\n")
    return "".join(parts).strip()


def _inside_nested_paragraph(node: Any, p: Any) -> bool:
    parent = node.getparent()
    while parent is not None and parent is not p:
        if parent.tag == _qn("w:p"):
            return True
        parent = parent.getparent()
    return False


def _in_fallback(element: Any) -> bool:
    """Inside ``mc:Fallback``, the copy of a text box kept for old readers (read once)."""
    fallback = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
    parent = element.getparent()
    while parent is not None:
        if parent.tag == fallback:
            return True
        parent = parent.getparent()
    return False


def _block_lines(container: Any) -> Iterator[str]:
    """Lines of a body, cell or text box: paragraphs in order, tables row by row."""
    for child in container.iterchildren():
        if child.tag == _qn("w:p"):
            text = _paragraph_text(child)
            if text:
                yield text
            for box in child.iter(_qn("w:txbxContent")):
                if not _in_fallback(box):
                    yield from _block_lines(box)
        elif child.tag == _qn("w:tbl"):
            yield from _table_lines(child)
        elif child.tag == _qn("w:sdt"):
            content = child.find(_qn("w:sdtContent"))
            if content is not None:
                yield from _block_lines(content)


def _table_lines(table: Any) -> Iterator[str]:
    for row in table.iterchildren(_qn("w:tr")):
        cells = [list(_block_lines(cell)) for cell in row.iterchildren(_qn("w:tc"))]
        cells = [cell for cell in cells if cell]
        if cells and all(len(cell) == 1 and len(cell[0]) <= SHORT_CELL for cell in cells):
            yield "  ".join(cell[0] for cell in cells)
        else:
            for cell in cells:
                yield from cell
                yield ""


def _body_lines(document: Document) -> Iterator[str]:
    yield from _block_lines(document.element.body)


def _header_lines(document: Document) -> Iterator[str]:
    seen: set[str] = set()
    for section in document.sections:
        header = section.header
        if header.is_linked_to_previous:
            continue
        for line in _block_lines(header._element):
            if line not in seen:
                seen.add(line)
                yield line


def _has_picture(document: Document) -> bool:
    pic = "{http://schemas.openxmlformats.org/drawingml/2006/picture}pic"
    if any(True for _ in document.element.body.iter(pic)):
        return True
    return any(
        any(True for _ in section.header._element.iter(pic))
        for section in document.sections
        if not section.header.is_linked_to_previous
    )

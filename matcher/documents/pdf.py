"""The text of a PDF's text layer, in reading order, through pdfminer.six's layout analysis.

Columns come out one after the other (pdfminer orders a page's text boxes), and a line that a
box wrapped is joined to the next one, so that a sentence or a Chinese word cut at the edge of a
column reads whole again.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import TYPE_CHECKING

from matcher.documents.limits import ReadLimits
from matcher.documents.text import RawDocument, join_wrapped
from matcher.errors import DocumentError

if TYPE_CHECKING:
    from pdfminer.layout import LTPage

#: A picture at least this many points wide and high on the first page is taken for a photo.
PHOTO_POINTS = 40.0
#: Characters of text below which a PDF is taken to have no text layer.
MIN_TEXT_CHARS = 20
#: A line this long that reaches its box's right edge was wrapped by the layout.
WRAPPED_MIN_CHARS = 12


def read_pdf(data: bytes, limits: ReadLimits) -> RawDocument:
    """Text, page count and whether page 1 has a photo; :class:`DocumentError` when unreadable."""
    from pdfminer.converter import PDFPageAggregator
    from pdfminer.layout import LAParams
    from pdfminer.pdfinterp import PDFPageInterpreter, PDFResourceManager
    from pdfminer.pdfpage import PDFPage

    if b"%%EOF" not in data[-2048:]:
        raise DocumentError(422, "doc_corrupt", kind="PDF", reason="it is cut short: no end marker")
    document = _open(data)
    pages = _page_count(document)
    if pages > limits.max_pages:
        raise DocumentError(422, "doc_too_many_pages", pages=pages, limit=limits.max_pages)
    manager = PDFResourceManager()
    device = PDFPageAggregator(manager, laparams=LAParams())
    interpreter = PDFPageInterpreter(manager, device)
    lines: list[str] = []
    photo = False
    read = 0
    try:
        for number, page in enumerate(PDFPage.create_pages(document)):
            if number >= limits.max_pages:
                raise DocumentError(
                    422, "doc_too_many_pages", pages=number + 1, limit=limits.max_pages
                )
            interpreter.process_page(page)
            layout = device.get_result()
            lines.extend(_page_lines(layout))
            photo = photo or (number == 0 and _has_picture(layout))
            read += 1
            if sum(len(line) for line in lines) > limits.max_chars:
                break
    except DocumentError:
        raise
    except MemoryError:
        raise
    except Exception as exc:  # a hostile or broken file may fail anywhere inside the parser
        raise DocumentError(422, "doc_corrupt", kind="PDF", reason=_reason(exc)) from None
    text = "\n".join(lines)
    if sum(1 for ch in text if not ch.isspace()) < MIN_TEXT_CHARS:
        raise DocumentError(422, "doc_no_text")
    return RawDocument(
        kind="pdf", text=text[: limits.max_chars], pages=max(read, pages), photo=photo
    )


def _open(data: bytes):  # type: ignore[no-untyped-def]
    from pdfminer.pdfdocument import PDFDocument, PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFParser

    try:
        return PDFDocument(PDFParser(io.BytesIO(data)), password="")
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise DocumentError(422, "doc_encrypted") from None
    except MemoryError:
        raise
    except Exception as exc:
        raise DocumentError(422, "doc_corrupt", kind="PDF", reason=_reason(exc)) from None


def _page_count(document) -> int:  # type: ignore[no-untyped-def]
    from pdfminer.pdftypes import resolve1

    try:
        return int(resolve1(resolve1(document.catalog["Pages"])["Count"]))
    except Exception as exc:
        raise DocumentError(422, "doc_corrupt", kind="PDF", reason=_reason(exc)) from None


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0][:120] if str(exc).strip() else ""
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__


def _page_lines(layout: LTPage) -> Iterator[str]:
    from pdfminer.layout import LTTextBox, LTTextLine

    for element in layout:
        if not isinstance(element, LTTextBox):
            continue
        box_lines = [line for line in element if isinstance(line, LTTextLine)]
        texts: list[str] = []
        wrapped: list[bool] = []
        for line in box_lines:
            text = line.get_text().strip()
            if not text:
                continue
            texts.append(text)
            tolerance = 1.5 * line.width / max(1, len(text))
            wrapped.append(len(text) >= WRAPPED_MIN_CHARS and line.x1 >= element.x1 - tolerance)
        yield from join_wrapped(texts, wrapped, is_heading)
        yield ""


def is_heading(line: str) -> bool:
    """Whether a line is a heading of a résumé or a job description (never joined to another)."""
    from matcher.documents.sections import JOB_HEADINGS, RESUME_HEADINGS, heading_of

    return (
        heading_of(line, RESUME_HEADINGS) is not None or heading_of(line, JOB_HEADINGS) is not None
    )


def _has_picture(layout: LTPage) -> bool:
    from pdfminer.layout import LTFigure, LTImage

    def walk(items) -> bool:  # type: ignore[no-untyped-def]
        for item in items:
            if (
                isinstance(item, LTImage)
                and item.width >= PHOTO_POINTS
                and item.height >= PHOTO_POINTS
            ):
                return True
            if isinstance(item, LTFigure) and walk(item):
                return True
        return False

    return walk(layout)

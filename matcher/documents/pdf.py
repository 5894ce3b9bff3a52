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
    """The page's lines, box by box in pdfminer's reading order; a table of labels and contents
    (a column of headings, each with its content on its right, as 表格简历 are laid out) is read
    row by row, where pdfminer would read its columns one after the other."""
    from pdfminer.layout import LTTextBox

    boxes = [element for element in layout if isinstance(element, LTTextBox)]
    lines = {id(box): _box_lines(box) for box in boxes}
    rows = _table_rows(boxes, lines)
    done: set[int] = set()
    for box in boxes:
        if id(box) in done:
            continue
        if id(box) in rows:
            for member in [box, *rows[id(box)]]:
                done.add(id(member))
                yield from lines[id(member)]
                yield ""
            continue
        done.add(id(box))
        yield from lines[id(box)]
        yield ""


def _table_rows(boxes: list, lines: dict[int, list[str]]) -> dict[int, list]:  # type: ignore[type-arg]
    """For each heading of a label column, the boxes of its row (to its right, from its top to
    the next heading's); empty when the page has no such column."""
    labels = [box for box in boxes if len(lines[id(box)]) == 1 and is_heading(lines[id(box)][0])]
    for label in labels:
        column = [other for other in labels if abs(other.x0 - label.x0) <= 6]
        if len(column) < 2:
            continue
        level = [head for head in column if _level_right(head, boxes)]
        if len(level) < 2 or 2 * len(level) < len(column):
            continue
        column.sort(key=lambda box: -box.y1)
        rows: dict[int, list] = {}  # type: ignore[type-arg]
        for i, head in enumerate(column):
            below = column[i + 1] if i + 1 < len(column) else None
            floor = below.y1 + _line_height(below) if below is not None else float("-inf")
            top = head.y1 + _line_height(head)
            members = [
                box
                for box in boxes
                if box is not head and box.x0 >= head.x1 - 1 and floor < box.y1 <= top
            ]
            rows[id(head)] = sorted(members, key=lambda box: (-round(box.y1), box.x0))
        return rows
    return {}


def _line_height(box) -> float:  # type: ignore[no-untyped-def]
    return max(1.0, box.height / max(1, len(list(box))))


def _level_right(head, boxes: list) -> bool:  # type: ignore[no-untyped-def,type-arg]
    """Whether a box starts on the right of ``head`` level with its top."""
    height = _line_height(head)
    return any(
        other is not head and other.x0 >= head.x1 - 1 and abs(other.y1 - head.y1) <= 1.5 * height
        for other in boxes
    )


def _box_lines(box) -> list[str]:  # type: ignore[no-untyped-def]
    from pdfminer.layout import LTTextLine

    texts: list[str] = []
    wrapped: list[bool] = []
    for line in box:
        if not isinstance(line, LTTextLine):
            continue
        text = line.get_text().strip()
        if not text:
            continue
        texts.append(text)
        tolerance = 1.5 * line.width / max(1, len(text))
        wrapped.append(len(text) >= WRAPPED_MIN_CHARS and line.x1 >= box.x1 - tolerance)
    joined = "".join(texts)
    if 1 < len(texts) <= 3 and is_heading(joined):  # a heading a narrow cell wrapped
        return [joined if not joined.isascii() else " ".join(texts)]
    return list(join_wrapped(texts, wrapped, is_heading))


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

"""A document's text as read, before any field is taken from it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

from matcher.text.normal import CONTROL_RE

_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,;:)]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(]")
_BULLET_START = re.compile(r"^\s*([•·▪●◆■□○\-*–—]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）])\s*")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_BLANK_RUN = re.compile(r"\n{3,}")
_WIDE = re.compile(r" {3,}")


def _space(match: re.Match[str]) -> str:
    return "  " if len(match.group()) > 1 or match.group() == "\t" else " "


@dataclass(frozen=True)
class RawDocument:
    """What reading a file gave: its kind, its text, its pages and whether it has a photo."""

    kind: Literal["pdf", "docx", "text"]
    text: str
    pages: int = 1
    photo: bool = False

    def to_json(self) -> dict[str, object]:
        """The fields as a dict (what the reading child prints)."""
        return asdict(self)


def join_wrapped(
    lines: Sequence[str], wrapped: Sequence[bool], is_heading: Callable[[str], bool]
) -> Iterator[str]:
    """Lines with each wrapped one joined to the next (no space between Chinese characters);
    a bullet or a heading starts a line of its own."""
    current = ""
    for i, line in enumerate(lines):
        if not current:
            current = line
        elif is_heading(current + " " + line) or is_heading(current + line):
            # A heading wrapped by a narrow cell (“What we are / looking for”) reads whole.
            current = current + (" " if current.isascii() else "") + line
        elif _BULLET_START.match(line) or is_heading(line):
            yield current
            current = line
        else:
            glue = " " if _ASCII_WORD_END.search(current) and _ASCII_WORD_START.match(line) else ""
            current = current + glue + line
        if not wrapped[i]:
            yield current
            current = ""
    if current:
        yield current


def tidy(text: str) -> str:
    """Spaces collapsed within lines, line ends unified and runs of blank lines cut to one."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\f", "\n")
    text = CONTROL_RE.sub(" ", text.replace("\t", " "))
    # A run of spaces stays two wide: table cells and columns laid out with spaces keep apart.
    lines = [_WIDE.sub("  ", _SPACES.sub(_space, line)).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()

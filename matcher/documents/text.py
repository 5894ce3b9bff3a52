"""A document's text as read, before any field is taken from it."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Sequence
from dataclasses import asdict, dataclass
from typing import Literal

_ASCII_WORD_END = re.compile(r"[A-Za-z0-9,;:)]$")
_ASCII_WORD_START = re.compile(r"^[A-Za-z0-9(]")
_BULLET_START = re.compile(r"^\s*([•·▪●◆■□○\-*–—]|\d{1,2}[.、)）]|[（(]\d{1,2}[)）])\s*")
_SPACES = re.compile(r"[ \t\u3000\u00a0]+")
_BLANK_RUN = re.compile(r"\n{3,}")


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
    lines = [_SPACES.sub(" ", line).strip() for line in text.split("\n")]
    return _BLANK_RUN.sub("\n\n", "\n".join(lines)).strip()

"""Entries of a section (one project, one internship, one award) and the parts of each."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher.documents.fields import DateRange, ranges_in

_BULLET = re.compile(r"^\s*([•·▪●◆■□○\-*–—]|\d{1,2}[.、)）](?!\d)|[（(]\d{1,2}[)）])\s*")
_ENTRY_LABEL = re.compile(
    r"^\s*(项目名称|项目|公司名称|实习单位|单位|project|company|organisation|organization)\s*[:：]",
    re.I,
)
_SENTENCE_END = re.compile(r"[。；;.!！]$")
_PARTS = re.compile(r"\s*[|｜/／·•]\s*|\s{2,}|\t|\s+[-–—]\s+")
_ROLE = re.compile(
    r"(组长|队长|负责人|项目负责人|成员|核心成员|主要成员|主要完成人|参与者|技术负责人|"
    r"[\u4e00-\u9fff]{0,8}(?:工程师|实习生|助理|技术员|专员|研究员|设计师)|"
    r"(?:[A-Za-z]+ ){0,3}(?:leader|lead|member|intern|engineer|assistant|developer|designer|"
    r"technician|researcher|owner))$",
    re.I,
)
_ORGANISATION = re.compile(
    r"公司|集团|研究所|研究院|研究中心|工厂|厂$|实验室|有限|中心$|大学|学院|"
    r"co\.|ltd|inc\.?$|institute|corporation|group|technolog|lab\b|laborator|factory|university|"
    r"works$",
    re.I,
)


@dataclass(frozen=True)
class Entry:
    """One entry: its heading line(s), its description, the dates it gives and their spans."""

    heading: str
    heading_start: int
    description: str
    description_start: int
    dates: DateRange | None
    start: int
    end: int

    def parts(self) -> list[str]:
        """The heading cut at ``|``, ``/``, double spaces and dashes, dates removed."""
        heading = self.heading
        if self.dates is not None:
            cut_start = self.dates.start - self.heading_start
            cut_end = self.dates.end - self.heading_start
            if 0 <= cut_start < len(heading):
                heading = heading[:cut_start] + "  " + heading[cut_end:]
        heading = _ENTRY_LABEL.sub("", heading)
        return [p.strip(" ，,:：()（）") for p in _PARTS.split(heading) if p.strip(" ，,:：()（）")]

    def role(self) -> str | None:
        """The part of the heading that names a role (组长, 光学工程师, Intern), if any."""
        for part in self.parts()[1:] + re.findall(r"[（(]([^)）]{1,20})[)）]", self.heading):
            if _ROLE.search(part.strip()):
                return part.strip()
        return None

    def organisation(self) -> str | None:
        """The part of the heading that names an organisation, if any."""
        for part in self.parts():
            if _ORGANISATION.search(part):
                return part
        return None

    def title(self) -> str:
        """The heading without its dates and role: a project's title."""
        if not self.heading.strip():
            lead = re.split(r"[：:。，,；;]", self.description, maxsplit=1)[0].strip()
            return lead if len(lead) <= 40 else ""
        role = self.role()
        parts = [p for p in self.parts() if p != role and not re.fullmatch(r"[\d\s./\-–—年月]+", p)]
        title = parts[0] if parts else self.heading.strip()
        if role:
            title = re.sub(rf"\s*[（(]\s*{re.escape(role)}\s*[)）]?\s*", "", title)
        return title.strip()


def entries(text: str, start: int, end: int) -> list[Entry]:
    """The entries of ``text[start:end]``: each begins at a heading-like line."""
    lines = []
    position = start
    for line in text[start:end].split("\n"):
        if line.strip():
            lines.append((position, line))
        position += len(line) + 1
    out: list[Entry] = []
    heading: list[tuple[int, str]] = []
    body: list[tuple[int, str]] = []
    for i, (offset, line) in enumerate(lines):
        if _is_heading(
            line, lines[i + 1][1] if i + 1 < len(lines) else None, bool(body) or not heading
        ):
            if heading or body:
                out.append(_entry(heading, body))
            heading, body = [(offset, line)], []
        elif heading and not body and _is_continuation(line):
            heading.append((offset, line))
        else:
            body.append((offset, line))
    if heading or body:
        out.append(_entry(heading, body))
    return out


def _is_heading(line: str, following: str | None, may_start: bool) -> bool:
    if _BULLET.match(line) or not may_start:
        return False
    if _ENTRY_LABEL.match(line) or ranges_in(line):
        return True
    stripped = line.strip()
    return (
        len(stripped) <= _heading_limit(stripped)
        and not _SENTENCE_END.search(stripped)
        and following is not None
        and (
            bool(_BULLET.match(following))
            or len(following.strip()) > len(stripped)
            or _is_continuation(following)
        )
    )


def _is_continuation(line: str) -> bool:
    """A second heading line: short, dates or a role, no bullet."""
    stripped = line.strip()
    return (
        not _BULLET.match(line)
        and len(stripped) <= _heading_limit(stripped)
        and (
            bool(ranges_in(stripped))
            or bool(_ROLE.search(stripped))
            or bool(_ORGANISATION.search(stripped))
        )
        and not _SENTENCE_END.search(stripped)
    )


def _heading_limit(line: str) -> int:
    """How long a heading line may be: Chinese says in 40 characters what English says in 64."""
    return 40 if re.search(r"[\u4e00-\u9fff]", line) else 64


def _entry(heading: list[tuple[int, str]], body: list[tuple[int, str]]) -> Entry:
    heading_text = "  ".join(line.strip() for _, line in heading)
    heading_start = heading[0][0] if heading else (body[0][0] if body else 0)
    description = "\n".join(_BULLET.sub("", line).strip() for _, line in body)
    description_start = body[0][0] if body else heading_start
    found = ranges_in(heading_text) or ranges_in(description)
    dates = found[0] if found else None
    if dates is not None and heading and ranges_in(heading_text):
        dates = DateRange(
            dates.first, dates.last, heading_start + dates.start, heading_start + dates.end
        )
    last = (body or heading)[-1]
    return Entry(
        heading=heading_text,
        heading_start=heading_start,
        description=description,
        description_start=description_start,
        dates=dates if dates and dates.start >= heading_start else None,
        start=heading_start,
        end=last[0] + len(last[1]),
    )

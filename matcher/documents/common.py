"""What the résumé and job readers share: the document's language, sources and skill findings."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from matcher.documents.draft import DraftField, SkillFinding, Source
from matcher.documents.sections import Section
from matcher.documents.text import RawDocument
from matcher.text.normal import normalise
from matcher.text.taxonomy import SkillMatch, Taxonomy

_HAN = re.compile(r"[\u4e00-\u9fff]")
_LATIN_WORD = re.compile(r"[A-Za-z]{2,}")


def language_of(text: str) -> str:
    """'zh', 'en' or 'mixed': Chinese when its characters outnumber half the English words."""
    han = len(_HAN.findall(text))
    words = len(_LATIN_WORD.findall(text))
    if han == 0 or han < 0.1 * words:
        return "en"
    if han >= 0.5 * words:
        return "zh"
    return "mixed"


@dataclass
class Located:
    """A document's (masked) text and its sections, to make sources from spans."""

    text: str
    sections: list[Section]

    def section_at(self, position: int) -> str:
        """The name of the section holding ``position``."""
        for section in self.sections:
            if section.start <= position < max(section.end, section.start + 1):
                return section.name
        return "header"

    def source(self, start: int, end: int) -> Source:
        """The source of the span ``start:end`` (without the spaces around it)."""
        while start < end and self.text[start].isspace():
            start += 1
        while end > start and self.text[end - 1].isspace():
            end -= 1
        return Source(
            start=start, end=end, text=self.text[start:end], section=self.section_at(start)
        )

    def spans(self, names: Iterable[str]) -> list[tuple[int, int]]:
        """Spans of the sections with these names, in order."""
        wanted = set(names)
        return [(s.start, s.end) for s in self.sections if s.name in wanted]

    def about(self, raw: RawDocument) -> dict[str, object]:
        """What every draft of this document says of it: kind, pages, language, text, sections."""
        return {
            "file_kind": raw.kind,
            "pages": raw.pages,
            "language": language_of(self.text),
            "text": self.text,
            "sections": [s.name for s in self.sections],
        }

    def field(self, value: object, start: int, end: int, confidence: float) -> DraftField:
        """A found field."""
        return DraftField(value=value, source=self.source(start, end), confidence=confidence)


def find_skills(
    located: Located,
    taxonomy: Taxonomy,
    weights: dict[str, float],
    *,
    skills_only_categories: frozenset[str] = frozenset(),
    skills_sections: frozenset[str] = frozenset({"skills"}),
    hidden: Sequence[tuple[int, int]] = (),
) -> list[SkillFinding]:
    """Canonical skills in the sections with a weight, each with its sources and confidence.

    A section's weight is the confidence of a skill found only there; a skill found in more
    than one place gains a little. Skills of ``skills_only_categories`` count only when found
    in one of ``skills_sections``. Spans in ``hidden`` are not read (the name of a major, say:
    机械设计制造及其自动化 does not claim the skill 机械设计).
    """
    found: dict[str, SkillFinding] = {}
    for section in located.sections:
        weight = weights.get(section.name)
        if weight is None:
            continue
        for match in _section_matches(located, taxonomy, section, hidden):
            skill = taxonomy.skills[match.skill_id]
            if skill.category in skills_only_categories and section.name not in skills_sections:
                continue
            source = located.source(match.start, match.end)
            finding = found.get(skill.id)
            if finding is None:
                found[skill.id] = SkillFinding(
                    id=skill.id,
                    zh=skill.zh,
                    en=skill.en,
                    category=skill.category,
                    sources=[source],
                    confidence=weight,
                )
            else:
                finding.sources.append(source)
                finding.confidence = min(0.99, max(finding.confidence, weight) + 0.03)
    return sorted(found.values(), key=lambda f: min(s.start for s in f.sources))


def _section_matches(
    located: Located, taxonomy: Taxonomy, section: Section, hidden: Sequence[tuple[int, int]]
) -> list[SkillMatch]:
    """The skills of a section, line by line, with spans in the document's text."""
    chars = list(located.text[section.start : section.end])
    for start, end in hidden:
        for i in range(max(start, section.start), min(end, section.end)):
            chars[i - section.start] = " "
    text = "".join(chars)
    out: list[SkillMatch] = []
    position = section.start
    for line in text.split("\n"):
        if line.strip():
            found = _split_compounds(taxonomy, taxonomy.extract(line))
            for match in found + _shared_suffixes(taxonomy, line, found):
                start, end = _locate(line, match)
                out.append(SkillMatch(match.skill_id, position + start, position + end, match.text))
        position += len(line) + 1
    return out


def _locate(line: str, match: SkillMatch) -> tuple[int, int]:
    """The span of a match in ``line``: the extractor's spans are of the normalised line when
    normalising changed its length (a ligature, a circled number, a run of spaces)."""
    if len(normalise(line)) == len(line):
        return match.start, match.end
    mapped: list[int] = []
    for i, ch in enumerate(line):
        mapped.extend([i] * len(normalise(ch)))
    if len(mapped) < match.end:
        return match.start, min(match.end, len(line))
    return mapped[match.start], mapped[match.end - 1] + 1


def _split_compounds(taxonomy: Taxonomy, matches: list[SkillMatch]) -> list[SkillMatch]:
    """Matches with a compound alias read as its parts: “MATLAB/Simulink” claims MATLAB too."""
    out: list[SkillMatch] = []
    for match in matches:
        parts = re.split(r"\s*[/／&＆]\s*", match.text)
        if len(parts) > 1:
            offset = match.start
            for part in parts:
                at = match.text.find(part, offset - match.start)
                skill_id = taxonomy.lookup(part) if part else None
                if skill_id is not None and skill_id != match.skill_id:
                    out.append(
                        SkillMatch(skill_id, match.start + at, match.start + at + len(part), part)
                    )
                offset = match.start + at + len(part)
        out.append(match)
    return out


#: Words that several skills written together share (CAN、LIN总线 is CAN总线 and LIN总线).
_SHARED = ("总线", "协议", "编程", "开发", "语言", "建模", "仿真", "通信", "控制", "测试")
_LEADING_ITEMS = re.compile(
    r"((?:[A-Za-z0-9+#.\-]{1,16}|[\u4e00-\u9fff]{1,6})\s*[、/／和与及,，]\s*)+$"
)


def _shared_suffixes(taxonomy: Taxonomy, line: str, found: list[SkillMatch]) -> list[SkillMatch]:
    """Skills written before a shared word: “CAN、LIN总线” claims CAN总线 too."""
    out: list[SkillMatch] = []
    for match in found:
        suffix = next((w for w in _SHARED if match.text.endswith(w)), None)
        lead = _LEADING_ITEMS.search(line[: match.start]) if suffix else None
        if suffix is None or lead is None:
            continue
        for item in re.finditer(r"[A-Za-z0-9+#.\-]{1,16}|[\u4e00-\u9fff]{1,6}", lead.group()):
            word = item.group()
            skill_id = taxonomy.lookup(word + suffix) or taxonomy.lookup(f"{word} {suffix}")
            if skill_id is not None and skill_id != match.skill_id:
                start = lead.start() + item.start()
                out.append(SkillMatch(skill_id, start, start + len(word), word))
    return out

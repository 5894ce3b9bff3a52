"""What the résumé and job readers share: the document's language, sources and skill findings."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from matcher.documents.draft import DraftField, SkillFinding, Source
from matcher.documents.sections import Section
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
        """The source of the span ``start:end``."""
        return Source(
            start=start, end=end, text=self.text[start:end], section=self.section_at(start)
        )

    def spans(self, names: Iterable[str]) -> list[tuple[int, int]]:
        """Spans of the sections with these names, in order."""
        wanted = set(names)
        return [(s.start, s.end) for s in self.sections if s.name in wanted]

    def field(self, value: object, start: int, end: int, confidence: float) -> DraftField:
        """A found field."""
        return DraftField(value=value, source=self.source(start, end), confidence=confidence)


#: Skills that are traits rather than abilities one could test; kept only from a skills section.
SOFT_SKILLS = frozenset({"teamwork", "communication_skills"})


def find_skills(
    located: Located,
    taxonomy: Taxonomy,
    weights: dict[str, float],
    *,
    skills_only_categories: frozenset[str] = frozenset({"language"}),
    skills_sections: frozenset[str] = frozenset({"skills"}),
) -> list[SkillFinding]:
    """Canonical skills in the sections with a weight, each with its sources and confidence.

    A section's weight is the confidence of a skill found only there; a skill found in more
    than one place gains a little. Skills of ``skills_only_categories`` and soft skills count
    only when found in one of ``skills_sections``.
    """
    found: dict[str, SkillFinding] = {}
    for section in located.sections:
        weight = weights.get(section.name)
        if weight is None:
            continue
        start = section.start
        for match in _split_compounds(
            taxonomy, taxonomy.extract(located.text[start : section.end])
        ):
            skill = taxonomy.skills[match.skill_id]
            restricted = skill.category in skills_only_categories or skill.id in SOFT_SKILLS
            if restricted and section.name not in skills_sections:
                continue
            source = located.source(start + match.start, start + match.end)
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


def _split_compounds(taxonomy: Taxonomy, matches: list[SkillMatch]) -> list[SkillMatch]:
    """Matches with a compound alias read as its parts: “MATLAB/Simulink” claims MATLAB too."""
    out: list[SkillMatch] = []
    for match in matches:
        parts = re.split(r"\s*[/／&＆+]\s*", match.text)
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

"""The bilingual skill taxonomy: canonical skills, majors, alias lookup and skill extraction.

The curated data lives in ``matcher/text/taxonomy_data/`` (``skills.jsonl``, ``majors.jsonl``), the
project's own files. Extraction works on Chinese, English and mixed text the same way: the text is
cut into tokens by jieba (whose user dictionary holds every Chinese alias, so “激光器” stays one
word), English tokens are lower-cased and lightly stemmed, and the longest run of tokens that
equals an alias wins. Each match reports the canonical id and the character span it came from.

>>> tax = load_taxonomy()
>>> [m.skill_id for m in tax.extract("熟悉Zemax光学设计，了解CAN总线")][:1]
['zemax']
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field

from matcher.text.normal import has_han, normalise, stem

if TYPE_CHECKING:
    import jieba

logger = logging.getLogger(__name__)

Category = Literal[
    "optics",
    "mechatronics",
    "icv",
    "electronics",
    "software",
    "semiconductor",
    "new_energy",
    "math",
    "language",
    "professional",
]
#: Skill categories in display order.
CATEGORIES: tuple[str, ...] = get_args(Category)

_WORD = re.compile(r"[a-z0-9]")


class Skill(BaseModel):
    """A canonical skill with labels in both languages and its aliases."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: str = Field(pattern=r"^[a-z0-9_]+$")
    zh: str = Field(min_length=1)
    en: str = Field(min_length=1)
    category: Category
    aliases: tuple[str, ...] = ()
    majors: tuple[str, ...] = ()
    related: tuple[str, ...] = ()

    def label(self, lang: str) -> str:
        """The label in ``lang`` ('zh' or 'en'); anything else gives English."""
        return self.zh if lang == "zh" else self.en


class Course(BaseModel):
    """A core course of a major."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    zh: str
    en: str


class Major(BaseModel):
    """A major of the national catalogue (or a project code where the official one is unknown)."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    code: str
    zh: str
    en: str
    college: str
    college_en: str
    sectors: tuple[str, ...]
    core_courses: tuple[Course, ...]
    skills: tuple[str, ...]

    def label(self, lang: str) -> str:
        """The name in ``lang`` ('zh' or 'en')."""
        return self.zh if lang == "zh" else self.en


@dataclass(frozen=True)
class SkillMatch:
    """A skill found in text: canonical id, the character span and the text it covered."""

    skill_id: str
    start: int
    end: int
    text: str


@dataclass
class _Trie:
    children: dict[str, _Trie] = field(default_factory=dict)
    skill_id: str | None = None


class Taxonomy:
    """Skills and majors with alias lookup and extraction from free text."""

    def __init__(self, skills: Iterable[Skill], majors: Iterable[Major] = ()) -> None:
        self.skills: dict[str, Skill] = {}
        for skill in skills:
            if skill.id in self.skills:
                raise ValueError(f"duplicate skill id {skill.id!r}")
            self.skills[skill.id] = skill
        self.majors: dict[str, Major] = {m.code: m for m in majors}
        self._alias_to_id: dict[str, str] = {}
        # Labels and aliases first; an id read as words ("can_bus" -> "can bus") only if free.
        for skill in self.skills.values():
            for alias in (skill.zh, skill.en, *skill.aliases):
                key = normalise(alias).strip()
                if key and key not in self._alias_to_id:
                    self._alias_to_id[key] = skill.id
        for skill in self.skills.values():
            self._alias_to_id.setdefault(skill.id.replace("_", " "), skill.id)
        self._major_by_name: dict[str, Major] = {}
        for major in self.majors.values():
            for name in (major.code, major.zh, major.en):
                self._major_by_name[normalise(name).strip()] = major
        self._lock = threading.Lock()
        self._tokenizer: jieba.Tokenizer | None = None
        self._trie: _Trie | None = None

    # -- lookup -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self.skills)

    def __contains__(self, skill_id: object) -> bool:
        return skill_id in self.skills

    def lookup(self, alias: str) -> str | None:
        """The canonical id whose label or alias equals ``alias`` (case- and width-insensitive)."""
        return self._alias_to_id.get(normalise(alias).strip())

    def aliases(self) -> dict[str, str]:
        """Every normalised alias and label with its canonical id."""
        return dict(self._alias_to_id)

    def major(self, name_or_code: str) -> Major | None:
        """The major with this code or Chinese or English name."""
        return self._major_by_name.get(normalise(name_or_code).strip())

    def label(self, skill_id: str, lang: str) -> str:
        """The label of a skill in 'zh' or 'en'; the id itself for an unknown skill."""
        skill = self.skills.get(skill_id)
        return skill.label(lang) if skill else skill_id

    # -- extraction ---------------------------------------------------------------------------

    def _build(self) -> tuple[jieba.Tokenizer, _Trie]:
        with self._lock:
            if self._tokenizer is None or self._trie is None:
                from matcher.text.tokens import tokenizer_with_words

                # The Chinese aliases at a high frequency, so each survives as one word in
                # context; over the dictionary the BM25 tokenizer already holds.
                tokenizer = tokenizer_with_words(
                    (alias for alias in self._alias_to_id if has_han(alias)), freq=200_000
                )
                trie = _Trie()
                for alias, skill_id in self._alias_to_id.items():
                    tokens = [tok for tok, _, _ in _tokens(tokenizer, alias)]
                    if not tokens:
                        continue
                    node = trie
                    for tok in tokens:
                        node = node.children.setdefault(tok, _Trie())
                    if node.skill_id is None:
                        node.skill_id = skill_id
                self._tokenizer, self._trie = tokenizer, trie
            return self._tokenizer, self._trie

    def extract(self, text: str) -> list[SkillMatch]:
        """Canonical skills mentioned in ``text`` with their spans, in order of appearance.

        Longest match wins; a skill found twice is reported at each place.
        """
        if not text or not text.strip():
            return []
        tokenizer, trie = self._build()
        norm = normalise(text)
        # normalise() may change lengths (NFKC, whitespace); map spans back only when it did not.
        same_length = len(norm) == len(text)
        tokens = list(_tokens(tokenizer, norm))
        matches: list[SkillMatch] = []
        i = 0
        while i < len(tokens):
            node, best_end, best_id = trie, -1, None
            j = i
            while j < len(tokens) and tokens[j][0] in node.children:
                node = node.children[tokens[j][0]]
                if node.skill_id is not None:
                    best_end, best_id = j, node.skill_id
                j += 1
            if best_id is not None:
                start, end = tokens[i][1], tokens[best_end][2]
                source = text if same_length else norm
                matches.append(SkillMatch(best_id, start, end, source[start:end]))
                i = best_end + 1
            else:
                i += 1
        return matches

    def extract_ids(self, text: str) -> list[str]:
        """Distinct canonical ids mentioned in ``text``, in order of first appearance."""
        return list(dict.fromkeys(m.skill_id for m in self.extract(text)))

    def canonicalise(self, phrases: Iterable[str]) -> list[str]:
        """Canonical ids of written skill phrases: exact alias first, else extraction inside."""
        ids: list[str] = []
        for phrase in phrases:
            exact = self.lookup(phrase)
            ids.extend([exact] if exact else self.extract_ids(phrase))
        return list(dict.fromkeys(ids))


def _tokens(tokenizer: jieba.Tokenizer, text: str) -> Iterator[tuple[str, int, int]]:
    """(token, start, end) for every non-space token; English tokens stemmed."""
    for word, start, end in tokenizer.tokenize(text):
        if not word.strip():
            continue
        yield (stem(word) if _WORD.match(word) else word), start, end


def _data_dir() -> Path:
    return Path(str(resources.files("matcher.text") / "taxonomy_data"))


def read_skills(path: Path | None = None) -> list[Skill]:
    """Read ``skills.jsonl`` (the package's own by default)."""
    path = path or _data_dir() / "skills.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [Skill.model_validate_json(line) for line in fh if line.strip()]


def read_majors(path: Path | None = None) -> list[Major]:
    """Read ``majors.jsonl`` (the package's own by default)."""
    path = path or _data_dir() / "majors.jsonl"
    with path.open(encoding="utf-8") as fh:
        return [Major.model_validate_json(line) for line in fh if line.strip()]


@lru_cache(maxsize=1)
def load_taxonomy() -> Taxonomy:
    """The package's taxonomy, loaded once per process."""
    return Taxonomy(read_skills(), read_majors())


def skills_as_json(taxonomy: Taxonomy) -> list[dict[str, object]]:
    """Skills as ``{id, zh, en, aliases, category}`` dicts (``matcher taxonomy --json``)."""
    return [
        {"id": s.id, "zh": s.zh, "en": s.en, "aliases": list(s.aliases), "category": s.category}
        for s in taxonomy.skills.values()
    ]


__all__ = [
    "CATEGORIES",
    "Major",
    "Skill",
    "SkillMatch",
    "Taxonomy",
    "load_taxonomy",
    "normalise",
    "read_majors",
    "read_skills",
    "skills_as_json",
]

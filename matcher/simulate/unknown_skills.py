"""Written skills the taxonomy does not know: typos, vague phrases and tools it lacks.

People misspell tool names ("Solidwroks"), write a skill vaguely ("光学方面") and list tools no
taxonomy of the domain holds (note-taking apps, niche plug-ins). A world whose every written skill
maps back to the generator's skill id flatters any system that looks skills up by name; these
variants are checked against the taxonomy when they are made, so they really are unknown to it.
"""

from __future__ import annotations

import logging
from functools import cache

import numpy as np

from matcher.text.normal import has_han
from matcher.text.taxonomy import Taxonomy

logger = logging.getLogger(__name__)

#: Tools and skills students and recruiters write that the domain taxonomy does not hold.
OTHER_TOOLS: tuple[str, ...] = (
    "Visio",
    "XMind",
    "Axure",
    "Typora",
    "EndNote",
    "NoteExpress",
    "Zotero",
    "亿图图示",
    "MathType",
    "Jira",
    "Confluence",
    "TortoiseSVN",
    "立创EDA",
    "Fusion 360",
    "Rhino",
    "KeyShot",
    "Blender",
    "SketchUp",
    "Tecplot",
    "Gmsh",
    "FreeCAD",
    "钉钉宜搭",
    "飞书多维表格",
    "PPT制作",
    "Photoshop修图",
    "剪映",
    "问卷星",
    "Postman",
    "Everything",
    "Beyond Compare",
)
#: Vague Chinese endings that turn a skill into a claim no lookup resolves.
_VAGUE_ZH: tuple[str, ...] = ("方面", "相关", "基础")


@cache
def _known(taxonomy: Taxonomy, text: str) -> bool:
    return bool(taxonomy.extract_ids(text))


class UnknownSkills:
    """Makes written skills the taxonomy cannot resolve, checked against it."""

    def __init__(self, taxonomy: Taxonomy) -> None:
        self.taxonomy = taxonomy
        self.tools = tuple(t for t in OTHER_TOOLS if not _known(taxonomy, t))

    def variant(self, surface: str, rng: np.random.Generator) -> str:
        """A misspelt or vague form of ``surface`` that the taxonomy does not resolve, or an
        unknown tool when no such form is found in a few tries."""
        for _ in range(4):
            candidate = _typo(surface, rng) if not has_han(surface) else _vague(surface, rng)
            if candidate and candidate != surface and not _known(self.taxonomy, candidate):
                return candidate
        return self.tool(rng)

    def tool(self, rng: np.random.Generator) -> str:
        """A tool the taxonomy does not hold."""
        return self.tools[int(rng.integers(len(self.tools)))]


def _typo(word: str, rng: np.random.Generator) -> str:
    """Drop, double or swap one inner letter (people's commonest typing slips)."""
    letters = [i for i in range(1, len(word) - 1) if word[i].isalpha()]
    if len(word) < 4 or not letters:
        return ""
    i = letters[int(rng.integers(len(letters)))]
    kind = int(rng.integers(3))
    if kind == 0:
        return word[:i] + word[i + 1 :]
    if kind == 1:
        return word[: i + 1] + word[i] + word[i + 1 :]
    if i + 1 < len(word) and word[i + 1].isalpha():
        return word[:i] + word[i + 1] + word[i] + word[i + 2 :]
    return word[:i] + word[i + 1 :]


def _vague(word: str, rng: np.random.Generator) -> str:
    """The first two characters of a Chinese skill with a vague ending: 光学设计 → 光学方面."""
    han = [c for c in word if has_han(c)]
    if len(han) < 3:
        return ""
    return "".join(han[:2]) + _VAGUE_ZH[int(rng.integers(len(_VAGUE_ZH)))]

"""Role archetypes of positions: titles, the skills a role really needs, duties and topics.

The archetypes are package data, not code: ``data/roles.jsonl`` holds one :class:`Role` a line
(every field written out) and ``data/boilerplate.json`` the phrases of :data:`BOILERPLATE`.
They are read once, at import, and each row is checked (:func:`read_roles`).

An archetype is resolved against the taxonomy at run time: its ``anchors`` are written aliases
("Zemax", "光学设计", "CAN FD"…) looked up with :meth:`Taxonomy.lookup` (else extraction),
so the archetypes survive changes of skill ids. Anchors that do not resolve are skipped; the
``categories`` fill the remaining needs.
"""

from __future__ import annotations

import json
import logging
from dataclasses import dataclass, fields
from importlib import resources
from importlib.resources.abc import Traversable
from pathlib import Path

from matcher.schemas import Sector
from matcher.text.taxonomy import Taxonomy

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Role:
    """A kind of position in one sector."""

    key: str
    sector: str
    titles_zh: tuple[str, ...]
    titles_en: tuple[str, ...]
    anchors: tuple[str, ...]
    categories: tuple[str, ...]
    duties_zh: tuple[str, ...]
    duties_en: tuple[str, ...]
    topics_zh: tuple[str, ...]
    topics_en: tuple[str, ...]
    degree: tuple[float, float, float] = (0.15, 0.75, 0.10)
    salary: float = 6500.0
    weight: float = 1.0


#: Where the catalogue lives, beside this module.
DATA = resources.files("matcher.simulate") / "data"

#: The fields written as lists of strings (tuples once read).
_TEXTS = (
    "titles_zh",
    "titles_en",
    "anchors",
    "categories",
    "duties_zh",
    "duties_en",
    "topics_zh",
    "topics_en",
)
_FIELDS = tuple(f.name for f in fields(Role))
#: Sectors a role may name: the enterprises' sectors, or "any" for roles open to all of them.
SECTOR_NAMES = frozenset(s.value for s in Sector) | {"any"}


def _is_number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _role(row: object, where: str) -> Role:
    """One row of ``roles.jsonl`` as a :class:`Role`; ``where`` is "FILE:LINE" for errors."""
    if not isinstance(row, dict):
        raise ValueError(f"{where}: a row must be a JSON object, not {type(row).__name__}")
    for name in row:
        if name not in _FIELDS:
            raise ValueError(f"{where}: unknown field {name!r}")
    for name in _FIELDS:
        if name not in row:
            raise ValueError(f"{where}: missing field {name!r}")
    for name in ("key", "sector"):
        if not isinstance(row[name], str) or not row[name]:
            raise ValueError(f"{where}: field {name!r} must be a non-empty string")
    if row["sector"] not in SECTOR_NAMES:
        raise ValueError(f"{where}: field 'sector' is {row['sector']!r}, not a known sector")
    for name in _TEXTS:
        value = row[name]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"{where}: field {name!r} must be a list of strings")
    degree = row["degree"]
    if not isinstance(degree, list) or len(degree) != 3 or not all(map(_is_number, degree)):
        raise ValueError(f"{where}: field 'degree' must be three weights (专科, 本科, 硕士)")
    for name in ("salary", "weight"):
        if not _is_number(row[name]):
            raise ValueError(f"{where}: field {name!r} must be a number")
    return Role(
        key=row["key"],
        sector=row["sector"],
        **{name: tuple(row[name]) for name in _TEXTS},
        degree=(float(degree[0]), float(degree[1]), float(degree[2])),
        salary=float(row["salary"]),
        weight=float(row["weight"]),
    )


def read_roles(path: Path | Traversable | None = None) -> tuple[Role, ...]:
    """Read ``roles.jsonl`` (the package's own by default): one role a line, every field given.

    Raises :class:`ValueError` naming the file, the line and the field of the first bad row
    (unknown or missing field, wrong type, unknown sector, a key seen before).
    """
    path = path or DATA / "roles.jsonl"
    roles: list[Role] = []
    seen: set[str] = set()
    with path.open(encoding="utf-8") as fh:
        for lineno, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            where = f"{path}:{lineno}"
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise ValueError(f"{where}: not JSON ({exc.msg})") from exc
            role = _role(row, where)
            if role.key in seen:
                raise ValueError(f"{where}: field 'key' repeats {role.key!r}")
            seen.add(role.key)
            roles.append(role)
    return tuple(roles)


def read_boilerplate(path: Path | Traversable | None = None) -> tuple[str, ...]:
    """Read ``boilerplate.json`` (the package's own by default): a JSON list of phrases."""
    path = path or DATA / "boilerplate.json"
    with path.open(encoding="utf-8") as fh:
        try:
            phrases = json.load(fh)
        except json.JSONDecodeError as exc:
            raise ValueError(f"{path}:{exc.lineno}: not JSON ({exc.msg})") from exc
    if not isinstance(phrases, list) or not all(isinstance(p, str) for p in phrases):
        raise ValueError(f"{path}: must be a JSON list of strings")
    return tuple(phrases)


#: Every role archetype, in file order (the order the simulator draws from).
ROLES: tuple[Role, ...] = read_roles()

#: What writers add to almost any posting ("CET-4", "团队合作"…): resolved like anchors.
BOILERPLATE: tuple[str, ...] = read_boilerplate()


@dataclass(frozen=True)
class ResolvedRole:
    """A role whose anchors are canonical skill indices (into the world's skill order)."""

    role: Role
    anchors: tuple[int, ...]
    pool: tuple[int, ...]


def resolve_aliases(
    taxonomy: Taxonomy, skill_index: dict[str, int], aliases: tuple[str, ...]
) -> list[int]:
    """Skill indices of written aliases (exact lookup, else extraction), in order, distinct."""
    out: list[int] = []
    for alias in aliases:
        sid = taxonomy.lookup(alias)
        for s in [sid] if sid else taxonomy.extract_ids(alias):
            idx = skill_index.get(s)
            if idx is not None and idx not in out:
                out.append(idx)
    return out


def resolve_roles(taxonomy: Taxonomy, skill_index: dict[str, int]) -> list[ResolvedRole]:
    """Resolve every role's anchors to skill indices; ``pool`` holds skills of its categories."""
    by_category: dict[str, list[int]] = {}
    for sid, idx in skill_index.items():
        by_category.setdefault(taxonomy.skills[sid].category, []).append(idx)
    out: list[ResolvedRole] = []
    unresolved = 0
    for role in ROLES:
        anchors: list[int] = []
        for alias in role.anchors:
            sid = taxonomy.lookup(alias)
            ids = [sid] if sid else taxonomy.extract_ids(alias)
            if not ids:
                unresolved += 1
            for s in ids:
                idx = skill_index.get(s)
                if idx is not None and idx not in anchors:
                    anchors.append(idx)
        pool: list[int] = []
        for cat in role.categories:
            pool.extend(i for i in sorted(by_category.get(cat, [])) if i not in anchors)
        if len(anchors) < 2:
            # Too little resolved: borrow the first skills of the role's main category.
            extra = [i for i in pool if i not in anchors][: 3 - len(anchors)]
            anchors.extend(extra)
        out.append(ResolvedRole(role, tuple(anchors), tuple(pool)))
    logger.debug("resolved roles: %d anchors did not resolve", unresolved)
    return out

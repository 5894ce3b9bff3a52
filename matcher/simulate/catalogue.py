"""What the world is made of, derived once from the taxonomy: skills, majors, sectors, roles.

Everything is in a fixed order (skills sorted by id, majors by code) so that the same taxonomy
files always give the same world for a seed.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from functools import lru_cache

import numpy as np

from matcher.simulate.roles import BOILERPLATE, ResolvedRole, resolve_aliases, resolve_roles
from matcher.text.taxonomy import CATEGORIES, Major, Skill, Taxonomy

logger = logging.getLogger(__name__)

#: Sector order (index = sector id), the order of :class:`matcher.schemas.Sector`.
SECTORS: tuple[str, ...] = (
    "optics",
    "mechatronics",
    "icv",
    "software",
    "semiconductor",
    "new_energy",
)
#: How much a skill category belongs to each sector (rows: categories, columns: sectors).
CATEGORY_SECTOR = np.array(
    [
        # opt  mech  icv  soft  semi  newe
        [1.00, 0.15, 0.15, 0.05, 0.30, 0.10],  # optics
        [0.20, 1.00, 0.35, 0.05, 0.05, 0.30],  # mechatronics
        [0.10, 0.25, 1.00, 0.20, 0.05, 0.30],  # icv
        [0.35, 0.60, 0.70, 0.20, 0.60, 0.45],  # electronics
        [0.30, 0.25, 0.45, 1.00, 0.15, 0.15],  # software
        [0.35, 0.05, 0.10, 0.05, 1.00, 0.15],  # semiconductor
        [0.10, 0.25, 0.35, 0.05, 0.15, 1.00],  # new_energy
        [0.25, 0.25, 0.25, 0.25, 0.25, 0.25],  # math
        [0.10, 0.10, 0.10, 0.10, 0.10, 0.10],  # language
        [0.15, 0.15, 0.15, 0.15, 0.15, 0.15],  # professional
    ]
)
#: Short forms of majors used in class names (e.g. 光电2022-1班); others use the first characters.
MAJOR_ABBREV: dict[str, str] = {
    "光电信息科学与工程": "光电",
    "机械设计制造及其自动化": "机械",
    "电子信息工程": "电信",
    "计算机科学与技术": "计科",
    "电气工程及其自动化": "电气",
    "智能车辆工程": "智能车",
    "机械电子工程": "机电",
    "车辆工程": "车辆",
    "自动化": "自动化",
    "测控技术与仪器": "测控",
    "汽车服务工程": "汽服",
    "新能源汽车工程": "新能车",
    "软件工程": "软工",
    "通信工程": "通信",
    "微电子科学与工程": "微电子",
    "物联网工程": "物联网",
    "光电信息工程": "光电",
    "机器人工程": "机器人",
    "智能制造工程": "智造",
    "人工智能": "人工智能",
    "应用物理学": "应物",
    "数据科学与大数据技术": "大数据",
    "集成电路设计与集成系统": "集成电路",
}


@dataclass
class Catalogue:
    """Skills, majors and roles in fixed orders, with the matrices the world is drawn from."""

    taxonomy: Taxonomy
    skill_ids: list[str]
    skills: list[Skill]
    skill_index: dict[str, int]
    skill_cat: np.ndarray  # (n_skills,) category index
    majors: list[Major]
    major_index: dict[str, int]
    major_sector: np.ndarray  # (n_majors, n_sectors) affinity 0.1..1
    major_skill: np.ndarray  # (n_majors, n_skills) how typical a skill is for a major
    skill_sector: np.ndarray  # (n_skills, n_sectors)
    roles: list[ResolvedRole]
    roles_by_sector: dict[int, list[int]] = field(default_factory=dict)
    generic_skills: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    course_skills: dict[tuple[int, int], list[int]] = field(default_factory=dict)
    #: Degree level a major is taught at: 0 associate, 1 bachelor, 2 master.
    major_level: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    #: Whether a major is an engineering/science major (others: languages, business).
    major_technical: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    #: How well a major's typical skills cover a role's central needs, 0..1: (n_majors, n_roles).
    role_fit: np.ndarray = field(default_factory=lambda: np.zeros((0, 0)))
    #: Skills that can be latent proficiencies (not credentials such as CET-4 or a driving licence).
    latent_ok: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=bool))
    #: English-language skills (drive CET certificates).
    english_skills: tuple[int, ...] = ()

    @property
    def n_skills(self) -> int:
        """Number of skills."""
        return len(self.skill_ids)

    @property
    def n_majors(self) -> int:
        """Number of majors."""
        return len(self.majors)


@lru_cache(maxsize=4)
def build_catalogue(taxonomy: Taxonomy) -> Catalogue:
    """Derive the catalogue from a taxonomy (skills and majors must be non-empty).

    Cached per taxonomy object (the catalogue is never modified after it is built).
    """
    if not taxonomy.skills or not taxonomy.majors:
        raise ValueError("the taxonomy needs skills and majors to simulate a world")
    skill_ids = sorted(taxonomy.skills)
    skills = [taxonomy.skills[s] for s in skill_ids]
    skill_index = {s: i for i, s in enumerate(skill_ids)}
    cat_pos = {c: i for i, c in enumerate(CATEGORIES)}
    skill_cat = np.array([cat_pos[s.category] for s in skills], dtype=np.int64)
    majors = [taxonomy.majors[c] for c in sorted(taxonomy.majors)]
    major_index = {m.code: i for i, m in enumerate(majors)}
    n_s, n_m = len(skills), len(majors)

    sector_pos = {s: i for i, s in enumerate(SECTORS)}
    major_sector = np.full((n_m, len(SECTORS)), 0.1)
    for mi, major in enumerate(majors):
        for rank, sec in enumerate(major.sectors):
            if sec in sector_pos:
                major_sector[mi, sector_pos[sec]] = max(0.35, 1.0 - 0.15 * rank)

    skill_sector = CATEGORY_SECTOR[skill_cat]
    major_skill = np.full((n_m, n_s), 0.03)
    major_skill += 0.5 * (major_sector @ skill_sector.T) / len(SECTORS)
    for mi, major in enumerate(majors):
        core = [skill_index[s] for s in major.skills if s in skill_index]
        major_skill[mi, core] += 5.0
        for idx in core:
            for rel in skills[idx].related:
                if rel in skill_index:
                    major_skill[mi, skill_index[rel]] += 0.6
    for si, skill in enumerate(skills):
        for code in skill.majors:
            if code in major_index:
                major_skill[major_index[code], si] += 1.2

    roles = resolve_roles(taxonomy, skill_index)
    roles_by_sector: dict[int, list[int]] = {i: [] for i in range(len(SECTORS))}
    for ri, rr in enumerate(roles):
        targets = range(len(SECTORS)) if rr.role.sector == "any" else [sector_pos[rr.role.sector]]
        for sec in targets:
            roles_by_sector[sec].append(ri)
    generic = np.array(resolve_aliases(taxonomy, skill_index, BOILERPLATE), dtype=np.int64)
    if generic.size == 0:
        generic = np.array(
            [i for i, s in enumerate(skills) if s.category in ("language", "professional")],
            dtype=np.int64,
        )
    # Role fit of a major: how many of the role's central needs are typical of the major.
    typical = np.minimum(major_skill / 5.0, 1.0)
    role_fit = np.zeros((n_m, len(roles)))
    for ri, rr in enumerate(roles):
        anchors = list(rr.anchors[:5])
        if anchors:
            w = 1.0 / (1.0 + 0.4 * np.arange(len(anchors)))
            role_fit[:, ri] = typical[:, anchors] @ w / w.sum()
    latent_ok = np.array([s.id not in CREDENTIALS for s in skills])
    english = tuple(skill_index[s] for s in ENGLISH_SKILLS if s in skill_index)
    if not english:
        english = tuple(resolve_aliases(taxonomy, skill_index, ("English", "英语")))
    level = np.array([_major_level(m) for m in majors], dtype=np.int64)
    technical = np.array([not _non_technical(m, taxonomy) for m in majors])
    course_skills: dict[tuple[int, int], list[int]] = {}
    for mi, major in enumerate(majors):
        for ci, course in enumerate(major.core_courses):
            ids = [
                skill_index[s]
                for s in taxonomy.extract_ids(f"{course.zh} {course.en}")
                if s in skill_index
            ]
            course_skills[(mi, ci)] = ids
    logger.debug("catalogue: %d skills, %d majors, %d roles", n_s, n_m, len(roles))
    return Catalogue(
        taxonomy=taxonomy,
        skill_ids=skill_ids,
        skills=skills,
        skill_index=skill_index,
        skill_cat=skill_cat,
        majors=majors,
        major_index=major_index,
        major_sector=major_sector,
        major_skill=major_skill.astype(np.float32),
        skill_sector=skill_sector,
        roles=roles,
        roles_by_sector=roles_by_sector,
        generic_skills=generic,
        course_skills=course_skills,
        major_level=level,
        major_technical=technical,
        role_fit=role_fit,
        latent_ok=latent_ok,
        english_skills=english,
    )


#: Skills that are credentials rather than abilities: never latent, written as certificates.
CREDENTIALS: frozenset[str] = frozenset(
    {
        "cet4",
        "cet6",
        "tem4",
        "tem8",
        "ielts",
        "toefl",
        "japanese_n1",
        "japanese_n2",
        "electrician_certificate",
        "driving_license",
        "engineering_competitions",
    }
)
ENGLISH_SKILLS: tuple[str, ...] = ("english_communication", "technical_english", "english_writing")


def _major_level(major: Major) -> int:
    """0 for associate (专科) majors, 2 for master's disciplines, 1 otherwise."""
    en = major.en.lower()
    if major.code.upper().startswith("X-ZK") or "associate" in en:
        return 0
    if "master" in en or (major.code.isdigit() and len(major.code) == 4):
        return 2
    return 1


def _non_technical(major: Major, taxonomy: Taxonomy) -> bool:
    """A major whose typical skills are mostly language or professional skills."""
    cats = [taxonomy.skills[s].category for s in major.skills if s in taxonomy.skills]
    if not cats:
        return False
    soft = sum(c in ("language", "professional") for c in cats)
    return soft / len(cats) > 0.5


def major_abbrev(major: Major) -> str:
    """Short form of a major's Chinese name for class names."""
    return MAJOR_ABBREV.get(major.zh, major.zh[:2])

"""Entities of the world and their hidden traits: enterprises, positions and students.

Each entity kind is a dataclass of numpy arrays (one row per entity) plus the *structured*
written view (which skills a profile lists, which a position writes down, which majors it
accepts, what a student writes as preferences). Text is rendered later by
:mod:`matcher.simulate.writer`; latent traits (proficiencies, true needs, hidden preferences,
attractiveness, selectivity) never leave this module except through the utility.

Why one long module (about 750 lines): the hidden traits of all three entity kinds are drawn
together from one random stream and must stay out of every other module; splitting it would
hand latent traits across module boundaries.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

import numpy as np

from matcher.simulate.catalogue import SECTORS, Catalogue
from matcher.simulate.config import SimConfig, language_mix, make_rng
from matcher.simulate.names import (
    BIG_CITIES,
    CITIES,
    CITY_SALARY,
    CITY_WEIGHTS,
    DISTRICT_BY_SECTOR,
    DISTRICTS,
    HOMETOWNS,
)

logger = logging.getLogger(__name__)

N_SECTORS = len(SECTORS)
N_CITIES = len(CITIES)
#: Maximum true required and preferred skills per position (arrays are padded with -1).
R_MAX = 6
P_MAX = 4
TYPES: tuple[str, ...] = ("job", "internship", "project")
DEGREES: tuple[str, ...] = ("associate", "bachelor", "master")
SIZES: tuple[str, ...] = ("micro", "small", "medium", "large")
TIERS: tuple[str, ...] = ("none", "provincial", "little_giant")
LANGS: tuple[str, ...] = ("zh", "en", "mixed")
#: Dimensions of an enterprise's hidden way of working and of a student's unstated taste for it.
CULTURE_DIMS = 3


def _sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def gumbel_top_k(rng: np.random.Generator, logw: np.ndarray, k: np.ndarray | int) -> np.ndarray:
    """Weighted sampling without replacement per row: a boolean mask of the chosen columns.

    ``logw`` is (rows, cols) with ``-inf`` for excluded columns; ``k`` is per row or scalar.
    """
    keys = logw + rng.gumbel(size=logw.shape)
    order = np.argsort(-keys, axis=1, kind="stable")
    ranks = np.empty_like(order)
    rows = np.arange(logw.shape[0])[:, None]
    ranks[rows, order] = np.arange(logw.shape[1])[None, :]
    kk = np.broadcast_to(np.asarray(k).reshape(-1, 1) if np.ndim(k) else k, (logw.shape[0], 1))
    return (ranks < kk) & np.isfinite(logw)


# -- enterprises ---------------------------------------------------------------------------------


@dataclass
class Enterprises:
    """Enterprises: public attributes and hidden attractiveness, popularity, selectivity."""

    n: int
    sector1: np.ndarray
    sector2: np.ndarray  # -1 when none
    tier: np.ndarray
    size: np.ndarray
    city: np.ndarray
    district: list[str]
    partner: np.ndarray
    founded: np.ndarray
    lang: np.ndarray
    attract: np.ndarray  # hidden: how good it is to work there
    popularity: np.ndarray  # hidden: how visible the brand is (drives exposure)
    selectivity: np.ndarray  # hidden: the employer's bar
    culture: np.ndarray  # hidden: (n, CULTURE_DIMS) its way of working, never written
    interview_weight: np.ndarray  # hidden: how much its hiring rests on interviews
    benefits: np.ndarray  # hidden: log-value of pay beyond the stated band (bonus, hours)


def build_enterprises(cfg: SimConfig, n: int, seed: int) -> Enterprises:
    """Draw ``n`` enterprises."""
    rng = make_rng(seed, "enterprises")
    sector1 = rng.choice(N_SECTORS, size=n, p=_norm(cfg.sector_weights))
    sector2 = np.full(n, -1, dtype=np.int64)
    has2 = rng.random(n) < cfg.second_sector_p
    neighbours = {0: (1, 2, 4), 1: (0, 2, 5), 2: (1, 3, 5, 0), 3: (2, 0, 1), 4: (0, 2), 5: (2, 1)}
    for i in np.flatnonzero(has2):
        opts = neighbours[int(sector1[i])]
        sector2[i] = opts[int(rng.integers(len(opts)))]
    size = rng.choice(len(SIZES), size=n, p=_norm(cfg.size_weights))
    tier_logit = np.log(np.asarray(cfg.tier_weights))[None, :] + np.outer(size - 1.5, [0, 0.5, 1.0])
    tier = _categorical(rng, tier_logit)
    city = rng.choice(N_CITIES, size=n, p=_norm(CITY_WEIGHTS))
    district = []
    for i in range(n):
        cname = CITIES[int(city[i])]
        opts = DISTRICTS[cname]
        if cname == "长春":
            w = _norm(DISTRICT_BY_SECTOR[SECTORS[int(sector1[i])]])
            district.append(opts[int(rng.choice(len(opts), p=w))])
        else:
            district.append(opts[int(rng.integers(len(opts)))])
    partner_p = np.where(city == 0, cfg.partner_p_changchun, cfg.partner_p_elsewhere)
    partner = rng.random(n) < partner_p * (0.7 + 0.3 * tier)
    founded = np.clip(2024 - rng.gamma(2.0, 6.0, size=n) - 3 * size, 1985, 2024).astype(np.int64)
    lang = rng.choice(3, size=n, p=language_mix(cfg, cfg.enterprise_lang_mix))
    size_z = (size - 1.2) / 0.9
    attract = 0.30 * size_z + 0.35 * tier + rng.normal(0, 0.55, n)
    popularity = (
        0.55 * size_z
        + 0.55 * tier
        + 0.35 * attract
        + 0.45 * partner
        + 0.4 * np.isin(city, list(BIG_CITIES))
        + rng.normal(0, 0.5, n)
    )
    selectivity = 0.45 * popularity + 0.25 * tier + rng.normal(0, 0.4, n)
    culture = rng.normal(0, 1, (n, CULTURE_DIMS)) / np.sqrt(CULTURE_DIMS)
    interview_weight = rng.lognormal(0, 0.5, n)
    benefits = rng.normal(0, 0.3, n)
    return Enterprises(
        n,
        sector1,
        sector2,
        tier,
        size,
        city,
        district,
        partner,
        founded,
        lang,
        attract,
        popularity,
        selectivity,
        culture,
        interview_weight,
        benefits,
    )


# -- positions -----------------------------------------------------------------------------------


@dataclass
class Positions:
    """Positions: public attributes, hidden true needs and the written view."""

    n: int
    ent: np.ndarray
    season: np.ndarray
    ptype: np.ndarray
    sector: np.ndarray
    role: np.ndarray
    city: np.ndarray
    district: list[str]
    min_degree: np.ndarray
    openings: np.ndarray
    salary_min: np.ndarray  # -1 = not stated
    salary_max: np.ndarray
    salary_mid: np.ndarray  # the middle of the band the enterprise would state
    pay_value: np.ndarray  # hidden: what the pay is worth (bonus, overtime, subsidies)
    urgency: np.ndarray  # hidden: how soon the work must start (timing against availability)
    start: np.ndarray  # date ordinal
    deadline: np.ndarray  # date ordinal
    posted_sec: np.ndarray  # seconds since epoch
    weeks: np.ndarray  # internship/project length
    lang: np.ndarray
    # hidden truth
    req_idx: np.ndarray  # (n, R_MAX) skill index, -1 pad
    req_w: np.ndarray  # (n, R_MAX) importance (sums to 1)
    req_tau: np.ndarray  # (n, R_MAX) level needed
    pref_idx: np.ndarray  # (n, P_MAX)
    # written view
    req_written: list[list[int]]
    pref_written: list[list[int]]
    hidden_mentioned: list[list[int]]
    accepted_majors: list[list[int]]


def _norm(w: tuple[float, ...] | np.ndarray) -> np.ndarray:
    arr = np.asarray(w, dtype=np.float64)
    return arr / arr.sum()


def _categorical(rng: np.random.Generator, logits: np.ndarray) -> np.ndarray:
    """One draw per row from softmax(logits)."""
    return np.argmax(logits + rng.gumbel(size=logits.shape), axis=1)


def _assign_enterprises(rng: np.random.Generator, ents: Enterprises, n_pos: int) -> np.ndarray:
    size_w = np.array([0.6, 1.0, 1.8, 3.0])[ents.size] * (1 + 0.3 * ents.tier)
    w = size_w * rng.lognormal(0, 0.6, ents.n)
    if n_pos <= ents.n:
        chosen = rng.choice(ents.n, size=n_pos, replace=False, p=w / w.sum())
        return np.sort(chosen)
    extra = rng.multinomial(n_pos - ents.n, w / w.sum())
    return np.repeat(np.arange(ents.n), 1 + extra)


def build_positions(
    cfg: SimConfig, cat: Catalogue, ents: Enterprises, n: int, seed: int
) -> Positions:
    """Draw ``n`` positions over the enterprises and seasons, with true needs and written views."""
    rng = make_rng(seed, "positions")
    ent = _assign_enterprises(rng, ents, n)
    n_seasons = len(cfg.seasons)
    season = rng.choice(n_seasons, size=n, p=_norm(cfg.season_share[:n_seasons]))
    ptype = np.empty(n, dtype=np.int64)
    for si, s in enumerate(cfg.seasons):
        mask = season == si
        mix = cfg.type_mix_autumn if s.kind == "autumn" else cfg.type_mix_spring
        ptype[mask] = rng.choice(3, size=int(mask.sum()), p=_norm(mix))
    # Sector: mostly the enterprise's primary sector.
    use2 = (ents.sector2[ent] >= 0) & (rng.random(n) < 0.3)
    sector = np.where(use2, ents.sector2[ent], ents.sector1[ent])
    role = np.empty(n, dtype=np.int64)
    for sec in range(N_SECTORS):
        mask = np.flatnonzero(sector == sec)
        cands = cat.roles_by_sector.get(sec) or list(range(len(cat.roles)))
        w = _norm([cat.roles[r].role.weight for r in cands])
        role[mask] = np.asarray(cands)[rng.choice(len(cands), size=mask.size, p=w)]
    # Location: the enterprise's site, sometimes a branch elsewhere.
    branch = rng.random(n) < 0.08
    city = np.where(branch, rng.choice(N_CITIES, size=n, p=_norm(CITY_WEIGHTS)), ents.city[ent])
    district = []
    for i in range(n):
        if city[i] == ents.city[ent[i]]:
            district.append(ents.district[int(ent[i])])
        else:
            opts = DISTRICTS[CITIES[int(city[i])]]
            district.append(opts[int(rng.integers(len(opts)))])
    # Degree, openings, salary.
    deg_w = np.array([cat.roles[r].role.degree for r in role])
    min_degree = _categorical(rng, np.log(deg_w + 1e-9))
    min_degree = np.where((ptype != 0) & (min_degree == 2) & (rng.random(n) < 0.6), 1, min_degree)
    big = ents.size[ent] >= 2
    openings = np.where(
        ptype == 0,
        rng.geometric(0.5, n) + (big & (rng.random(n) < 0.4)),
        np.where(ptype == 1, rng.geometric(0.45, n), 1 + rng.integers(0, 3, n)),
    )
    openings = np.clip(openings + (rng.random(n) < 0.03) * rng.integers(3, 8, n), 1, 12)
    base = np.array([cat.roles[r].role.salary for r in role])
    factor = (
        np.asarray(CITY_SALARY)[city]
        * np.array([0.9, 0.97, 1.05, 1.15])[ents.size[ent]]
        * np.array([0.8, 1.0, 1.3])[min_degree]
        * np.array([1.0, 1.04, 1.10])[ents.tier[ent]]
        * rng.lognormal(0, 0.12, n)
    )
    mid = base * factor
    intern_mid = (
        (2200 + 900 * min_degree) * np.asarray(CITY_SALARY)[city] * rng.lognormal(0, 0.15, n)
    )
    project_mid = np.where(rng.random(n) < 0.45, 0.0, 800 + 1500 * rng.random(n))
    salary_mid = np.where(ptype == 0, mid, np.where(ptype == 1, intern_mid, project_mid))
    stated = (salary_mid > 0) & (rng.random(n) > np.where(ptype == 0, 0.10, 0.05))
    lo = np.round(salary_mid * rng.uniform(0.78, 0.92, n) / 500) * 500
    hi = np.maximum(lo + 500, np.round(salary_mid * rng.uniform(1.15, 1.45, n) / 500) * 500)
    small = ptype != 0
    lo = np.where(small, np.round(salary_mid * 0.9 / 100) * 100, lo)
    hi = np.where(small, np.maximum(lo + 200, np.round(salary_mid * 1.15 / 100) * 100), hi)
    salary_min = np.where(stated, lo, -1).astype(np.int64)
    salary_max = np.where(stated, hi, -1).astype(np.int64)
    # Application windows.
    start = np.empty(n, dtype=np.int64)
    deadline = np.empty(n, dtype=np.int64)
    for si, s in enumerate(cfg.seasons):
        idx = np.flatnonzero(season == si)
        last_start = s.last_start.toordinal()
        if s.current:
            last_start = min(last_start, cfg.world_date.toordinal() - 3)
        st = rng.integers(s.first_start.toordinal(), last_start + 1, idx.size)
        dl = st + rng.integers(s.min_window, s.max_window + 1, idx.size)
        if s.earliest_deadline is not None:
            floor = s.earliest_deadline.toordinal() + rng.integers(0, 25, idx.size)
            dl = np.maximum(dl, floor)
        dl = np.minimum(dl, s.latest_deadline.toordinal())
        if s.current:
            dl = np.maximum(dl, cfg.world_date.toordinal() + 7)
        start[idx], deadline[idx] = st, dl
    epoch = dt.date(1970, 1, 1).toordinal()
    posted_sec = (start - rng.integers(0, 4, n) - epoch) * 86400 + rng.integers(
        8 * 3600, 18 * 3600, n
    )
    weeks = np.where(ptype == 2, rng.integers(4, 17, n), rng.integers(8, 25, n))
    ent_lang = ents.lang[ent]
    lang = np.where(
        rng.random(n) < 0.55,
        ent_lang,
        rng.choice(3, size=n, p=language_mix(cfg, cfg.position_lang_mix)),
    )

    pay_value = salary_mid * np.exp(ents.benefits[ent] + rng.normal(0, 0.2, n))
    urgency = rng.normal(0, 1, n)
    req_idx, req_w, req_tau, pref_idx = _true_needs(rng, cfg, cat, role, min_degree, ptype)
    req_written, pref_written, hidden_mentioned = _written_needs(
        rng, cfg, cat, role, req_idx, req_w, pref_idx
    )
    accepted = _accepted_majors(rng, cfg, cat, role, sector, min_degree)
    out = Positions(
        n=n,
        ent=ent,
        season=season,
        ptype=ptype,
        sector=sector,
        role=role,
        city=city,
        district=district,
        min_degree=min_degree,
        openings=openings.astype(np.int64),
        salary_min=salary_min,
        salary_max=salary_max,
        salary_mid=salary_mid,
        pay_value=pay_value,
        urgency=urgency,
        start=start,
        deadline=deadline,
        posted_sec=posted_sec,
        weeks=weeks,
        lang=lang,
        req_idx=req_idx,
        req_w=req_w,
        req_tau=req_tau,
        pref_idx=pref_idx,
        req_written=req_written,
        pref_written=pref_written,
        hidden_mentioned=hidden_mentioned,
        accepted_majors=accepted,
    )
    # Ids follow posting order: by season, then opening day, then enterprise.
    return _reorder(out, np.lexsort((ent, posted_sec, season)))


def _true_needs(
    rng: np.random.Generator,
    cfg: SimConfig,
    cat: Catalogue,
    role: np.ndarray,
    min_degree: np.ndarray,
    ptype: np.ndarray,
) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
    """Hidden needs: required skills (index, importance, level) and preferred skills."""
    n = role.size
    req_idx = np.full((n, R_MAX), -1, dtype=np.int64)
    pref_idx = np.full((n, P_MAX), -1, dtype=np.int64)
    n_req = np.clip(3 + rng.poisson(1.0, n) + (min_degree == 2), 3, R_MAX)
    n_pref = rng.integers(1, P_MAX + 1, n)
    slots = np.arange(R_MAX + P_MAX)
    for r, rr in enumerate(cat.roles):
        idx = np.flatnonzero(role == r)
        if idx.size == 0:
            continue
        anchors = list(rr.anchors)
        cands = np.array(anchors + [p for p in rr.pool if p not in anchors], dtype=np.int64)
        extra = cands.size - len(anchors)
        # Mostly the role's central skills; the wider category pool supplies the odd extra need.
        logw = np.log(
            np.r_[1.0 / (1 + 0.35 * np.arange(len(anchors))), np.full(extra, 0.8 / max(extra, 1))]
        )
        keys = logw[None, :] + rng.gumbel(size=(idx.size, cands.size))
        order = np.argsort(-keys, axis=1, kind="stable")[:, : R_MAX + P_MAX]
        picked = np.full((idx.size, R_MAX + P_MAX), -1, dtype=np.int64)
        picked[:, : order.shape[1]] = cands[order]
        nr, npf = n_req[idx, None], n_pref[idx, None]
        req_part = np.where(slots[None, :R_MAX] < nr, picked[:, :R_MAX], -1)
        req_idx[idx] = req_part
        pref_cols = np.clip(nr + np.arange(P_MAX)[None, :], 0, R_MAX + P_MAX - 1)
        pref_part = np.take_along_axis(picked, pref_cols, axis=1)
        pref_idx[idx] = np.where(np.arange(P_MAX)[None, :] < npf, pref_part, -1)
    valid = req_idx >= 0
    imp = rng.gamma(2.0, 1.0, (n, R_MAX)) * valid
    imp[:, 0] += 1.0
    req_w = (imp / imp.sum(axis=1, keepdims=True)).astype(np.float32)
    tau = (
        0.32
        + 0.10 * min_degree[:, None]
        + rng.uniform(-0.10, 0.22, (n, R_MAX))
        - 0.08 * (ptype[:, None] != 0)
    )
    req_tau = np.where(valid, np.clip(tau, 0.15, 0.85), 0.0).astype(np.float32)
    return req_idx, req_w, req_tau, pref_idx


def _written_needs(
    rng: np.random.Generator,
    cfg: SimConfig,
    cat: Catalogue,
    role: np.ndarray,
    req_idx: np.ndarray,
    req_w: np.ndarray,
    pref_idx: np.ndarray,
) -> tuple[list[list[int]], list[list[int]], list[list[int]]]:
    """What writers put down: most true needs, boilerplate, wishes; some needs only in passing.

    Required levels are never written; the most important need always is.
    """
    n = role.size
    keep = rng.random((n, R_MAX)) >= cfg.omit_required_p
    keep[np.arange(n), np.argmax(req_w, axis=1)] = True
    keep_pref = rng.random((n, P_MAX)) > 0.1
    promote = rng.random(n) < 0.15
    generic = cat.generic_skills
    boiler = (rng.random(n) < cfg.boilerplate_p) & (generic.size > 0)
    boiler_k = rng.integers(1, 3, n)
    boiler_pick = rng.integers(0, max(generic.size, 1), (n, 2))
    wish = rng.random(n) < 0.25
    wish_u = rng.random(n)
    mention = rng.random((n, R_MAX)) < 0.45
    req_written, pref_written, hidden = [], [], []
    req_l, keep_l, pref_l = req_idx.tolist(), keep.tolist(), pref_idx.tolist()
    keep_pref_l, mention_l = keep_pref.tolist(), mention.tolist()
    for i in range(n):
        req = [s for s in req_l[i] if s >= 0]
        written = [s for s, k in zip(req, keep_l[i], strict=False) if k]
        omitted = [s for s, k in zip(req, keep_l[i], strict=False) if not k]
        pw = [s for s, k in zip(pref_l[i], keep_pref_l[i], strict=True) if s >= 0 and k]
        if pw and promote[i]:
            written.append(pw.pop(0))  # a "nice to have" written as a must
        if boiler[i]:
            for j in range(int(boiler_k[i])):
                g = int(generic[boiler_pick[i, j]])
                if g not in written:
                    written.append(g)
        pool = cat.roles[int(role[i])].pool
        if pool and wish[i]:
            extra = pool[int(wish_u[i] * len(pool))]
            if extra not in written and extra not in req and extra not in pw:
                pw.append(extra)  # wishlist item the job does not really need
        req_written.append(written)
        pref_written.append(pw)
        hidden.append([s for s, m in zip(omitted, mention_l[i], strict=False) if m])
    return req_written, pref_written, hidden


def _accepted_majors(
    rng: np.random.Generator,
    cfg: SimConfig,
    cat: Catalogue,
    role: np.ndarray,
    sector: np.ndarray,
    min_degree: np.ndarray,
) -> list[list[int]]:
    """Majors an HR writer lists: the sector's usual majors at the degree level, chosen loosely.

    The writer knows the sector, not the role's hidden fit (:class:`HiddenUtility` adds a
    per-(major, role) bias no list reveals), so a list is a weak, many-to-many proxy of fit.
    """
    n = role.size
    any_major = rng.random(n) < cfg.any_major_p
    want = rng.integers(1, 6, n)
    out: list[list[int]] = []
    for a in range(0, n, 20_000):
        b = min(n, a + 20_000)
        fit = 0.6 * cat.major_sector[:, sector[a:b]].T + 0.5 * rng.random((b - a, cat.n_majors))
        level_ok = np.where(
            min_degree[a:b, None] > 0, cat.major_level[None, :] > 0, cat.major_level[None, :] < 2
        )
        fit = np.where(level_ok, fit, -1.0)
        order = np.argsort(-fit, axis=1, kind="stable")
        n_close = (fit >= 0.6).sum(axis=1)
        k = np.where(n_close > 0, np.minimum(n_close, want[a:b]), np.minimum(2, want[a:b]))
        for row in range(b - a):
            if any_major[a + row]:
                out.append([])
            else:
                out.append(sorted(order[row, : k[row]].tolist()))
    return out


def _reorder(pos: Positions, order: np.ndarray) -> Positions:
    """The same positions in another order."""
    values = {}
    for name, value in vars(pos).items():
        if isinstance(value, np.ndarray):
            values[name] = value[order]
        elif isinstance(value, list):
            values[name] = [value[int(i)] for i in order]
        else:
            values[name] = value
    return Positions(**values)


# -- students ------------------------------------------------------------------------------------


@dataclass
class Students:
    """Students: study facts, latent proficiency, hidden preferences and the written view."""

    n: int
    major: np.ndarray
    degree: np.ndarray
    grad_year: np.ndarray
    entry_year: np.ndarray
    female: np.ndarray
    talent: np.ndarray  # hidden general ability
    diligence: np.ndarray  # hidden: steady work, what grades reward beside talent
    interview_skill: np.ndarray  # hidden: how she comes across in interviews
    culture_taste: np.ndarray  # hidden: (n, CULTURE_DIMS) unstated taste for ways of working
    availability: np.ndarray  # hidden: when she is free to start (against a position's urgency)
    prof: np.ndarray  # hidden (n, n_skills) proficiency 0..1 (0 = does not have the skill)
    eff: np.ndarray  # hidden: proficiency with partial transfer from related skills
    listed: np.ndarray  # written: (n, n_skills) bool, skills the profile lists
    believed: np.ndarray  # (n, n_skills) float16: the level she believes she has (listed ones)
    cold: np.ndarray
    lang: np.ndarray
    hometown: list[str]
    gpa: np.ndarray
    rank_pct: np.ndarray
    n_competitions: np.ndarray  # drawn here, written by the writer
    # hidden preferences
    city_w: np.ndarray  # (n, n_cities)
    sector_taste: np.ndarray  # (n, n_sectors)
    type_w: np.ndarray  # (n, 3)
    res_wage: np.ndarray
    sal_sens: np.ndarray
    size_taste: np.ndarray
    tier_taste: np.ndarray
    kaoyan: np.ndarray
    overconfidence: np.ndarray
    # written preferences
    pref_cities: list[list[int]]
    pref_sectors: list[list[int]]
    pref_types: list[list[int]]
    pref_sizes: list[list[int]]
    min_salary: np.ndarray  # -1 = not written
    visible: np.ndarray


def build_students(cfg: SimConfig, cat: Catalogue, n: int, seed: int) -> Students:
    """Draw ``n`` students with latent proficiencies and noisy written profiles."""
    rng = make_rng(seed, "students")
    degree = rng.choice(3, size=n, p=_norm(cfg.degree_weights))
    major = np.zeros(n, dtype=np.int64)
    base_w = np.where(cat.major_technical, 1.0, cfg.non_technical_major_weight)
    for level in range(3):
        idx = np.flatnonzero(degree == level)
        if level == 0:
            w = np.where(cat.major_level == 0, base_w, 0.0)
        elif level == 1:
            w = np.where(cat.major_level == 1, base_w, 0.0)
        else:  # master's disciplines, or a master's direction of a technical bachelor major
            w = np.where(
                cat.major_level == 2,
                4.0,
                np.where((cat.major_level == 1) & cat.major_technical, 0.5, 0.0),
            )
        if w.sum() <= 0:
            w = base_w
        major[idx] = rng.choice(cat.n_majors, size=idx.size, p=w / w.sum())
    grad_year = np.asarray(cfg.graduation_years)[
        rng.choice(len(cfg.graduation_years), size=n, p=_norm(cfg.graduation_weights))
    ]
    entry_year = grad_year - np.array([3, 4, 3])[degree]
    female = rng.random(n) < cfg.female_p
    talent = rng.normal(0, 1, n)
    diligence = rng.normal(0, 1, n)
    interview_skill = rng.normal(0, 1, n)
    culture_taste = rng.normal(0, 1, (n, CULTURE_DIMS)) / np.sqrt(CULTURE_DIMS)
    availability = rng.normal(0, 1, n)
    # How much a student overrates herself, in skill-level units (self-assessment bias).
    inflation = rng.normal(0.08, 0.12, n)
    lang = rng.choice(3, size=n, p=language_mix(cfg, cfg.profile_lang_mix))
    cold = rng.random(n) < cfg.cold_start_p

    # Hidden sector taste: the major's sectors plus personal interest.
    sector_taste = 0.9 * (cat.major_sector[major] - 0.45) + rng.normal(0, 0.45, (n, N_SECTORS))
    interest = np.exp(1.5 * sector_taste)
    interest /= interest.sum(axis=1, keepdims=True)

    # Latent proficiencies, chunk by chunk.
    n_sk = cat.n_skills
    prof = np.zeros((n, n_sk), dtype=np.float32)
    listed = np.zeros((n, n_sk), dtype=bool)
    believed = np.zeros((n, n_sk), dtype=np.float16)
    verbosity = np.where(
        cold, 0.03, rng.beta(cfg.listed_recall * 10, (1 - cfg.listed_recall) * 10, n)
    )
    over_rate = rng.beta(cfg.overclaim_rate * 20, (1 - cfg.overclaim_rate) * 20, n)
    n_true = np.clip(
        np.round(11 + 2.0 * degree + 1.5 * talent + rng.poisson(7, n)),
        6,
        min(40, int(cat.latent_ok.sum())),
    )
    interest_skill = interest @ cat.skill_sector.T  # (n, n_sk)
    chunk = 2048
    for a in range(0, n, chunk):
        b = min(n, a + chunk)
        m = major[a:b]
        w = cat.major_skill[m] * (0.4 + 2.0 * interest_skill[a:b]) * cat.latent_ok
        with np.errstate(divide="ignore"):
            logw = np.log(w)
        has = gumbel_top_k(rng, logw, n_true[a:b])
        core = cat.major_skill[m] > 4.0
        logit = (
            0.9 * talent[a:b, None]
            + 0.7 * core
            + 1.2 * (interest_skill[a:b] - 0.3)
            + 0.3 * degree[a:b, None]
            - 0.2
            + rng.normal(0, 0.9, (b - a, n_sk))
        )
        level = (0.08 + 0.92 * _sigmoid(logit)).astype(np.float32)
        prof[a:b] = np.where(has, level, 0.0)
        # What she believes of herself: her level, her own inflation and a per-skill error.
        # Skills she lacks but claims are believed at a middling level.
        noise = rng.normal(0, cfg.text.perception_noise, (b - a, n_sk))
        believe = np.where(has, level, rng.uniform(0.3, 0.7, (b - a, n_sk)))
        believe = np.clip(believe + inflation[a:b, None] + noise, 0.02, 1.0)
        # Written view: list most true skills (those she believes stronger a little more often)
        # and overclaim some.
        p_list = _sigmoid(_logit(verbosity[a:b, None]) + 1.0 * (believe - 0.5))
        lst = has & (rng.random((b - a, n_sk)) < p_list)
        n_listed = lst.sum(axis=1)
        lam = n_listed * over_rate[a:b] / (1 - over_rate[a:b])
        n_over = rng.poisson(lam)
        over_w = np.where(has, -np.inf, logw)
        over = gumbel_top_k(rng, over_w, n_over)
        listed[a:b] = lst | over
        believed[a:b] = np.where(lst | over, believe, 0.0)

    eff = effective_proficiency(cat, prof)
    # Grades reward diligence as much as talent: a GPA tells little of either alone.
    gpa_z = 0.5 * talent + 0.6 * diligence + rng.normal(0, 0.55, n)
    gpa = np.clip(2.95 + 0.42 * gpa_z, 1.6, 4.0).round(2)
    rank_pct = np.zeros(n)
    for key in np.unique(major * 10_000 + grad_year):
        idx = np.flatnonzero(major * 10_000 + grad_year == key)
        order = np.argsort(-gpa[idx], kind="stable")
        rank_pct[idx[order]] = 100.0 * (np.arange(idx.size) + 0.5) / idx.size
    n_comp = rng.poisson(np.clip(0.25 + 0.45 * talent + 0.1 * degree, 0.05, 3.0))
    n_comp = np.where(cold, 0, np.minimum(n_comp, 4))

    # Hometowns and hidden city preferences.
    ht_names = [h for h, _ in HOMETOWNS]
    ht = rng.choice(len(HOMETOWNS), size=n, p=_norm([w for _, w in HOMETOWNS]))
    hometown = [ht_names[int(h)] for h in ht]
    from_jilin = np.array([h.startswith("吉林") for h in ht_names])[ht]
    from_cc = np.array([h == "吉林长春" for h in ht_names])[ht]
    from_jl = np.array([h == "吉林吉林" for h in ht_names])[ht]
    from_ln = np.array([h.startswith("辽宁") for h in ht_names])[ht]
    ambition = rng.normal(0, 0.55, n) + 0.15 * talent
    retention = rng.normal(0, 0.3, n)
    city_w = np.tile(np.array([0.35, 0.05, 0.0, 0.05, 0.05, 0.0, 0.0]), (n, 1))
    city_w[:, 0] += 0.35 * from_jilin + 0.3 * from_cc + retention
    city_w[:, 1] += 0.55 * from_jl + 0.15 * from_jilin
    city_w[:, 2] += 0.5 * from_ln
    big = list(BIG_CITIES)
    city_w[:, big] += ambition[:, None] - 0.15
    city_w += rng.normal(0, 0.25, (n, N_CITIES))

    # Hidden type preferences (stable trait: final-year job seeker, intern, 考研).
    kaoyan = (degree == 1) & (rng.random(n) < cfg.kaoyan_p)
    last_year = max(cfg.graduation_years)
    intern_only = grad_year == last_year
    type_w = np.tile(np.array([0.5, 0.15, 0.0]), (n, 1))
    type_w[intern_only] = (-0.2, 0.5, 0.3)
    type_w[kaoyan] = (-0.7, 0.35, 0.45)
    type_w += rng.normal(0, 0.25, (n, 3))
    res_wage = (
        5200
        * np.array([0.78, 1.0, 1.35])[degree]
        * np.exp(0.2 * ambition + 0.08 * talent + rng.normal(0, 0.15, n))
    )
    sal_sens = rng.lognormal(np.log(0.8), 0.4, n)
    size_taste = rng.normal(0.1, 0.35, n)
    tier_taste = rng.normal(0.15, 0.25, n)
    overconfidence = rng.normal(0.1, 0.3, n)

    # Written preferences: noisy, partial views of the hidden ones.
    pref_cities, pref_sectors, pref_types, pref_sizes = [], [], [], []
    noisy_city = city_w + rng.normal(0, 0.3, city_w.shape)
    noisy_sector = sector_taste + rng.normal(0, 0.4, sector_taste.shape)
    noisy_type = type_w + rng.normal(0, 0.3, type_w.shape)
    for i in range(n):
        if cold[i] or rng.random() < 0.3:
            pref_cities.append([])
        else:
            k = int(rng.choice(3, p=(0.45, 0.35, 0.20))) + 1
            pref_cities.append([int(c) for c in np.argsort(-noisy_city[i], kind="stable")[:k]])
        if cold[i] or rng.random() < 0.35:
            pref_sectors.append([])
        else:
            k = 1 + int(rng.random() < 0.45)
            pref_sectors.append([int(c) for c in np.argsort(-noisy_sector[i], kind="stable")[:k]])
        if cold[i] or rng.random() < 0.3:
            pref_types.append([])
        else:
            chosen = [t for t in range(3) if noisy_type[i, t] > 0.2]
            pref_types.append(chosen or [int(np.argmax(noisy_type[i]))])
        if cold[i] or rng.random() < 0.65:
            pref_sizes.append([])
        elif size_taste[i] > 0.2:
            pref_sizes.append([2, 3])
        elif size_taste[i] < -0.1:
            pref_sizes.append([1, 2])
        else:
            pref_sizes.append([0, 1, 2])
    writes_salary = (~cold) & (rng.random(n) < 0.5)
    min_salary = np.where(
        writes_salary, np.round(res_wage * rng.uniform(0.8, 1.15, n) / 500) * 500, -1
    ).astype(np.int64)
    visible = rng.random(n) < cfg.visible_p
    return Students(
        n=n,
        major=major,
        degree=degree,
        grad_year=grad_year,
        entry_year=entry_year,
        female=female,
        talent=talent,
        diligence=diligence,
        interview_skill=interview_skill,
        culture_taste=culture_taste,
        availability=availability,
        prof=prof,
        eff=eff,
        listed=listed,
        believed=believed,
        cold=cold,
        lang=lang,
        hometown=hometown,
        gpa=gpa,
        rank_pct=rank_pct,
        n_competitions=n_comp,
        city_w=city_w,
        sector_taste=sector_taste,
        type_w=type_w,
        res_wage=res_wage,
        sal_sens=sal_sens,
        size_taste=size_taste,
        tier_taste=tier_taste,
        kaoyan=kaoyan,
        overconfidence=overconfidence,
        pref_cities=pref_cities,
        pref_sectors=pref_sectors,
        pref_types=pref_types,
        pref_sizes=pref_sizes,
        min_salary=min_salary,
        visible=visible,
    )


#: Share of a related skill's proficiency that transfers (Code V → Zemax, CATIA → UG/NX).
TRANSFER = 0.6


def effective_proficiency(cat: Catalogue, prof: np.ndarray) -> np.ndarray:
    """Proficiency where a missing skill is partly covered by the best related skill held."""
    eff = prof.copy()
    for k, skill in enumerate(cat.skills):
        rel = [cat.skill_index[r] for r in skill.related if r in cat.skill_index]
        if rel:
            np.maximum(eff[:, k], TRANSFER * prof[:, rel].max(axis=1), out=eff[:, k])
    return eff


def _logit(p: np.ndarray) -> np.ndarray:
    p = np.clip(p, 1e-4, 1 - 1e-4)
    return np.log(p / (1 - p))


@dataclass
class World:
    """The whole world: catalogue, entities and the seed that made them."""

    cfg: SimConfig
    cat: Catalogue
    ents: Enterprises
    pos: Positions
    stu: Students
    seed: int


def build_world(
    cfg: SimConfig, cat: Catalogue, *, students: int, enterprises: int, positions: int, seed: int
) -> World:
    """Draw every entity of the world."""
    if min(students, enterprises, positions) < 1:
        raise ValueError("students, enterprises and positions must each be at least 1")
    ents = build_enterprises(cfg, enterprises, seed)
    pos = build_positions(cfg, cat, ents, positions, seed)
    stu = build_students(cfg, cat, students, seed)
    return World(cfg, cat, ents, pos, stu, seed)

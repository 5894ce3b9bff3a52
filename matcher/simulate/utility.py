"""The hidden truth: how good a (student, position) pair really is.

The utility is computed from *latent* quantities only — the student's true proficiencies against
the position's true needs, hidden preferences, the enterprise's hidden attractiveness and
selectivity — never from written text. Its form is deliberately unlike any ranking formula:

- competence is a weakest-link aggregate of soft thresholds on each truly required skill
  (a student who lacks one key skill is poor however many others they have), plus depth above
  the threshold, preferred-skill bonus scaled by the core fit and a complementarity term between
  the two most important needs;
- major fit has a hidden per-(major, role) bias that no accepted-majors list reveals;
- the student side mixes hidden city, sector, type, size/tier tastes with a kinked salary term
  (losses weigh more than gains) and enterprise attractiveness;
- both sides hold traits with no written proxy (marked in
  :class:`~matcher.simulate.config.UtilityCoefficients`): interview performance weighted by
  how much the enterprise relies on interviews, team fit, an unstated taste for the
  enterprise's way of working, and timing; together they make up a large share of the
  utility's variance within a student's list of positions;
- the pair value mixes both sides, penalised when they disagree and when the employer's
  selectivity bar is above what the student offers;
- idiosyncratic noise per pair and side comes from a counter-based hash of the pair, so a pair
  has the same utility whichever chunk computes it.

Every function broadcasts: pass student indices and position indices of compatible shapes
(flat pairs, or ``(a, 1)`` against ``(1, b)`` for a block).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import numpy as np

from matcher.simulate.config import make_rng, stream_key
from matcher.simulate.names import CITY_COST
from matcher.simulate.world import World

logger = logging.getLogger(__name__)

_M1 = np.uint64(0xBF58476D1CE4E5B9)
_M2 = np.uint64(0x94D049BB133111EB)
_GOLD = np.uint64(0x9E3779B97F4A7C15)
_S30, _S27, _S31, _S32 = (np.uint64(k) for k in (30, 27, 31, 32))
_S41, _S9 = np.uint64(41), np.uint64(9)
_LOW23 = np.uint64((1 << 23) - 1)
#: Scale that gives the logistic distribution a standard deviation of one.
_LOGISTIC_SD1 = np.float32(np.sqrt(3.0) / np.pi)


def pair_hash(key: np.uint64, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """64 well-mixed bits per pair (SplitMix64 finaliser of key ⊕ (a << 32 | b))."""
    z = ((np.asarray(a).astype(np.uint64) << _S32) | np.asarray(b).astype(np.uint64)) ^ key
    z = z + _GOLD
    z = (z ^ (z >> _S30)) * _M1
    z = (z ^ (z >> _S27)) * _M2
    return z ^ (z >> _S31)


def _unit_noise(bits23: np.ndarray) -> np.ndarray:
    """Logistic noise with standard deviation one from 23 random bits.

    23 bits keep ``u`` strictly inside (0, 1) in float32 (more bits could round to 1.0).
    """
    u = (bits23.astype(np.float32) + np.float32(0.5)) * np.float32(1.0 / 8388608.0)
    return np.log(u / (np.float32(1.0) - u)) * _LOGISTIC_SD1


def pair_noise2(key: np.uint64, a: np.ndarray, b: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Two independent unit-variance noises per pair that depend only on (key, a, b)."""
    z = pair_hash(key, a, b)
    return _unit_noise(z >> _S41), _unit_noise((z >> _S9) & _LOW23)


def pair_normal(key: np.uint64, a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """One unit-variance noise per pair (same pair, same value)."""
    return _unit_noise(pair_hash(key, a, b) >> _S41)


def _sigmoid(x: np.ndarray) -> np.ndarray:
    half = np.float32(0.5)
    return half + half * np.tanh(half * x)


def _softplus(x: np.ndarray) -> np.ndarray:
    return np.maximum(x, np.float32(0.0)) + np.log1p(np.exp(-np.abs(x)))


def _is_block(si: np.ndarray, pj: np.ndarray) -> bool:
    return si.ndim == 2 and si.shape[1] == 1 and pj.ndim == 2 and pj.shape[0] == 1


def _take(mat: np.ndarray, si: np.ndarray, cols: np.ndarray, block: bool) -> np.ndarray:
    """``mat[si, cols]`` broadcast; a block (a, 1) × (1, b[, k]) by fast row, then column takes."""
    if block:
        rows = mat[si[:, 0]]
        return rows[:, cols[0]]
    return mat[si[..., None], cols] if cols.ndim > si.ndim else mat[si, cols]


@dataclass
class PairTerms:
    """Hidden components of pairs (all float32 arrays of the broadcast shape)."""

    comp: np.ndarray  # competence for the true needs, about 0..1.3
    major_fit: np.ndarray
    hidden: np.ndarray  # the part of the utility from traits no record writes down
    v_student: np.ndarray  # how much the student would value the position
    v_enterprise: np.ndarray  # how much the enterprise would value the student
    utility: np.ndarray  # the match value the ground truth grades


class HiddenUtility:
    """Computes the hidden utility of pairs of a world (float32 throughout)."""

    #: Sharpness of the soft threshold on each required skill and of the weakest-link minimum.
    THRESHOLD_SCALE = 0.09
    SOFTMIN_T = 0.12

    def __init__(self, world: World) -> None:
        self.w = world
        self.c = world.cfg.utility
        pos, ents, stu = world.pos, world.ents, world.stu
        f32 = np.float32
        rng = make_rng(world.seed, "utility")
        # Hidden per-(major, role) affinity: some majors suit some roles better than their
        # sector affinity says (e.g. automation graduates in HIL testing).
        major_role = rng.normal(0, 0.3, (world.cat.n_majors, len(world.cat.roles)))
        self.key = stream_key(world.seed, "noise-pair")
        self.team_key = stream_key(world.seed, "team-fit")
        # Hidden traits with no written proxy.
        self.s_interview = stu.interview_skill.astype(f32)
        self.s_culture = (stu.culture_taste * np.sqrt(stu.culture_taste.shape[1])).astype(f32)
        self.s_avail = stu.availability.astype(f32)
        self.p_interview = ents.interview_weight[pos.ent].astype(f32)
        self.p_culture = ents.culture[pos.ent].astype(f32)
        self.p_urgency = pos.urgency.astype(f32)
        # Students.
        self.s_major = stu.major
        self.s_degree = stu.degree.astype(np.int8)
        self.s_talent = stu.talent.astype(f32)
        self.s_city = stu.city_w.astype(f32)
        self.s_sector = stu.sector_taste.astype(f32)
        self.s_type = stu.type_w.astype(f32)
        self.s_ref = (stu.res_wage[:, None] * np.array([1.0, 0.5, 0.3])[None, :]).astype(f32)
        self.s_sal = stu.sal_sens.astype(f32)
        self.s_size = stu.size_taste.astype(f32)
        self.s_tier = stu.tier_taste.astype(f32)
        # Majors × positions fit: sector affinity, how typical the role's central skills are for
        # the major, and the hidden per-(major, role) bias: (n_majors, n_positions).
        cat = world.cat
        self.mf = (
            0.35 * cat.major_sector[:, pos.sector]
            + 0.65 * cat.role_fit[:, pos.role]
            + major_role[:, pos.role]
        ).astype(f32)
        # Positions.
        self.p_city, self.p_sector, self.p_type = pos.city, pos.sector, pos.ptype
        self.p_mindeg = pos.min_degree.astype(np.int8)
        self.p_rd = np.array([r.role.degree[2] >= 0.2 for r in world.cat.roles])[pos.role].astype(
            np.int8
        )
        self.p_salw = np.where(pos.ptype == 2, 0.4, 1.0).astype(f32)
        self.p_attract = ents.attract[pos.ent].astype(f32)
        self.p_select = ents.selectivity[pos.ent].astype(f32)
        self.p_size = (ents.size[pos.ent] - 1.3).astype(f32)
        self.p_tier = ents.tier[pos.ent].astype(f32)
        self.p_pay = (pos.pay_value / np.asarray(CITY_COST)[pos.city]).astype(f32) + f32(300.0)
        self.req_valid = pos.req_idx >= 0
        self.req_c = np.where(self.req_valid, pos.req_idx, 0)
        self.req_w = pos.req_w.astype(f32)
        self.req_tau = pos.req_tau.astype(f32)
        self.pref_valid = pos.pref_idx >= 0
        self.pref_c = np.where(self.pref_valid, pos.pref_idx, 0)
        self.pref_n = np.maximum(self.pref_valid.sum(axis=1), 1).astype(f32)

    # -- components ---------------------------------------------------------------------------

    def competence(self, si: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """Competence of students ``si`` for the true needs of positions ``pj`` (broadcast).

        Computed one required skill at a time on contiguous arrays (fast for blocks).
        """
        si, pj = np.asarray(si), np.asarray(pj)
        block = _is_block(si, pj)
        prof = self.w.stu.eff
        rows = prof[si[:, 0]] if block else None
        f0 = np.float32(0.0)
        inv_scale = np.float32(1.0 / self.THRESHOLD_SCALE)
        t = np.float32(self.SOFTMIN_T)
        inner = mean = depth = synergy = None
        soft_first: np.ndarray | None = None
        for k in range(self.req_c.shape[1]):
            col = self.req_c[pj, k]
            p_k = np.take(rows, col[0], axis=1) if rows is not None else prof[si, col]
            tau = self.req_tau[pj, k]
            w = self.req_w[pj, k]  # zero for padding
            soft = _sigmoid((p_k - tau) * inv_scale)
            e = w * np.exp(-soft / t)
            m = w * soft
            d = w * np.minimum(np.maximum(p_k - tau, f0), np.float32(0.35))
            if k == 0:
                inner, mean, depth, soft_first = e, m, d, soft
            else:
                inner += e
                mean += m
                depth += d
                if k == 1:
                    synergy = soft_first * soft
        weakest = -t * np.log(inner + np.float32(1e-12))
        pref = None
        for k in range(self.pref_c.shape[1]):
            col = self.pref_c[pj, k]
            p_k = (
                np.take(rows, col[0], axis=1) if rows is not None else prof[si, col]
            ) * self.pref_valid[pj, k]
            pref = p_k if pref is None else pref + p_k
        pref = pref / self.pref_n[pj]
        core = np.float32(0.55) * weakest + np.float32(0.45) * mean
        return (
            core
            + 0.3 * depth
            + 0.18 * pref * (0.3 + core)
            + 0.12 * synergy
            + 0.08 * self.s_talent[si]
        )

    def hidden_terms(self, si: np.ndarray, pj: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        """Unit-scale hidden traits of the pairs: (employer side, student side) before weights.

        Employer side: interview performance × the enterprise's reliance on interviews, team fit;
        student side: culture taste · the enterprise's culture, timing (start against
        availability).
        """
        si, pj = np.asarray(si), np.asarray(pj)
        c = self.c
        team = pair_normal(self.team_key, si, pj)
        interview = self.s_interview[si] * self.p_interview[pj]
        culture = np.zeros(np.broadcast_shapes(si.shape, pj.shape), dtype=np.float32)
        for k in range(self.s_culture.shape[1]):  # one order of sums for blocks and pairs
            culture += self.s_culture[si, k] * self.p_culture[pj, k]
        gap = self.p_urgency[pj] - self.s_avail[si]
        timing = (np.float32(1.0) - np.float32(0.5) * gap * gap) * np.float32(1 / np.sqrt(2.0))
        employer = c.interview * interview + c.team_fit * team
        student = c.culture * culture + c.timing * timing
        return employer.astype(np.float32), student.astype(np.float32)

    def terms(self, si: np.ndarray, pj: np.ndarray) -> PairTerms:
        """Every hidden component of the pairs (si, pj) (broadcast)."""
        si, pj = np.asarray(si), np.asarray(pj)
        block = _is_block(si, pj)
        f32 = np.float32
        c = self.c
        comp = self.competence(si, pj)
        mf = _take(self.mf, self.s_major[si], pj, block)
        # Degree: below the minimum costs the employer side; far above an associate-level role
        # bores the student; R&D roles value a degree above the minimum a little.
        gap = self.s_degree[si] - self.p_mindeg[pj] + 2  # 0..4
        deg_e = _DEG_E[gap * 2 + self.p_rd[pj]]
        deg_s = _DEG_S[gap * 2 + (self.p_mindeg[pj] == 0)]
        eps_s, eps_e = pair_noise2(self.key, si, pj)
        hidden_e, hidden_s = self.hidden_terms(si, pj)
        talent = self.s_talent[si]
        v_e = (
            c.competence * (comp - 0.55)
            + c.major_fit * (mf - 0.55)
            + deg_e
            + c.talent * talent
            + hidden_e
            + c.employer_noise * eps_e
            + c.employer_offset
        )
        ptype = self.p_type[pj]
        ref = _take(self.s_ref, si, ptype, block)
        x = np.log(self.p_pay[pj] / (ref + f32(300.0)))
        sal = (
            self.s_sal[si]
            * self.p_salw[pj]
            * np.minimum(
                np.maximum(np.where(x > 0, f32(0.6) * x, f32(1.6) * x), f32(-2.0)), f32(0.6)
            )
        )
        v_s = (
            c.attractiveness * self.p_attract[pj]
            + c.city * _take(self.s_city, si, self.p_city[pj], block)
            + c.sector * _take(self.s_sector, si, self.p_sector[pj], block)
            + c.position_type * _take(self.s_type, si, ptype, block)
            + c.salary * sal
            + c.size * self.s_size[si] * self.p_size[pj]
            + c.tier * self.s_tier[si] * self.p_tier[pj]
            + deg_s
            + c.enjoyment * (comp - 0.55)
            + hidden_s
            + c.student_noise * eps_s
            - f32(c.outside_option)
        )
        bar = _softplus(f32(1.5) * (self.p_select[pj] - f32(0.4) - v_e)) / f32(1.5)
        utility = (
            c.student_weight * v_s
            + c.employer_weight * v_e
            - c.imbalance * np.abs(v_s - v_e)
            - c.selectivity_bar * bar
        ).astype(f32)
        hidden = (
            c.student_weight * (hidden_s + c.student_noise * eps_s)
            + c.employer_weight * (hidden_e + c.employer_noise * eps_e)
        ).astype(f32)
        return PairTerms(comp, mf, hidden, v_s.astype(f32), v_e.astype(f32), utility)

    def utility(self, si: np.ndarray, pj: np.ndarray) -> np.ndarray:
        """The hidden match value of pairs (si, pj)."""
        return self.terms(si, pj).utility


# Degree terms indexed by (gap + 2) * 2 + flag, gap = student degree − minimum degree.
_DEG_E = np.array([-2.8, -2.8, -1.4, -1.4, 0.0, 0.0, 0.0, 0.15, 0.0, 0.15], dtype=np.float32)
_DEG_S = np.array([0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, -0.4, 0.0, -0.4], dtype=np.float32)

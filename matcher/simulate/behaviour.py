"""Behaviour over the seasons: exposure, views, saves, dismissals, applications and outcomes.

Outcomes come from behaviour, not from the utility directly:

1. *Exposure* is driven by what the platform and the student can see — enterprise popularity
   (brand, partner promotion) and the student's **written** preferences (search filters) — not by
   true utility. Each active student sees a few dozen positions of the season.
2. *Views, saves, applications and dismissals* follow the student's **perceived** value: the true
   student-side value blurred by a popularity halo, personal noise and over-confidence.
3. *Enterprises* screen applicants on what a CV shows (written skills against the written
   requirements, GPA, major, contests, an advisor's shortlist) mixed with a little true value, then
   interview a few per opening, and offer to those whose interview (closer to the truth) clears
   their selectivity bar. Capacity (openings) limits offers; students accept the best offer they
   value enough and decline the rest; freed places go to later offer rounds.
4. Accepted jobs are followed by a ``hire``; accepted internships and projects by
   ``internship_completed`` once they end (if before the world date). A student hired for a job
   leaves the market.

The current season (the last, ``Season.current``) is observed only up to the world date and has
student-side events only (impression, view, save, dismiss, apply): employers have not answered yet.

Why one long module (about 620 lines): the seasons are one simulation loop whose steps
(exposure, views, applications, screening, offers, hires) share the loop's state.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

import numpy as np

from matcher.simulate.config import Season, make_rng, stream_key
from matcher.simulate.names import CITIES
from matcher.simulate.utility import HiddenUtility, pair_normal
from matcher.simulate.world import N_SECTORS, World

logger = logging.getLogger(__name__)

#: Event and actor codes (index into these tuples); values are the schema's enum values.
EVENTS: tuple[str, ...] = (
    "impression",
    "view",
    "save",
    "dismiss",
    "apply",
    "shortlist",
    "interview",
    "offer",
    "accept",
    "decline",
    "reject",
    "hire",
    "internship_completed",
    "invite",  # written by the product's pages, not by the simulator
    "suggest",
)
ACTORS: tuple[str, ...] = ("student", "enterprise", "advisor", "system")
REASONS: tuple[str, ...] = (
    "",
    "not_interested",
    "wrong_city",
    "already_applied",
    "expired",
    "salary",
    "other",
)
EV = {name: i for i, name in enumerate(EVENTS)}
RS = {name: i for i, name in enumerate(REASONS)}
DAY = 86400
_EPOCH = dt.date(1970, 1, 1).toordinal()
N_BUCKETS = len(CITIES) * N_SECTORS * 3


def day_to_sec(ordinal: np.ndarray | int) -> np.ndarray:
    """Seconds since 1970 at midnight of a date ordinal."""
    return (np.asarray(ordinal, dtype=np.int64) - _EPOCH) * DAY


@dataclass
class EventBatch:
    """Columns of events (one row per event)."""

    student: list[np.ndarray] = field(default_factory=list)
    position: list[np.ndarray] = field(default_factory=list)
    event: list[np.ndarray] = field(default_factory=list)
    time: list[np.ndarray] = field(default_factory=list)
    actor: list[np.ndarray] = field(default_factory=list)
    reason: list[np.ndarray] = field(default_factory=list)

    def add(
        self,
        s: np.ndarray,
        p: np.ndarray,
        event: str,
        t: np.ndarray,
        actor: int = 0,
        reason: np.ndarray | int = 0,
    ) -> None:
        """Append events of one kind."""
        n = len(s)
        if n == 0:
            return
        self.student.append(np.asarray(s, dtype=np.int64))
        self.position.append(np.asarray(p, dtype=np.int64))
        self.event.append(np.full(n, EV[event], dtype=np.int8))
        self.time.append(np.asarray(t, dtype=np.int64))
        self.actor.append(np.full(n, actor, dtype=np.int8))
        self.reason.append(np.broadcast_to(np.asarray(reason, dtype=np.int8), (n,)).copy())

    def columns(self, limit_sec: int) -> dict[str, np.ndarray]:
        """Concatenated columns, events at or after ``limit_sec`` dropped, sorted by time."""
        if not self.student:
            empty = np.zeros(0, dtype=np.int64)
            return {k: empty for k in ("student", "position", "event", "time", "actor", "reason")}
        cols = {
            "student": np.concatenate(self.student),
            "position": np.concatenate(self.position),
            "event": np.concatenate(self.event),
            "time": np.concatenate(self.time),
            "actor": np.concatenate(self.actor),
            "reason": np.concatenate(self.reason),
        }
        keep = cols["time"] < limit_sec
        order = np.lexsort(
            (cols["event"][keep], cols["position"][keep], cols["student"][keep], cols["time"][keep])
        )
        return {k: v[keep][order] for k, v in cols.items()}


@dataclass
class SeasonResult:
    """What a season produced: events and outcomes per position and student."""

    season: int
    columns: dict[str, np.ndarray]
    hires: np.ndarray  # (n_positions,) accepted count in this season
    placed: np.ndarray  # students who took a job (they leave the market)
    active: int


def plan_activity(world: World) -> list[tuple[np.ndarray, np.ndarray]]:
    """For each season, candidate students and their mode (0 = job hunt, 1 = internship/project).

    A student graduating in year Y hunts jobs in the autumn before Y and the spring of Y, and may
    look for an internship or practice project in the year before. Every student gets 1–3
    planned seasons (forced to their first eligible season when the draws give none); a student
    hired for a job is removed from later seasons by :meth:`SeasonSimulator.run`.
    """
    cfg, stu = world.cfg, world.stu
    rng = make_rng(world.seed, "activity")
    n, n_z = stu.n, len(cfg.seasons)
    draws = rng.random((n_z, n))
    job_elig = np.zeros((n_z, n), dtype=bool)
    int_elig = np.zeros((n_z, n), dtype=bool)
    chosen = np.zeros((n_z, n), dtype=np.int8)  # 0 none, 1 job hunt, 2 internship/project
    job_seen = np.zeros(n, dtype=np.int64)
    for z, season in enumerate(cfg.seasons):
        job_elig[z] = stu.grad_year == season.job_graduation_year
        int_elig[z] = stu.grad_year == season.intern_graduation_year
        p_job = np.where(job_seen == 0, cfg.active_job_first_p, cfg.active_job_again_p)
        p_job = np.where(stu.kaoyan, 0.5 * p_job, p_job)
        p_int = (
            cfg.active_intern_spring_p if season.kind == "spring" else cfg.active_intern_autumn_p
        )
        chosen[z, job_elig[z] & (draws[z] < p_job)] = 1
        chosen[z, int_elig[z] & (draws[z] < p_int)] = 2
        job_seen += job_elig[z]
    none = ~(chosen > 0).any(axis=0)
    has_job = job_elig.any(axis=0)
    first_job = np.argmax(job_elig, axis=0)
    first_int = np.argmax(int_elig, axis=0)
    force_job = np.flatnonzero(none & has_job)
    chosen[first_job[force_job], force_job] = 1
    force_int = np.flatnonzero(none & ~has_job & int_elig.any(axis=0))
    chosen[first_int[force_int], force_int] = 2
    return [
        (np.flatnonzero(chosen[z] > 0), (chosen[z][chosen[z] > 0] == 2).astype(np.int64))
        for z in range(n_z)
    ]


def _group_rank(keys: np.ndarray) -> np.ndarray:
    """Rank of each element within its run of equal keys (keys must be sorted)."""
    if keys.size == 0:
        return np.zeros(0, dtype=np.int64)
    new = np.r_[True, keys[1:] != keys[:-1]]
    starts = np.flatnonzero(new)
    gid = np.cumsum(new) - 1
    return np.arange(keys.size) - starts[gid]


def _first_per_group(keys: np.ndarray) -> np.ndarray:
    """Mask of the first element of each run of equal keys (keys sorted)."""
    if keys.size == 0:
        return np.zeros(0, dtype=bool)
    return np.r_[True, keys[1:] != keys[:-1]]


class SeasonSimulator:
    """Simulates the seasons of a world in order."""

    def __init__(self, world: World, util: HiddenUtility) -> None:
        self.w, self.u, self.cfg = world, util, world.cfg
        pos, stu, ents = world.pos, world.stu, world.ents
        self.world_limit = int(day_to_sec(self.cfg.world_date.toordinal()))
        # Padded written requirements and accepted majors (what a CV reader compares).
        wmax = max((len(r) for r in pos.req_written), default=1) or 1
        self.req_written = np.full((pos.n, wmax), -1, dtype=np.int64)
        for i, r in enumerate(pos.req_written):
            self.req_written[i, : len(r)] = r
        amax = max((len(a) for a in pos.accepted_majors), default=1) or 1
        self.accepted = np.full((pos.n, amax), -1, dtype=np.int64)
        for i, a in enumerate(pos.accepted_majors):
            self.accepted[i, : len(a)] = a
        self.any_major = np.array([len(a) == 0 for a in pos.accepted_majors])
        # Exposure weight of a position: brand popularity, partner promotion by the base.
        self.p_pop = ents.popularity[pos.ent]
        self.p_weight = np.exp(self.cfg.popularity_power * self.p_pop) * (
            1 + 0.6 * ents.partner[pos.ent]
        )
        self.p_bucket = (pos.city * N_SECTORS + pos.sector) * 3 + pos.ptype
        # Written search filters of each student (what the student typed into the platform).
        n = stu.n
        self.city_ok = np.zeros((n, len(CITIES)), dtype=bool)
        self.sector_ok = np.zeros((n, N_SECTORS), dtype=bool)
        self.type_written = np.zeros((n, 3), dtype=bool)
        for i in range(n):
            if stu.pref_cities[i]:
                self.city_ok[i, stu.pref_cities[i]] = True
            else:
                self.city_ok[i] = True
            if stu.pref_sectors[i]:
                self.sector_ok[i, stu.pref_sectors[i]] = True
            else:
                self.sector_ok[i] = world.cat.major_sector[stu.major[i]] >= 0.6
            if stu.pref_types[i]:
                self.type_written[i, stu.pref_types[i]] = True
        self.sector_ok[~self.sector_ok.any(axis=1)] = True
        self.wrote_salary = stu.min_salary > 0

    # -- season loop ------------------------------------------------------------------------------

    def run(
        self,
        on_season: Callable[[SeasonResult], None],
        progress: Callable[[int], None] | None = None,
    ) -> list[SeasonResult]:
        """Simulate every season in order, calling ``on_season`` after each (to stream it out)."""
        plans = plan_activity(self.w)
        placed = np.zeros(self.w.stu.n, dtype=bool)
        results = []
        for z, season in enumerate(self.cfg.seasons):
            cand, mode = plans[z]
            keep = ~placed[cand]
            res = self.simulate_season(z, season, cand[keep], mode[keep], progress)
            placed[res.placed] = True
            on_season(res)
            res.columns = {}  # written out already; free the memory
            results.append(res)
        return results

    def simulate_season(
        self,
        z: int,
        season: Season,
        active: np.ndarray,
        mode: np.ndarray,
        progress: Callable[[int], None] | None = None,
    ) -> SeasonResult:
        """Events of one season for the active students."""
        pos = self.w.pos
        rng = make_rng(self.w.seed, f"season-{season.key}")
        pz = np.flatnonzero(pos.season == z)
        batch = EventBatch()
        hires = np.zeros(pos.n, dtype=np.int64)
        if pz.size == 0 or active.size == 0:
            if progress:
                progress(int(active.size))
            return SeasonResult(z, batch.columns(self.world_limit), hires, np.zeros(0, np.int64), 0)
        apps: list[dict[str, np.ndarray]] = []
        chunk = self.cfg.chunk_students
        for a in range(0, active.size, chunk):
            s_chunk, m_chunk = active[a : a + chunk], mode[a : a + chunk]
            apps.append(self._student_side(rng, season, pz, s_chunk, m_chunk, batch))
            if progress:
                progress(int(s_chunk.size))
        app = {k: np.concatenate([x[k] for x in apps]) for k in apps[0]}
        placed = np.zeros(0, dtype=np.int64)
        if not season.current:
            placed = self._enterprise_side(rng, app, batch, hires)
        return SeasonResult(z, batch.columns(self.world_limit), hires, placed, int(active.size))

    # -- students ---------------------------------------------------------------------------------

    def _exposures(
        self,
        rng: np.random.Generator,
        pz: np.ndarray,
        s: np.ndarray,
        mode: np.ndarray,
        k: np.ndarray,
    ) -> tuple[np.ndarray, np.ndarray]:
        """Up to k[i] distinct positions of ``pz`` per student, as flat (row, position) pairs."""
        cfg = self.cfg
        nz, nc = pz.size, s.size
        weight = self.p_weight[pz]
        bucket = self.p_bucket[pz]
        order = np.argsort(bucket, kind="stable")
        cum = np.cumsum(weight[order])
        total = cum[-1]
        off = np.searchsorted(bucket[order], np.arange(N_BUCKETS + 1), side="left")
        mass = np.bincount(bucket, weights=weight, minlength=N_BUCKETS)
        start_cum = np.r_[0.0, cum][off[:-1]]
        # Search filters: written cities × sectors × types allowed by the student's mode.
        type_ok = np.where(
            mode[:, None] == 0, np.array([True, False, False]), np.array([False, True, True])
        )
        # Job hunters who wrote "internship" among their types also search internships.
        type_ok = type_ok | (
            (self.type_written[s] & (mode[:, None] == 0)) & np.array([False, True, False])
        )
        filt = (
            self.city_ok[s][:, :, None, None]
            & self.sector_ok[s][:, None, :, None]
            & type_ok[:, None, None, :]
        ).reshape(nc, N_BUCKETS)
        bw = filt * mass[None, :]
        empty = bw.sum(axis=1) <= 0
        bw[empty] = mass
        cb = np.cumsum(bw, axis=1)
        cb = cb / cb[:, -1:]
        cb[:, -1] = 1.0
        m = int(min(max(3 * int(k.max()), 10), 4 * nz + 10))
        channel = rng.choice(
            3, size=(nc, m), p=np.asarray(cfg.channel_weights) / sum(cfg.channel_weights)
        )
        # Channel 0: popularity over the whole season.
        pick_pop = np.searchsorted(cum, rng.random((nc, m)) * total, side="right")
        # Channel 1: popularity within the student's search filters.
        flat = (cb + np.arange(nc)[:, None]).ravel()
        u = rng.random((nc, m)) + np.arange(nc)[:, None]
        b = np.searchsorted(flat, u, side="left") - np.arange(nc)[:, None] * N_BUCKETS
        b = np.clip(b, 0, N_BUCKETS - 1)
        u2 = start_cum[b] + rng.random((nc, m)) * mass[b]
        pick_pref = np.clip(
            np.searchsorted(cum, u2, side="right"), off[b], np.maximum(off[b + 1] - 1, off[b])
        )
        # Channel 2: uniform browsing.
        pick_uni = rng.integers(0, nz, (nc, m))
        sorted_pick = np.select([channel == 0, channel == 1], [pick_pop, pick_pref], pick_uni)
        sorted_pick = np.minimum(sorted_pick, nz - 1)
        local = np.where(channel == 2, pick_uni, order[sorted_pick])
        # First k distinct draws per row.
        srt = np.argsort(local, axis=1, kind="stable")
        vals = np.take_along_axis(local, srt, axis=1)
        dup_sorted = np.zeros_like(vals, dtype=bool)
        dup_sorted[:, 1:] = vals[:, 1:] == vals[:, :-1]
        dup = np.empty_like(dup_sorted)
        np.put_along_axis(dup, srt, dup_sorted, axis=1)
        valid = ~dup
        valid &= np.cumsum(valid, axis=1) <= k[:, None]
        rows, cols = np.nonzero(valid)
        return rows, pz[local[rows, cols]]

    def _student_side(
        self,
        rng: np.random.Generator,
        season: Season,
        pz: np.ndarray,
        s: np.ndarray,
        mode: np.ndarray,
        batch: EventBatch,
    ) -> dict[str, np.ndarray]:
        """Impressions, views, saves, dismissals and applications of a chunk of students."""
        cfg, stu, pos = self.cfg, self.w.stu, self.w.pos
        nc = s.size
        lo, hi = cfg.apply_range
        target = rng.lognormal(np.log(cfg.apply_median), cfg.apply_sigma, nc)
        target *= np.where(mode == 1, 0.7, 1.0) * np.where(stu.cold[s], 0.7, 1.0)
        target *= np.exp(-0.12 * stu.talent[s])  # weaker students send more applications
        target = np.clip(np.round(target), lo, hi).astype(np.int64)
        e_lo, e_hi = cfg.exposure_range
        k = np.round(target * cfg.exposure_ratio + cfg.exposure_extra + rng.normal(0, 4, nc))
        k = np.clip(k, e_lo, min(e_hi, pz.size)).astype(np.int64)
        rows, p = self._exposures(rng, pz, s, mode, k)
        si = s[rows]
        n = si.size
        terms = self.u.terms(si, p)
        ents = self.w.ents
        ent = pos.ent[p]
        key = stream_key(self.w.seed, f"perception-{season.key}")
        halo = 0.45 * (ents.popularity[ent] - ents.attract[ent])
        mode_adj = np.where(
            (mode[rows] == 1) & (pos.ptype[p] == 0),
            -1.5,
            np.where((mode[rows] == 0) & (pos.ptype[p] != 0), -0.5, 0.0),
        )
        perceived = terms.v_student + halo + 0.55 * pair_normal(key, si, p) + mode_adj
        # Students read the requirements: a noisy, over-confident sense of their own fit.
        self_fit = (
            terms.comp
            + 0.4 * (terms.major_fit - 0.3)
            + stu.overconfidence[si]
            + rng.normal(0, 0.15, n)
        )
        apply_score = perceived + cfg.self_fit_weight * (self_fit - 0.3)
        # Timing: impressions while the position is advertised, ~10 % after its deadline.
        start, deadline = pos.start[p], pos.deadline[p]
        if season.current:
            last = np.minimum(deadline, self.cfg.world_date.toordinal() - 1)
            span = np.maximum(last - start, 0) + 1
            day = start + np.floor(rng.random(n) * span).astype(np.int64)
        else:
            span = (deadline - start + 1) * 1.12
            day = start + np.floor(rng.random(n) * span).astype(np.int64)
        t_imp = day_to_sec(day) + rng.integers(8 * 3600, 23 * 3600, n)
        expired = day > deadline
        # Views and saves.
        headline = perceived + 0.5 * cfg.self_fit_weight * (self_fit - 0.3) + rng.normal(0, 0.5, n)
        p_view = 1 / (1 + np.exp(-(cfg.view_intercept + cfg.view_slope * headline)))
        viewed = rng.random(n) < p_view
        t_view = t_imp + rng.exponential(1200, n).astype(np.int64) + 5
        # Applications: top perceived among viewed, still open; count between the student's
        # minimum and target, stopping at a personal threshold.
        can = viewed & ~expired
        t_apply = t_view + rng.exponential(1.2 * DAY, n).astype(np.int64) + 60
        t_apply = np.minimum(t_apply, day_to_sec(deadline + 1) - 600)
        can &= t_apply > t_view
        score = np.where(can, apply_score + rng.gumbel(0, 0.3, n), -np.inf)
        order = np.lexsort((-score, rows))
        rank = _group_rank(rows[order])
        above = np.zeros(n, dtype=bool)
        threshold = -0.6 + 0.3 * rng.normal(size=nc)
        above[order] = score[order] > threshold[rows[order]]
        n_above = np.bincount(rows[above], minlength=nc)
        n_can = np.bincount(rows[can], minlength=nc)
        quota = np.minimum(np.maximum(n_above, np.minimum(lo, n_can)), target)
        applied = np.zeros(n, dtype=bool)
        applied[order] = (rank < quota[rows[order]]) & np.isfinite(score[order])
        saved = viewed & (rng.random(n) < cfg.save_p * 2 / (1 + np.exp(-perceived)))
        t_save = t_view + rng.exponential(300, n).astype(np.int64) + 5
        saved &= ~applied | (t_save < t_apply)
        # Dismissals of what was not applied to.
        worst_city = stu.city_w[si, pos.city[p]] < 0.0
        city_written = self.city_ok[si, pos.city[p]] & (self.city_ok[si].sum(axis=1) < len(CITIES))
        pay = np.where(pos.salary_max[p] > 0, pos.salary_max[p], pos.salary_mid[p])
        ref = stu.res_wage[si] * np.array([1.0, 0.5, 0.3])[pos.ptype[p]]
        low_pay = (pos.salary_max[p] > 0) & (pay < 0.9 * ref)
        p_dismiss = np.where(expired, 0.5, cfg.dismiss_p * 2 / (1 + np.exp(1.2 * perceived)))
        dismissed = ~applied & ~saved & (rng.random(n) < p_dismiss)
        reason = np.full(n, RS["not_interested"], dtype=np.int8)
        reason[rng.random(n) < 0.08] = RS["other"]
        reason[low_pay & (rng.random(n) < 0.8)] = RS["salary"]
        reason[worst_city & ~city_written & (rng.random(n) < 0.85)] = RS["wrong_city"]
        reason[expired] = RS["expired"]
        t_dismiss = np.where(viewed, t_view, t_imp) + rng.exponential(240, n).astype(np.int64) + 5
        # Already applied: the position shows up again and is dismissed for that reason.
        again = applied & (rng.random(n) < cfg.already_applied_dismiss_p)
        t_again = t_apply + rng.integers(DAY, 12 * DAY, n)

        batch.add(si, p, "impression", t_imp)
        # The feed shows some positions again, later in the season; nothing more comes of it.
        repeats = rng.poisson(cfg.repeat_impressions, n)
        rep_rows = np.repeat(np.arange(n), repeats)
        t_rep = t_imp[rep_rows] + rng.integers(DAY, 20 * DAY, rep_rows.size)
        batch.add(si[rep_rows], p[rep_rows], "impression", t_rep)
        batch.add(si[viewed], p[viewed], "view", t_view[viewed])
        batch.add(si[saved], p[saved], "save", t_save[saved])
        batch.add(
            si[dismissed], p[dismissed], "dismiss", t_dismiss[dismissed], 0, reason[dismissed]
        )
        batch.add(si[applied], p[applied], "apply", t_apply[applied])
        batch.add(si[again], p[again], "impression", t_again[again] - 30)
        batch.add(si[again], p[again], "dismiss", t_again[again], 0, RS["already_applied"])
        keep_app = applied & (t_apply < self.world_limit)
        return {
            "s": si[keep_app],
            "p": p[keep_app],
            "t": t_apply[keep_app],
            "v_e": terms.v_enterprise[keep_app],
            "v_s": terms.v_student[keep_app],
            "mode_adj": mode_adj[keep_app],
        }

    # -- enterprises ----------------------------------------------------------------------------

    def _enterprise_side(
        self,
        rng: np.random.Generator,
        app: dict[str, np.ndarray],
        batch: EventBatch,
        hires: np.ndarray,
    ) -> np.ndarray:
        """Shortlists, interviews, offers, answers, hires and rejections of one past season."""
        cfg, stu, pos, ents = self.cfg, self.w.stu, self.w.pos, self.w.ents
        s, p, t = app["s"], app["p"], app["t"]
        n = s.size
        if n == 0:
            return np.zeros(0, dtype=np.int64)
        # What the CV shows against what the position wrote down.
        req = self.req_written[p]
        has_req = req >= 0
        covered = stu.listed[s[:, None], np.where(has_req, req, 0)] & has_req
        ws = covered.sum(axis=1) / np.maximum(has_req.sum(axis=1), 1)
        major_ok = self.any_major[p] | (self.accepted[p] == stu.major[s][:, None]).any(axis=1)
        partner = ents.partner[pos.ent[p]]
        shortlisted = partner & (rng.random(n) < cfg.advisor_shortlist_p)
        t_short = t + rng.integers(DAY // 2, 4 * DAY, n)
        # Drivers unrelated to fit: referrals, how early the application came, the recruiter's
        # reading of the CV, and enterprises whose recruiters leave a season's mail unread.
        referred = rng.random(n) < cfg.referral_p
        weeks_late = np.maximum(t - day_to_sec(pos.start[p]), 0) / (7 * DAY)
        unread = rng.random(ents.n) < cfg.unread_p
        screen = (
            0.5 * app["v_e"]
            + 0.9 * (ws - 0.5)
            + 0.3 * major_ok
            + 0.25 * (stu.gpa[s] - 3.0) / 0.4
            + 0.15 * np.minimum(stu.n_competitions[s], 2)
            - 0.6 * stu.cold[s]
            + 0.5 * shortlisted
            + cfg.referral_boost * referred
            - cfg.late_penalty * weeks_late
            + rng.normal(0, cfg.screen_noise, n)
            - cfg.employer_gender_bias * stu.female[s]
        )
        sel = ents.selectivity[pos.ent[p]]
        # Interviews: a few per opening among those above the screening bar.
        quota = np.ceil(pos.openings[p] * cfg.interviews_per_opening * rng.uniform(0.7, 1.3, n))
        order = np.lexsort((-screen, p))
        rank = np.empty(n, dtype=np.int64)
        rank[order] = _group_rank(p[order])
        interviewed = (rank < quota) & (screen > sel + cfg.interview_bar) & ~unread[pos.ent[p]]
        deadline_sec = day_to_sec(pos.deadline[p] + 1)
        t_int = np.maximum(t, deadline_sec - 10 * DAY) + rng.integers(3 * DAY, 15 * DAY, n)
        t_int = _office_hours(rng, t_int)
        not_int = ~interviewed
        notice = not_int & (rng.random(n) < cfg.reject_notice_p)
        t_rej = _office_hours(rng, np.maximum(t, deadline_sec) + rng.integers(3 * DAY, 25 * DAY, n))
        batch.add(s[shortlisted], p[shortlisted], "shortlist", t_short[shortlisted], 2)
        batch.add(s[interviewed], p[interviewed], "interview", t_int[interviewed], 1)
        batch.add(s[notice], p[notice], "reject", t_rej[notice], 1)
        # Interview outcome: close to the truth; offers in rounds within capacity.
        q_int = app["v_e"] + rng.normal(0, cfg.interview_noise, n)
        eligible = interviewed & (q_int > sel + cfg.offer_bar)
        remaining = pos.openings.copy()
        committed = np.zeros(stu.n, dtype=bool)
        offered = np.zeros(n, dtype=bool)
        accepted = np.zeros(n, dtype=bool)
        t_answer = np.zeros(n, dtype=np.int64)
        value = app["v_s"] + app["mode_adj"] + rng.normal(0, 0.25, n)
        accept_bar = cfg.accept_bar + 0.3 * rng.normal(size=stu.n)
        for r in range(cfg.offer_rounds):
            open_ = eligible & ~offered & ~committed[s]
            idx = np.flatnonzero(open_)
            if idx.size == 0:
                break
            o = idx[np.lexsort((-q_int[idx], p[idx]))]
            rk = _group_rank(p[o])
            make = o[rk < remaining[p[o]]]
            if make.size == 0:
                break
            offered[make] = True
            t_offer = _office_hours(
                rng, t_int[make] + rng.integers(3 * DAY, 12 * DAY, make.size) + r * 12 * DAY
            )
            t_ans = t_offer + rng.integers(DAY, 7 * DAY, make.size)
            t_answer[make] = t_ans
            batch.add(s[make], p[make], "offer", t_offer, 1)
            # Each student takes the best offer of the round if it is good enough.
            ob = make[np.lexsort((-value[make], s[make]))]
            best = ob[_first_per_group(s[ob])]
            take = best[value[best] > accept_bar[s[best]]]
            accepted[take] = True
            committed[s[take]] = True
            np.subtract.at(remaining, p[take], 1)
            decl = np.setdiff1d(make, take, assume_unique=True)
            batch.add(s[take], p[take], "accept", t_answer[take])
            batch.add(s[decl], p[decl], "decline", t_answer[decl])
        no_offer = interviewed & ~offered & (rng.random(n) < 0.9)
        t_rej2 = _office_hours(rng, t_int + rng.integers(5 * DAY, 21 * DAY, n))
        batch.add(s[no_offer], p[no_offer], "reject", t_rej2[no_offer], 1)
        # Hires and completed internships.
        ptype = pos.ptype[p]
        stays = accepted & (rng.random(n) >= cfg.renege_p)
        job = stays & (ptype == 0)
        t_hire = _office_hours(rng, t_answer + rng.integers(5 * DAY, 40 * DAY, n))
        batch.add(s[job], p[job], "hire", t_hire[job], 1)
        other = stays & (ptype != 0)
        t_done = _office_hours(rng, t_answer + (pos.weeks[p] * 7 + rng.integers(0, 10, n)) * DAY)
        batch.add(s[other], p[other], "internship_completed", t_done[other], 1)
        np.add.at(hires, p[stays], 1)
        return np.unique(s[job])


def _office_hours(rng: np.random.Generator, t: np.ndarray) -> np.ndarray:
    """Move times to office hours (09:00–18:00) of the same day."""
    t = np.asarray(t, dtype=np.int64)
    return (t // DAY) * DAY + rng.integers(9 * 3600, 18 * 3600, t.shape)


def iter_lines(
    cols: dict[str, np.ndarray],
    first_id: int,
    id_width: int,
    student_ids: list[str],
    position_ids: list[str],
    batch: int = 200_000,
) -> Iterator[str]:
    """JSON lines of interactions in batches (compact, schema field order, defaults omitted)."""
    extras = [
        (f',"actor":"{ACTORS[a]}"' if a else "") + (f',"reason":"{REASONS[r]}"' if r else "")
        for a in range(len(ACTORS))
        for r in range(len(REASONS))
    ]
    n = int(cols["student"].size)
    for a in range(0, n, batch):
        b = min(n, a + batch)
        times = np.datetime_as_string(cols["time"][a:b].astype("datetime64[s]"), unit="s").tolist()
        extra = (cols["actor"][a:b].astype(np.int64) * len(REASONS) + cols["reason"][a:b]).tolist()
        yield "".join(
            f'{{"id":"i{k:0{id_width}d}","student_id":"{student_ids[s]}",'
            f'"position_id":"{position_ids[p]}","event":"{EVENTS[e]}","timestamp":"{t}"'
            f"{extras[x]}}}\n"
            for k, s, p, e, t, x in zip(
                range(first_id + a, first_id + b),
                cols["student"][a:b].tolist(),
                cols["position"][a:b].tolist(),
                cols["event"][a:b].tolist(),
                times,
                extra,
                strict=True,
            )
        )

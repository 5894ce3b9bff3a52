"""Parameters of the simulated world: calendar, market shape and behaviour targets.

Every number that shapes the world lives here, in one frozen dataclass with documented defaults,
so that a researcher can change a target (say, how much a written profile overclaims) without
touching the generating code. :func:`default_config` returns the defaults; ``dataclasses.replace``
derives variants.

The calendar is fixed (no dependence on today's date): three past recruiting seasons with
outcomes and one current season that is still running on :attr:`SimConfig.world_date`.
"""

from __future__ import annotations

import datetime as dt
import logging
import zlib
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

import numpy as np

logger = logging.getLogger(__name__)

SeasonKind = Literal["autumn", "spring"]


@dataclass(frozen=True)
class Season:
    """A recruiting season: 秋招 (autumn, Sep–Dec) or 春招 (spring, Mar–May, summer internships).

    ``first_start``/``last_start`` bound the day a position opens; its deadline falls
    ``min_window``..``max_window`` days later but never after ``latest_deadline``.
    """

    key: str
    label_zh: str
    kind: SeasonKind
    year: int
    start: dt.date
    end: dt.date
    first_start: dt.date
    last_start: dt.date
    min_window: int
    max_window: int
    latest_deadline: dt.date
    earliest_deadline: dt.date | None = None
    current: bool = False

    @property
    def job_graduation_year(self) -> int:
        """Graduation year of students hunting full-time jobs in this season."""
        return self.year + 1 if self.kind == "autumn" else self.year

    @property
    def intern_graduation_year(self) -> int:
        """Graduation year of students looking for internships or practice projects."""
        return self.job_graduation_year + 1


def default_seasons() -> tuple[Season, ...]:
    """Autumn 2025, spring 2026, autumn 2026 (past, with outcomes) and spring 2027 (current)."""
    d = dt.date
    return (
        Season(
            "2025A",
            "2025秋招",
            "autumn",
            2025,
            d(2025, 9, 1),
            d(2025, 12, 31),
            d(2025, 9, 1),
            d(2025, 11, 10),
            21,
            60,
            d(2025, 12, 20),
        ),
        Season(
            "2026S",
            "2026春招",
            "spring",
            2026,
            d(2026, 3, 1),
            d(2026, 6, 15),
            d(2026, 3, 1),
            d(2026, 4, 25),
            21,
            50,
            d(2026, 6, 10),
        ),
        Season(
            "2026A",
            "2026秋招",
            "autumn",
            2026,
            d(2026, 9, 1),
            d(2026, 12, 31),
            d(2026, 9, 1),
            d(2026, 11, 10),
            21,
            60,
            d(2026, 12, 20),
        ),
        Season(
            "2027S",
            "2027春招",
            "spring",
            2027,
            d(2027, 3, 1),
            d(2027, 6, 30),
            d(2027, 3, 1),
            d(2027, 4, 12),
            30,
            90,
            d(2027, 6, 30),
            earliest_deadline=d(2027, 5, 1),
            current=True,
        ),
    )


@dataclass(frozen=True)
class SimConfig:
    """Every generating parameter of the world, with realistic defaults (see DOMAIN.md)."""

    # -- calendar ---------------------------------------------------------------------------
    seasons: tuple[Season, ...] = field(default_factory=default_seasons)
    #: "Today" in the world: the current season is observed up to (not including) this date.
    world_date: dt.date = dt.date(2027, 4, 15)
    #: Share of positions per season (same order as ``seasons``).
    season_share: tuple[float, ...] = (0.22, 0.22, 0.26, 0.30)
    #: Position type mix (job, internship, project) in autumn and in spring seasons.
    type_mix_autumn: tuple[float, float, float] = (0.72, 0.14, 0.14)
    type_mix_spring: tuple[float, float, float] = (0.40, 0.45, 0.15)

    # -- enterprises ------------------------------------------------------------------------
    #: Weights of the primary sector (optics, mechatronics, icv, software, semiconductor,
    #: new_energy).
    sector_weights: tuple[float, ...] = (0.30, 0.30, 0.27, 0.06, 0.04, 0.03)
    #: Probability that an enterprise has a second sector.
    second_sector_p: float = 0.35
    #: 专精特新 tier weights: none, provincial, little_giant.
    tier_weights: tuple[float, float, float] = (0.74, 0.21, 0.05)
    #: Size weights: micro, small, medium, large.
    size_weights: tuple[float, float, float, float] = (0.24, 0.42, 0.26, 0.08)
    #: Partner-of-the-base probability for enterprises in Changchun and elsewhere.
    partner_p_changchun: float = 0.35
    partner_p_elsewhere: float = 0.08
    #: Share of enterprise descriptions written in Chinese, English, both.
    enterprise_lang_mix: tuple[float, float, float] = (0.60, 0.20, 0.20)

    # -- positions --------------------------------------------------------------------------
    #: Positions whose writer omits a truly required skill from the written list (per skill).
    omit_required_p: float = 0.22
    #: Probability that a position's written requirements add boilerplate (English, teamwork…).
    boilerplate_p: float = 0.55
    #: Share of positions that accept any major (empty accepted_majors).
    any_major_p: float = 0.22
    #: Position text language mix: Chinese, English, mixed.
    position_lang_mix: tuple[float, float, float] = (0.50, 0.25, 0.25)

    # -- students ---------------------------------------------------------------------------
    #: Degree mix: associate, bachelor, master.
    degree_weights: tuple[float, float, float] = (0.20, 0.72, 0.08)
    #: Graduation years and their weights (tied to the seasons).
    graduation_years: tuple[int, ...] = (2026, 2027, 2028)
    graduation_weights: tuple[float, ...] = (0.35, 0.45, 0.20)
    #: Weight of language and business majors relative to engineering majors (bachelor level).
    non_technical_major_weight: float = 0.35
    #: Share of female students (engineering-heavy university).
    female_p: float = 0.36
    #: Profile language mix: Chinese, English, mixed.
    profile_lang_mix: tuple[float, float, float] = (0.50, 0.25, 0.25)
    #: When set, the share of profiles, positions and enterprise descriptions written in one
    #: language only (Chinese or English, in the mixes' proportions); the rest are written in
    #: both. A world for measuring matching across languages (``matcher simulate --one-language``).
    one_language_p: float | None = None
    #: Target share of a student's true skills that the written profile lists (mean).
    listed_recall: float = 0.70
    #: Target share of listed skills that are overclaimed (mean).
    overclaim_rate: float = 0.15
    #: Share of near-empty profiles (cold start).
    cold_start_p: float = 0.07
    #: Consent to be visible to enterprises.
    visible_p: float = 0.80
    #: Share of students whose platform profile also carries canonical skill ids (picked tags).
    skill_ids_p: float = 0.35
    #: Share of final-year bachelor students preparing for the graduate exam (考研): they want
    #: internships and projects, not jobs, whatever their written preferences say.
    kaoyan_p: float = 0.12

    # -- seasons: who is active --------------------------------------------------------------
    #: Probability that a student searches in their first job season.
    active_job_first_p: float = 0.92
    #: Probability that an unplaced student searches again in the next job season.
    active_job_again_p: float = 0.82
    #: Probability of looking for a summer internship in the spring before the final year.
    active_intern_spring_p: float = 0.55
    #: Probability of looking for an autumn internship or project in the pre-final year.
    active_intern_autumn_p: float = 0.18

    # -- behaviour ----------------------------------------------------------------------------
    #: Applications per student per season: lognormal median and spread, clipped to the range.
    apply_median: float = 11.0
    apply_sigma: float = 0.45
    apply_range: tuple[int, int] = (5, 30)
    #: Impressions per season ≈ apply_target × exposure_ratio + exposure_extra (clipped).
    exposure_ratio: float = 1.5
    exposure_extra: float = 14.0
    exposure_range: tuple[int, int] = (15, 80)
    #: Exposure channels: popularity list, preference-filtered search, uniform browsing.
    channel_weights: tuple[float, float, float] = (0.50, 0.42, 0.08)
    #: How strongly popularity concentrates exposure (exponent on exp(popularity)).
    popularity_power: float = 1.6
    #: Weight of the student's own (noisy, over-confident) sense of fit in views and applications.
    self_fit_weight: float = 2.0
    save_p: float = 0.28
    dismiss_p: float = 0.22
    already_applied_dismiss_p: float = 0.05
    advisor_shortlist_p: float = 0.15
    #: Applicants invited to interview per opening (before the employer's bar).
    interviews_per_opening: float = 4.0
    #: Employer bars relative to the enterprise's hidden selectivity: the CV screening score must
    #: exceed ``selectivity + interview_bar``; the interview impression ``selectivity + offer_bar``.
    interview_bar: float = -1.6
    offer_bar: float = -1.8
    #: Share of non-interviewed applicants who receive an explicit reject (the rest: silence).
    reject_notice_p: float = 0.70
    #: Offer rounds (a second round fills places freed by declines).
    offer_rounds: int = 3
    #: Share of accepted offers that the student reneges on (no hire follows).
    renege_p: float = 0.03
    #: Optional employer bias against female applicants in perception (0 = none). For fairness
    #: experiments only; never in the ground truth.
    employer_gender_bias: float = 0.0

    # -- ground truth ---------------------------------------------------------------------------
    #: Cumulative top fractions of pairs graded 3, ≥2 and ≥1 (global quantiles of the graded score).
    grade_fractions: tuple[float, float, float] = (0.007, 0.027, 0.072)
    #: Graded score = utility − centering × the query's own level (its utility quantile below), so
    #: that weak and strong students (and dull and coveted positions) all have some graded items
    #: while better-placed ones keep more. 0 = pure global grading, 1 = fully per query.
    grade_centering: float = 0.5
    grade_level_quantile: float = 0.95
    #: Students used to estimate position levels and thresholds in very large worlds.
    truth_level_students: int = 200
    #: Above this many pairs, ground truth covers a deterministic subset of students.
    max_truth_pairs: int = 200_000_000
    truth_subset_students: int = 2000
    #: Pairs sampled to estimate the grade thresholds.
    threshold_sample_pairs: int = 2_000_000

    # -- engineering --------------------------------------------------------------------------
    #: Students per chunk in behaviour and ground truth (bounds memory; results do not depend on it
    #: for ground truth, but behaviour draws are made per chunk, so keep it fixed per seed).
    chunk_students: int = 512
    truth_chunk_pairs: int = 2_000_000

    def as_dict(self) -> dict[str, Any]:
        """JSON-friendly view of the parameters (dates as ISO strings)."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def default_config() -> SimConfig:
    """The default parameters."""
    return SimConfig()


def make_rng(seed: int, stream: str) -> np.random.Generator:
    """An independent PCG64 generator for a named stream of a seed (stable across runs).

    The stream name is turned into a spawn key with CRC-32, not Python's salted ``hash``.
    """
    key = zlib.crc32(stream.encode("utf-8"))
    return np.random.Generator(np.random.PCG64(np.random.SeedSequence(seed, spawn_key=(key,))))


def stream_key(seed: int, stream: str) -> np.uint64:
    """A 64-bit key for counter-based pair noise (see :mod:`matcher.simulate.utility`)."""
    ss = np.random.SeedSequence(seed, spawn_key=(zlib.crc32(stream.encode("utf-8")), 7))
    return np.uint64(ss.generate_state(1, dtype=np.uint64)[0])


def language_mix(cfg: SimConfig, mix: tuple[float, float, float]) -> np.ndarray:
    """Probabilities of Chinese, English and mixed text for one kind of record: ``mix`` as
    given, or rescaled so that ``cfg.one_language_p`` of records are one-language."""
    p = np.asarray(mix, dtype=np.float64)
    p = p / p.sum()
    share = cfg.one_language_p
    if share is None:
        return p
    if not 0.0 <= share <= 1.0:
        raise ValueError(f"one_language_p must lie in [0, 1], got {share}")
    one = p[:2].sum()
    zh = p[0] / one if one > 0 else 0.5
    return np.array([share * zh, share * (1.0 - zh), 1.0 - share])

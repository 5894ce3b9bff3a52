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
import json
import logging
import zlib
from dataclasses import asdict, dataclass, field, fields, is_dataclass
from pathlib import Path
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
class UtilityCoefficients:
    """Weights of the hidden utility (:mod:`matcher.simulate.utility`).

    The employer side values competence for the true needs, major fit, general talent, how the
    student performs in this enterprise's interviews and how she fits its team; the student side
    values the place, the pay, the kind of work, the enterprise's culture and the timing. The
    match value mixes both sides and is lowered when they disagree or when the student falls
    short of the employer's bar. Terms marked *hidden* have no written proxy in any record.
    """

    # -- employer side ------------------------------------------------------------------------
    competence: float = 1.5
    major_fit: float = 0.7
    talent: float = 0.25
    #: hidden: interview performance, weighted by how much the enterprise relies on interviews
    interview: float = 0.45
    #: hidden: team fit, a trait of the pair
    team_fit: float = 0.55
    employer_noise: float = 0.30
    #: level of the employer side against the student side (shifts which side is the lower)
    employer_offset: float = 1.0
    # -- student side -------------------------------------------------------------------------
    attractiveness: float = 0.55
    city: float = 1.0
    sector: float = 0.6
    position_type: float = 1.0
    salary: float = 1.0
    size: float = 0.4
    tier: float = 0.5
    #: enjoying work one is good at
    enjoyment: float = 0.35
    #: hidden: unstated taste for the enterprise's way of working
    culture: float = 0.55
    #: hidden: how the position's start fits when the student is free
    timing: float = 0.45
    student_noise: float = 0.45
    #: the student's outside option (keep searching, study further)
    outside_option: float = 0.8
    # -- the match ----------------------------------------------------------------------------
    student_weight: float = 0.55
    employer_weight: float = 0.45
    #: penalty on the gap between the two sides' values
    imbalance: float = 0.25
    #: penalty when the student falls short of the employer's selectivity
    selectivity_bar: float = 0.5


@dataclass(frozen=True)
class TextStyle:
    """How people write: which writer, how claims are worded, what the taxonomy misses."""

    #: Shares of records written by the standard writer (:mod:`matcher.simulate.texts`) and the
    #: varied one (:mod:`matcher.simulate.texts_varied`).
    writers: tuple[float, float] = (0.5, 0.5)
    #: Share of a profile's skills written with a level word (精通, 熟练, 熟悉, 了解 …).
    claim_word_p: float = 0.4
    #: Spread of the level words around what the student believes of herself: a word is chosen
    #: from the perceived level plus logistic noise of this scale.
    claim_word_noise: float = 0.12
    #: Spread of the per-skill error in how a student perceives her own level.
    perception_noise: float = 0.15
    #: Share of written skills the taxonomy does not know: typos, private synonyms, tools.
    unknown_skill_p: float = 0.12
    #: Share of position titles taken from another role of the same sector or a generic title.
    title_crossover_p: float = 0.45


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
    enterprise_lang_mix: tuple[float, float, float] = (0.76, 0.04, 0.20)

    # -- positions --------------------------------------------------------------------------
    #: Positions whose writer omits a truly required skill from the written list (per skill).
    omit_required_p: float = 0.22
    #: Probability that a position's written requirements add boilerplate (English, teamwork…).
    boilerplate_p: float = 0.55
    #: Share of positions that accept any major (empty accepted_majors).
    any_major_p: float = 0.22
    #: Position text language mix: Chinese, English, mixed (Chinese with English tool names and
    #: phrases). A regional university's market writes mostly Chinese.
    position_lang_mix: tuple[float, float, float] = (0.76, 0.04, 0.20)

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
    #: Profile language mix: Chinese, English, mixed. Few students of a regional university in
    #: Jilin write in English only.
    profile_lang_mix: tuple[float, float, float] = (0.80, 0.03, 0.17)
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
    apply_median: float = 2.8
    apply_sigma: float = 0.5
    apply_range: tuple[int, int] = (1, 12)
    #: Distinct positions shown per season ≈ apply_target × exposure_ratio + exposure_extra
    #: (clipped; never more than the season has).
    exposure_ratio: float = 20.0
    exposure_extra: float = 45.0
    exposure_range: tuple[int, int] = (30, 180)
    #: Mean number of times a shown position is shown again (feeds repeat themselves).
    repeat_impressions: float = 0.4
    #: A view follows an impression with probability sigmoid(view_intercept + view_slope × how
    #: good the card looks to her): job boards see 10–20 % of impressions viewed.
    view_intercept: float = -1.5
    view_slope: float = 0.6
    #: Exposure channels: popularity list, preference-filtered search, uniform browsing.
    channel_weights: tuple[float, float, float] = (0.50, 0.42, 0.08)
    #: How strongly popularity concentrates exposure (exponent on exp(popularity)).
    popularity_power: float = 1.6
    #: Weight of the student's own (noisy, over-confident) sense of fit in views and applications.
    self_fit_weight: float = 2.0
    save_p: float = 0.22
    dismiss_p: float = 0.05
    already_applied_dismiss_p: float = 0.05
    advisor_shortlist_p: float = 0.15
    #: Applicants invited to interview per opening (before the employer's bar).
    interviews_per_opening: float = 4.0
    #: Spread of a recruiter's reading of a CV (noise unrelated to fit).
    screen_noise: float = 0.9
    #: Share of applications that come with a referral (a teacher, an alumnus) and its weight.
    referral_p: float = 0.08
    referral_boost: float = 0.9
    #: Screening weight lost per week an application arrives after the position opened: early
    #: applicants take the interview slots.
    late_penalty: float = 0.25
    #: Share of enterprises whose recruiters leave a season's applications unread.
    unread_p: float = 0.1
    #: Spread of how an interview goes beyond what the employer would value (nerves, the day).
    interview_noise: float = 0.9
    #: A student takes the best offer of a round if she values it above this bar (plus her own
    #: spread): about a third of campus offers are declined.
    accept_bar: float = -0.2
    #: Employer bars relative to the enterprise's hidden selectivity: the CV screening score must
    #: exceed ``selectivity + interview_bar``; the interview impression ``selectivity + offer_bar``.
    interview_bar: float = -1.1
    offer_bar: float = -0.8
    #: Share of non-interviewed applicants who receive an explicit reject (the rest: silence).
    reject_notice_p: float = 0.70
    #: Offer rounds (a second round fills places freed by declines).
    offer_rounds: int = 3
    #: Share of accepted offers that the student reneges on (no hire follows).
    renege_p: float = 0.03
    #: Optional employer bias against female applicants in perception (0 = none). For fairness
    #: experiments only; never in the ground truth.
    employer_gender_bias: float = 0.0

    # -- the hidden utility and the writing ------------------------------------------------------
    utility: UtilityCoefficients = field(default_factory=UtilityCoefficients)
    text: TextStyle = field(default_factory=TextStyle)

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


#: Parameters that are weights of a mix: non-negative, with a positive sum.
_MIXES = (
    "season_share",
    "type_mix_autumn",
    "type_mix_spring",
    "sector_weights",
    "tier_weights",
    "size_weights",
    "enterprise_lang_mix",
    "position_lang_mix",
    "degree_weights",
    "graduation_weights",
    "profile_lang_mix",
    "channel_weights",
    "writers",
)
#: Parameters whose length may differ from the default's (checked against each other).
_FREE_LENGTH = ("seasons", "season_share", "graduation_years", "graduation_weights")


def config_from_dict(data: Any, *, source: str = "config") -> SimConfig:
    """A :class:`SimConfig` from the JSON form :meth:`SimConfig.as_dict` writes.

    Parameters left out keep their defaults; an unknown parameter, a value of the wrong kind or
    one outside its range raises :class:`~matcher.errors.SimConfigError` naming ``source``, the
    parameter and the problem.
    """
    cfg = _build(SimConfig, data, source, "")
    check_config(cfg, source=source)
    return cfg


def load_config(path: Path) -> SimConfig:
    """The configuration in a JSON file (see :func:`config_from_dict`)."""
    from matcher.errors import SimConfigError

    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except OSError as exc:
        raise SimConfigError(f"{path}: cannot be read: {exc.strerror or exc}") from exc
    except json.JSONDecodeError as exc:
        raise SimConfigError(f"{path}:{exc.lineno}: not JSON: {exc.msg}") from exc
    return config_from_dict(data, source=str(path))


def check_config(cfg: SimConfig, *, source: str = "config") -> None:
    """Refuse parameters that cannot make a world (probabilities outside [0, 1], empty mixes,
    inverted ranges, lengths that do not agree)."""
    from matcher.errors import SimConfigError

    def bad(path: str, problem: str) -> SimConfigError:
        return SimConfigError(f"{source}: {path}: {problem}")

    for owner, prefix in ((cfg, ""), (cfg.utility, "utility."), (cfg.text, "text.")):
        for f in fields(owner):
            value = getattr(owner, f.name)
            path = prefix + f.name
            if f.name.endswith("_p") and value is not None and not 0.0 <= value <= 1.0:
                raise bad(path, f"a probability must lie in [0, 1], got {value}")
            if f.name in _MIXES:
                if any(v < 0 for v in value) or sum(value) <= 0:
                    raise bad(path, "weights must be non-negative with a positive sum")
            elif isinstance(value, float) and not np.isfinite(value):
                raise bad(path, "must be a finite number")
    for name in ("apply_range", "exposure_range"):
        lo, hi = getattr(cfg, name)
        if not 1 <= lo <= hi:
            raise bad(name, f"must be [low, high] with 1 <= low <= high, got [{lo}, {hi}]")
    if len(cfg.season_share) != len(cfg.seasons):
        raise bad("season_share", f"needs one share per season ({len(cfg.seasons)})")
    if not any(s.current for s in cfg.seasons[-1:]) or sum(s.current for s in cfg.seasons) != 1:
        raise bad("seasons", "the last season, and only it, must be the current one")
    if len(cfg.graduation_weights) != len(cfg.graduation_years):
        raise bad("graduation_weights", "needs one weight per graduation year")
    positive = {
        "apply_median": cfg.apply_median,
        "exposure_ratio": cfg.exposure_ratio,
        "interviews_per_opening": cfg.interviews_per_opening,
        "offer_rounds": cfg.offer_rounds,
        "chunk_students": cfg.chunk_students,
        "truth_chunk_pairs": cfg.truth_chunk_pairs,
        "threshold_sample_pairs": cfg.threshold_sample_pairs,
        "truth_level_students": cfg.truth_level_students,
        "truth_subset_students": cfg.truth_subset_students,
    }
    for name, value in positive.items():
        if value <= 0:
            raise bad(name, f"must be positive, got {value}")
    spreads = {
        "apply_sigma": cfg.apply_sigma,
        "screen_noise": cfg.screen_noise,
        "interview_noise": cfg.interview_noise,
        "repeat_impressions": cfg.repeat_impressions,
        "text.claim_word_noise": cfg.text.claim_word_noise,
        "text.perception_noise": cfg.text.perception_noise,
        "exposure_extra": cfg.exposure_extra,
    }
    for name, value in spreads.items():
        if value < 0:
            raise bad(name, f"must not be negative, got {value}")
    g = cfg.grade_fractions
    if not 0 < g[0] < g[1] < g[2] < 1:
        raise bad("grade_fractions", "must be increasing shares between 0 and 1")
    if not 0 < cfg.grade_level_quantile <= 1 or not 0 <= cfg.grade_centering <= 1:
        raise bad("grade_level_quantile", "grade_level_quantile and grade_centering lie in (0, 1]")


def _build(cls: type, data: Any, source: str, prefix: str) -> Any:
    from matcher.errors import SimConfigError

    where = prefix.rstrip(".") or "the configuration"
    if not isinstance(data, dict):
        raise SimConfigError(f"{source}: {where}: expected an object of parameters")
    known = {f.name for f in fields(cls)}
    unknown = sorted(set(data) - known)
    if unknown:
        raise SimConfigError(
            f"{source}: {prefix}{unknown[0]}: unknown parameter "
            f"(`matcher simulate --print-config` lists them)"
        )
    default = cls()
    values = {
        name: _value(getattr(default, name), data[name], source, prefix + name) for name in data
    }
    try:
        return cls(**values)
    except (TypeError, ValueError) as exc:
        raise SimConfigError(f"{source}: {where}: {exc}") from exc


#: A season's fields with an example value of their kind (a season has no defaults).
_SEASON_KINDS: dict[str, Any] = {
    "key": "",
    "label_zh": "",
    "kind": "",
    "year": 0,
    "start": dt.date(2000, 1, 1),
    "end": dt.date(2000, 1, 1),
    "first_start": dt.date(2000, 1, 1),
    "last_start": dt.date(2000, 1, 1),
    "min_window": 0,
    "max_window": 0,
    "latest_deadline": dt.date(2000, 1, 1),
    "earliest_deadline": dt.date(2000, 1, 1),
    "current": False,
}


def _season(data: Any, source: str, path: str) -> Season:
    from matcher.errors import SimConfigError

    if not isinstance(data, dict):
        raise SimConfigError(f"{source}: {path}: expected an object")
    unknown = sorted(set(data) - set(_SEASON_KINDS))
    if unknown:
        raise SimConfigError(f"{source}: {path}.{unknown[0]}: unknown parameter")
    optional = {"earliest_deadline": None, "current": False}
    missing = sorted(set(_SEASON_KINDS) - set(data) - set(optional))
    if missing:
        raise SimConfigError(f"{source}: {path}.{missing[0]}: missing")
    values = dict(optional)
    for name, raw in data.items():
        if raw is None and name in optional:
            continue
        values[name] = _value(_SEASON_KINDS[name], raw, source, f"{path}.{name}")
    if values["kind"] not in ("autumn", "spring"):
        raise SimConfigError(f"{source}: {path}.kind: must be autumn or spring")
    return Season(**values)


def _value(default: Any, value: Any, source: str, path: str) -> Any:
    """``value`` converted to the kind of ``default``."""
    from matcher.errors import SimConfigError

    def bad(problem: str) -> SimConfigError:
        return SimConfigError(f"{source}: {path}: {problem}, got {json.dumps(value)}")

    if is_dataclass(default):
        return _build(type(default), value, source, path + ".")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad("expected true or false")
        return value
    if isinstance(default, dt.date):
        try:
            return dt.date.fromisoformat(value)
        except (TypeError, ValueError):
            raise bad("expected a date YYYY-MM-DD") from None
    if isinstance(default, tuple):
        if not isinstance(value, list):
            raise bad("expected a list")
        name = path.rsplit(".", 1)[-1]
        if name not in _FREE_LENGTH and len(value) != len(default):
            raise bad(f"expected a list of {len(default)}")
        if name == "seasons":
            return tuple(_season(v, source, f"{path}[{i}]") for i, v in enumerate(value))
        kind = default[0] if default else 0.0
        return tuple(_value(kind, v, source, f"{path}[{i}]") for i, v in enumerate(value))
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int | float) or value != int(value):
            raise bad("expected a whole number")
        return int(value)
    if isinstance(default, float) or default is None:
        if value is None and default is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise bad("expected a number")
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise bad("expected text")
        return value
    raise bad("cannot be set")  # pragma: no cover - every parameter kind is handled above


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

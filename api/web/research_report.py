"""The offline evaluation report as a page: ``metrics.json`` read into sections of tables.

``matcher eval-offline --out <models>/report`` writes ``metrics.json`` (every figure),
``report.md``, plots, TREC runs and qrels. This module reads ``metrics.json`` into what the
template shows, in the reader's language: sections with notes, tables, facts and plots, in the
order of ``report.md``. A report is *stale* when it evaluated another engine version than the
one served (``parameters.engine_version`` against the served manifest's ``version``); the page
says so and gives the command that makes it again. Parsed reports are kept while the file is
unchanged (its modification time and size), so a page view reads no JSON.

Why one long module (about 700 lines): one small reader per section of the report, mirroring
:mod:`eval.report` section for section, so that a section added to the report is added to the
page in one place.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import logging
import shlex
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from matcher.messages import CATALOGUE, message

logger = logging.getLogger(__name__)

#: China Standard Time (no daylight saving): the time every page of this role shows.
CHINA = dt.timezone(dt.timedelta(hours=8))
#: Measures' labels: notation, the same in both languages.
MEASURE_LABELS = {
    "ndcg@5": "nDCG@5",
    "ndcg@10": "nDCG@10",
    "ndcg@20": "nDCG@20",
    "map": "MAP",
    "mrr": "MRR",
    "recall@10": "Recall@10",
    "recall@50": "Recall@50",
    "recall@100": "Recall@100",
    "precision@10": "P@10",
    "brier": "Brier",
    "ece": "ECE",
}
#: The report's systems that are learned rankers or the served path, not baselines.
NOT_BASELINES = frozenset({"pointwise", "listwise", "learned", "served"})
#: Which section shows which plot (by file name); the others go to a section of their own.
PLOT_SECTIONS = {
    "ndcg_at_k_student_to_position.png": "hidden-student_to_position",
    "ndcg_at_k_position_to_student.png": "hidden-position_to_student",
    "exposure.png": "beyond",
    "calibration.png": "calibration",
}


@dataclass(frozen=True)
class Cell:
    """One cell: its text and how it looks (``num``, ``best``, ``code``)."""

    text: str
    kind: str = ""


@dataclass
class Table:
    """A table: column labels, rows of cells, a class per row (``learned``, ``served``)."""

    head: list[str]
    rows: list[list[Cell]] = field(default_factory=list)
    row_kinds: list[str] = field(default_factory=list)
    caption: str | None = None

    def add(self, cells: Sequence[Cell], kind: str = "") -> None:
        self.rows.append(list(cells))
        self.row_kinds.append(kind)


@dataclass
class Section:
    """A section of the report: a title, notes, facts (label, value), tables and plots."""

    id: str
    title: str
    notes: list[str] = field(default_factory=list)
    facts: list[tuple[str, str]] = field(default_factory=list)
    tables: list[Table] = field(default_factory=list)
    plots: list[str] = field(default_factory=list)
    legend: list[tuple[str, str]] = field(default_factory=list)


@dataclass
class Report:
    """What the report page shows: whether there is a report and whether it is stale."""

    state: str  # "missing", "broken", "fresh", "stale" or "unknown" (no version recorded)
    served_version: str | None
    command: str
    report_version: str | None = None
    created: str | None = None
    seconds: str | None = None
    key_figures: list[tuple[str, str]] = field(default_factory=list)
    sections: list[Section] = field(default_factory=list)
    downloads: list[tuple[str, str]] = field(default_factory=list)
    runs: list[str] = field(default_factory=list)
    qrels: list[str] = field(default_factory=list)
    run_depth: int = 100

    @property
    def stale(self) -> bool:
        return self.state in ("stale", "unknown")


# -- formatting -----------------------------------------------------------------------------


def china_time(value: Any) -> str:
    """An ISO time or a datetime (naive = UTC) as ``YYYY-MM-DD HH:MM`` in China time."""
    if value is None or value == "":
        return "–"
    when = value if isinstance(value, dt.datetime) else dt.datetime.fromisoformat(str(value))
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return when.astimezone(CHINA).strftime("%Y-%m-%d %H:%M")


def number(value: Any, digits: int = 4) -> str:
    """A figure as the tables show it: integers with separators, others to ``digits``."""
    if value is None:
        return "–"
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, float):
        if value.is_integer() and abs(value) >= 1000:
            return f"{int(value):,}"
        return f"{value:.{digits}f}"
    return str(value)


def percent(value: Any) -> str:
    return "–" if value is None else f"{100 * float(value):.1f}%"


def p_value(value: Any) -> str:
    if value is None:
        return "–"
    return "<0.001" if float(value) < 0.001 else f"{float(value):.3f}"


def word(key: str, lang: str, default: str | None = None, **fields: Any) -> str:
    """The catalogue's ``key`` in ``lang``; ``default`` (or the key) when there is none."""
    if key not in CATALOGUE:
        return key if default is None else default
    return message(key, lang, **fields)


def hide_password(url: str) -> str:
    """A database URL without its password (the report records the store it read)."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    try:
        return make_url(url).render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        return url


# -- reading --------------------------------------------------------------------------------


def refresh_command(models_dir: Path, parameters: Mapping[str, Any] | None = None) -> str:
    """The command that (re)makes the report of the engine served from ``models_dir``."""
    parameters = parameters or {}
    truth = parameters.get("ground_truth") or "<ground_truth>"
    parts = [
        f"MATCHER_MODELS_DIR={shlex.quote(str(models_dir))}",
        "python -m matcher eval-offline",
        f"--ground-truth {shlex.quote(str(truth))}",
        f"--out {shlex.quote(str(models_dir / 'report'))}",
    ]
    if parameters.get("ablations") is False:
        parts.append("--no-ablations")
    return " ".join(parts)


def report_dir(models_dir: Path) -> Path:
    """Where ``matcher eval-offline`` writes the report of the engine in ``models_dir``."""
    return Path(models_dir) / "report"


def load_report(models_dir: Path, served_version: str | None, lang: str) -> Report:
    """The report of ``models_dir`` for the page, in ``lang``, checked against the served one."""
    path = report_dir(models_dir) / "metrics.json"
    try:
        stat = path.stat()
    except OSError:
        return Report("missing", served_version, refresh_command(Path(models_dir)))
    return _built(str(path), stat.st_mtime_ns, stat.st_size, served_version, lang)


@functools.lru_cache(maxsize=16)
def _built(path: str, _mtime: int, _size: int, served_version: str | None, lang: str) -> Report:
    folder = Path(path).parent
    models_dir = folder.parent
    try:
        metrics = json.loads(Path(path).read_text(encoding="utf-8"))
        if not isinstance(metrics, dict) or not isinstance(metrics.get("directions"), dict):
            raise ValueError("metrics.json has no directions")
    except (OSError, ValueError) as exc:
        logger.warning("the evaluation report cannot be read: %s", type(exc).__name__)
        return Report("broken", served_version, refresh_command(models_dir))
    parameters = metrics.get("parameters") or {}
    version = parameters.get("engine_version")
    state = "unknown" if version is None else "fresh" if version == served_version else "stale"
    report = Report(
        state,
        served_version,
        refresh_command(models_dir, parameters),
        report_version=version,
        created=china_time(metrics.get("created")) if metrics.get("created") else None,
        seconds=number(metrics.get("seconds"), 1) if metrics.get("seconds") else None,
        run_depth=int(metrics.get("run_depth") or 100),
    )
    report.key_figures = _key_figures(metrics, lang)
    report.sections = _sections(metrics, folder, lang)
    report.downloads = [
        (name, word(key, lang))
        for name, key in (("metrics.json", "res_metrics_json"), ("report.md", "res_report_md"))
        if (folder / name).is_file()
    ]
    report.runs = sorted(str(p.relative_to(folder)) for p in folder.glob("runs/*/*.run"))
    report.qrels = sorted(str(p.relative_to(folder)) for p in folder.glob("qrels/*.qrels"))
    return report


# -- the sections ---------------------------------------------------------------------------


def _sections(metrics: Mapping[str, Any], folder: Path, lang: str) -> list[Section]:
    builders: list[Callable[[Mapping[str, Any], str], list[Section]]] = [
        _split,
        _hidden,
        _observed,
        _served,
        _languages,
        _ablations,
        _beyond,
        _calibration,
        _placement,
        _fairness,
        _external,
        _versions,
    ]
    sections: list[Section] = []
    for build in builders:
        try:
            sections += build(metrics, lang)
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            # One section of an older or partial report must not take the page down.
            logger.warning("report section %s skipped: %r", build.__name__, exc)
    _place_plots(sections, metrics, folder, lang)
    return sections


def _single(id_: str, title: str, note: str, table: Table) -> list[Section]:
    """A section of one note and one table."""
    return [Section(id_, title, notes=[note], tables=[table])]


def _ablation_names(metrics: Mapping[str, Any]) -> set[str]:
    ablations = metrics.get("ablations") or {}
    names = {*ablations.get("channels", ()), *ablations.get("feature_groups", ())}
    for section in metrics["directions"].values():
        names |= {n for n in section["systems"] if " − " in n}
    return names


def _main_names(section: Mapping[str, Any], metrics: Mapping[str, Any]) -> list[str]:
    ablated = _ablation_names(metrics)
    return [n for n in section["systems"] if n not in ablated]


def _direction(name: str, lang: str) -> str:
    return word(f"res_dir_{name}", lang, name.replace("_to_", " → "))


def _system_cell(name: str) -> Cell:
    return Cell(name, "code")


def _ordered(measures: Sequence[str]) -> list[str]:
    """``measures`` with nDCG@10 first (the one tested against learned), then MAP, MRR,
    Recall@100, then the others as given: a phone shows the first columns."""
    first = [m for m in ("ndcg@10", "map", "mrr", "recall@100") if m in measures]
    return first + [m for m in measures if m not in first]


def _system_table(
    section: Mapping[str, Any], names: Sequence[str], measures: Sequence[str], lang: str
) -> Table:
    """Systems × measures, then Δ nDCG@10 and p-values against ``learned``; best in bold."""
    systems = section["systems"]
    significance = section.get("significance") or {}
    measures = _ordered(measures)
    lead, rest = measures[:1], measures[1:]
    table = Table(
        [
            word("res_col_system", lang),
            *(MEASURE_LABELS.get(m, m) for m in lead),
            word("res_col_delta", lang),
            word("res_col_p_boot", lang),
            word("res_col_p_t", lang),
            *(MEASURE_LABELS.get(m, m) for m in rest),
        ]
    )
    best = {
        m: max((systems[n].get(m, float("-inf")) for n in names), default=None) for m in measures
    }

    def figure(name: str, m: str) -> Cell:
        value = systems[name].get(m)
        return Cell(number(value), "best" if value is not None and value == best[m] else "num")

    for name in names:
        s = significance.get(name) if name != "learned" else None
        tested = (
            [f"{s['delta']:+.4f}", p_value(s["p_bootstrap"]), p_value(s["p_t_test"])]
            if s
            else ["–"] * 3
        )
        cells = [
            _system_cell(name),
            *(figure(name, m) for m in lead),
            *(Cell(text, "num") for text in tested),
            *(figure(name, m) for m in rest),
        ]
        table.add(cells, name if name in ("learned", "served") else "")
    return table


def _legend(names: Sequence[str], metrics: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    kind = metrics.get("learned_kind", "?")
    out = [
        (n, word(f"res_sys_{n}", lang, "", kind=kind)) for n in names if f"res_sys_{n}" in CATALOGUE
    ]
    if _ablation_names(metrics):
        out.append(("A − B", word("res_sys_ablation", lang)))
    return out


def _key_figures(metrics: Mapping[str, Any], lang: str) -> list[tuple[str, str]]:
    """nDCG@10 of learned, of the served path and of the best baseline (student → position,
    hidden truth): what a reader wants first."""
    try:
        systems = metrics["directions"]["student_to_position"]["systems"]
        ablated = _ablation_names(metrics)
        baselines = [n for n in systems if n not in NOT_BASELINES and n not in ablated]
        out = [(word("res_kpi_learned", lang), number(systems["learned"]["ndcg@10"]))]
        if "served" in systems:
            out.append((word("res_kpi_served", lang), number(systems["served"]["ndcg@10"])))
        if baselines:
            best = max(baselines, key=lambda n: systems[n]["ndcg@10"])
            label = word("res_kpi_baseline", lang, name=best)
            out.append((label, number(systems[best]["ndcg@10"])))
        return out
    except (KeyError, TypeError, ValueError):
        return []


def _split(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    split = metrics["split"]
    section = Section("split", word("res_sec_split", lang), notes=[word("res_split_note", lang)])
    section.facts = [
        (word("res_train_semesters", lang), ", ".join(split["train"])),
        (word("res_train_pairs", lang), number(split["train_pairs"])),
        (word("res_test_semester", lang), str(split["test"])),
        (word("res_test_start", lang), str(split["test_start"])),
        (word("res_test_pairs", lang), number(split["test_pairs"])),
        (
            word("res_scored", lang),
            word(
                "res_scored_value",
                lang,
                students=number(metrics["students"]),
                positions=number(metrics["positions"]),
            ),
        ),
        (word("res_learned_kind", lang), str(metrics.get("learned_kind", "–"))),
        (word("res_run_depth", lang), number(metrics.get("run_depth"))),
    ]
    return [section]


def _queries(section: Mapping[str, Any], lang: str) -> str:
    return word(
        "res_queries",
        lang,
        queries=number(section["queries"]),
        excluded=number(section["excluded_queries"]),
    )


def _hidden(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    out = []
    measures = list(metrics["measures"])
    for direction, section in metrics["directions"].items():
        names = _main_names(section, metrics)
        out.append(
            Section(
                f"hidden-{direction}",
                word("res_sec_hidden", lang, direction=_direction(direction, lang)),
                notes=[
                    _queries(section, lang),
                    word("res_hidden_note", lang),
                    word("res_best_note", lang),
                ],
                tables=[_system_table(section, names, measures, lang)],
                legend=_legend(names, metrics, lang) if not out else [],
            )
        )
    return out


def _observed(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    out = []
    for direction, section in (metrics.get("observed") or {}).items():
        names = _main_names(section, metrics)
        out.append(
            Section(
                f"observed-{direction}",
                word("res_sec_observed", lang, direction=_direction(direction, lang)),
                notes=[_queries(section, lang), word("res_observed_note", lang)],
                tables=[
                    _system_table(section, names, ["ndcg@10", "map", "mrr", "recall@100"], lang)
                ],
            )
        )
    return out


def _served(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    sv = metrics.get("served")
    if not sv:
        return []
    section = Section("served", word("res_sec_served", lang), notes=[word("res_served_note", lang)])
    systems = metrics["directions"].get("student_to_position", {}).get("systems", {})
    if "served" in systems and "learned" in systems:
        section.notes.append(
            word(
                "res_served_gap",
                lang,
                served=number(systems["served"]["ndcg@10"]),
                learned=number(systems["learned"]["ndcg@10"]),
                cap=sv.get("per_enterprise", "?"),
            )
        )
    section.facts = [
        (word("res_sv_as_of", lang), str(sv.get("as_of", "–"))),
        (word("res_sv_history", lang), str(sv.get("history_cutoff", "–"))[:10]),
        (
            word("res_sv_history_pairs", lang),
            f"{number(sv.get('history_pairs'))} ({number(sv.get('history_pairs_dropped'))})",
        ),
        (
            word("res_sv_catalogue", lang),
            f"{number(sv.get('catalogue'))} ({number(sv.get('catalogue_open_on_day'))})",
        ),
        (
            word("res_sv_lists", lang),
            f"{number(sv.get('depth'))} / {number(sv.get('per_enterprise'))}",
        ),
        (
            word("res_sv_pool", lang),
            f"{number(sv.get('channel_depth'))} → {number(sv.get('pool'))}",
        ),
        (word("res_sv_eligible", lang), number(sv.get("mean_eligible"), 1)),
        (word("res_sv_over_pool", lang), percent(sv.get("share_eligible_over_pool"))),
        (
            word("res_sv_relevant", lang, n=number(sv.get("relevant_pairs"))),
            percent(sv.get("relevant_eligible_share")),
        ),
        (word("res_sv_list_length", lang), number(sv.get("mean_list_length"), 1)),
    ]
    return [section]


def _ablations(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    ablated = _ablation_names(metrics)
    section = Section("ablations", word("res_sec_ablations", lang))
    for direction, part in metrics["directions"].items():
        names = [n for n in part["systems"] if n in ablated]
        if not names:
            continue
        table = _system_table(
            part,
            ["learned", *names] if "learned" in part["systems"] else names,
            ["ndcg@10", "map", "recall@100"],
            lang,
        )
        table.caption = _direction(direction, lang)
        section.tables.append(table)
    section.notes = [word("res_ablations_note" if section.tables else "res_no_ablations", lang)]
    return [section]


def _beyond(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    ba = metrics.get("beyond_accuracy")
    if not ba:
        return []
    sp, ps = ba["student_to_position"], ba.get("position_to_student", {})
    table = Table(
        [
            word("res_col_system", lang),
            word("res_col_coverage", lang),
            word("res_col_gini", lang),
            word("res_col_cong_mean", lang),
            word("res_col_cong_max", lang),
            word("res_col_diversity", lang),
            word("res_col_stu_coverage", lang),
            word("res_col_stu_gini", lang),
        ]
    )
    for name, m in sp.items():
        other = ps.get(name, {})
        congestion = m.get("congestion") or {}
        table.add(
            [
                _system_cell(name),
                Cell(number(m.get("coverage")), "num"),
                Cell(number(m.get("exposure_gini")), "num"),
                Cell(number(congestion.get("mean"), 1), "num"),
                Cell(number(congestion.get("max"), 0), "num"),
                Cell(number(m.get("intra_list_diversity")), "num"),
                Cell(number(other.get("coverage")), "num"),
                Cell(number(other.get("exposure_gini")), "num"),
            ],
            name if name in ("learned", "served") else "",
        )
    return _single(
        "beyond",
        word("res_sec_beyond", lang, k=ba.get("k", 10)),
        word("res_beyond_note", lang),
        table,
    )


def _calibration(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    cal = metrics.get("calibration")
    if not cal:
        return []
    table = Table([word("res_col_ranker", lang), "Brier", "ECE"])
    for name in ("pointwise", "listwise", "learned"):
        if name in cal:
            table.add(
                [
                    _system_cell(name),
                    Cell(number(cal[name]["brier"]), "num"),
                    Cell(number(cal[name]["ece"]), "num"),
                ],
                "learned" if name == "learned" else "",
            )
    note = word(
        "res_calibration_note", lang, pairs=number(cal["pairs"]), rate=percent(cal["positive_rate"])
    )
    return _single("calibration", word("res_sec_calibration", lang), note, table)


def _placement(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    placement = metrics.get("placement")
    if not placement:
        return []
    methods = placement["methods"]
    order = [m for m in ("greedy", "optimal", "stable") if m in methods]
    order += [m for m in methods if m not in order]
    # What tells the methods apart first (a phone shows the first columns), then the rest.
    columns: list[tuple[str, Callable[[Mapping[str, Any]], str]]] = [
        ("res_col_total_p", lambda x: number(float(x["total_probability"]), 1)),
        ("res_col_blocking", lambda x: number(x["blocking_pairs"])),
        ("res_col_mean_rank", lambda x: number(x.get("mean_rank"), 2)),
        ("res_col_worst_rank", lambda x: number(x["worst_rank"])),
        ("res_col_placed", lambda x: number(x["students_placed"])),
        ("res_col_fill", lambda x: percent(x["fill_rate"])),
        ("res_col_slots", lambda x: f"{number(x['slots_filled'])} / {number(x['openings'])}"),
        ("res_col_mean_p", lambda x: number(float(x["mean_probability"]))),
        ("res_col_seconds", lambda x: number(float(x["seconds"]), 2) if "seconds" in x else "–"),
    ]
    if all("true_utility" in methods[m] for m in order):
        columns[2:2] = [
            ("res_col_utility", lambda x: number(x["true_utility"])),
            ("res_col_mutual", lambda x: number(x["mutual_matches"])),
        ]
    table = Table([word("res_col_method", lang), *(word(key, lang) for key, _ in columns)])
    for name in order:
        table.add(
            [
                Cell(word(f"res_method_{name}", lang, name)),
                *(Cell(show(methods[name]), "num") for _, show in columns),
            ]
        )
    note = word(
        "res_placement_note",
        lang,
        students=number(placement["students"]),
        positions=number(placement["positions"]),
        openings=number(placement["openings"]),
        per=placement["per_student"],
    )
    return _single("placement", word("res_sec_placement", lang), note, table)


def _group(attribute: str, group: str, lang: str) -> str:
    if attribute == "gender":
        return word(f"res_group_{group}", lang, group)
    if attribute == "degree":
        return word(f"degree_{group}", lang, group)
    return group


def _fairness(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    fair = metrics.get("fairness")
    if not fair:
        return []
    table = Table(
        [
            word("res_col_system", lang),
            word("res_col_attribute", lang),
            word("res_col_gap", lang),
            word("res_col_ratio", lang),
            word("res_col_groups", lang),
        ]
    )
    for system, attributes in fair.items():
        for attribute, gaps in attributes.items():
            groups = sorted((gaps.get("groups") or {}).items(), key=lambda kv: -kv[1]["n"])[:6]
            shown = word("res_group_sep", lang).join(
                f"{_group(attribute, g, lang)} {v['mean']:.3f} (n={v['n']})" for g, v in groups
            )
            table.add(
                [
                    _system_cell(system),
                    Cell(word(f"res_attr_{attribute}", lang, attribute)),
                    Cell(number(gaps.get("max_gap"), 3), "num"),
                    Cell(number(gaps.get("ratio"), 3), "num"),
                    Cell(shown, "groups"),
                ],
                system if system == "learned" else "",
            )
    return _single(
        "fairness", word("res_sec_fairness", lang), word("res_fairness_note", lang), table
    )


def _languages(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    part = metrics.get("languages")
    if not part:
        return []
    share = part.get("one_language_share", {})
    section = Section(
        "languages",
        word("res_sec_languages", lang),
        notes=[
            word(
                "res_languages_note",
                lang,
                students=f"{100 * share.get('students', 0):.0f}%",
                positions=f"{100 * share.get('positions', 0):.0f}%",
            ),
            word("res_languages_pools", lang),
        ],
    )
    keys = ("same", "cross", "zh→zh", "en→en", "zh→en", "en→zh")
    separator = word("res_list_sep", lang, ", ")
    for direction in ("student_to_position", "position_to_student"):
        values = part.get(direction)
        if not values:
            continue
        rows = values["systems"]
        counts = separator.join(
            f"{word(f'res_lang_{k}', lang, k)} {number(n)}" for k, n in values["queries"].items()
        )
        table = Table(
            [word("res_col_system", lang), *(word(f"res_lang_{k}", lang, k) for k in keys)],
            caption=word(
                "res_languages_caption",
                lang,
                direction=_direction(direction, lang),
                queries=counts,
            ),
        )
        best = {
            k: max((v for r in rows.values() if (v := r.get(k)) is not None), default=None)
            for k in keys
        }
        for name, row in rows.items():
            cells = [_system_cell(name)]
            for k in keys:
                value = row.get(k)
                top = value is not None and value == best[k]
                cells.append(Cell(number(value), "best" if top else "num"))
            table.add(cells, name if name == "learned" else "")
        section.tables.append(table)
    return [section]


def _external(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    ext = metrics.get("external")
    if not ext:
        return []
    table = Table(
        [word("res_col_language", lang), word("res_col_system", lang), "Recall@10", "MRR"]
    )
    for language, part in ext["languages"].items():
        for name, v in part["systems"].items():
            table.add(
                [
                    Cell(language),
                    _system_cell(name),
                    Cell(number(v["recall@10"]), "num"),
                    Cell(number(v["mrr"]), "num"),
                ]
            )
    note = word(
        "res_external_note", lang, n=ext.get("titles_per_language", "?"), seed=ext.get("seed", "?")
    )
    return _single("external", word("res_sec_external", lang), note, table)


def _versions(metrics: Mapping[str, Any], lang: str) -> list[Section]:
    values = {**(metrics.get("versions") or {}), **(metrics.get("parameters") or {})}
    if not values:
        return []
    table = Table([word("res_col_key", lang), word("res_col_value", lang)])
    for key, value in values.items():
        text = hide_password(str(value)) if key == "store" else number(value)
        table.add([Cell(str(key), "code"), Cell(text, "code")])
    return [Section("versions", word("res_sec_versions", lang), tables=[table])]


def _place_plots(
    sections: list[Section], metrics: Mapping[str, Any], folder: Path, lang: str
) -> None:
    """Each plot into the section it illustrates; any other into a section of its own."""
    listed = [str(p) for p in metrics.get("plots") or ()]
    found = sorted(str(p.relative_to(folder)) for p in folder.glob("plots/*.png"))
    plots = [p for p in dict.fromkeys([*listed, *found]) if (folder / p).is_file()]
    by_id = {s.id: s for s in sections}
    rest = []
    for plot in plots:
        home = by_id.get(PLOT_SECTIONS.get(Path(plot).name, ""))
        if home is None:
            rest.append(plot)
        else:
            home.plots.append(plot)
    if rest:
        at = next((i for i, s in enumerate(sections) if s.id == "versions"), len(sections))
        sections.insert(at, Section("plots", word("res_sec_plots", lang), plots=rest))

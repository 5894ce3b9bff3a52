"""``matcher report``: the analytics as a dated report for a committee meeting.

One folder per run: ``report-<date>.md`` (the tables in the chosen language, each chart beside
its table), ``report-<date>.xlsx`` (every table, a worksheet each) and ``charts/*.png``. The
same tables as the API and the pages, so what a committee reads is what the centre sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from matcher.analytics.answers import enterprise_answers
from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.placement import placement_rates
from matcher.analytics.postings import posting_timings, quiet_positions
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import (
    SkillBalance,
    StudentFilter,
    TrendPoint,
    major_code,
    shortages,
    skill_balance,
    skill_trend,
    surpluses,
)
from matcher.analytics.tables import (
    answers_sheet,
    funnel_sheet,
    placement_sheet,
    quiet_sheet,
    skill_sheet,
    timing_sheet,
    trend_sheet,
)
from matcher.messages import message
from matcher.rules import recommendation_day
from matcher.spreadsheet import Sheet, as_xlsx

if TYPE_CHECKING:
    from matcher.engine.snapshot import Engine

#: Skills in the shortage and surplus lists of the report.
TOP = 20
#: Fonts tried for the charts' Chinese labels, in order (the Noto CJK family is Debian's
#: fonts-noto-cjk).
CJK_FONTS = ("Noto Sans CJK SC", "Noto Serif CJK SC", "WenQuanYi Zen Hei", "DejaVu Sans")


@dataclass(frozen=True)
class ReportFiles:
    """What a report run wrote."""

    markdown: Path
    workbook: Path
    charts: list[Path]


def write_report(
    engine: Engine,
    out: Path,
    *,
    semester: str | None = None,
    major: str | None = None,
    lang: str = "zh",
    today: dt.date | None = None,
) -> ReportFiles:
    """Write the report for ``semester`` (the funnel's pairs) and ``major`` (the supply)."""
    day = today or dt.date.today()
    out.mkdir(parents=True, exist_ok=True)
    (out / "charts").mkdir(exist_ok=True)
    code = major_code(engine, major)
    balance = skill_balance(engine, StudentFilter(majors=[code] if code else None), lang=lang)
    short, extra = shortages(balance, TOP), surpluses(balance, TOP)
    by_major = funnel(engine, "major", semester=semester, lang=lang)
    by_degree = funnel(engine, "degree", semester=semester, lang=lang)
    placed = placement_rates(engine, "cohort", lang=lang)
    trend = skill_trend(engine, StudentFilter(majors=[code] if code else None), lang=lang)
    sheets = [
        skill_sheet(short, lang, "an_sheet_shortage"),
        skill_sheet(extra, lang, "an_sheet_surplus"),
        skill_sheet(balance, lang, "an_sheet_skills"),
        funnel_sheet(by_major, lang),
        placement_sheet(placed, lang),
        trend_sheet(trend, lang),
        timing_sheet(posting_timings(engine, "industry", lang=lang), lang),
        answers_sheet(enterprise_answers(engine)[:TOP], lang),
        quiet_sheet(quiet_positions(engine, today=recommendation_day(engine.clock)), lang),
    ]
    health_sheets, health_parts, health_charts = _health(engine, out, code, lang)
    sheets += health_sheets
    stem = f"report-{day.isoformat()}"
    workbook = out / f"{stem}.xlsx"
    workbook.write_bytes(as_xlsx(sheets))
    charts = [
        _skill_chart(short, out / "charts" / "shortage.png", message("mk_shortage", lang), lang),
        _funnel_chart(by_degree, out / "charts" / "funnel.png", message("mk_funnel", lang), lang),
        _trend_chart(trend, out / "charts" / "trend.png", message("an_sheet_trend", lang)),
        *health_charts,
    ]
    title = message("rp_title", lang)
    scope = [
        f"{message('rp_date', lang)}: {day.isoformat()}",
        f"{message('rp_semester', lang)}: {semester or message('mk_any', lang)}",
        f"{message('mk_filter_major', lang)}: {major or message('mk_any', lang)}",
    ]
    parts = [
        f"# {title}",
        "",
        *[f"- {s}" for s in scope],
        "",
        message("mk_intro", lang, n=MIN_GROUP),
    ]
    parts += _section(sheets[0], "charts/shortage.png")
    parts += _section(sheets[1])
    parts += _section(sheets[3], "charts/funnel.png")
    parts += _section(sheets[4])
    parts += _section(sheets[5], "charts/trend.png")
    for sheet in sheets[6:9]:
        parts += _section(sheet)
    parts += health_parts
    parts += ["", message("rp_workbook", lang, name=workbook.name), ""]
    markdown = out / f"{stem}.md"
    markdown.write_text("\n".join(parts), encoding="utf-8")
    return ReportFiles(markdown, workbook, charts)


def _health(
    engine: Engine, out: Path, major: str | None, lang: str
) -> tuple[list[Sheet], list[str], list[Path]]:
    """The recommendation health and curriculum gaps of the engine's model, when its snapshot
    was computed (``matcher health``): sheets, Markdown and charts; else one line saying so."""
    from matcher.analytics.health import major_gaps, previous_health, read_health
    from matcher.analytics.health_tables import (
        enterprise_sheet,
        gaps_sheet,
        position_sheet,
        summary_sheet,
    )

    snapshot = read_health(engine)
    if snapshot is None:
        return [], ["", message("hl_missing", lang)], []
    previous = previous_health(engine)
    gaps = major_gaps(snapshot, engine, majors=[major] if major else None, lang=lang, top=10)
    sheets = [
        summary_sheet(snapshot, previous, lang),
        enterprise_sheet(snapshot, lang),
        position_sheet(snapshot, lang),
        gaps_sheet(gaps, lang),
    ]
    students, model = snapshot["students"], snapshot["model"]
    intro = message(
        "hl_intro",
        lang,
        model=f"{model['version']}/{model.get('ranker_file') or 'prior'}",
        computed=snapshot["computed_at"][:10],
        sampled=students["sampled"],
        population=students["population"],
        k=snapshot["k"],
        day=snapshot["day"],
    )
    compared = (
        message("hl_previous", lang, model=previous["model"]["version"])
        if previous
        else message("hl_no_previous", lang)
    )
    charts = [
        _exposure_chart(snapshot, out / "charts" / "exposure.png", lang),
        _congestion_chart(snapshot, out / "charts" / "congestion.png", lang),
    ]
    summary, gap_lines = _section(sheets[0], "charts/congestion.png"), _section(sheets[3])
    summary[3:3] = [f"{intro} {compared}", ""]  # under the title
    gap_lines[3:3] = [message("hl_gaps_note", lang), ""]
    parts = [*summary, *_section(sheets[1], "charts/exposure.png"), *_section(sheets[2])]
    return sheets, [*parts, *gap_lines], charts


def _exposure_chart(snapshot: dict[str, Any], path: Path, lang: str) -> Path:
    """Horizontal bars: the most exposed enterprises' shares of all exposures."""
    plt = _pyplot()
    rows = snapshot["exposure"]["enterprises"][:15][::-1]
    fig, ax = plt.subplots(figsize=(7, max(2.5, 0.35 * len(rows) + 1)), dpi=120)
    ax.barh([r["enterprise_name"] for r in rows], [100 * r["share"] for r in rows], color="#0b4f8a")
    ax.set_xlabel("%")
    ax.set_title(message("hl_chart_exposure", lang))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _congestion_chart(snapshot: dict[str, Any], path: Path, lang: str) -> Path:
    """Bars: openings by how many students are recommended each (the threshold marked)."""
    plt = _pyplot()
    bins = snapshot["congestion"]["histogram"]
    labels, before = [], None
    for b in bins:
        if b["upto"] == 0:
            labels.append("0")
        elif b["upto"] is None:
            labels.append(f">{before:g}")
        else:
            labels.append(f"{before:g}–{b['upto']:g}")
        before = b["upto"]
    threshold = snapshot["congestion"]["threshold"]
    colours = ["#e0a030" if b["upto"] is None or b["upto"] > threshold else "#0b4f8a"
               for b in bins]  # fmt: skip
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=120)
    ax.bar(labels, [b["openings"] for b in bins], color=colours)
    ax.set_xlabel(message("hl_col_per_opening", lang))
    ax.set_ylabel(message("an_col_openings", lang))
    ax.set_title(message("hl_chart_congestion", lang))
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _section(sheet: Sheet, chart: str | None = None) -> list[str]:
    """A sheet as a Markdown section: its title, its chart, its table."""
    lines = ["", f"## {sheet.title}", ""]
    if chart:
        lines += [f"![{sheet.title}]({chart})", ""]
    lines.append("| " + " | ".join(str(h) for h in sheet.headers) + " |")
    lines.append("|" + "---|" * len(sheet.headers))
    for row in sheet.rows:
        lines.append(
            "| " + " | ".join(_md(v, i in sheet.percent_columns) for i, v in enumerate(row)) + " |"
        )
    return lines


def _md(value: Any, percent: bool) -> str:
    if value is None:
        return ""
    if percent:
        return f"{value * 100:.1f}%"
    return str(value).replace("|", "\\|")


def _pyplot() -> Any:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    plt.rcParams["font.sans-serif"] = [*CJK_FONTS, *plt.rcParams["font.sans-serif"]]
    plt.rcParams["axes.unicode_minus"] = False
    return plt


def _skill_chart(items: Sequence[SkillBalance], path: Path, title: str, lang: str) -> Path:
    """Horizontal bars: each skill's openings beside the students who have it."""
    plt = _pyplot()
    labels = [b.label for b in items][::-1]
    height = max(2.5, 0.35 * len(items) + 1)
    fig, ax = plt.subplots(figsize=(7, height), dpi=120)
    y = range(len(labels))
    ax.barh([i + 0.2 for i in y], [b.openings for b in items][::-1], height=0.4, color="#0b4f8a",
            label=message("mk_legend_openings", lang))  # fmt: skip
    ax.barh([i - 0.2 for i in y], [b.students or 0 for b in items][::-1], height=0.4,
            color="#e0a030", label=message("mk_legend_students", lang))  # fmt: skip
    ax.set_yticks(list(y), labels)
    ax.set_title(title)
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _funnel_chart(rows: Sequence[Any], path: Path, title: str, lang: str) -> Path:
    """One line of pairs per stage for each group (the groups shown, suppressed ones left out)."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=120)
    names = [message(f"an_col_{s}", lang) for s in STAGES]
    for row in rows:
        if row.suppressed:
            continue
        label = row.label or row.group or "-"
        ax.plot(names, [row.stages[s] for s in STAGES], marker="o", label=label)
    ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path


def _trend_chart(points: Sequence[TrendPoint], path: Path, title: str) -> Path:
    """One line of openings per skill across the semesters."""
    plt = _pyplot()
    fig, ax = plt.subplots(figsize=(7, 3.5), dpi=120)
    semesters = list(dict.fromkeys(p.semester for p in points))
    for skill in dict.fromkeys(p.skill_id for p in points):
        mine = {p.semester: p for p in points if p.skill_id == skill}
        label = next(iter(mine.values())).label
        ax.plot(semesters, [mine[s].openings for s in semesters], marker="o", label=label)
    ax.set_title(title)
    if points:
        ax.legend(fontsize="small", ncol=2)
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

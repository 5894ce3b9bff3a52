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

from matcher.analytics.funnel import STAGES, funnel
from matcher.analytics.placement import placement_rates
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import (
    SkillBalance,
    StudentFilter,
    major_code,
    shortages,
    skill_balance,
    surpluses,
)
from matcher.analytics.tables import funnel_sheet, placement_sheet, skill_sheet
from matcher.messages import message
from matcher.spreadsheet import Sheet, as_xlsx
from matcher.store.database import Store

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
    store: Store,
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
    by_major = funnel(store, "major", semester=semester)
    by_degree = funnel(store, "degree", semester=semester)
    placed = placement_rates(store, "cohort")
    sheets = [
        skill_sheet(short, lang, "an_sheet_shortage"),
        skill_sheet(extra, lang, "an_sheet_surplus"),
        skill_sheet(balance, lang, "an_sheet_skills"),
        funnel_sheet(by_major, lang),
        placement_sheet(placed, lang),
    ]
    stem = f"report-{day.isoformat()}"
    workbook = out / f"{stem}.xlsx"
    workbook.write_bytes(as_xlsx(sheets))
    charts = [
        _skill_chart(short, out / "charts" / "shortage.png", message("mk_shortage", lang), lang),
        _funnel_chart(by_degree, out / "charts" / "funnel.png", message("mk_funnel", lang), lang),
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
    parts += ["", message("rp_workbook", lang, name=workbook.name), ""]
    markdown = out / f"{stem}.md"
    markdown.write_text("\n".join(parts), encoding="utf-8")
    return ReportFiles(markdown, workbook, charts)


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
        label = message(f"degree_{row.group}", lang) if row.group else "-"
        ax.plot(names, [row.stages[s] for s in STAGES], marker="o", label=label)
    ax.set_yscale("log")
    ax.set_title(title)
    ax.legend()
    fig.tight_layout()
    fig.savefig(path)
    plt.close(fig)
    return path

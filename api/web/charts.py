"""Charts drawn on the server as SVG: no script, no style attribute, colours from the stylesheet.

The pages' content policy allows no inline style and no script from elsewhere, so a chart is
inline SVG whose geometry is presentation attributes (``x``, ``y``, ``width``, ``height``,
``points``) and whose look is CSS classes (``static/analytics.css``). Each builder returns a
:class:`Chart`: its shapes in a ``viewBox`` of :data:`WIDTH` units that the stylesheet scales
to the column's width, so a chart reads the same on a 390 px phone and on a desk.

- :func:`paired_bars` (:func:`skill_bars`): two bars per row on one scale, e.g. a skill's
  openings and the students who have it;
- :func:`funnel_chart` (:func:`row_funnel`): the funnel's stages as centred bars, each with its
  count and its share of the stage before;
- :func:`line_chart`: several series over semesters;
- :func:`bar_chart`: one bar per group on a fixed scale, e.g. placement rates from 0 to 100 %.

A figure of a group too small to show (``None``; fewer than
:data:`~matcher.analytics.privacy.MIN_GROUP` students) is drawn as a ``<5`` note, never a bar.
Long labels are cut to fit (Chinese characters count as wide) with the whole label as the
shape's ``<title>``; every text is escaped. A chart is ``role="img"`` with its figures in its
``aria-label``; pages keep the data table beside it.

>>> chart = bar_chart([("软工2022-1班", 0.5), ("<script>", None)], title="落实率", lang="zh")
>>> [bar.width for bar in chart.bars()] == [0.5 * (chart.plot[1] - chart.plot[0])]
True
>>> "&lt;script&gt;" in chart.markup() and "<script>" not in chart.markup()
True
"""

from __future__ import annotations

import math
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from markupsafe import Markup, escape

from matcher.analytics.funnel import STAGES, FunnelRow
from matcher.analytics.privacy import MIN_GROUP
from matcher.analytics.skills import SkillBalance
from matcher.messages import message

#: Width of every chart's viewBox, in user units (about CSS pixels on a phone).
WIDTH = 340.0
#: Size of a chart's text, in user units (the ``font-size`` of its ``<svg>``).
FONT = 14.0
#: Text of a smaller note (``<5``, ticks); the stylesheet's ``.chart .small``.
SMALL = 12.0


# -- text -----------------------------------------------------------------------------------------


def text_width(text: str, size: float = FONT) -> float:
    """A generous estimate of ``text``'s width at ``size``: a wide (CJK) character, or one of
    ambiguous width that CJK fonts draw wide (…), is one em; a capital three quarters; any
    other six tenths."""
    total = 0.0
    for ch in text:
        if unicodedata.combining(ch):
            continue
        if unicodedata.east_asian_width(ch) in ("W", "F", "A"):
            total += 1.0
        elif ch.isupper() or ch in "MWmw%@":
            total += 0.75
        else:
            total += 0.6
    return total * size


def fit(text: str, room: float, size: float = FONT) -> tuple[str, bool]:
    """``text`` cut to ``room`` units with an ellipsis, and whether it was cut."""
    if text_width(text, size) <= room:
        return text, False
    kept = ""
    for ch in text:
        if text_width(kept + ch + "…", size) > room:
            break
        kept += ch
    return kept.rstrip() + "…", True


def percent(value: float, digits: int = 1) -> str:
    """``0.425`` as ``42.5%``."""
    return f"{value * 100:.{digits}f}%"


# -- shapes ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rect:
    """A bar (or a bar's track): its box, its class, the figure it shows and its tooltip."""

    x: float
    y: float
    width: float
    height: float
    css: str
    value: float | None = None
    key: str = ""
    title: str = ""


@dataclass(frozen=True)
class Label:
    """A text: where, what, its class and anchor, and the whole text when it was cut."""

    x: float
    y: float
    text: str
    css: str = ""
    anchor: str = "start"
    full: str = ""


@dataclass(frozen=True)
class Line:
    """A rule (a grid line or an axis)."""

    x1: float
    y1: float
    x2: float
    y2: float
    css: str = "grid"


@dataclass(frozen=True)
class Polyline:
    """A line through points (one unbroken run of a series)."""

    points: tuple[tuple[float, float], ...]
    css: str


@dataclass(frozen=True)
class Dot:
    """A point of a series, with its figure and tooltip."""

    x: float
    y: float
    css: str
    value: float
    title: str


@dataclass(frozen=True)
class Chart:
    """A chart ready to draw: the shapes in a ``width`` × ``height`` viewBox, its accessible
    name and summary, a legend of (class, name), and a note under it.

    ``message`` replaces the drawing when there is nothing to draw (no data, or a suppressed
    group); :meth:`markup` (and Jinja's ``{{ chart }}``) gives the HTML.
    """

    kind: str
    title: str
    summary: str
    lang: str = "zh"
    width: float = WIDTH
    height: float = 0.0
    plot: tuple[float, float] = (0.0, WIDTH)  # left and right of the scaled area
    rects: tuple[Rect, ...] = ()
    labels: tuple[Label, ...] = ()
    lines: tuple[Line, ...] = ()
    polylines: tuple[Polyline, ...] = ()
    dots: tuple[Dot, ...] = ()
    legend: tuple[tuple[str, str], ...] = ()
    note: str = ""
    message: str = ""
    message_css: str = "empty"
    scale: float = 1.0  # the figure a full-width bar stands for

    def bars(self) -> list[Rect]:
        """The bars that show figures (not their tracks)."""
        return [r for r in self.rects if r.value is not None]

    def markup(self) -> Markup:
        """The chart as HTML: a ``<figure>`` holding the SVG (or its message), legend, note."""
        parts = [f'<figure class="chart-figure chart-{_attr(self.kind)}">']
        if self.message:
            parts.append(f'<p class="chart-message {_attr(self.message_css)}">')
            parts.append(f"{escape(self.message)}</p>")
        else:
            parts.append(_svg(self))
        if self.legend:
            parts.append('<ul class="chart-legend">')
            for css, name in self.legend:
                parts.append(f'<li><span class="key {_attr(css)}"></span>{escape(name)}</li>')
            parts.append("</ul>")
        if self.note:
            parts.append(f'<p class="chart-note muted">{escape(self.note)}</p>')
        parts.append("</figure>")
        return Markup("".join(parts))

    def __html__(self) -> str:
        return str(self.markup())


def _attr(value: object) -> str:
    return str(escape(str(value)))


def _n(value: float) -> str:
    """A coordinate as short text."""
    return f"{value:.2f}".rstrip("0").rstrip(".")


def _svg(chart: Chart) -> str:
    label = f"{chart.title}{message('res_colon', chart.lang)}{chart.summary}"
    out = [
        f'<svg class="chart" viewBox="0 0 {_n(chart.width)} {_n(chart.height)}" width="100%" '
        f'font-size="{_n(FONT)}" role="img" aria-label="{_attr(label)}" '
        f'xmlns="http://www.w3.org/2000/svg">'
    ]
    for line in chart.lines:
        out.append(
            f'<line class="{_attr(line.css)}" x1="{_n(line.x1)}" y1="{_n(line.y1)}" '
            f'x2="{_n(line.x2)}" y2="{_n(line.y2)}"/>'
        )
    for r in chart.rects:
        data = "" if r.value is None else f' data-value="{_attr(_figure(r.value))}"'
        data += f' data-key="{_attr(r.key)}"' if r.key else ""
        tip = f"<title>{escape(r.title)}</title>" if r.title else ""
        out.append(
            f'<rect class="{_attr(r.css)}" x="{_n(r.x)}" y="{_n(r.y)}" width="{_n(r.width)}" '
            f'height="{_n(r.height)}"{data}>{tip}</rect>'
        )
    for p in chart.polylines:
        points = " ".join(f"{_n(x)},{_n(y)}" for x, y in p.points)
        out.append(f'<polyline class="{_attr(p.css)}" points="{points}"/>')
    for d in chart.dots:
        out.append(
            f'<circle class="{_attr(d.css)}" cx="{_n(d.x)}" cy="{_n(d.y)}" r="3.5" '
            f'data-value="{_attr(_figure(d.value))}"><title>{escape(d.title)}</title></circle>'
        )
    for t in chart.labels:
        anchor = "" if t.anchor == "start" else f' text-anchor="{_attr(t.anchor)}"'
        css = f' class="{_attr(t.css)}"' if t.css else ""
        tip = f"<title>{escape(t.full)}</title>" if t.full else ""
        out.append(f'<text x="{_n(t.x)}" y="{_n(t.y)}"{anchor}{css}>{tip}{escape(t.text)}</text>')
    out.append("</svg>")
    return "".join(out)


def _figure(value: float) -> str:
    """A figure as the tables print it: an integer without a decimal point."""
    return str(int(value)) if float(value).is_integer() else f"{value:.4g}"


def _suppressed(lang: str) -> str:
    return message("an_suppressed", lang)


def _join(items: Sequence[str], lang: str) -> str:
    return message("res_group_sep", lang).join(items)


# -- paired bars ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class PairedRow:
    """A row of :func:`paired_bars`: its label, its first figure and its second (``None``:
    suppressed)."""

    label: str
    first: int
    second: int | None


#: Heights of a paired row: the label line, each bar, the gaps, the row's pitch.
_PAIR_LABEL, _PAIR_BAR, _PAIR_PITCH = 14.0, 9.0, 50.0


def paired_bars(
    rows: Sequence[PairedRow], *, title: str, names: tuple[str, str], lang: str
) -> Chart:
    """Two bars per row on one scale (the largest figure of the chart spans the width).

    The label sits above its bars, where a phone has the whole width for it; the figures
    (``first / second``) are at the right of the label line. A suppressed second figure is a
    ``<5`` note in place of its bar.
    """
    if not rows:
        return Chart("paired", title, "", lang, message=message("mk_none", lang))
    top = max([r.first for r in rows] + [r.second or 0 for r in rows] + [1])
    rects: list[Rect] = []
    labels: list[Label] = []
    summary: list[str] = []
    colon = message("res_colon", lang)
    for i, row in enumerate(rows):
        base = 2.0 + i * _PAIR_PITCH
        second = _suppressed(lang) if row.second is None else str(row.second)
        figures = f"{row.first} / {second}"
        labels.append(Label(WIDTH, base + _PAIR_LABEL, figures, "figure", "end"))
        shown, cut = fit(row.label, WIDTH - text_width(figures) - 10)
        labels.append(Label(0, base + _PAIR_LABEL, shown, "label", full=row.label if cut else ""))
        for j, (value, css, name) in enumerate(
            ((row.first, "first", names[0]), (row.second, "second", names[1]))
        ):
            y = base + _PAIR_LABEL + 4 + j * (_PAIR_BAR + 3)
            if value is None:
                labels.append(Label(2, y + _PAIR_BAR - 1, second, "small suppressed"))
                continue
            rects.append(Rect(0, y, WIDTH, _PAIR_BAR, f"track {css}"))
            rects.append(
                Rect(
                    0,
                    y,
                    WIDTH * value / top,
                    _PAIR_BAR,
                    f"bar {css}",
                    value,
                    row.label,
                    f"{row.label}{colon}{name} {value}",
                )
            )
        summary.append(f"{row.label}{colon}{names[0]} {row.first}, {names[1]} {second}")
    return Chart(
        "paired",
        title,
        _join(summary, lang),
        lang,
        height=2.0 + len(rows) * _PAIR_PITCH - 8,
        rects=tuple(rects),
        labels=tuple(labels),
        legend=(("first", names[0]), ("second", names[1])),
        scale=float(top),
    )


def skill_bars(balance: Sequence[SkillBalance], *, title: str, lang: str) -> Chart:
    """Each skill's openings beside the students who have it (:func:`paired_bars`)."""
    rows = [PairedRow(b.label, b.openings, b.students) for b in balance]
    names = (message("mk_legend_openings", lang), message("mk_legend_students", lang))
    return paired_bars(rows, title=title, names=names, lang=lang)


# -- the funnel -----------------------------------------------------------------------------------

_FUNNEL_PITCH, _FUNNEL_BAR = 27.0, 19.0


def funnel_chart(stages: Mapping[str, int | None] | None, *, title: str, lang: str) -> Chart:
    """The funnel's stages (:data:`~matcher.analytics.funnel.STAGES`) as centred bars, the
    largest stage spanning the bars' width, each row with its count and its share of the row
    before (the page says so once: ``ch_funnel_note``). ``None`` (or any suppressed stage)
    draws the group as a ``<5`` note."""
    if stages is None or any(stages.get(s) is None for s in STAGES):
        note = message("ch_suppressed", lang, n=MIN_GROUP, mark=_suppressed(lang))
        return Chart("funnel", title, note, lang, message=note, message_css="suppressed")
    counts = [int(stages[s] or 0) for s in STAGES]
    names = [message(f"an_col_{s}", lang) for s in STAGES]
    if not any(counts):
        return Chart("funnel", title, "", lang, message=message("mk_none", lang))
    label_room = min(max(text_width(n) for n in names) + 8, WIDTH * 0.35)
    right = 86.0
    left, end = label_room, WIDTH - right - 6
    centre, span = (left + end) / 2, end - left
    top = max(counts)
    rects, labels, summary = [], [], []
    colon = message("res_colon", lang)
    for i, (stage, name, count) in enumerate(zip(STAGES, names, counts, strict=True)):
        y = 4.0 + i * _FUNNEL_PITCH
        baseline = y + _FUNNEL_BAR / 2 + FONT * 0.35
        width = span * count / top
        rects.append(
            Rect(
                centre - width / 2,
                y,
                width,
                _FUNNEL_BAR,
                f"bar stage stage-{stage}",
                count,
                stage,
                f"{name}{colon}{count}",
            )
        )
        labels.append(Label(0, baseline, name, "label"))
        labels.append(Label(WIDTH - 44, baseline, str(count), "figure", "end"))
        text = f"{name} {count}"
        if i:
            before = counts[i - 1]
            share = percent(count / before, 0) if before else "–"
            labels.append(Label(WIDTH, baseline, share, "conversion", "end"))
            text += message("res_count_of", lang, n=share)
        summary.append(text)
    return Chart(
        "funnel",
        title,
        _join(summary, lang),
        lang,
        height=4.0 + len(STAGES) * _FUNNEL_PITCH,
        plot=(left, end),
        rects=tuple(rects),
        labels=tuple(labels),
        scale=float(top),
    )


def row_funnel(row: FunnelRow, *, title: str, lang: str) -> Chart:
    """One group's funnel (:func:`funnel_chart`); a suppressed group is its ``<5`` note."""
    return funnel_chart(None if row.suppressed else row.stages, title=title, lang=lang)


# -- lines over semesters -------------------------------------------------------------------------


@dataclass(frozen=True)
class Series:
    """A named series of :func:`line_chart`: a figure per x (``None``: suppressed)."""

    name: str
    values: Sequence[float | None] = field(default_factory=tuple)


def nice_top(largest: float, ticks: int = 4) -> tuple[float, float]:
    """The axis's top and its step: a 1, 2, 2.5 or 5 times a power of ten, ``ticks`` steps or
    fewer from 0 to at least ``largest``."""
    if largest <= 0:
        return 1.0, 0.25 if largest < 0 else 1.0
    raw = largest / ticks
    power = 10 ** math.floor(math.log10(raw))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= raw)
    return step * math.ceil(largest / step - 1e-9), step


#: Series classes (colour and dash in the stylesheet), cycled.
SERIES_CLASSES = 6
_LINE_HEIGHT, _LINE_TOP, _LINE_BOTTOM = 200.0, 8.0, 26.0


def line_chart(
    x_labels: Sequence[str], series: Sequence[Series], *, title: str, lang: str
) -> Chart:
    """Several series over ``x_labels`` (e.g. semesters) on one linear scale from 0.

    A suppressed point breaks its line and is marked ``<5`` above the axis in its series'
    colour; each point has a tooltip with its series, x and figure.
    """
    values = [v for s in series for v in s.values if v is not None]
    if not x_labels or not series or not values:
        return Chart("line", title, "", lang, message=message("mk_none", lang))
    top, step = nice_top(max(values))
    ticks = [step * k for k in range(round(top / step) + 1)]
    tick_text = [_figure(t) for t in ticks]
    left = max(text_width(t, SMALL) for t in tick_text) + 8
    spacing_guess = (WIDTH - left) / max(len(x_labels), 1)
    x_text = [fit(x, spacing_guess - 4, SMALL) for x in x_labels]
    half_last = text_width(x_text[-1][0], SMALL) / 2
    right = WIDTH - max(half_last, 8.0)
    left_edge = max(left + 6, text_width(x_text[0][0], SMALL) / 2 + 2)
    bottom = _LINE_HEIGHT - _LINE_BOTTOM
    n = len(x_labels)
    xs = (
        [(left_edge + right) / 2]
        if n == 1
        else [left_edge + i * (right - left_edge) / (n - 1) for i in range(n)]
    )

    def y_of(v: float) -> float:
        return bottom - (bottom - _LINE_TOP) * v / top

    lines = [Line(left_edge - 4, y_of(t), right, y_of(t), "grid") for t in ticks]
    labels = [
        Label(left - 4, y_of(t) + SMALL * 0.35, text, "small tick", "end")
        for t, text in zip(ticks, tick_text, strict=True)
    ]
    for x, (text, cut), full in zip(xs, x_text, x_labels, strict=True):
        labels.append(Label(x, _LINE_HEIGHT - 6, text, "small tick", "middle", full if cut else ""))
    polylines, dots, summary = [], [], []
    colon = message("res_colon", lang)
    held = [0] * n  # suppressed marks already at each x
    for k, s in enumerate(series):
        css = f"s{k % SERIES_CLASSES}"
        run: list[tuple[float, float]] = []
        runs: list[tuple[tuple[float, float], ...]] = []
        words = []
        for i, v in enumerate(s.values[:n]):
            if v is None:
                if run:
                    runs.append(tuple(run))
                run = []
                labels.append(
                    Label(xs[i], bottom - 4 - held[i] * 12, _suppressed(lang),
                          f"small suppressed {css}", "middle")
                )  # fmt: skip
                held[i] += 1
                words.append(f"{x_labels[i]} {_suppressed(lang)}")
                continue
            point = (xs[i], y_of(v))
            run.append(point)
            tip = f"{s.name} · {x_labels[i]}{colon}{_figure(v)}"
            dots.append(Dot(point[0], point[1], f"dot {css}", v, tip))
            words.append(f"{x_labels[i]} {_figure(v)}")
        if run:
            runs.append(tuple(run))
        polylines += [Polyline(r, f"line {css}") for r in runs if len(r) > 1]
        summary.append(f"{s.name}{colon}{message('res_list_sep', lang).join(words)}")
    return Chart(
        "line",
        title,
        _join(summary, lang),
        lang,
        height=_LINE_HEIGHT,
        plot=(left_edge, right),
        labels=tuple(labels),
        lines=tuple(lines),
        polylines=tuple(polylines),
        dots=tuple(dots),
        legend=tuple((f"s{k % SERIES_CLASSES}", s.name) for k, s in enumerate(series)),
        scale=top,
    )


# -- simple bars ----------------------------------------------------------------------------------

_BAR_PITCH, _BAR_HEIGHT, _BAR_HEAD = 27.0, 17.0, 17.0


def bar_chart(
    rows: Sequence[tuple[str, float | None]],
    *,
    title: str,
    lang: str,
    maximum: float = 1.0,
    as_percent: bool = True,
) -> Chart:
    """One bar per labelled figure on a fixed scale from 0 to ``maximum`` (by default a rate
    from 0 to 100 %), labels at the left, figures at the right, grid lines at 0, ½ and all.
    A ``None`` figure (suppressed) is a ``<5`` note where its bar would be."""
    if not rows:
        return Chart("bars", title, "", lang, message=message("mk_none", lang))

    def show(v: float) -> str:
        return percent(v) if as_percent else _figure(v)

    figures = [show(v) for _, v in rows if v is not None] + [show(maximum)]
    right = max(text_width(f) for f in figures) + 8
    left = min(max(text_width(label) for label, _ in rows) + 8, WIDTH * 0.42)
    end = WIDTH - right
    span = end - left
    height = _BAR_HEAD + len(rows) * _BAR_PITCH
    lines, labels, rects, summary = [], [], [], []
    for frac, anchor in ((0.0, "start"), (0.5, "middle"), (1.0, "end")):
        x = left + span * frac
        lines.append(Line(x, _BAR_HEAD - 2, x, height, "grid"))
        labels.append(Label(x, SMALL, show(maximum * frac), "small tick", anchor))
    colon = message("res_colon", lang)
    for i, (label, value) in enumerate(rows):
        y = _BAR_HEAD + 4 + i * _BAR_PITCH
        baseline = y + _BAR_HEIGHT / 2 + FONT * 0.35
        shown, cut = fit(label, left - 8)
        labels.append(Label(0, baseline, shown, "label", full=label if cut else ""))
        if value is None:
            labels.append(Label(left + 4, baseline, _suppressed(lang), "suppressed"))
            summary.append(f"{label}{colon}{_suppressed(lang)}")
            continue
        text = show(value)
        width = span * min(max(value / maximum, 0.0), 1.0)
        rects.append(Rect(left, y, span, _BAR_HEIGHT, "track"))
        rects.append(Rect(left, y, width, _BAR_HEIGHT, "bar value", value, label,
                          f"{label}{colon}{text}"))  # fmt: skip
        labels.append(Label(WIDTH, baseline, text, "figure", "end"))
        summary.append(f"{label}{colon}{text}")
    return Chart(
        "bars",
        title,
        _join(summary, lang),
        lang,
        height=height + 2,
        plot=(left, end),
        rects=tuple(rects),
        labels=tuple(labels),
        lines=tuple(lines),
        scale=maximum,
    )

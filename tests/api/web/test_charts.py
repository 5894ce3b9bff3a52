"""The server-drawn charts: scales, suppressed groups, escaping, empty data, accessibility."""

from __future__ import annotations

import re

import pytest

from api.web.charts import (
    FONT,
    WIDTH,
    Chart,
    PairedRow,
    Series,
    bar_chart,
    fit,
    funnel_chart,
    line_chart,
    nice_top,
    paired_bars,
    row_funnel,
    skill_bars,
    text_width,
)
from api.web.common import templates
from matcher.analytics.funnel import STAGES, FunnelRow
from matcher.analytics.skills import SkillBalance

NASTY = '<b>"R&D"</b> 光学'
NAMES = ("招聘人数", "具备该技能的学生")


def _no_raw(markup: str) -> None:
    """Nothing of :data:`NASTY` is left unescaped, and no style attribute or script."""
    assert "<b>" not in markup and '"R&D"' not in markup
    assert "style=" not in markup and "<script" not in markup


def _accessible(markup: str, title: str) -> None:
    svg = re.search(r"<svg [^>]*>", markup)
    assert svg, markup
    tag = svg.group(0)
    assert 'role="img"' in tag and 'width="100%"' in tag
    assert re.search(r'viewBox="0 0 340 [\d.]+"', tag)
    label = re.search(r'aria-label="([^"]*)"', tag)
    assert label and label.group(1).startswith(title)


# -- text -----------------------------------------------------------------------------------------


def test_wide_characters_count_wider_and_long_labels_are_cut_to_fit() -> None:
    assert text_width("光学设计") == 4 * FONT > text_width("abcd")
    assert fit("光学设计", 100) == ("光学设计", False)
    cut, was_cut = fit("可编程逻辑控制器应用与维护工程", 100)
    assert was_cut and cut.endswith("…") and text_width(cut) <= 100
    assert fit("Python", 3 * FONT)[1]  # six Latin letters need more than three ems


# -- paired bars ----------------------------------------------------------------------------------


def test_paired_bars_share_one_scale_and_the_largest_figure_spans_the_width() -> None:
    rows = [PairedRow("光学设计", 40, 10), PairedRow("Zemax", 20, 80)]
    chart = paired_bars(rows, title="紧缺技能", names=NAMES, lang="zh")
    bars = {(r.key, r.css): r for r in chart.bars()}
    assert chart.scale == 80
    assert bars[("Zemax", "bar second")].width == pytest.approx(WIDTH)
    assert bars[("光学设计", "bar first")].width == pytest.approx(WIDTH * 40 / 80)
    assert bars[("光学设计", "bar second")].width == pytest.approx(WIDTH * 10 / 80)
    assert [r.value for r in chart.bars()] == [40, 10, 20, 80]
    markup = chart.markup()
    _accessible(markup, "紧缺技能")
    assert 'data-value="40"' in markup and "40 / 10" in markup
    assert "光学设计：招聘人数 40, 具备该技能的学生 10" in markup  # its aria-label
    assert [name for _, name in chart.legend] == list(NAMES)


def test_a_suppressed_count_is_a_note_never_a_bar() -> None:
    chart = paired_bars([PairedRow("CANoe", 11, None)], title="t", names=NAMES, lang="en")
    assert [r.css for r in chart.bars()] == ["bar first"]  # no second bar, no track either
    assert [r.css for r in chart.rects] == ["track first", "bar first"]
    notes = [label for label in chart.labels if "suppressed" in label.css]
    assert [n.text for n in notes] == ["<5"]
    assert "11 / &lt;5" in chart.markup()


def test_skill_bars_take_a_skill_balance() -> None:
    balance = [SkillBalance("s1", "光学设计", "optics", 3, 12, 6, 7)]
    chart = skill_bars(balance, title="Demand", lang="en")
    assert [(r.key, r.value) for r in chart.bars()] == [("光学设计", 12), ("光学设计", 7)]
    assert [name for _, name in chart.legend] == ["Openings", "Students with it"]


def test_paired_labels_are_escaped_and_long_ones_keep_their_whole_text() -> None:
    long = NASTY * 4
    chart = paired_bars([PairedRow(long, 3, 5)], title="<t>", names=NAMES, lang="zh")
    markup = chart.markup()
    _no_raw(markup)
    label = next(x for x in chart.labels if x.css == "label")
    assert label.full == long and label.text.endswith("…")
    assert "<title>&lt;b&gt;&#34;R&amp;D&#34;&lt;/b&gt; 光学" in markup
    assert 'aria-label="&lt;t&gt;：' in markup


# -- the funnel -----------------------------------------------------------------------------------


def test_the_funnel_is_centred_on_one_scale_with_the_share_of_the_step_before() -> None:
    stages = dict(zip(STAGES, (200, 100, 50, 0, 0, 0), strict=True))
    chart = funnel_chart(stages, title="本科", lang="zh")
    left, right = chart.plot
    bars = chart.bars()
    assert [b.key for b in bars] == list(STAGES)
    assert [b.value for b in bars] == [200, 100, 50, 0, 0, 0]
    assert bars[0].width == pytest.approx(right - left)
    assert bars[1].width == pytest.approx((right - left) / 2)
    for b in bars:  # centred
        assert b.x + b.width / 2 == pytest.approx((left + right) / 2)
    shares = [x.text for x in chart.labels if x.css == "conversion"]
    assert shares == ["50%", "50%", "0%", "–", "–"]  # nothing before: no share
    markup = chart.markup()
    _accessible(markup, "本科")
    assert "查看 100（50%）" in markup


def test_a_suppressed_group_is_a_note_and_an_empty_one_says_so() -> None:
    hidden = FunnelRow("doctor", None, dict.fromkeys(STAGES), suppressed=True)
    for chart in (
        row_funnel(hidden, title="博士", lang="zh"),
        funnel_chart(None, title="x", lang="zh"),
    ):
        assert chart.message.startswith("<5") and not chart.rects
        markup = chart.markup()
        assert "<svg" not in markup and "<rect" not in markup
        assert 'class="chart-message suppressed"' in markup and "&lt;5：不足 5 名学生" in markup
    empty = funnel_chart(dict.fromkeys(STAGES, 0), title="x", lang="en")
    assert empty.message == "Nothing to show" and "<svg" not in empty.markup()


def test_a_funnel_row_is_drawn_from_its_stages() -> None:
    row = FunnelRow("p1", 9, dict(zip(STAGES, (9, 8, 7, 3, 2, 1), strict=True)), label="Title")
    chart = row_funnel(row, title=NASTY, lang="en")
    assert [b.value for b in chart.bars()] == [9, 8, 7, 3, 2, 1]
    _no_raw(chart.markup())
    assert "Viewed 8 (89%)" in chart.summary


# -- lines ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("largest", "top", "step"),
    [(58, 60, 20), (7, 8, 2), (100, 100, 25), (0.42, 0.6, 0.2), (0, 1, 1), (1, 1, 0.25)],
)
def test_axes_end_on_a_round_figure(largest: float, top: float, step: float) -> None:
    assert nice_top(largest) == pytest.approx((top, step))


def test_a_line_chart_scales_from_zero_and_breaks_at_a_suppressed_point() -> None:
    x = ["2025秋季", "2026春季", "2026秋季", "2027春季"]
    series = [Series("A班", [10, 20, None, 40]), Series(NASTY, [0, 5, 5, 5])]
    chart = line_chart(x, series, title="申请", lang="zh")
    assert chart.scale == 40
    dots = [d for d in chart.dots if d.css == "dot s0"]
    assert [d.value for d in dots] == [10, 20, 40]
    top_dot = dots[-1]
    zero = next(d for d in chart.dots if d.css == "dot s1" and d.value == 0)
    assert top_dot.y == pytest.approx(8.0)  # the top of the plot
    assert zero.y > dots[0].y > dots[1].y > top_dot.y
    assert dots[0].y - dots[1].y == pytest.approx((zero.y - top_dot.y) / 4)  # linear
    runs = [p.points for p in chart.polylines if p.css == "line s0"]
    assert len(runs) == 1 and len(runs[0]) == 2  # the lone point after the gap is a dot only
    assert [x.text for x in chart.labels if "suppressed" in x.css] == ["<5"]
    xs = sorted({d.x for d in chart.dots})
    assert len(xs) == 4 and xs[0] >= chart.plot[0] and xs[-1] <= chart.plot[1]
    markup = chart.markup()
    _accessible(markup, "申请")
    _no_raw(markup)
    assert "A班：2025秋季 10、2026春季 20、2026秋季 &lt;5、2027春季 40" in markup
    assert [css for css, _ in chart.legend] == ["s0", "s1"]


def test_a_line_chart_without_figures_says_so() -> None:
    for chart in (
        line_chart([], [], title="t", lang="zh"),
        line_chart(["2026秋季"], [Series("A", [None])], title="t", lang="zh"),
    ):
        assert chart.message == "暂无数据" and "<svg" not in chart.markup()
    one = line_chart(["2026秋季"], [Series("A", [3])], title="t", lang="zh")
    assert len(one.dots) == 1 and not one.polylines


# -- simple bars ----------------------------------------------------------------------------------


def test_rates_are_drawn_from_0_to_100_percent() -> None:
    rows = [("软工2022-1班", 0.5), ("光电2023-1班", 1.0), ("空", 0.0), ("big", 1.7)]
    chart = bar_chart(rows, title="落实率", lang="zh")
    span = chart.plot[1] - chart.plot[0]
    assert [b.width for b in chart.bars()] == pytest.approx([span / 2, span, 0, span])
    assert all(b.x == chart.plot[0] for b in chart.bars())
    figures = [x.text for x in chart.labels if x.css == "figure"]
    assert figures == ["50.0%", "100.0%", "0.0%", "170.0%"]
    assert [x.text for x in chart.labels if "tick" in x.css] == ["0.0%", "50.0%", "100.0%"]
    _accessible(chart.markup(), "落实率")


def test_a_suppressed_rate_is_a_note_and_labels_are_escaped() -> None:
    chart = bar_chart([(NASTY, None), ("B", 0.25)], title="t", lang="en")
    assert [b.key for b in chart.bars()] == ["B"]
    assert [x.text for x in chart.labels if x.css == "suppressed"] == ["<5"]
    markup = chart.markup()
    _no_raw(markup)
    assert "&lt;b&gt;&#34;R&amp;D&#34;&lt;/b&gt; 光学: &lt;5" in markup
    assert bar_chart([], title="t", lang="en").message == "Nothing to show"


def test_counts_can_be_drawn_on_their_own_scale() -> None:
    chart = bar_chart([("a", 3), ("b", 6)], title="t", lang="en", maximum=12, as_percent=False)
    span = chart.plot[1] - chart.plot[0]
    assert [b.width for b in chart.bars()] == pytest.approx([span / 4, span / 2])
    assert [x.text for x in chart.labels if x.css == "figure"] == ["3", "6"]


# -- in a page ------------------------------------------------------------------------------------


def test_a_template_draws_a_chart_once_escaped() -> None:
    chart = paired_bars([PairedRow(NASTY, 1, 2)], title="t", names=NAMES, lang="zh")
    html = templates.env.from_string("<div>{{ chart }}</div>").render(chart=chart)
    assert html == f"<div>{chart.markup()}</div>"
    assert "&amp;lt;" not in html  # not escaped twice
    _no_raw(html)


def test_legend_and_note_are_html_beside_the_drawing() -> None:
    chart = Chart("x", "t", "s", "zh", height=10, legend=(("s0", "<A>"),), note="<n>")
    markup = chart.markup()
    assert '<ul class="chart-legend"><li><span class="key s0"></span>&lt;A&gt;</li></ul>' in markup
    assert '<p class="chart-note muted">&lt;n&gt;</p>' in markup

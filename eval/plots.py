"""PNG plots of evaluation results (matplotlib, non-interactive "Agg" backend).

matplotlib is imported inside the functions, so importing this module stays cheap. Each function
writes one PNG to ``out`` (creating its folder), closes the figure and returns ``out``.

System names may be Chinese or English: a CJK font is used when one is installed; otherwise
matplotlib warns about missing glyphs and draws boxes, which never raises.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from eval.beyond import gini

__all__ = ["plot_exposure_lorenz", "plot_metric_at_k", "plot_reliability"]

# Tried, in order, after matplotlib's default font when they are installed (for Chinese labels).
_CJK_FONTS = (
    "Noto Sans CJK SC",
    "Noto Sans SC",
    "Source Han Sans SC",
    "WenQuanYi Zen Hei",
    "WenQuanYi Micro Hei",
    "SimHei",
    "Microsoft YaHei",
    "PingFang SC",
)


@contextmanager
def _figure(out: Path, title: str) -> Iterator[Any]:
    """A pyplot figure with one axes (yielded), saved to ``out`` as PNG and closed afterwards."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from matplotlib import font_manager

    installed = {f.name for f in font_manager.fontManager.ttflist}
    fonts = ["DejaVu Sans", *(f for f in _CJK_FONTS if f in installed)]
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    with matplotlib.rc_context({"font.family": "sans-serif", "font.sans-serif": fonts}):
        fig, ax = plt.subplots(figsize=(6.4, 4.8), dpi=100)
        try:
            ax.set_title(title)
            yield ax
            fig.tight_layout()
            fig.savefig(out, format="png")
        finally:
            plt.close(fig)


def plot_metric_at_k(
    curves: Mapping[str, Mapping[int, float]], metric: str, out: Path, title: str
) -> Path:
    """One line per system: x = cutoff k, y = ``metric`` at k (points sorted by k)."""
    with _figure(out, title) as ax:
        ks: set[int] = set()
        for system, curve in curves.items():
            xs = sorted(curve)
            ks.update(xs)
            ax.plot(xs, [curve[x] for x in xs], marker="o", label=str(system))
        ax.set_xlabel("k")
        ax.set_ylabel(metric)
        if ks:
            ax.set_xticks(sorted(ks))
        ax.grid(True, alpha=0.3)
        if curves:
            ax.legend()
    return Path(out)


def plot_reliability(tables: Mapping[str, list[dict]], out: Path, title: str) -> Path:
    """Reliability diagram from :func:`eval.beyond.reliability_table` rows, one line per system.

    x = mean predicted probability, y = observed rate, over the non-empty bins; the diagonal is
    perfect calibration.
    """
    with _figure(out, title) as ax:
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="perfect calibration")
        for system, table in tables.items():
            rows = [r for r in table if r.get("count") and r.get("mean_predicted") is not None]
            ax.plot(
                [r["mean_predicted"] for r in rows],
                [r["observed_rate"] for r in rows],
                marker="o",
                label=str(system),
            )
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("mean predicted probability")
        ax.set_ylabel("observed rate")
        ax.grid(True, alpha=0.3)
        ax.legend()
    return Path(out)


def plot_exposure_lorenz(
    exposures: Mapping[str, Mapping[str, float]], out: Path, title: str
) -> Path:
    """Lorenz curve of exposure across owners, one line per system (Gini in the legend).

    x = cumulative share of owners (least exposed first), y = cumulative share of exposure; the
    diagonal is perfect equality. A system whose total exposure is 0 is drawn on the diagonal.
    """
    with _figure(out, title) as ax:
        ax.plot([0, 1], [0, 1], linestyle="--", color="grey", label="equality")
        for system, per_owner in exposures.items():
            values = sorted(float(v) for v in per_owner.values())
            n = len(values)
            total = sum(values)
            xs = [i / n for i in range(n + 1)] if n else [0.0, 1.0]
            if n and total > 0:
                ys = [0.0]
                running = 0.0
                for v in values:
                    running += v
                    ys.append(running / total)
            else:
                ys = list(xs)
            ax.plot(xs, ys, label=f"{system} (Gini {gini(values):.3f})")
        ax.set_xlim(0, 1)
        ax.set_ylim(0, 1)
        ax.set_xlabel("cumulative share of owners")
        ax.set_ylabel("cumulative share of exposure")
        ax.grid(True, alpha=0.3)
        ax.legend()
    return Path(out)

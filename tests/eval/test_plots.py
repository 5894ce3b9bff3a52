"""PNG plots: each writes a real PNG, returns its path and closes its figure."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from eval.beyond import reliability_table
from eval.plots import plot_exposure_lorenz, plot_metric_at_k, plot_reliability

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"

# Chinese names may lack glyphs in the installed fonts: matplotlib warns, which is acceptable.
pytestmark = pytest.mark.filterwarnings("ignore:Glyph .* missing from font")


def _assert_png(path: Path) -> None:
    data = path.read_bytes()
    assert data.startswith(PNG_SIGNATURE)
    assert len(data) > 5_000  # axes, lines and text, not an empty canvas


def _open_figures() -> list[int]:
    import matplotlib.pyplot as plt

    return plt.get_fignums()


def test_plot_metric_at_k(tmp_path: Path) -> None:
    curves = {
        "BM25": {1: 0.2, 5: 0.35, 10: 0.4, 20: 0.45},
        "混合检索 + 重排": {20: 0.55, 1: 0.3, 10: 0.5, 5: 0.45},
    }
    out = tmp_path / "figs" / "ndcg.png"
    assert plot_metric_at_k(curves, "nDCG@k", out, "nDCG@k 对比") == out
    _assert_png(out)
    assert _open_figures() == []


def test_plot_reliability(tmp_path: Path) -> None:
    tables = {
        "logistic": reliability_table([0.1, 0.4, 0.8, 0.9], [0, 1, 1, 0]),  # has empty bins
        "校准后": reliability_table([0.05, 0.3, 0.6, 0.95], [0, 0, 1, 1], bins=5),
    }
    out = tmp_path / "reliability.png"
    assert plot_reliability(tables, out, "Reliability 可靠性") == out
    _assert_png(out)
    assert _open_figures() == []


def test_plot_exposure_lorenz(tmp_path: Path) -> None:
    exposures = {
        "popular": {"E1": 10.0, "E2": 1.0, "E3": 0.0, "E4": 0.0},
        "公平": {"E1": 2.0, "E2": 2.5, "E3": 2.0, "E4": 1.5},
        "nothing shown": {"E1": 0.0, "E2": 0.0},
    }
    out = tmp_path / "lorenz.png"
    assert plot_exposure_lorenz(exposures, out, "Exposure Lorenz curve") == out
    _assert_png(out)
    assert _open_figures() == []


def test_figure_is_closed_when_plotting_fails(tmp_path: Path) -> None:
    out = tmp_path / "broken.png"
    with pytest.raises(KeyError):
        plot_reliability({"bad": [{"count": 1, "mean_predicted": 0.5}]}, out, "broken")
    assert not out.exists()
    assert _open_figures() == []


def test_importing_plots_does_not_import_matplotlib() -> None:
    code = "import sys, eval.plots; sys.exit('matplotlib' in sys.modules)"
    root = Path(__file__).resolve().parents[2]
    done = subprocess.run([sys.executable, "-c", code], cwd=root, timeout=60)
    assert done.returncode == 0

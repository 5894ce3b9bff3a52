"""The Markdown report of an offline evaluation (``report.md`` beside ``metrics.json``)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

DEFINITIONS = """\
## Definitions

Every measure has trec_eval's definition (computed by `ir_measures`, see `matcher/measures.py`):

| measure | definition |
|---|---|
| nDCG@k | DCG@k / ideal DCG@k; gain = the grade itself (linear, as trec_eval's `ndcg_cut`), \
discount = log2(rank + 1); the ideal ranking is built from every judged item of the query |
| MAP | mean over relevant items of the precision at their rank; relevant items not retrieved \
count 0 |
| MRR | 1 / rank of the first relevant item (0 when none is retrieved) |
| Recall@k | relevant items in the top k / all relevant items of the query |
| Precision@k | relevant items in the top k / k |

An item is relevant when its grade is at least 1. Runs hold the top {depth} items per query, so \
MAP and recall are over the top {depth}. A query without any relevant item cannot be scored: it \
is excluded from every mean and counted. Means are over queries (macro).

Every query ranks the *whole* catalogue of the other side as it stood in the test window (every \
position open at some time in it, plus any applied to in it; every evaluated student), never a \
positive against sampled negatives. **Hidden truth**: the simulator's graded relevance \
(`ground_truth/*.qrels`, grades 1–3) of every pair. **Observed truth**: outcomes of the test \
window (apply 1, interview 2, offer 3, hire 4).

**Significance**: per-query nDCG@10 of each system against `learned`, paired bootstrap \
(2,000 resamples, centred differences) and paired t-test, two-sided.

**Beyond accuracy** (top-{k} lists, hidden-truth runs): coverage = share of the catalogue in at \
least one list; exposure Gini over enterprises with attention 1/log2(rank + 1) (0 = equal, \
(n-1)/n = one enterprise takes all); congestion = lists a position appears in per opening (mean \
and max over positions shown); intra-list diversity = mean pairwise 1 − cosine of the items' \
embeddings within a list. **Calibration**: Brier score and expected calibration error (10 \
equal-width bins) of the predicted probability of an interview or better on the test window's \
pairs. **Fairness**: mean nDCG@10 per group of students; gender is read for this measurement \
only and is never a ranking input.
"""


def _fmt(value: Any) -> str:
    if value is None:
        return "–"
    if isinstance(value, float):
        return f"{value:.4f}" if abs(value) < 1000 else f"{value:.0f}"
    return str(value)


def _table(header: Sequence[str], rows: Sequence[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_fmt(v) for v in row) + " |" for row in rows]
    return lines


def _arrow(direction: str) -> str:
    """``student_to_position`` → ``student → position``."""
    return direction.replace("_to_", " → ")


def _p(value: float) -> str:
    return "<0.001" if value < 0.001 else f"{value:.3f}"


def system_table(section: Mapping[str, Any], measures: Sequence[str], names: Sequence[str]):
    """Rows of systems × measures with Δ nDCG@10 and p-values against ``learned``."""
    sig = section.get("significance", {})
    rows = []
    for name in names:
        if name not in section["systems"]:
            continue
        m = section["systems"][name]
        s = sig.get(name)
        extra = (
            [f"{s['delta']:+.4f}", _p(s["p_bootstrap"]), _p(s["p_t_test"])]
            if s
            else ["–", "–", "–"]
        )
        rows.append(
            [f"**{name}**" if name == "learned" else name] + [m[x] for x in measures] + extra
        )
    header = ["system", *measures, "Δ nDCG@10 vs learned", "p (bootstrap)", "p (t-test)"]
    return _table(header, rows)


def _pct(value: float) -> str:
    return f"{100 * value:.1f}%"


#: The plain baselines whose gap to ``learned`` the report states apart (issue #20).
BASELINES: tuple[str, ...] = ("prior", "simple5")


def margins(report: Mapping[str, Any]) -> list[str]:
    """The learned ranker's margin over the prior and ``simple5``, every direction and truth,
    with the paired p-values of the tables."""
    rows = []
    for truth, key in (("hidden", "directions"), ("observed", "observed")):
        for direction, section in report.get(key, {}).items():
            systems, sig = section["systems"], section.get("significance", {})
            for name in BASELINES:
                if name in systems and name in sig and "learned" in systems:
                    s = sig[name]
                    rows.append(
                        [
                            _arrow(direction),
                            truth,
                            name,
                            systems[name]["ndcg@10"],
                            systems["learned"]["ndcg@10"],
                            f"{-s['delta']:+.4f}",
                            _p(s["p_bootstrap"]),
                            _p(s["p_t_test"]),
                        ]
                    )
    if not rows:
        return []
    header = [
        "direction",
        "truth",
        "baseline",
        "its nDCG@10",
        "learned nDCG@10",
        "learned − baseline",
        "p (bootstrap)",
        "p (t-test)",
    ]
    lines = ["## The learned ranker against the plain baselines", ""]
    simple = report.get("simple5")
    if simple:
        coefs = ", ".join(f"{n} {c:+.3f}" for n, c in simple["coefficients"].items())
        lines += [
            "`simple5` is a logistic regression on five written features (GPA, required-skill "
            "coverage, major match, city match, degree gap), fitted on the same training pairs "
            f"and window as the rankers with label {simple['label']}; coefficients on "
            f"standardised features: {coefs} (intercept {simple['intercept']:+.3f}; missing "
            "GPA and coverage take the training median). `prior` is the hand-set blend used "
            "before any ranker is trained.",
            "",
        ]
    return [*lines, *_table(header, rows), ""]


def probe_lines(report: Mapping[str, Any]) -> list[str]:
    """The leakage probe's section: not a system, a measure of how written the truth is."""
    probe = report.get("probe5")
    if not probe:
        return []
    fit = probe["fitted_on"]
    rows = [
        [
            _arrow(d),
            probe[d]["ndcg@10"],
            probe[d]["learned_ndcg@10"],
            _pct(probe[d]["share_of_learned"]) if probe[d]["share_of_learned"] is not None else "–",
            f"{probe[d]['delta']:+.4f}",
            _p(probe[d]["p_bootstrap"]),
            _p(probe[d]["p_t_test"]),
        ]
        for d in ("student_to_position", "position_to_student")
        if d in probe
    ]
    return [
        "## Leakage probe `probe5` (not a system)",
        "",
        "A gradient-boosted regressor on the same five written features as `simple5`, fitted on "
        "the *hidden grades* (which no product has) of the pairs of "
        f"{fit['students']} evaluated students × {fit['positions']} positions of the training "
        f"semesters ({', '.join(fit['semesters'])}), leaving out those also in the test "
        f"catalogue ({fit['test_catalogue_excluded']}); one model per direction, then ranking "
        "the test grid. How close it comes to the learned ranker (trained on outcomes only) "
        "measures how much of the truth the written features give away: issue #20 wants at "
        f"most {_pct(probe['bound'])} on the sample world.",
        "",
        *_table(
            [
                "direction",
                "probe5 nDCG@10",
                "learned nDCG@10",
                "share of learned",
                "Δ vs learned",
                "p (bootstrap)",
                "p (t-test)",
            ],
            rows,
        ),
        "",
    ]


def against_lines(report: Mapping[str, Any]) -> list[str]:
    """How the ranking of systems by nDCG@10 changed from the ``--against`` world to this."""
    cmp = report.get("against")
    if not cmp:
        return []
    other = cmp["other"]
    lines = [
        "## Against another world",
        "",
        f"Systems ordered by {cmp['measure']} here and in `{cmp['against']}` (created "
        f"{other.get('created')}, ground truth `{other.get('ground_truth')}`); Kendall's τ-b "
        "between the two orders over the systems both measured (1 = same order, 0 = none, "
        "−1 = reversed), and the systems that changed place (rank here → there).",
        "",
    ]
    rows = []
    for truth in ("hidden", "observed"):
        for direction, c in cmp.get(truth, {}).items():
            moved = ", ".join(f"{n} {a}→{b}" for n, (a, b) in c["moved"].items()) or "none"
            rows.append(
                [
                    _arrow(direction),
                    truth,
                    c["systems"],
                    "–" if c["tau"] is None else f"{c['tau']:.3f}",
                    "–" if c["p_value"] is None else _p(c["p_value"]),
                    " > ".join(c["here"]),
                    " > ".join(c["there"]),
                    moved,
                ]
            )
    header = ["direction", "truth", "systems", "τ", "p", "order here", "order there", "moved"]
    return [*lines, *_table(header, rows), ""]


def what_is_evaluated(report: Mapping[str, Any]) -> list[str]:
    """The section that says which stages of serving the grid shares, which it replaces, and
    what the ``served`` row measured (figures from this run only)."""
    lines = [
        "## What is evaluated",
        "",
        "Every system but `served` ranks a grid: every evaluated student against every position "
        "of the test window's catalogue. The grid uses serving's own functions for what it "
        "computes: pair features (`pair_features`), BM25 of pairs (`bm25_pairs`), the skill "
        "channel's IDF overlap (`skill_overlap`), the one fusion (`fuse_scores`), the prior "
        "(`prior_score`) and the ranker's `predict` (refitted on the training semesters). It "
        "replaces the stages around them: no candidate generation (no FAISS search, no pruned "
        "BM25, no skill-channel cut, no fused pool), no hard filters, no per-enterprise cap, and "
        "each position is scored as of a day it was open rather than only positions open on one "
        "day. So every system is compared on the same candidates, and recall is not bounded by "
        "retrieval.",
        "",
    ]
    sv = report.get("served")
    if sv:
        lines += [
            "The `served` row is the request path itself (`recommend_positions`), for each "
            f"evaluated student, on a replay of the engine as of the test window: history and "
            f"popularity before {sv['history_cutoff'][:10]} ({sv['history_pairs']} pairs; "
            f"{sv['history_pairs_dropped']} later ones left out), the catalogue's "
            f"{sv['catalogue']} positions open, the `learned` ranker above, asked on "
            f"{sv['as_of']}, the day of the window with the most of them within their "
            f"application window ({sv['catalogue_open_on_day']}; on the grid's day "
            f"{sv['grid_day']}, {sv['catalogue_open_on_grid_day']} were), lists of "
            f"{sv['depth']} with at most {sv['per_enterprise']} per enterprise (their first 10 "
            "are the k=10 list serving returns). It measures what the filters, the retrieval "
            f"pool ({sv['channel_depth']} per channel fused into {sv['pool']}) and the cap cost "
            f"or gain. On average {sv['mean_eligible']} positions pass a student's filters "
            f"({_pct(sv['share_eligible_over_pool'])} of students have more than the pool "
            f"holds); {_pct(sv['relevant_eligible_share'])} of the {sv['relevant_pairs']} "
            "hidden-relevant (student, position) pairs pass them; lists hold "
            f"{sv['mean_list_length']} positions on average.",
        ]
        if sv["share_eligible_over_pool"] == 0:
            lines[-1] += (
                " No student had more eligible positions than the pool holds, so the pool can "
                "take them all (each channel reads "
                f"{sv['channel_depth']} deep): retrieval costs little or nothing here, and the "
                "gap to `learned` is mostly the filters (one day, degree, positions already "
                "applied to or refused), the cap, and features taken on that one day."
            )
        lines.append("")
    return lines


def _served_sentence(section: Mapping[str, Any]) -> list[str]:
    systems = section["systems"]
    if "served" not in systems or "learned" not in systems:
        return []
    s, m = systems["served"], systems["learned"]
    return [
        f"`served` (the request path's own lists) has nDCG@10 {s['ndcg@10']:.4f} and MAP "
        f"{s['map']:.4f} where `learned` (the same ranker over the whole catalogue) has "
        f"{m['ndcg@10']:.4f} and {m['map']:.4f}: the difference is what the hard filters on one "
        "day, the retrieval pool and the cap of 2 positions per enterprise cost or gain.",
        "",
    ]


def _languages(section: Mapping[str, Any] | None) -> list[str]:
    """The cross-language table: each system's nDCG@10 per language pair, both directions."""
    if not section:
        return []
    from eval.offline.languages import GROUPS, LANGUAGE_PAIRS

    share = section.get("one_language_share", {})
    lines = [
        "## Across languages: hidden truth",
        "",
        "Each query ranks only the other side's records written in one language; records "
        f"written in both take no part ({_pct(share.get('students', 0))} of students and "
        f"{_pct(share.get('positions', 0))} of positions are written in one language). nDCG@10; "
        "`same` pools Chinese→Chinese and English→English, `cross` Chinese→English and "
        "English→Chinese.",
        "",
    ]
    keys = [*GROUPS, *(f"{a}→{b}" for a, b in LANGUAGE_PAIRS)]
    for direction in ("student_to_position", "position_to_student"):
        part = section.get(direction)
        if not part:
            continue
        counts = ", ".join(f"{k} {n}" for k, n in part["queries"].items())
        lines += [f"{_arrow(direction)} (queries: {counts}):", ""]
        rows = [[name, *(values.get(k) for k in keys)] for name, values in part["systems"].items()]
        lines += [*_table(["system", *keys], rows), ""]
    return lines


def write_report(report: Mapping[str, Any], path: Path) -> None:
    """Write ``report.md`` from the dictionary that is also ``metrics.json``."""
    from eval.offline import MAIN_SYSTEMS, SERVED

    shown = (*MAIN_SYSTEMS, SERVED)

    measures = report["measures"]
    split = report["split"]
    lines = [
        "# Offline evaluation report",
        "",
        f"Created {report['created']} in {report.get('seconds', '?')} s. Train semesters "
        f"{', '.join(split['train'])} ({split['train_pairs']} interacted pairs); test semester "
        f"{split['test']} from {split['test_start']} ({split['test_pairs']} pairs); no pair is "
        f"on both sides, and training pairs are graded by their events before the test start "
        f"({split.get('labels_cut', 0)} of them reached a higher grade later). "
        f"{report['students']} students × {report['positions']} positions "
        f"scored by every system. The learned ranker is the {report['learned_kind']} kind, "
        "refitted on the training semesters only.",
        "",
        *what_is_evaluated(report),
    ]
    for direction, section in report["directions"].items():
        names = [n for n in shown if n in section["systems"]]
        ablations = [n for n in section["systems"] if n not in shown]
        lines += [
            f"## {_arrow(direction)}: hidden truth",
            "",
            f"{section['queries']} queries ({section['excluded_queries']} without a relevant "
            "item excluded).",
            "",
            *system_table(section, measures, names),
            "",
            *_served_sentence(section),
        ]
        if ablations:
            lines += [
                "Ablations (each channel removed from the fusion; each feature group removed "
                "from the learned ranker, refitted):",
                "",
                *system_table(section, ["ndcg@10", "map", "recall@100"], ablations),
                "",
            ]
    for direction, section in report.get("observed", {}).items():
        names = [n for n in shown if n in section["systems"]]
        lines += [
            f"## {_arrow(direction)}: observed outcomes",
            "",
            f"{section['queries']} queries ({section['excluded_queries']} without a relevant "
            "item excluded).",
            "",
            *system_table(section, ["ndcg@10", "map", "mrr", "recall@100"], names),
            "",
        ]
    lines += margins(report)
    lines += probe_lines(report)
    lines += against_lines(report)
    lines += _languages(report.get("languages"))
    ba = report.get("beyond_accuracy")
    if ba:
        sp = ba["student_to_position"]
        ps = ba["position_to_student"]
        rows = [
            [
                n,
                sp[n]["coverage"],
                sp[n]["exposure_gini"],
                sp[n]["congestion"]["mean"],
                sp[n]["congestion"]["max"],
                sp[n]["intra_list_diversity"],
                ps.get(n, {}).get("coverage"),
                ps.get(n, {}).get("exposure_gini"),
            ]
            for n in sp
        ]
        lines += [
            f"## Beyond accuracy (top-{ba['k']} lists)",
            "",
            *_table(
                [
                    "system",
                    "position coverage",
                    "enterprise exposure Gini",
                    "congestion mean",
                    "congestion max",
                    "intra-list diversity",
                    "student coverage (→ students)",
                    "student exposure Gini",
                ],
                rows,
            ),
            "",
        ]
    cal = report.get("calibration")
    if cal:
        lines += [
            "## Calibration",
            "",
            f"{cal['pairs']} test-window pairs, {cal['positive_rate']:.2%} with an interview "
            "or better.",
            "",
            *_table(
                ["ranker", "Brier", "ECE"],
                [
                    [n, cal[n]["brier"], cal[n]["ece"]]
                    for n in ("pointwise", "listwise", "learned", "simple5")
                    if n in cal
                ],
            ),
            "",
        ]
    if report.get("placement"):
        from eval.placement import report_section

        lines += report_section(report["placement"])
    fair = report.get("fairness")
    if fair:
        rows = []
        for system, attrs in fair.items():
            for attr, gaps in attrs.items():
                groups = gaps.get("groups", {})
                shown = ", ".join(
                    f"{g} {v['mean']:.3f} (n={v['n']})"
                    for g, v in sorted(groups.items(), key=lambda kv: -kv[1]["n"])[:6]
                )
                rows.append([system, attr, gaps.get("max_gap"), gaps.get("ratio"), shown])
        lines += [
            "## Fairness: nDCG@10 by student group (student → position, hidden truth)",
            "",
            *_table(["system", "attribute", "max gap", "min/max ratio", "groups (largest)"], rows),
            "",
        ]
    ext = report.get("external")
    if ext:
        rows = [
            [lang, name, v["recall@10"], v["mrr"]]
            for lang, section in ext["languages"].items()
            for name, v in section["systems"].items()
        ]
        lines += [
            "## External title sets",
            "",
            f"{ext['titles_per_language']} random titles per language (seed {ext['seed']}).",
            "",
            *_table(["language", "system", "Recall@10", "MRR"], rows),
            "",
        ]
    if report.get("plots"):
        lines += ["## Plots", ""] + [f"![{p}]({p})" for p in report["plots"]] + [""]
    lines += [DEFINITIONS.format(depth=report["run_depth"], k=(ba or {}).get("k", 10)), ""]
    lines += ["## Versions and parameters", ""]
    lines += _table(
        ["key", "value"],
        [[k, v] for k, v in {**report.get("versions", {}), **report.get("parameters", {})}.items()],
    )
    Path(path).write_text("\n".join(lines) + "\n", encoding="utf-8")

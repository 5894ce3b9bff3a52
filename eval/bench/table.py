"""The table a person reads of a :func:`~eval.bench.run.run_bench` result."""

from __future__ import annotations

from typing import Any

from eval.bench.retrieval import K
from eval.bench.scale import SCALE_TARGET


def format_table(result: dict[str, Any]) -> str:
    """A table a person can read of a :func:`~eval.bench.run.run_bench` result (its sections)."""
    from matcher.retrieval.positions import POOL_SIZE

    m = result["machine"]
    lines: list[str] = [
        f"machine: {m['cores']} cores, torch threads {m['torch_threads']}, "
        f"faiss threads {m['faiss_threads']}",
    ]
    if "encode" in result:
        e = result["encode"]
        lines += [
            "",
            f"encode ({e['texts']} records, median of {e['rounds']}):",
            f"  {e['model']:<18} {e['texts_per_s']:8.1f} texts/s   summaries, mean "
            f"{e['mean_chars']:.0f} chars; one profile p50 {e['one_profile_ms']['p50']:.1f} ms, "
            f"p95 {e['one_profile_ms']['p95']:.1f} ms",
            f"  plain ST {e['reference_model']:<9} {e['reference_texts_per_s']:8.1f} texts/s   "
            f"documents, mean {e['reference_mean_chars']:.0f} chars; one profile p95 "
            f"{e['reference_one_profile_ms']['p95']:.1f} ms   ratio {e['ratio']:.2f}",
            f"  project's ST wrapper against plain ST: ratio {e['wrapper_ratio']:.2f}",
            f"  cached {e['cached_texts_per_s']:8.1f} texts/s   "
            f"re-encode speedup {e['reencode_speedup']:.0f}x",
        ]
    if "reindex" in result:
        ri = result["reindex"]
        lines += [
            "",
            f"re-index of the unchanged world (first build {ri['first_s']:.1f} s):",
            f"  forced rebuild, caches warm {ri['forced_s']:8.2f} s   "
            f"speedup {ri['forced_speedup']:.0f}x",
            f"  matcher index (no change)   {ri['unchanged_s'] * 1000:8.1f} ms  "
            f"speedup {ri['unchanged_speedup']:.0f}x",
        ]
    if "retrieval" in result:
        lines += [
            "",
            f"retrieval (single query, k={K}, synthetic vectors):",
            f"  {'n':>9} {'index':>6} {'p50 ms':>8} {'p99 ms':>8} {'recall':>7} {'exact p50':>10}",
        ]
        for r in result["retrieval"]:
            lines.append(
                f"  {r['n']:>9} {r['index']:>6} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
                f"{r[f'recall@{K}']:7.3f} {r['exact_p50_ms']:10.2f}"
            )
    if "recommend" in result:
        lines += [
            "",
            f"recommend_positions (end to end, k=10, pool {POOL_SIZE}):",
            f"  {'n':>9} {'index':>6} {'p50 ms':>8} {'p99 ms':>8} {'synthetic':>9}",
        ]
        for r in result["recommend"]:
            lines.append(
                f"  {r['n']:>9} {r['position_index']:>6} {r['p50_ms']:8.2f} {r['p99_ms']:8.2f} "
                f"{r['synthetic_positions']!s:>9}"
            )
    if result.get("http"):
        first = result["http"][0]
        t = first["target"]
        lines += [
            "",
            f"HTTP {first['route']} on the real server, {first['mode']} closed loop, "
            f"concurrency {first['concurrency']}, {first['duration_s']:g} s after "
            f"{first['warmup_s']:g} s warm-up; target >= {t['rps']:g} req/s, "
            f"p99 <= {t['p99_ms']:g} ms, {t['errors']} errors:",
            f"  {'n':>9} {'workers':>7} {'as':>7} {'scorer':>7} {'req/s':>7} {'p50 ms':>8} "
            f"{'p99 ms':>8} {'max ms':>8} {'errors':>6} {'client cpu':>10} {'server ms/req':>13} "
            f"{'target':>6}",
        ]
        for r in result["http"]:
            p50 = "-" if r["p50_ms"] is None else f"{r['p50_ms']:.1f}"
            p99 = "-" if r["p99_ms"] is None else f"{r['p99_ms']:.1f}"
            mx = "-" if r["max_ms"] is None else f"{r['max_ms']:.1f}"
            srv = r["server_cpu_per_request_ms"]
            lines.append(
                f"  {r['n']:>9} {r['workers']:>7} {r['as']:>7} {r['scorer']!s:>7} "
                f"{r['ok_rps']:7.1f} {p50:>8} {p99:>8} {mx:>8} {r['error_count']:>6} "
                f"{r['client_cores']:9.2f}c {'-' if srv is None else f'{srv:.1f}':>13} "
                f"{'met' if r['meets_target'] else 'MISSED':>6}"
            )
            if r["errors"]:
                lines.append(f"  {'':>9} errors: {r['errors']}")
    if result.get("login_flood"):
        first = result["login_flood"][0]
        lines += [
            "",
            f"login flood: {first['route']} by one student, alone and while "
            f"{first['flood_clients']} clients post wrong passwords; target p50 <= "
            f"{first['target']['p50_ratio']:g}x alone:",
            f"  {'n':>9} {'throttle':>13} {'p50 alone':>9} {'p50 flood':>9} {'ratio':>6} "
            f"{'p99 flood':>9} {'flood answers':>24} {'target':>6}",
        ]
        for r in result["login_flood"]:
            answers = " ".join(f"{k}:{v}" for k, v in r["flood_answers"].items())
            ratio = "-" if r["p50_ratio"] is None else f"{r['p50_ratio']:.2f}"
            lines.append(
                f"  {r['n']:>9} {r['throttle']:>13} {r['p50_alone_ms']:9.1f} "
                f"{r['p50_flooded_ms']:9.1f} {ratio:>6} {r['p99_flooded_ms']:9.1f} "
                f"{answers:>24} {'met' if r['meets_target'] else 'MISSED':>6}"
            )
    if "pages" in result:
        lines += ["", "pages (p95 target 300 ms; x = p95 over the logged-out landing page's):"]
        for row in result["pages"]:
            mark = "met" if row["met"] else "MISSED"
            lines.append(
                f"  {row['role']:<10} {row['page'][:44]:<44} p50 {row['p50_ms']:6.1f} ms  "
                f"p95 {row['p95_ms']:6.1f} ms ({row['p95_ratio']:5.1f}x)  "
                f"max {row['max_ms']:6.1f} ms  {mark}"
            )
    if "soak" in result:
        lines += ["", *_soak_lines(result["soak"])]
    if result.get("batch"):
        b = result["batch"]
        lines += [
            "",
            f"batch: matcher batch-recommend, {b['students']} students, top {b['k']}: "
            f"{b['in_process_students_per_s']}/s in-process, {b['ray_students_per_s']}/s on "
            f"Ray ({b['ray_cpus']} CPUs), ratio {b['ratio']}; identical: {b['identical']}",
        ]
    if result.get("scale"):
        lines += ["", *_scale_lines(result["scale"])]
    if result.get("analytics"):
        lines += ["", *_analytics_lines(result["analytics"])]
    return "\n".join(lines)


def _analytics_lines(a: dict[str, Any]) -> list[str]:
    """The analytics routes and the report, on the issue's world."""
    counts = a["world"]["counts"]
    ref = a["reference"]
    lines = [
        f"analytics on {counts.get('students')} students, {counts.get('enterprises')} "
        f"enterprises, {counts.get('positions')} positions, {counts.get('interactions')} "
        f"interactions (p95 target 300 ms; x = p95 over {ref['route']}'s "
        f"{ref['p95_ms']:.1f} ms):"
    ]
    for row in a["routes"]:
        mark = "met" if row["met"] else "MISSED"
        lines.append(
            f"  {row['reader']:<10} {row['route'][17:][:48]:<48} p50 {row['p50_ms']:6.1f} ms  "
            f"p95 {row['p95_ms']:6.1f} ms ({row['p95_ratio']:5.1f}x)  "
            f"max {row['max_ms']:6.1f} ms  first {row.get('first_ms', 0):6.1f} ms  {mark}"
        )
    r = a["report"]
    lines.append(
        f"  matcher report --semester {r['semester']}: {r['seconds']} s (target {r['target_s']:g}"
        f" s) {'met' if r['met'] else 'MISSED'}"
    )
    return lines


def _scale_lines(rows: list[dict[str, Any]]) -> list[str]:
    """One line per scale row."""

    def num(value: Any, fmt: str) -> str:
        width = int(fmt.split(".")[0] or 0)
        return "-".rjust(width) if value is None else format(value, fmt)

    t = SCALE_TARGET
    lines = [
        "scale: matcher serve --workers 2; targets at 100k (below it all but the share): "
        f"worker RSS <= "
        f"{t['worker_rss_mb']:g} MB, PSS of both <= {t['pss_ratio']:g}x one RSS, p99 <= "
        f"{t['recommend_p99_ms']:g} ms, a write served <= {t['write_to_served_s']:g} s at under "
        f"{t['write_cost_share']:.0%} of a rebuild's CPU; above: loads, serves, p99 <= "
        f"{t['recommend_p99_ms']:g} ms:",
        f"  {'n':>9} {'students':>9} {'load s':>7} {'RSS MB':>7} {'PSS MB':>7} {'p50 ms':>7} "
        f"{'p99 ms':>7} {'served s':>8} {'write s':>8} {'rebuild s':>9} {'share':>6} {'target':>6}",
    ]
    for r in rows:
        lines.append(
            f"  {r['n']:>9} {r['students']:>9} {r['load_s']:7.1f} {r['worker_rss_mb']:7.0f} "
            f"{r['workers_pss_mb']:7.0f} {r['recommend_p50_ms']:7.1f} {r['recommend_p99_ms']:7.1f} "
            f"{num(r['write_to_served_s'], '8.2f')} {r['write_cpu_s']:8.2f} "
            f"{num(r['rebuild_cpu_s'], '9.1f')} {num(r['write_cost_share'], '6.1%')} "
            f"{'met' if r['meets_target'] else 'MISSED':>6}"
        )
    return lines


def _soak_lines(s: dict[str, Any]) -> list[str]:
    """The soak's summary, then one line a minute."""
    deviation = s["memory_max_deviation"]
    lines = [
        f"soak: {s['minutes']:g} min, {s.get('workers', 1)} worker(s), {s['clients']} clients "
        f"paced to {s['rate_target']:g} req/s: {s['requests']} requests ({s['rps']:.1f}/s), "
        f"errors {s['errors']}, lost writes {s['lost_writes']} of {s['writes_answered']} edits and "
        f"{s['applications_answered']} applications, {s['rebuilds']} rebuilds, retraining "
        f"{(s['last_training'] or {}).get('chosen', 'none')}; memory from minute 2 within "
        f"{'-' if deviation is None else f'{deviation:.1%}'} of {s['memory_reference_mb']:.0f} "
        f"MB a minute (target {s['target']['memory_band']:.0%}), peak "
        f"{s['memory_peak_mb'] or 0:.0f} MB  "
        f"{'met' if s['meets_target'] else 'MISSED'}",
        f"  {'minute':>6} {'reads':>6} {'p50 ms':>7} {'p99 ms':>7} {'RSS MB':>7} {'max':>7}",
    ]
    for m in s["per_minute"]:
        p50 = "-" if m["p50_ms"] is None else f"{m['p50_ms']:7.1f}"
        p99 = "-" if m["p99_ms"] is None else f"{m['p99_ms']:7.1f}"
        rss = "-" if m["rss_mb"] is None else f"{m['rss_mb']:7.0f}"
        top = "-" if m["rss_max_mb"] is None else f"{m['rss_max_mb']:7.0f}"
        lines.append(f"  {m['minute']:>6} {m['reads']:>6} {p50:>7} {p99:>7} {rss:>7} {top:>7}")
    lines += [f"  error: {e}" for e in s["error_samples"]]
    return lines

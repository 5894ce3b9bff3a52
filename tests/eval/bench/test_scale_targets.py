"""Scale rows: each judged by the targets set for its size, each posting its own writes."""

from __future__ import annotations

from typing import Any

from eval.bench.scale import meets, targets_for


def _row(**figures: Any) -> dict[str, Any]:
    row = {
        "worker_rss_mb": 550.0,
        "workers_pss_mb": 600.0,
        "recommend_p99_ms": 30.0,
        "write_to_served_s": 0.5,
        "write_cost_share": 0.03,
    }
    return row | figures


def test_up_to_100k_every_target_counts() -> None:
    target = targets_for(100_000)
    assert meets(_row(), target)
    assert not meets(_row(worker_rss_mb=700.0, workers_pss_mb=800.0), target)
    assert not meets(_row(workers_pss_mb=800.0), target)  # 1.45x one worker's RSS
    assert not meets(_row(recommend_p99_ms=51.0), target)
    assert not meets(_row(write_to_served_s=None), target)
    assert meets(_row(write_cost_share=None), target)  # no rebuild measured


def test_below_100k_a_writes_share_of_a_small_rebuild_is_not_judged() -> None:
    target = targets_for(10_000)
    assert meets(_row(write_cost_share=0.22), target)
    assert not meets(_row(write_cost_share=0.22), targets_for(100_000))
    assert not meets(_row(worker_rss_mb=700.0, workers_pss_mb=800.0), target)


def test_a_million_positions_are_judged_by_their_p99_only() -> None:
    target = targets_for(1_000_000)
    big = _row(worker_rss_mb=3300.0, workers_pss_mb=3700.0, write_to_served_s=11.0)
    assert meets(big, target)
    assert not meets(big | {"recommend_p99_ms": 224.5}, target)


def test_each_size_of_a_run_posts_positions_of_its_own() -> None:
    from eval.bench.scale import write_ids

    small, large = write_ids(10_000), write_ids(100_000)
    assert len({*small, *large}) == 4  # one store for the run: a repeated id was a 409

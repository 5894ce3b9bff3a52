"""The HTTP load generator against a real server on a tiny world: counts, percentiles, errors.

No time is asserted (performance is measured by ``matcher bench --http``, never in tests).
"""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path
from typing import Any

import httpx
import pytest
import uvicorn

from api.app import create_app
from eval.bench import HttpOptions, bench_http, build_world_engine, format_table, server_command
from eval.loadgen import LoadResult, run_load
from matcher.engine.persist import save_engine
from matcher.store.accounts import add_user
from matcher.store.database import Store

PASSWORD = "s3cret-pass"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


TINY_WORLD = {"students": 30, "enterprises": 5, "positions": 20}


@pytest.fixture(scope="module")
def tiny(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A tiny simulated world, its store (``bench.db``) and engine, as the bench builds them."""
    root = tmp_path_factory.mktemp("loadgen")
    return root, build_world_engine(root, TINY_WORLD)


@pytest.fixture(scope="module")
def server(tiny: tuple[Path, Any]) -> Iterator[dict[str, Any]]:
    """A real uvicorn server (in a thread) on the tiny world, an admin token and some paths."""
    root, engine = tiny
    url = f"sqlite:///{root / 'bench.db'}"
    save_engine(replace(engine, manifest=dict(engine.manifest)), root / "models")
    store = Store(url)
    add_user(store, username="boss", role="admin", password=PASSWORD)
    store.dispose()

    port = _free_port()
    config = uvicorn.Config(
        create_app(models_dir=root / "models", database_url=url),
        host="127.0.0.1",
        port=port,
        log_level="warning",
    )
    srv = uvicorn.Server(config)
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(600):
            if srv.started:
                break
            time.sleep(0.05)
        else:
            raise AssertionError("the server did not start")
        r = httpx.post(f"{base}/api/v1/auth/token", data={"username": "boss", "password": PASSWORD})
        assert r.status_code == 200, r.text
        good = [f"/api/v1/students/{sid}/recommendations?k=5" for sid in engine.students.ids[:4]]
        yield {
            "base": base,
            "headers": {"Authorization": f"Bearer {r.json()['access_token']}"},
            "good": good,
            "missing": "/api/v1/students/nobody/recommendations?k=5",
        }
    finally:
        srv.should_exit = True
        thread.join(timeout=30)


def _consistent(r: LoadResult) -> None:
    """Counts add up and percentiles are ordered."""
    assert r.requests > 0
    assert r.requests == r.ok + r.error_count
    assert (
        sum(r.statuses.values()) + sum(n for k, n in r.errors.items() if not k.startswith("HTTP "))
        == r.requests
    )
    assert r.statuses.get("200", 0) == r.ok
    assert r.throughput_rps * r.duration_s == pytest.approx(r.requests)
    assert r.ok_rps * r.duration_s == pytest.approx(r.ok)
    assert r.p50_ms is not None and r.p90_ms is not None and r.p99_ms is not None
    assert r.max_ms is not None and r.mean_ms is not None
    assert 0 < r.p50_ms <= r.p90_ms <= r.p99_ms <= r.max_ms
    assert r.warmup_requests >= 0
    assert r.client_cpu_s >= 0
    d = r.as_dict()
    assert d["error_count"] == r.error_count and d["requests"] == r.requests


@pytest.mark.parametrize("mode", ["asyncio", "threads"])
def test_counts_add_up_and_404s_are_errors(server: dict[str, Any], mode: str) -> None:
    paths = [*server["good"], server["missing"]]  # one path in five is unknown
    calls = {"n": 0}

    def counter() -> float:
        calls["n"] += 1
        return float(calls["n"] * 10)

    r = run_load(
        server["base"],
        paths,
        concurrency=4,
        duration_s=1.5,
        warmup_s=0.3,
        headers=server["headers"],
        mode=mode,  # type: ignore[arg-type]
        samplers={"ticks": counter},
    )
    _consistent(r)
    assert r.mode == mode and r.concurrency == 4
    assert r.ok > 0
    assert set(r.errors) == {"HTTP 404"}
    assert set(r.statuses) == {"200", "404"}
    assert r.statuses["404"] == r.errors["HTTP 404"]
    assert r.sampled == {"ticks": 10.0}  # read once at each edge of the window


def test_no_token_is_counted_as_401(server: dict[str, Any]) -> None:
    r = run_load(server["base"], server["good"], concurrency=4, duration_s=0.5, warmup_s=0)
    _consistent(r)
    assert r.ok == 0 and r.errors == {"HTTP 401": r.requests}


@pytest.mark.parametrize("mode", ["asyncio", "threads"])
def test_a_server_that_is_down_gives_connection_errors(mode: str) -> None:
    base = f"http://127.0.0.1:{_free_port()}"  # nothing listens there
    r = run_load(
        base,
        ["/api/v1/health"],
        concurrency=4,
        duration_s=0.5,
        warmup_s=0.1,
        mode=mode,  # type: ignore[arg-type]
    )
    assert r.requests > 0 and r.ok == 0 and r.statuses == {}
    assert r.errors == {"ConnectError": r.requests}
    assert r.p50_ms is not None and r.p50_ms <= r.p99_ms <= r.max_ms  # type: ignore[operator]


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="paths"):
        run_load("http://127.0.0.1:1", [], duration_s=1)
    with pytest.raises(ValueError, match="concurrency"):
        run_load("http://127.0.0.1:1", ["/"], concurrency=0, duration_s=1)
    with pytest.raises(ValueError, match="mode"):
        run_load("http://127.0.0.1:1", ["/"], duration_s=1, mode="fork")  # type: ignore[arg-type]


@pytest.mark.slow  # a real server under load for the HTTP rows
def test_bench_http_rows_from_a_real_matcher_serve(tiny: tuple[Path, Any]) -> None:
    """The bench's wiring: a saved scaled engine, accounts, a subprocess server, two rows."""
    assert server_command(8123, 1)[1:4] == ["-m", "matcher", "serve"]
    root, engine = tiny
    options = HttpOptions(
        positions=300,
        concurrency=4,
        seconds=1.5,
        warmup_s=0.5,
        workers=[1],
        roles=["student", "admin"],
        train=False,
    )
    rows = bench_http(root, engine, options, progress=False)
    assert [r["as"] for r in rows] == ["student", "admin"]
    assert rows[0]["students"] == 30 == rows[1]["students"]  # every account, every student
    for row in rows:
        assert row["n"] == 300 and row["workers"] == 1 and row["synthetic_positions"] is True
        assert row["scorer"] == "prior"
        assert row["error_count"] == 0 and row["requests"] == row["ok"] > 0
        assert row["p50_ms"] <= row["p99_ms"] <= row["max_ms"]
        assert row["server_cpu_s"] > 0 and row["server_rss_mb"] > 0
        assert 0 < row["server_pss_mb"] <= row["server_rss_mb"]
        assert row["target"] == {"rps": 100.0, "p99_ms": 200.0, "errors": 0}
        assert isinstance(row["meets_target"], bool)
    machine = {"cores": 2, "torch_threads": 1, "faiss_threads": 1}
    table = format_table({"machine": machine, "http": rows})
    assert "HTTP GET /api/v1/students/{id}/recommendations?k=10" in table
    assert len([line for line in table.splitlines() if line.strip().startswith("300")]) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--http-workers", "0"], "--http-workers"),
        (["--http-workers", "one"], "--http-workers"),
        (["--http-as", "researcher"], "--http-as"),
        (["--http-client", "curl"], "--http-client"),
    ],
)
def test_bench_refuses_bad_http_options(args: list[str], message: str) -> None:
    from typer.testing import CliRunner

    from matcher.cli import with_layer_commands

    result = CliRunner().invoke(with_layer_commands(), ["bench", "--http-only", *args])
    assert result.exit_code != 0
    assert message in result.output


@pytest.mark.slow  # a real server flooded for half a minute; the HTTP rows stay in the default run
def test_login_flood_rows_from_a_real_matcher_serve(
    tiny: tuple[Path, Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    """The login-flood rows' wiring: two servers (throttled, open), a student alone and under
    six flooding clients, whose attempts are answered 401 or 429 and never 5xx."""
    from eval.bench import bench_http_login_flood

    monkeypatch.setenv("MATCHER_LOGIN_LIMIT_ADDRESS", "5 per 1 minute")  # the servers read it
    root, engine = tiny
    options = HttpOptions(
        positions=300, seconds=1.5, warmup_s=0.5, workers=[1], roles=["student"], train=False
    )
    rows = bench_http_login_flood(root, engine, options, progress=False)
    assert [r["throttle"] for r in rows] == ["as configured", "open"]
    for row in rows:
        assert row["requests_alone"] > 0 and row["requests_flooded"] > 0
        assert row["p50_alone_ms"] > 0 and row["p50_flooded_ms"] > 0
        assert set(row["flood_answers"]) <= {"401", "429"}
        assert isinstance(row["meets_target"], bool)
    assert "429" in rows[0]["flood_answers"]  # the throttle as configured soon answers 429
    assert "429" not in rows[1]["flood_answers"]  # opened wide, every attempt is checked
    machine = {"cores": 2, "torch_threads": 1, "faiss_threads": 1}
    table = format_table({"machine": machine, "login_flood": rows})
    assert "login flood:" in table and "open" in table

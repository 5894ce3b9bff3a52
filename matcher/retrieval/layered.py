"""A vector index brought up to date without a rebuild: the saved index, tombstones, a delta.

The index of a published version stays as it was saved (memory-mapped, shared by every process
on the machine). Records written since then are served from a small exact index beside it (the
delta), and the saved slots of records that changed or went are tombstoned (left out of every
search), as Lucene serves an index of segments with deletions. A full rebuild folds the delta
back in once it grows (see :mod:`matcher.engine.delta`).

Slots number the saved index's slots first, then the delta's.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from matcher.retrieval.bm25 import Postings
from matcher.retrieval.index import VectorIndex
from matcher.retrieval.lexical import LexicalIndex, rarest_terms


class LayeredIndex:
    """``base`` without its ``dead`` slots, plus ``delta`` (records added or changed since)."""

    def __init__(self, base: VectorIndex, dead: np.ndarray, delta: VectorIndex | None) -> None:
        if dead.shape != (base.n_slots,):
            raise ValueError(f"dead must be a mask of the base index's {base.n_slots} slots")
        self.base = base
        self.dead = dead
        self.delta = delta
        self._live_base = int(len(base) - np.count_nonzero(dead & base.live_slots()))

    @property
    def kind(self) -> str:
        """The saved index's kind (the delta is always exact)."""
        return self.base.kind

    @property
    def params(self) -> dict[str, Any]:
        """The saved index's parameters."""
        return self.base.params

    @property
    def dim(self) -> int:
        """Dimension of the vectors."""
        return self.base.dim

    @property
    def n_slots(self) -> int:
        """Slots of the saved index, then of the delta."""
        return self.base.n_slots + (self.delta.n_slots if self.delta is not None else 0)

    def __len__(self) -> int:
        return self._live_base + (len(self.delta) if self.delta is not None else 0)

    def slots(self, ids: Sequence[str]) -> np.ndarray:
        """The slot of each id (-1 when not indexed): the delta's first, else the saved one's
        unless tombstoned."""
        slots = self.base.slots(ids)
        live = slots >= 0
        slots[live & self.dead[np.maximum(slots, 0)]] = -1
        if self.delta is not None:
            newer = self.delta.slots(ids)
            slots = np.where(newer >= 0, self.base.n_slots + newer, slots)
        return slots

    def search_slots(
        self, queries: np.ndarray, k: int, *, within: np.ndarray | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The ``k`` nearest live slots of each query (allowed by ``within``), nearest first;
        -1 and ``-inf`` where fewer are found."""
        nb = self.base.n_slots
        allowed = ~self.dead if within is None else within[:nb] & ~self.dead
        parts = []
        if allowed.any():
            parts.append(self.base.search_slots(queries, k, within=allowed))
        if self.delta is not None and self.delta.n_slots:
            delta_within = None if within is None else within[nb:]
            if delta_within is None or delta_within.any():
                found, scores = self.delta.search_slots(queries, k, within=delta_within)
                parts.append((np.where(found >= 0, found + nb, -1), scores))
        nq = np.asarray(queries).shape[0]
        if not parts:
            return np.full((nq, 0), -1, dtype=np.int64), np.empty((nq, 0), dtype=np.float32)
        found = np.concatenate([p[0] for p in parts], axis=1)
        scores = np.concatenate([p[1] for p in parts], axis=1)
        order = np.lexsort((found, -scores), axis=1)[:, :k]
        found = np.take_along_axis(found, order, axis=1)
        scores = np.take_along_axis(scores, order, axis=1)
        width = int(((found >= 0).sum(axis=1)).max(initial=0))
        return found[:, :width], scores[:, :width]


class LayeredLexical:
    """BM25 over ``base`` without its ``dead`` rows plus documents written since (the delta),
    scored with the statistics of the live documents of both: the scores of a new index over
    the same documents, bit for bit (:mod:`matcher.retrieval.bm25`).

    Rows number the saved index's rows first, then the delta's (in the order given). A term the
    saved index does not know gets an id after its vocabulary.
    """

    def __init__(
        self,
        base: LexicalIndex,
        dead: np.ndarray,
        ids: Sequence[str],
        texts: Sequence[str],
    ) -> None:
        if dead.shape != (len(base),):
            raise ValueError(f"dead must be a mask of the base index's {len(base)} rows")
        self.base = base
        self.dead = dead
        self.mode, self.ngram_range = base.mode, base.ngram_range
        self.k1, self.b = base.k1, base.b
        self._new_terms: dict[str, int] = {}
        docs = [
            np.asarray(self._ids_of(base.tokenize(t), grow=True), dtype=np.int64) for t in texts
        ]
        n_terms = base.vocabulary_size + len(self._new_terms)
        self._new_names = list(self._new_terms)  # in id order: ids are given as terms come
        self.delta = Postings.build(docs, n_terms)
        self._delta_rows = {doc_id: i for i, doc_id in enumerate(ids)}
        if len(self._delta_rows) != len(ids):
            raise ValueError("the delta's ids repeat")
        self._delta_ids = list(ids)
        stats = (
            base.postings.stats()
            .without(base.postings.stats(np.flatnonzero(dead)))
            .combined(self.delta.stats())
        )
        self._df = stats.df
        self._idf = stats.idf()
        self._base_norms = base.postings.norms(stats, self.k1, self.b)
        self._delta_norms = self.delta.norms(stats, self.k1, self.b)

    def _ids_of(self, tokens: Sequence[str], *, grow: bool = False) -> list[int]:
        out = []
        for token in tokens:
            found = self.base.term_id(token)
            if found is None:
                found = self._new_terms.get(token)
                if found is None and grow:
                    found = self._new_terms[token] = self.base.vocabulary_size + len(
                        self._new_terms
                    )
            if found is not None:
                out.append(found)
        return out

    def __len__(self) -> int:
        return len(self.base) + len(self._delta_ids)

    def tokenize(self, text: str) -> list[str]:
        """Tokens of ``text`` as the saved index tokenises."""
        return self.base.tokenize(text)

    def query_terms(self, document: str) -> list[str]:
        """Distinct tokens of a whole document used as a query."""
        return self.base.query_terms(document)

    def document_terms(self, doc_id: str) -> list[str]:
        """The distinct terms of a live document in first-occurrence order (``KeyError`` for one
        not indexed or removed)."""
        row = self._delta_rows.get(doc_id)
        if row is not None:
            ids = self.delta.terms_of(row).tolist()
        else:
            base_row = self.base.row_of(doc_id)
            if base_row is None or self.dead[base_row]:
                raise KeyError(f"unknown document id {doc_id!r}")
            ids = self.base.postings.terms_of(base_row).tolist()
        known = self.base.vocabulary_size
        return [self.base.term(i) if i < known else self._new_names[i - known] for i in ids]

    def rows(self, ids: Sequence[str]) -> np.ndarray:
        """Row of each id (the delta's when it has one); ``KeyError`` for one not indexed."""
        out = np.empty(len(ids), dtype=np.int64)
        for j, doc_id in enumerate(ids):
            row = self._delta_rows.get(doc_id)
            if row is not None:
                out[j] = len(self.base) + row
                continue
            base_row = self.base.row_of(doc_id)
            if base_row is None:
                raise KeyError(f"unknown document id {doc_id!r}")
            out[j] = base_row
        return out

    def _query(self, query: str | Sequence[str]) -> list[int]:
        """The query's term ids, without the terms no live document holds (as a new index
        would not know them)."""
        ids = self._ids_of(self.tokenize(query) if isinstance(query, str) else query)
        return [i for i in ids if self._df[i] > 0]

    def scores(self, query: str | Sequence[str], *, max_terms: int | None = None) -> np.ndarray:
        """BM25 of every row (float32; zeros for removed ones), as
        :meth:`LexicalIndex.scores`."""
        ids = self._query(query)
        if max_terms is not None:
            ids = rarest_terms(ids, self._df, max_terms)
        terms = np.asarray(ids, dtype=np.int64)
        base = self.base.postings.scores(terms, self._idf, self._base_norms)
        base[self.dead] = 0.0
        delta = self.delta.scores(terms, self._idf, self._delta_norms)
        return np.concatenate([base, delta]).astype(np.float32)

    def hits(
        self, query: str | Sequence[str], *, max_terms: int | None = None
    ) -> tuple[np.ndarray, np.ndarray]:
        """The live rows :meth:`scores` gives a positive score and those scores, as
        :meth:`LexicalIndex.hits`."""
        ids = self._query(query)
        if max_terms is not None:
            ids = rarest_terms(ids, self._df, max_terms)
        terms = np.asarray(ids, dtype=np.int64)
        docs, scores = self.base.postings.hits(terms, self._idf, self._base_norms)
        live = ~self.dead[docs]
        new_docs, new_scores = self.delta.hits(terms, self._idf, self._delta_norms)
        return (
            np.concatenate([docs[live], new_docs + len(self.base)]),
            np.concatenate([scores[live], new_scores]).astype(np.float32),
        )

    def scores_rows(self, query: str | Sequence[str], rows: np.ndarray) -> np.ndarray:
        """BM25 of the rows given for the whole query, as :meth:`LexicalIndex.scores_rows`."""
        rows = np.asarray(rows, dtype=np.int64)
        distinct = np.fromiter(dict.fromkeys(self._query(query)), dtype=np.int64)
        out = np.zeros(rows.size, dtype=np.float64)
        if not distinct.size or not rows.size:
            return out.astype(np.float32)
        nb = len(self.base)
        in_base = rows < nb
        if in_base.any():
            at = rows[in_base]
            got = self.base.postings.scores_rows(distinct, at, self._idf, self._base_norms)
            out[in_base] = np.where(self.dead[at], 0.0, got)
        if (~in_base).any():
            at = rows[~in_base] - nb
            out[~in_base] = self.delta.scores_rows(distinct, at, self._idf, self._delta_norms)
        return out.astype(np.float32)

    def scores_many(self, queries: Sequence[Sequence[str]]) -> np.ndarray:
        """:meth:`scores` of many token lists, each term counted once."""
        out = np.zeros((len(queries), len(self)), dtype=np.float32)
        for i, query in enumerate(queries):
            out[i] = self.scores(list(dict.fromkeys(query)))
        return out

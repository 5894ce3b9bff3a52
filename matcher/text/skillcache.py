"""Remembered skill extraction: re-indexing unchanged texts runs no tokenizer.

Extracting canonical skills cuts every document with jieba and walks the alias trie; at about
4 ms a document it was the largest cost of re-building an engine whose embeddings all came from
the cache. Results are kept per taxonomy (its :func:`fingerprint` names the file, so editing the
taxonomy or the tokenizer starts afresh) and per text (a BLAKE2 hash of it), in one gzipped JSON
file written atomically.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
from collections.abc import Callable, Iterable
from pathlib import Path

from matcher.files import write_atomic
from matcher.text.taxonomy import Taxonomy
from matcher.text.tokens import TOKENIZER_VERSION

logger = logging.getLogger(__name__)


def fingerprint(taxonomy: Taxonomy) -> str:
    """A hash of everything extraction depends on: skills, aliases, majors, tokenizer version."""
    h = hashlib.sha256(f"tokenizer {TOKENIZER_VERSION}\n".encode())
    for skill in sorted(taxonomy.skills.values(), key=lambda s: s.id):
        h.update(skill.model_dump_json().encode())
    for code in sorted(taxonomy.majors):
        h.update(taxonomy.majors[code].model_dump_json().encode())
    return h.hexdigest()


def _key(kind: str, text: str) -> str:
    return kind + hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


class SkillCache:
    """``extract_ids`` and ``canonicalise`` of a taxonomy, remembered (on disk when given one).

    Args:
        taxonomy: The taxonomy whose answers are remembered.
        directory: Folder of the cache files; ``None`` remembers for this object's life only.
    """

    def __init__(self, taxonomy: Taxonomy, directory: Path | None = None) -> None:
        self.taxonomy = taxonomy
        self.path = Path(directory) / f"{fingerprint(taxonomy)[:24]}.json.gz" if directory else None
        self._memo: dict[str, list[str]] = {}
        self._dirty = False
        self.hits = self.misses = 0
        if self.path is not None and self.path.exists():
            try:
                with gzip.open(self.path, "rt", encoding="utf-8") as fh:
                    self._memo = json.load(fh)
            except (OSError, ValueError, EOFError) as exc:  # a damaged cache is only slower
                logger.warning("ignoring unreadable skill cache %s: %s", self.path, exc)
                self._memo = {}

    def _remember(self, key: str, compute: Callable[[], list[str]]) -> list[str]:
        found = self._memo.get(key)
        if found is not None:
            self.hits += 1
            return list(found)
        self.misses += 1
        found = compute()
        self._memo[key] = found
        self._dirty = True
        return list(found)

    def extract_ids(self, text: str) -> list[str]:
        """:meth:`Taxonomy.extract_ids`, remembered."""
        return self._remember(_key("x", text), lambda: self.taxonomy.extract_ids(text))

    def canonicalise(self, phrases: Iterable[str]) -> list[str]:
        """:meth:`Taxonomy.canonicalise`, remembered (the phrases in order are the key)."""
        phrases = list(phrases)
        if not phrases:
            return []
        text = json.dumps(phrases, ensure_ascii=False)
        return self._remember(_key("c", text), lambda: self.taxonomy.canonicalise(phrases))

    def missing_documents(self, texts: Iterable[str]) -> list[str]:
        """The distinct ``texts`` whose :meth:`extract_ids` answer is not remembered yet."""
        return [t for t in dict.fromkeys(texts) if _key("x", t) not in self._memo]

    def remember_documents(self, texts: Iterable[str], ids: Iterable[list[str]]) -> None:
        """Remember ``extract_ids`` answers computed elsewhere (one list of ids per text)."""
        for text, found in zip(texts, ids, strict=True):
            self._memo[_key("x", text)] = list(found)
            self._dirty = True

    def save(self) -> None:
        """Write new answers to disk (atomically; a no-op without a directory or news)."""
        if self.path is None or not self._dirty:
            return
        text = json.dumps(self._memo, ensure_ascii=False, separators=(",", ":"))
        write_atomic(self.path, gzip.compress(text.encode("utf-8"), compresslevel=1))
        self._dirty = False

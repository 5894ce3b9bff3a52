"""Words of the enterprise's pages: applicants, candidates, positions."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}

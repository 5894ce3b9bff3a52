"""Words of the student's pages: job cards, search, her applications, her profile."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}

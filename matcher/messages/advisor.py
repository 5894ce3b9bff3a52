"""Words of the advisor's pages: the cohort, the plan, exports."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}

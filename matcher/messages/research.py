"""Words of the researcher's and the admin's pages: the report, the model, audit, users."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {}

"""Words of the web pages: the pages' part of the catalogue in :mod:`matcher.messages`."""

from __future__ import annotations

from matcher.messages import DISMISS_REASONS, LANGS, page_words

__all__ = ["DISMISS_REASONS", "LANGS", "words"]


def words(lang: str) -> dict[str, str]:
    """Every UI string in ``lang`` (Chinese for anything unknown)."""
    return page_words(lang)

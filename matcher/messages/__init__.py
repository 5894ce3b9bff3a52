"""The bilingual message catalogue: every sentence the product shows, in Chinese and English.

One catalogue, kept in a module per area so that each page's words sit together: ``pages``
(shared words), ``student``, ``enterprise``, ``advisor``, ``research``, ``reasons`` (why a match
is one, for :mod:`matcher.explain`) and ``problems`` (errors a user can act on). A key names one
message across all of them (a duplicate is refused at import). Chinese is the default; an
unknown language falls back to it.
"""

from __future__ import annotations

from matcher.messages import advisor, enterprise, pages, problems, reasons, research, student
from matcher.messages.reasons import DISMISS_REASONS

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

_PAGE_AREAS = (pages, student, enterprise, advisor, research)


def _merged(*parts: dict[str, dict[str, str]]) -> dict[str, dict[str, str]]:
    out: dict[str, dict[str, str]] = {}
    for part in parts:
        for key, texts in part.items():
            if key in out:
                raise ValueError(f"message key {key!r} is defined twice")
            if set(texts) != set(LANGS):
                raise ValueError(f"message {key!r} must have exactly {LANGS}, has {sorted(texts)}")
            out[key] = texts
    return out


#: Words of the web pages, by key.
PAGES: dict[str, dict[str, str]] = _merged(*(area.WORDS for area in _PAGE_AREAS))
#: Explanations of a match.
REASONS = reasons.WORDS
#: Errors a user can act on.
ERRORS = problems.WORDS
#: Every message, for lookups by key.
CATALOGUE: dict[str, dict[str, str]] = _merged(PAGES, REASONS, ERRORS)

__all__ = [
    "CATALOGUE",
    "DEFAULT_LANG",
    "DISMISS_REASONS",
    "ERRORS",
    "LANGS",
    "PAGES",
    "REASONS",
    "language",
    "message",
    "page_words",
]


def language(lang: str | None) -> str:
    """``lang`` if the catalogue has it, else the default (Chinese)."""
    return lang if lang in LANGS else DEFAULT_LANG


def message(key: str, lang: str | None, **fields: object) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in (``KeyError`` for no key)."""
    return CATALOGUE[key][language(lang)].format(**fields)


def page_words(lang: str | None) -> dict[str, str]:
    """Every word of the web pages in ``lang``."""
    chosen = language(lang)
    return {key: texts[chosen] for key, texts in PAGES.items()}

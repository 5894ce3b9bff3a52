"""Every word a page template names is in the catalogue, in both languages."""

from __future__ import annotations

import re
from pathlib import Path

from matcher.messages import PAGES

TEMPLATES = Path(__file__).resolve().parents[3] / "api" / "web" / "templates"
NAMED = re.compile(r"\bt\.([a-z][a-z0-9_]*)|\bt\[['\"]([a-z][a-z0-9_]*)['\"]\]")


def test_every_word_a_template_names_is_in_the_catalogue() -> None:
    missing = {}
    for path in sorted(TEMPLATES.rglob("*.html")):
        for match in NAMED.finditer(path.read_text(encoding="utf-8")):
            key = match.group(1) or match.group(2)
            if key not in PAGES:
                missing.setdefault(str(path.relative_to(TEMPLATES)), set()).add(key)
    assert not missing, missing
    assert all(set(texts) == {"zh", "en"} and all(texts.values()) for texts in PAGES.values())

"""The ground floor of text: normal forms, and telling Chinese characters from the rest.

One definition of a Chinese (Han) character serves the tokenizer, the taxonomy's extractor and
the simulator: the CJK Unified Ideographs with Extension A, the compatibility ideographs and the
supplementary-plane extensions B to F.
"""

from __future__ import annotations

import re
import unicodedata

#: Han characters as a regular-expression character class body (without the brackets).
HAN = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002ebef"
HAN_RE = re.compile(f"[{HAN}]")
_SPACE_RE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """NFKC (full-width to half-width), lower-case, collapse whitespace."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFKC", text).lower())


def has_han(text: str) -> bool:
    """Whether ``text`` contains a Chinese (Han) character."""
    return HAN_RE.search(text) is not None


def count_han(text: str) -> int:
    """How many Chinese (Han) characters ``text`` holds."""
    return len(HAN_RE.findall(text))


def stem(token: str) -> str:
    """Very light English stemming so that 'lasers' meets 'laser' (plural -s, -es only)."""
    if len(token) > 3 and token.isascii() and token.isalpha():
        if token.endswith("ies"):
            return token[:-3] + "y"
        if token.endswith(("ses", "xes", "ches", "shes")):
            return token[:-2]
        if token.endswith("s") and not token.endswith(("ss", "us", "is")):
            return token[:-1]
    return token


#: Control characters no text of the matcher may hold (C0 but tab, newline and carriage return;
#: DEL): PostgreSQL cannot store NUL at all, and none has a meaning in a profile or a position.
CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def control_character(text: str) -> str | None:
    """The first control character of ``text`` as ``U+XXXX``, or ``None`` when it has none."""
    found = CONTROL_RE.search(text)
    return None if found is None else f"U+{ord(found.group()):04X}"

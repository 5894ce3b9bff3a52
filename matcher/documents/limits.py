"""The fixed limits of reading one uploaded document."""

from __future__ import annotations

from dataclasses import dataclass

MIB = 1024 * 1024


@dataclass(frozen=True)
class ReadLimits:
    """How much one document may cost to read; beyond any of them it is refused."""

    #: Largest upload (413 beyond).
    max_bytes: int = 5 * MIB
    #: Most pages of a PDF (a résumé or a job description has a few).
    max_pages: int = 50
    #: Wall-clock seconds the reading child may take.
    seconds: float = 20.0
    #: Address space of the reading child.
    memory_bytes: int = 1024 * MIB
    #: What the parts of a DOCX may unpack to, together.
    unpacked_bytes: int = 40 * MIB
    #: Most parts in a DOCX.
    max_parts: int = 2_000
    #: Characters of text kept (a long text is cut, not refused).
    max_chars: int = 200_000


def human_size(n: int) -> str:
    """``n`` bytes as ``5.0 MB`` or ``812 KB``."""
    if n >= MIB:
        return f"{n / MIB:.1f} MB"
    return f"{max(1, round(n / 1024))} KB"

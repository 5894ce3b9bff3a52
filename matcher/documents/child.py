"""The reading child: PDF or DOCX bytes on stdin, the document as JSON on stdout.

Run by :mod:`matcher.documents.reading` as
``python -I -m matcher.documents.child KIND PAGES MEMORY SECONDS UNPACKED PARTS CHARS``. It caps
its own address space and CPU time before it reads a byte. A refusal is printed as
``{"status", "key", "fields"}`` with exit status 3.
"""

from __future__ import annotations

import json
import resource
import sys

from matcher.documents.limits import ReadLimits
from matcher.documents.reading import REFUSED
from matcher.errors import DocumentError


def main(argv: list[str]) -> int:
    """Read stdin as the given kind within the given limits; print the result."""
    kind, pages, memory, seconds, unpacked, parts, chars = argv
    limits = ReadLimits(
        max_pages=int(pages),
        memory_bytes=int(memory),
        seconds=float(seconds),
        unpacked_bytes=int(unpacked),
        max_parts=int(parts),
        max_chars=int(chars),
    )
    resource.setrlimit(resource.RLIMIT_AS, (limits.memory_bytes, limits.memory_bytes))
    cpu = int(limits.seconds)
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    data = sys.stdin.buffer.read()
    try:
        if kind == "pdf":
            from matcher.documents.pdf import read_pdf

            raw = read_pdf(data, limits)
        else:
            from matcher.documents.word import read_docx

            raw = read_docx(data, limits)
    except DocumentError as exc:
        print(json.dumps({"status": exc.status, "key": exc.key, "fields": exc.fields}))
        return REFUSED
    print(json.dumps(raw.to_json()))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

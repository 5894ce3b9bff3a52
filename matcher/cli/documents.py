"""``matcher parse``: a résumé or a job description read into a draft, on the command line."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from matcher.cli.common import JsonOpt, app, emit, fail


@app.command()
def parse(
    file: Annotated[Path, typer.Argument(help="A PDF, a .docx or a text file; - reads stdin.")],
    kind: Annotated[
        str | None,
        typer.Option("--kind", help="resume or job (guessed from the text when not given)."),
    ] = None,
    lang: Annotated[
        str, typer.Option("--lang", help="Labels of the plain output: zh or en.")
    ] = "zh",
    as_json: JsonOpt = False,
) -> None:
    """Read a résumé or a job description into a draft profile or position (nothing is stored).

    The draft has, for every field, its value, where in the document it came from and a
    confidence; --json prints it whole, with each skill's canonical id and labels.
    """
    import sys

    from matcher.config import get_settings
    from matcher.documents.limits import ReadLimits
    from matcher.documents.parse import parse_document
    from matcher.errors import DocumentError

    if kind not in (None, "resume", "job"):
        raise fail(f"--kind: {kind!r} is not resume or job")
    if lang not in ("zh", "en"):
        raise fail(f"--lang: {lang!r} is not zh or en")
    try:
        data = sys.stdin.buffer.read() if str(file) == "-" else file.read_bytes()
    except OSError as exc:
        raise fail(f"{file}: {exc.strerror or exc}") from None
    limits = ReadLimits(max_bytes=get_settings().upload_max_bytes)
    try:
        draft = parse_document(data, kind=kind, limits=limits)  # type: ignore[arg-type]
    except DocumentError as exc:
        raise fail(f"{file}: {exc.localized(lang)} ({exc.status})") from None
    if as_json:
        emit(draft_json(draft))
        return
    for line in draft_lines(draft, lang):
        typer.echo(line)


def draft_json(draft: Any) -> dict[str, Any]:
    """The draft as JSON, with the record it would save under ``record``."""
    out = draft.model_dump(mode="json")
    out["record"] = draft.profile() if draft.kind == "resume" else draft.position()
    if draft.kind == "job":  # every skill in one list too, as a résumé's draft has them
        out["skills"] = [
            {**finding, "required": required}
            for required, findings in (
                (True, out["required_skills"]),
                (False, out["preferred_skills"]),
            )
            for finding in findings
        ]
    return out


def draft_lines(draft: Any, lang: str) -> list[str]:
    """A short reading of the draft for a terminal."""
    lines = [
        f"{draft.kind} · {draft.file_kind} · {draft.language}"
        f" · sections: {', '.join(draft.sections)}"
    ]
    for name, field in draft.fields.items():
        if field.value in (None, [], {}) or name in ("description", "self_description"):
            continue
        value = field.value if not isinstance(field.value, list) else f"{len(field.value)} item(s)"
        lines.append(f"  {name}: {value}  ({field.confidence:.2f})")
    groups = (
        [("skills", draft.skills)]
        if draft.kind == "resume"
        else [("required", draft.required_skills), ("preferred", draft.preferred_skills)]
    )
    for title, findings in groups:
        labels = ", ".join(f"{getattr(f, lang)} [{f.id}]" for f in findings)
        lines.append(f"  {title}: {labels or '-'}")
    if draft.kind == "resume" and draft.personal:
        found = ", ".join(dict.fromkeys(p.field for p in draft.personal))
        lines.append(f"  personal (kept to the personal fields only): {found}")
    lines.extend(f"  ! {warning}" for warning in draft.warnings)
    return lines

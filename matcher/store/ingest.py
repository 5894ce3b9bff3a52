"""Import and export of records: validated, streamed, all-or-nothing.

``import_files`` reads JSONL (optionally gzipped) and CSV files, validates every record with the
pydantic models, checks that references resolve (against the store and the records of the same
import) and writes everything in one transaction. On any problem nothing is written and
:class:`ImportFailed` carries every problem as ``FILE:LINE: field: problem``.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import logging
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, get_args, get_origin

from pydantic import BaseModel, ValidationError

from matcher.errors import ImportFailed, Problem
from matcher.schemas import IMPORT_ORDER, RECORD_TYPES, Interaction, Record
from matcher.store.database import Store

logger = logging.getLogger(__name__)

#: Which fields of a record type refer to which other record type.
REFERENCES: dict[str, dict[str, str]] = {
    "positions": {"enterprise_id": "enterprises"},
    "interactions": {"student_id": "students", "position_id": "positions"},
}

_SINGULAR = {
    "enterprises": "enterprise",
    "students": "student",
    "positions": "position",
    "interactions": "interaction",
}


@dataclass
class _Problems:
    limit: int
    kept: list[Problem] = field(default_factory=list)
    total: int = 0

    def add(self, problem: Problem) -> None:
        self.total += 1
        if len(self.kept) < self.limit:
            self.kept.append(problem)


def record_kind(path: Path, explicit: str | None = None) -> str:
    """The record type of a file: ``explicit`` if given, else from the file name."""
    if explicit is not None:
        if explicit not in RECORD_TYPES:
            raise ValueError(
                f"unknown record type {explicit!r}; use one of {', '.join(RECORD_TYPES)}"
            )
        return explicit
    name = path.name.lower()
    found = [kind for kind in RECORD_TYPES if kind in name or _SINGULAR[kind] in name]
    if len(found) != 1:
        raise ValueError(
            f"{path}: cannot tell the record type from the file name; name it like "
            f"'positions.jsonl' or pass --type ({', '.join(RECORD_TYPES)})"
        )
    return found[0]


def _open_text(path: Path) -> IO[str]:
    if path.suffix == ".gz":
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig")
    return path.open(encoding="utf-8-sig", newline="")


def _is_list_field(model: type[BaseModel], name: str) -> bool:
    info = model.model_fields.get(name)
    if info is None:
        return False
    annotation = info.annotation
    if get_origin(annotation) is list:
        return True
    return any(get_origin(arg) is list for arg in get_args(annotation))


def _csv_cell(model: type[BaseModel], name: str, value: str) -> Any:
    """Turn a CSV cell into a value: JSON for lists and objects, ``a;b`` for simple lists."""
    text = value.strip()
    if text.startswith(("[", "{")):
        try:
            return json.loads(text)
        except json.JSONDecodeError:
            return text
    if _is_list_field(model, name):
        return [part.strip() for part in text.split(";") if part.strip()]
    if text.lower() in ("true", "false"):
        info = model.model_fields.get(name)
        if info is not None and info.annotation is bool:
            return text.lower() == "true"
    return text


def _nested_model(model: type[BaseModel], parts: list[str]) -> type[BaseModel]:
    """The model that holds the last part of a dotted CSV header such as ``preferences.cities``."""
    for part in parts[:-1]:
        info = model.model_fields.get(part)
        annotation = info.annotation if info is not None else None
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            model = annotation
    return model


def _read_rows(path: Path, model: type[BaseModel]) -> Iterator[tuple[int, Any, str | None]]:
    """(line number, parsed object or None, parse error or None) for each record of a file."""
    name = path.name.lower()
    with _open_text(path) as fh:
        if ".csv" in name:
            reader = csv.DictReader(fh)
            for row in reader:
                obj: dict[str, Any] = {}
                for key, value in row.items():
                    if key is None:
                        yield reader.line_num, None, "more cells than header columns"
                        break
                    if value is None or value.strip() == "":
                        continue
                    parts = key.strip().split(".")
                    target = obj
                    for part in parts[:-1]:
                        target = target.setdefault(part, {})
                    target[parts[-1]] = _csv_cell(_nested_model(model, parts), parts[-1], value)
                else:
                    yield reader.line_num, obj, None
        else:
            for number, line in enumerate(fh, start=1):
                if not line.strip():
                    continue
                try:
                    yield number, json.loads(line), None
                except json.JSONDecodeError as exc:
                    yield number, None, f"malformed JSON: {exc.msg} (column {exc.colno})"


def _validation_problems(
    file: str, line: int, exc: ValidationError, model: type[BaseModel]
) -> list[Problem]:
    problems = []
    for error in exc.errors(include_url=False):
        loc = ".".join(str(part) for part in error["loc"])
        message = str(error["msg"]).removeprefix("Value error, ")
        if not loc:
            first = message.split(" ", 1)[0]
            loc = first if first in model.model_fields else "(record)"
        if error["type"] == "missing":
            message = "required field is missing"
        elif error["type"] == "extra_forbidden":
            message = "unknown field"
        problems.append(Problem(file, line, loc, message))
    return problems


#: Students whose pairs' events are read per query when an import's funnel order is checked.
FUNNEL_CHUNK = 500


def _funnel_problems(session: Any, students: set[str], where: dict[str, str]) -> list[Problem]:
    """Imported interactions that come before their prerequisite on their pair (an offer with
    no application, an acceptance with no offer), counting the store's earlier events too
    (:func:`matcher.rules.out_of_order`). ``students`` are those the import has events of;
    ``where`` maps each imported id to ``FILE:LINE``."""
    from sqlalchemy import select

    from matcher.rules import out_of_order, with_article
    from matcher.store.rows import InteractionRow

    table = InteractionRow.__table__
    students = sorted(students)
    out = []
    for start in range(0, len(students), FUNNEL_CHUNK):
        chunk = students[start : start + FUNNEL_CHUNK]
        query = select(
            table.c.student_id, table.c.position_id, table.c.timestamp, table.c.event, table.c.id
        ).where(table.c.student_id.in_(chunk))
        pairs: dict[tuple[str, str], list[tuple[Any, str, str]]] = {}
        for sid, pid, when, event, event_id in session.execute(query):
            pairs.setdefault((sid, pid), []).append((when, event, event_id))
        for events in pairs.values():
            for event_id, needed in out_of_order(events):
                if event_id in where:
                    path, _, line = where[event_id].rpartition(":")
                    event = next(e for _, e, i in events if i == event_id)
                    out.append(
                        Problem(
                            path,
                            int(line),
                            "event",
                            f"{with_article(event)} event needs an earlier {needed.value} "
                            "event on its student and position",
                        )
                    )
    return out


#: Pages of SQLite's cache while an import runs (in KiB, as ``PRAGMA cache_size`` takes a
#: negative number): an import of millions of events inserts into five indexes at random
#: places, and with the default 2 MB cache each insert re-read pages and spilled dirty ones
#: to the write-ahead log again and again.
IMPORT_CACHE_KIB = 512 * 1024


@contextmanager
def _import_cache(session: Any) -> Iterator[None]:
    """A large page cache on the import's SQLite connection, the default again after."""
    if session.bind.dialect.name != "sqlite":
        yield
        return
    from sqlalchemy.exc import SQLAlchemyError

    connection = session.connection()
    before = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = -{IMPORT_CACHE_KIB}")
    try:
        yield
    finally:
        # After a failed statement the session refuses work until rolled back; the pooled
        # connection then keeps the large cache until it is recycled, which costs only memory.
        with suppress(SQLAlchemyError):
            connection.exec_driver_sql(f"PRAGMA cache_size = {int(before)}")


def import_files(
    store: Store,
    paths: Sequence[Path],
    *,
    kind: str | None = None,
    error_limit: int = 50,
    batch_size: int = 2000,
) -> dict[str, int]:
    """Validate and import ``paths`` in one transaction; return counts per record type.

    Raises :class:`ImportFailed` (nothing written) when any record is bad, and ``ValueError``
    when a file's record type cannot be told.
    """
    for path in paths:
        if not path.is_file():
            raise ValueError(f"{path}: no such file")
    kinds = [(record_kind(p, kind), p) for p in paths]
    kinds.sort(key=lambda kp: IMPORT_ORDER.index(kp[0]))
    problems = _Problems(limit=error_limit)
    counts = dict.fromkeys(IMPORT_ORDER, 0)
    seen: dict[str, dict[str, str]] = {k: {} for k in IMPORT_ORDER}  # id -> FILE:LINE
    interaction_students: set[str] = set()

    class _Refused(Exception):
        pass

    try:
        with store.session() as session, _import_cache(session):
            for record_type, path in kinds:
                model = RECORD_TYPES[record_type]
                refs = REFERENCES.get(record_type, {})
                batch: list[tuple[int, Record]] = []

                def flush(
                    batch: list[tuple[int, Record]] = batch,
                    path: Path = path,
                    refs: dict[str, str] = refs,
                    record_type: str = record_type,
                ) -> None:
                    # Check references of the batch against this import, then against the store.
                    for ref_field, target in refs.items():
                        missing = {getattr(r, ref_field) for _, r in batch} - seen[target].keys()
                        known = store.existing_ids(session, target, missing) if missing else set()
                        for number, rec in batch:
                            value = getattr(rec, ref_field)
                            if value in missing and value not in known:
                                problems.add(
                                    Problem(
                                        str(path),
                                        number,
                                        ref_field,
                                        f"unknown {_SINGULAR[target]} {value!r}",
                                    )
                                )
                    if problems.total == 0:
                        store.upsert(session, record_type, [r for _, r in batch])
                    batch.clear()

                for number, obj, parse_error in _read_rows(path, model):
                    if parse_error is not None:
                        problems.add(Problem(str(path), number, "(line)", parse_error))
                        continue
                    if not isinstance(obj, dict):
                        problems.add(Problem(str(path), number, "(line)", "expected a JSON object"))
                        continue
                    try:
                        record = model.model_validate(obj)
                    except ValidationError as exc:
                        for problem in _validation_problems(str(path), number, exc, model):
                            problems.add(problem)
                        continue
                    where = f"{path}:{number}"
                    first = seen[record_type].get(record.id)
                    if first is not None:
                        problems.add(
                            Problem(
                                str(path),
                                number,
                                "id",
                                f"duplicate id {record.id!r} (first at {first})",
                            )
                        )
                        continue
                    seen[record_type][record.id] = where
                    if isinstance(record, Interaction):
                        interaction_students.add(record.student_id)
                    counts[record_type] += 1
                    batch.append((number, record))
                    if len(batch) >= batch_size:
                        flush()
                if batch:
                    flush()
            if problems.total == 0 and counts["interactions"]:
                events_of = interaction_students
                for problem in _funnel_problems(session, events_of, seen["interactions"]):
                    problems.add(problem)
            if problems.total:
                raise _Refused
    except _Refused:
        order = {str(p): i for i, (_, p) in enumerate(kinds)}
        problems.kept.sort(key=lambda pr: (order.get(pr.file, 0), pr.line))
        raise ImportFailed(problems.kept, problems.total) from None
    logger.info("imported %s", counts)
    return counts


def export_store(store: Store, out_dir: Path) -> dict[str, int]:
    """Write every record type of the store to ``out_dir/<type>.jsonl``; return counts."""
    out_dir.mkdir(parents=True, exist_ok=True)
    counts: dict[str, int] = {}
    for record_type in IMPORT_ORDER:
        target = out_dir / f"{record_type}.jsonl"
        tmp = target.with_suffix(".jsonl.tmp")
        n = 0
        with tmp.open("w", encoding="utf-8") as fh:
            for record in store.iter_records(record_type):
                fh.write(record.model_dump_json(exclude_none=True) + "\n")
                n += 1
        tmp.replace(target)
        counts[record_type] = n
    return counts

"""Building the API's schemas from the records of :mod:`matcher.schemas`, and error documentation.

A request or response body never is a storage record itself, but its fields are the record's
own (type, constraints, description), so the record format has one definition.
"""

from __future__ import annotations

import dataclasses
from typing import Annotated, Any, TypeVar, get_type_hints

from pydantic import BaseModel, Field, create_model
from pydantic.fields import FieldInfo

R = TypeVar("R", bound=BaseModel)

#: What each error status of the API means, unless a route says more precisely.
ERRORS: dict[int, str] = {
    401: "no login",
    403: "not allowed",
    404: "unknown record",
    409: "the id is taken",
    422: "invalid record",
    429: "too many failed logins; retry after the Retry-After seconds",
}


def _declared(info: FieldInfo, *, optional: bool = False) -> tuple[Any, FieldInfo]:
    """A field declared as ``info`` is (or the same with ``None`` allowed and by default)."""
    spec = info.asdict()
    annotation = spec["annotation"] | None if optional else spec["annotation"]
    if spec["metadata"]:
        annotation = Annotated[(annotation, *spec["metadata"])]
    attributes = dict(spec["attributes"])
    if optional:
        attributes.update(default=None, default_factory=None)
    return annotation, Field(**attributes)


def optional_fields(record: type[R]) -> type[R]:
    """``record`` with every field optional and ``None`` by default, its validators kept.

    The base of a PATCH body: only the fields sent are set (``model_dump(exclude_unset=True)``),
    each checked as in the record; the merged record is then validated as a whole.
    """
    fields = {name: _declared(info, optional=True) for name, info in record.model_fields.items()}
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"{record.__name__}Fields", __base__=record, __module__=__name__, **fields
    )


def fields_of(source: type, *names: str) -> type[BaseModel]:
    """A model of ``names``, each field declared as in ``source``: a record (its validators
    left out) or a dataclass (each field then required)."""
    if dataclasses.is_dataclass(source):
        hints = get_type_hints(source)
        fields = {name: (hints[name], ...) for name in names}
    else:
        fields = {name: _declared(source.model_fields[name]) for name in names}  # type: ignore[attr-defined]
    return create_model(  # type: ignore[call-overload,no-any-return]
        f"{source.__name__}Part", __module__=__name__, **fields
    )


def stored(kind: type[R], body: BaseModel) -> R:
    """The storage record of type ``kind`` holding a request body's fields."""
    return kind.model_validate(body.model_dump(exclude_unset=True))


def links(status: int, **named: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """OpenAPI links of a route's ``status`` answer: how its ids feed other operations.

    Each value names an ``operationId`` and its ``parameters`` or ``requestBody`` as runtime
    expressions (``$response.body#/student_id``); clients and the stateful fuzz tests follow them.
    """
    return {status: {"links": named}}


def errors(*codes: int | tuple[int, str]) -> dict[int | str, dict[str, Any]]:
    """The documented error answers of a route: a status, or a status and what it means there."""
    out: dict[int | str, dict[str, Any]] = {}
    for code in codes:
        status, text = code if isinstance(code, tuple) else (code, ERRORS[code])
        out[status] = {"description": text}
    return out

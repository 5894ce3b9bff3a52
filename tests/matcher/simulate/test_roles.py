"""Tests of the simulator's role catalogue, read from package data (matcher.simulate.roles)."""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path

import pytest

from matcher.schemas import Sector
from matcher.simulate.roles import BOILERPLATE, ROLES, Role, read_boilerplate, read_roles

SECTORS = {s.value for s in Sector}


def _row(**changes: object) -> dict[str, object]:
    """A valid row (the first role of the catalogue) with some fields changed."""
    row = {f.name: getattr(ROLES[0], f.name) for f in dataclasses.fields(Role)}
    row.update(changes)
    return row


def _write(path: Path, *rows: dict[str, object]) -> Path:
    path.write_text(
        "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
    )
    return path


def test_catalogue_is_loaded_with_unique_keys_and_known_sectors() -> None:
    assert len(ROLES) > 40
    keys = [r.key for r in ROLES]
    assert len(keys) == len(set(keys))
    # "any" marks the roles open to every sector (sales, translation…).
    assert {r.sector for r in ROLES} <= SECTORS | {"any"}
    assert {r.sector for r in ROLES} >= SECTORS


def test_catalogue_fields_are_tuples_of_the_declared_types() -> None:
    for role in ROLES:
        for field in dataclasses.fields(Role):
            value = getattr(role, field.name)
            if field.name in ("key", "sector"):
                assert isinstance(value, str) and value
            elif field.name in ("salary", "weight"):
                assert isinstance(value, float) and value > 0
            else:
                assert isinstance(value, tuple), (role.key, field.name)
        assert all(isinstance(t, str) for t in role.titles_zh + role.anchors + role.categories)
        assert len(role.degree) == 3 and all(isinstance(d, float) for d in role.degree)
        assert role.titles_zh and role.titles_en and role.anchors and role.categories
    assert isinstance(BOILERPLATE, tuple) and BOILERPLATE
    assert all(isinstance(p, str) for p in BOILERPLATE)


def test_a_written_catalogue_reads_back_equal(tmp_path: Path) -> None:
    rows = [dataclasses.asdict(r) for r in ROLES[:3]]
    assert read_roles(_write(tmp_path / "roles.jsonl", *rows)) == ROLES[:3]


@pytest.mark.parametrize(
    ("row", "message"),
    [
        (_row(colour="red"), "unknown field 'colour'"),
        ({k: v for k, v in _row().items() if k != "weight"}, "missing field 'weight'"),
        (_row(sector="bakery"), "field 'sector'"),
        (_row(anchors="Zemax"), "field 'anchors'"),
        (_row(degree=[0.5, 0.5]), "field 'degree'"),
        (_row(salary="7500"), "field 'salary'"),
    ],
)
def test_a_malformed_row_is_refused_with_file_line_and_field(
    tmp_path: Path, row: dict[str, object], message: str
) -> None:
    path = _write(tmp_path / "roles.jsonl", _row(key="fine"), row)
    with pytest.raises(ValueError, match=rf"roles\.jsonl:2: {message}"):
        read_roles(path)


def test_a_repeated_key_or_broken_json_is_refused(tmp_path: Path) -> None:
    path = _write(tmp_path / "roles.jsonl", _row(), _row())
    with pytest.raises(ValueError, match=r"roles\.jsonl:2: field 'key' repeats"):
        read_roles(path)
    path.write_text("\n{not json\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"roles\.jsonl:2: not JSON"):
        read_roles(path)


def test_boilerplate_must_be_a_list_of_strings(tmp_path: Path) -> None:
    path = tmp_path / "boilerplate.json"
    path.write_text('["CET-4", 4]', encoding="utf-8")
    with pytest.raises(ValueError, match=r"boilerplate\.json"):
        read_boilerplate(path)

"""Property-based tests of the import validator (issue #16): any file with one bad record is
refused whole, naming the record's line and field, and nothing is stored; the same file with the
record repaired imports."""

from __future__ import annotations

import json
import tempfile
from pathlib import Path
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher.errors import ImportFailed
from matcher.store.database import Store
from matcher.store.ingest import import_files

GOOD = {
    "id": "e1",
    "name": "长春光电精密有限公司",
    "sectors": ["optics"],
    "city": "长春",
    "founded_year": 2012,
}
#: Ways to break one field of an enterprise record: (field, bad value).
BREAKS = st.one_of(
    st.tuples(st.just("name"), st.sampled_from([None, "", 7, ["x"], "x" * 201])),
    st.tuples(st.just("name"), st.text(min_size=1, max_size=5).map(lambda t: t + "\x00")),
    st.tuples(st.just("sectors"), st.sampled_from([[], ["astrology"], "optics", None])),
    st.tuples(st.just("city"), st.sampled_from([None, "", 3.5])),
    st.tuples(
        st.just("founded_year"), st.one_of(st.integers(max_value=1899), st.integers(min_value=2101))
    ),
    st.tuples(st.just("id"), st.sampled_from(["", "has space", "x" * 65, "斜/杠"])),
    st.tuples(st.text(min_size=1, max_size=8).filter(lambda k: k not in GOOD), st.just(1)),
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    before=st.integers(min_value=0, max_value=4),
    after=st.integers(min_value=0, max_value=4),
    broken=BREAKS,
)
def test_one_bad_record_refuses_the_whole_file(
    before: int, after: int, broken: tuple[str, Any]
) -> None:
    field, value = broken
    rows = [{**GOOD, "id": f"e{i}"} for i in range(before + after + 1)]
    bad_line = before + 1
    bad = dict(rows[before])
    if value is None and field in GOOD:
        bad.pop(field)
    else:
        bad[field] = value
    rows[before] = bad
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "enterprises.jsonl"
        path.write_text(
            "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8"
        )
        store = Store(f"sqlite:///{Path(tmp) / 'm.db'}")
        try:
            try:
                import_files(store, [path])
            except ImportFailed as exc:
                lines = exc.lines()
            else:
                raise AssertionError(f"imported a record with {field}={value!r}")
            assert any(line.startswith(f"{path}:{bad_line}: ") for line in lines), lines
            assert store.counts()["enterprises"] == 0
            rows[before] = {**GOOD, "id": f"e{before}"}
            path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
            assert import_files(store, [path])["enterprises"] == len(rows)
        finally:
            store.dispose()

"""Drafts from uploads through the API: a résumé for a student, a job description for an
enterprise; each bad file answered with its status and reason; nothing stored by a draft."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from fastapi.testclient import TestClient

from tests.api.apiworld import build_world, login, serve_world
from tests.matcher.documents import makers

pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

JOB_ZH = """长春光华微电子设备有限公司
光学装配工程师
岗位职责：
1. 负责使用干涉仪完成面形与波前检测；
任职要求：
1. 本科及以上学历，光电信息科学与工程等相关专业；
2. 熟悉Zemax，掌握SolidWorks，有ROS经验者优先。
工作地点：长春市高新区
薪资：8K-12K
招聘人数：3人
截止日期：2026年12月31日
"""


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A small world in SQLite (drafts read documents; the store's backends have their tests)."""
    return build_world(tmp_path_factory.mktemp("drafts"), students=30, positions=12, seed=5)


@pytest.fixture(scope="module")
def client(world: dict[str, Any]) -> Iterator[TestClient]:
    with serve_world(world) as c:
        yield c


def _upload(
    client: TestClient, url: str, data: bytes, who: dict[str, str], name: str = "cv.pdf"
) -> Any:
    return client.post(url, files={"file": (name, data, "application/octet-stream")}, headers=who)


def test_a_students_resume_becomes_a_draft_and_nothing_is_stored(
    client: TestClient, world: dict[str, Any]
) -> None:
    stu = login(client, "stu")
    before = client.get(f"/api/v1/students/{world['mine']}", headers=stu).json()
    pdf = makers.pdf_bytes([makers.RESUME_ZH_LEFT, makers.RESUME_ZH_RIGHT], photo=True)
    r = _upload(client, f"/api/v1/students/{world['mine']}/resume", pdf, stu)
    assert r.status_code == 200, r.text
    draft = r.json()
    assert draft["fields"]["major_code"]["value"] == "080705"
    assert draft["fields"]["degree"]["value"] == "bachelor"
    assert draft["fields"]["graduation_year"]["value"] == 2025
    assert draft["fields"]["graduation_year"]["source"]["section"] == "education"
    ids = {s["id"] for s in draft["skills"]}
    assert {"zemax", "solidworks", "cpp", "python", "can_bus", "opencv", "halcon"} <= ids
    zemax = next(s for s in draft["skills"] if s["id"] == "zemax")
    assert zemax["sources"][0]["section"] == "skills" and 0 < zemax["confidence"] <= 1
    found = {p["field"] for p in draft["personal"]}
    assert {"name", "phone", "email", "birth_date", "photo"} <= found
    assert "王晓明" not in draft["text"] and "5678" not in draft["text"]
    assert draft["record"]["phone"] == "138-0431-5678" and "name" in draft["kept_by_school"]
    assert "name" not in draft["record"] and "gpa" not in draft["record"]
    assert client.get(f"/api/v1/students/{world['mine']}", headers=stu).json() == before
    saved = client.patch(f"/api/v1/students/{world['mine']}", json=draft["record"], headers=stu)
    assert saved.status_code == 200, saved.text
    assert "zemax" in saved.json()["skill_ids"] and saved.json()["name"] == before["name"]


def test_pasted_text_and_json_text_are_read_too(client: TestClient, world: dict[str, Any]) -> None:
    stu = login(client, "stu")
    url = f"/api/v1/students/{world['mine']}/resume"
    text = (
        "Skills\nMATLAB/Simulink, ROS and SLAM\n"
        "Education\nB.Eng. in Vehicle Engineering, 2022 - 2026"
    )
    for r in (
        client.post(url, data={"text": text}, headers=stu),
        client.post(url, json={"text": text}, headers=stu),
    ):
        assert r.status_code == 200, r.text
        assert {"matlab", "simulink", "ros", "slam"} <= {s["id"] for s in r.json()["skills"]}
        assert r.json()["fields"]["graduation_year"]["value"] == 2026


def test_only_the_student_her_advisor_or_an_admin_may_draft_her_profile(
    client: TestClient, world: dict[str, Any]
) -> None:
    url = f"/api/v1/students/{world['other']}/resume"
    assert (
        client.post(url, data={"text": "Python"}, headers=login(client, "stu")).status_code == 403
    )
    assert (
        client.post(url, data={"text": "Python"}, headers=login(client, "ent")).status_code == 403
    )
    assert client.post(url, data={"text": "Python"}).status_code == 401
    assert (
        client.post(url, data={"text": "Python"}, headers=login(client, "root")).status_code == 200
    )


def test_an_enterprise_drafts_a_position_from_its_job_description(
    client: TestClient, world: dict[str, Any]
) -> None:
    ent = login(client, "ent")
    data = makers.docx_bytes(JOB_ZH.splitlines())
    r = _upload(client, "/api/v1/positions/draft", data, ent, "jd.docx")
    assert r.status_code == 200, r.text
    draft = r.json()
    values = {name: field["value"] for name, field in draft["fields"].items()}
    assert values["title"] == "光学装配工程师" and values["type"] == "job"
    assert (values["city"], values["district"]) == ("长春", "高新区")
    assert (values["salary_min"], values["salary_max"], values["openings"]) == (8000, 12000, 3)
    assert values["deadline"] == "2026-12-31" and values["min_degree"] == "bachelor"
    assert values["accepted_majors"] == ["080705"]
    assert {"zemax", "solidworks"} <= {s["id"] for s in draft["required_skills"]}
    assert [s["id"] for s in draft["preferred_skills"]] == ["ros"]
    record = draft["record"]
    assert record["enterprise_id"] == world["enterprise"]
    body = {**record, "id": "drafted1"}
    created = client.post("/api/v1/positions", json=body, headers=ent)
    assert created.status_code == 201, created.text
    assert client.post("/api/v1/positions/draft", data={"text": JOB_ZH},
                       headers=login(client, "stu")).status_code == 403  # fmt: skip


@pytest.mark.parametrize(
    ("data", "status", "zh", "en"),
    [
        (b"\x89PNG\r\n\x1a\n" + b"\0" * 64, 415,
         "不支持的文件类型（PNG image）：请上传PDF、Word（.docx）或纯文本",
         "unsupported file type (PNG image): upload a PDF, a Word .docx file or plain text"),
        (makers.encrypted_pdf(), 422, "文件已加密（设置了打开密码），请去掉密码后再上传",
         "the file is encrypted (it has an opening password); "
         "remove the password and upload it again"),
        (makers.image_only_pdf(), 422,
         "这份PDF没有文字层（可能是扫描件或图片），无法读取文字；请上传由Word等导出的PDF或.docx文件",
         "this PDF has no text layer (it looks scanned or made of images), so no text can be read; "
         "upload a PDF exported from a word processor, or the .docx file"),
        (makers.zip_bomb_docx(100), 422, "Word文件解压后过大（100.0 MB，上限40.0 MB），已停止读取",
         "the Word file unpacks to 100.0 MB, more than the limit of 40.0 MB; reading stopped"),
        (makers.many_pages_pdf(3000), 422, "PDF共3000页，超过上限50页",
         "the PDF has 3000 pages, more than the limit of 50"),
        (b"x" * (5 * 1024 * 1024 + 10), 413, "文件过大：5.0 MB，上限为5.0 MB",
         "the file is too large: 5.0 MB, the limit is 5.0 MB"),
        (b"", 422, "文件是空的", "the file is empty"),
    ],
)  # fmt: skip
def test_every_bad_file_is_answered_with_its_status_and_reason_in_both_languages(
    client: TestClient, world: dict[str, Any], data: bytes, status: int, zh: str, en: str
) -> None:
    stu = login(client, "stu")
    for lang, words in (("zh", zh), ("en", en)):
        url = f"/api/v1/students/{world['mine']}/resume?lang={lang}"
        r = _upload(client, url, data, stu)
        assert (r.status_code, r.json()["detail"]) == (status, words)


def test_a_truncated_pdf_is_422_and_the_upload_is_not_kept(
    client: TestClient, world: dict[str, Any], tmp_path: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    stu = login(client, "stu")
    whole = makers.pdf_bytes([makers.RESUME_ZH_LEFT])
    r = _upload(client, f"/api/v1/students/{world['mine']}/resume", whole[: len(whole) // 2], stu)
    assert r.status_code == 422
    assert r.json()["detail"] == (
        "the file cannot be read: the PDF is damaged or incomplete (it is cut short: no end marker)"
    )
    keep = tmp_path / "kept"
    monkeypatch.setenv("MATCHER_UPLOAD_KEEP_DIR", str(keep))
    from matcher.config import get_settings

    get_settings.cache_clear()
    try:
        assert (
            _upload(client, f"/api/v1/students/{world['mine']}/resume", whole, stu).status_code
            == 200
        )
        assert [p.suffix for p in keep.iterdir()] == [".pdf"]
    finally:
        monkeypatch.delenv("MATCHER_UPLOAD_KEEP_DIR")
        get_settings.cache_clear()
    assert (
        _upload(client, f"/api/v1/students/{world['mine']}/resume", whole, stu).status_code == 200
    )
    assert len(list(keep.iterdir())) == 1, "without the setting nothing more is kept"

"""`matcher parse`: a résumé or a job description read into a draft on the command line."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from matcher.cli import app
from tests.matcher.documents import makers

runner = CliRunner()


def test_a_resume_prints_as_json_with_canonical_ids_and_labels(tmp_path: Path) -> None:
    path = tmp_path / "简历.pdf"
    path.write_bytes(makers.pdf_bytes([makers.RESUME_ZH_LEFT, makers.RESUME_ZH_RIGHT]))
    result = runner.invoke(app, ["parse", str(path), "--kind", "resume", "--json"])
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    zemax = next(s for s in draft["skills"] if s["id"] == "zemax")
    assert (zemax["zh"], zemax["en"]) == ("Zemax光学设计", "Zemax OpticStudio")
    assert draft["fields"]["major_code"]["value"] == "080705"
    assert "王晓明" not in result.stdout.replace(draft["record"].get("name", ""), "")
    assert {p["field"] for p in draft["personal"]} >= {"name", "phone", "email"}


def test_a_job_description_prints_required_and_preferred_skills(tmp_path: Path) -> None:
    path = tmp_path / "jd.txt"
    path.write_text(
        "Optical Design Engineer\nRequirements\n- Zemax or CODE V\n- ROS is a plus\n"
        "Location: Changchun (High-tech Zone)\nSalary: RMB 8,000-12,000 per month\n",
        encoding="utf-8",
    )
    result = runner.invoke(app, ["parse", str(path), "--json"])
    assert result.exit_code == 0, result.output
    draft = json.loads(result.stdout)
    assert draft["kind"] == "job", "the kind is guessed from the text"
    assert {s["id"] for s in draft["required_skills"]} == {"zemax", "code_v"}
    assert [(s["id"], s["required"]) for s in draft["skills"] if not s["required"]] == [
        ("ros", False)
    ]
    assert (draft["record"]["city"], draft["record"]["district"]) == ("长春", "高新区")
    plain = runner.invoke(app, ["parse", str(path), "--kind", "job", "--lang", "en"])
    assert "preferred: ROS (Robot Operating System) [ros]" in plain.stdout


def test_a_bad_file_is_one_line_with_its_reason(tmp_path: Path) -> None:
    path = tmp_path / "photo.pdf"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    result = runner.invoke(app, ["parse", str(path), "--lang", "en"])
    assert result.exit_code == 1
    assert result.stderr.strip() == (
        f"error: {path}: unsupported file type (PNG image): "
        "upload a PDF, a Word .docx file or plain text (415)"
    )
    zh = runner.invoke(app, ["parse", str(path), "--lang", "zh"])
    assert "不支持的文件类型（PNG image）" in zh.stderr
    assert runner.invoke(app, ["parse", str(path), "--kind", "cv"]).exit_code == 1

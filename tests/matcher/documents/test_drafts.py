"""Drafts read from résumés and job descriptions: each rule of reading, on small texts."""

from __future__ import annotations

import pytest

from matcher.documents.draft import JobDraft, ResumeDraft
from matcher.documents.parse import guess_kind, parse_document
from matcher.documents.reading import read_document
from tests.matcher.documents import makers


def resume(text: str) -> ResumeDraft:
    draft = parse_document(text=text, kind="resume")
    assert isinstance(draft, ResumeDraft)
    return draft


def job(text: str) -> JobDraft:
    draft = parse_document(text=text, kind="job")
    assert isinstance(draft, JobDraft)
    return draft


def skills(draft: ResumeDraft) -> set[str]:
    return {s.id for s in draft.skills}


def test_skills_written_together_are_each_claimed() -> None:
    assert {"c_language", "cpp"} <= skills(resume("技能\nProficient in C/C++ and Python"))
    assert {"matlab", "simulink"} <= skills(resume("技能\nMATLAB/Simulink 建模"))
    assert {"can_bus", "lin_bus"} <= skills(resume("专业技能\n了解CAN、LIN总线协议"))


def test_courses_and_majors_are_not_skills_but_the_skills_section_is() -> None:
    draft = resume(
        "教育背景\n长春理工大学 机械设计制造及其自动化 本科 2021.09-2025.06\n"
        "主修课程：机械设计、控制工程基础\n专业技能\n熟练使用SolidWorks"
    )
    assert "solidworks" in skills(draft)
    assert not {"mechanical_design", "control_theory"} & skills(draft), "courses and the major"
    assert [c["name"] for c in draft.fields["courses"].value] == ["机械设计", "控制工程基础"]
    assert draft.fields["major_code"].value == "080202"
    posting = job("任职要求\n1、机械设计制造及其自动化、统计学等相关专业；\n2、熟悉UG/NX。")
    assert {s.id for s in posting.required_skills} == {"ug_nx"}


def test_study_fields_in_their_written_forms() -> None:
    draft = resume("Education\nB.E. in Robotics Engineering, 2022 - 2026\nGPA: 3.6/5.0, rank 8/120")
    values = {k: f.value for k, f in draft.fields.items()}
    assert (values["degree"], values["graduation_year"]) == ("bachelor", 2026)
    assert values["gpa"] == 2.88 and values["rank_percentile"] == 6.7
    assert (
        resume("教育经历\n吉林大学 车辆工程 硕士研究生 2026届").fields["graduation_year"].value
        == 2026
    )
    assert (
        resume("Education\nExpected June 2027, M.Sc. Optical Engineering").fields["degree"].value
        == "master"
    )


def test_personal_values_are_found_masked_and_kept_to_the_personal_fields() -> None:
    draft = resume(
        "王小红\n电话：138 0431 5678 邮箱：wxh@example.com\n身份证号：11010519491231002X\n"
        "出生年月：2003.05  性别：女  民族：满族  籍贯：吉林四平\n技能\nPython"
    )
    found = {p.field: p.value for p in draft.personal}
    assert found["name"] == "王小红" and found["id_number"] == "11010519491231002X"
    assert {"phone", "email", "birth_date", "gender", "ethnicity", "hometown"} <= set(found)
    for value in ("王小红", "5678", "wxh@", "1949", "满族", "四平"):
        assert value not in draft.text and value not in str(draft.fields)
    profile = draft.profile()
    assert (profile["name"], profile["birth_year"], profile["gender"]) == ("王小红", 2003, "female")


@pytest.mark.parametrize(
    ("written", "low", "high"),
    [
        ("薪资：8K-12K", 8000, 12000),
        ("8-12k·13薪", 8000, 12000),
        ("月薪：1.2万-1.8万", 12000, 18000),
        ("年薪12-18万", 10000, 15000),
        ("Salary: RMB 8,000–12,000 per month", 8000, 12000),
        ("薪资待遇：8000-12500元/月", 8000, 12500),
    ],
)
def test_salaries_in_their_written_forms(written: str, low: int, high: int) -> None:
    draft = job(f"光学工程师\n{written}")
    assert (draft.fields["salary_min"].value, draft.fields["salary_max"].value) == (low, high)


def test_a_job_descriptions_facts() -> None:
    draft = job(
        "【急聘】嵌入式软件工程师（车载方向）\n长春某某汽车电子有限公司 | 长春·汽开区 | 本科\n"
        "任职要求：\n1、本科及以上学历，硕士优先；\n2、熟练使用C语言，熟悉CAN总线，有AUTOSAR经验者优先。\n"
        "工作地点：吉林省长春市\n招聘人数：2人\n截止日期：2026年12月31日"
    )
    values = {k: f.value for k, f in draft.fields.items()}
    assert values["title"] == "嵌入式软件工程师（车载方向）"
    assert (values["city"], values["min_degree"], values["openings"]) == ("长春", "bachelor", 2)
    assert values["deadline"] == "2026-12-31"
    assert {s.id for s in draft.required_skills} == {"c_language", "can_bus"}
    assert [s.id for s in draft.preferred_skills] == ["autosar"]
    english = job("Machine Vision Engineer (Graduate, 2026)\nChangchun Optics Co., Ltd.\n"
                  "Requirements\n- OpenCV\nNice to have\n- Halcon")  # fmt: skip
    assert english.fields["title"].value == "Machine Vision Engineer (Graduate, 2026)"
    assert [s.id for s in english.preferred_skills] == ["halcon"]
    assert guess_kind(english.text) == "job"


def test_a_pdf_table_of_labels_and_contents_is_read_row_by_row() -> None:
    data = makers.table_pdf(
        [
            ("教育背景", ["长春理工大学 光电信息科学与工程 本科", "2021.09-2025.06"]),
            ("专业技能", ["熟练使用Zemax", "掌握SolidWorks"]),
            ("项目经历", ["激光测距仪设计（组长）", "使用STM32完成测距算法"]),
        ]
    )
    text = read_document(data).text
    lines = [line for line in text.split("\n") if line]
    assert lines.index("专业技能") < lines.index("熟练使用Zemax") < lines.index("项目经历")
    draft = resume(text)
    assert draft.sections[-3:] == ["education", "skills", "projects"]
    assert {"zemax", "solidworks"} <= skills(draft)


def test_an_english_resumes_projects_and_certificates_read_in_english() -> None:
    draft = resume(
        "Projects\nDesign of a part defect recogniser — Team lead\n03/2023 - 05/2023\n"
        "● Tuned key parameters with Python.\nCertificates\nCET-4; Driver's license (C1)"
    )
    project = draft.fields["projects"].value[0]
    assert (project["title"], project["role"]) == (
        "Design of a part defect recogniser",
        "Team lead",
    )
    assert draft.fields["certificates"].value == ["CET-4", "Driving licence"]

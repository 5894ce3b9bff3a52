"""Documents of the parsing evaluation set written by hand, with labels written by hand.

They are unlike the generated ones on purpose: a terse English one-page résumé with a skills
table, a Chinese form résumé with a photo box, a bilingual résumé, a master's CV that does not
start with the name, résumés in paragraphs or pasted as plain text, a job post copied from a
WeChat article, a campus-recruitment notice, a start-up's prose job ad, a bilingual job ad of a
foreign-invested plant… People, companies, numbers and addresses are invented.

Each document is written in a small markup (:func:`parse`), one block a line::

    # title                      > a line under the title
    ## heading | key side        a section (``side``: the narrow column of two columns)
    - bullet   -(■) bullet       a bullet with its mark (``-()`` for none)
    @ left text >> right text    a dated entry
        an indented line         continues the line above (lines stay under 100 characters)
    = label :: value             label–value pairs (``=4`` for four columns)
    | cell | cell |              a table row (``|---`` after the first row: it is a header)
    anything else                a paragraph

A trailing ``{role}`` marks text that is not a claim of skills (``major``, ``course``, ``org``,
``company``, ``objective``, ``title``, ``award``); the audit of ``make_set`` skips it.

Rules the labels follow (as for the generated documents): a skill is labelled when the document
claims or requires it — in a skills list, a project, an internship, a requirement, a certificate
or a competition — not when it is only the name of a course, a major, a company or a job title.
"""

from __future__ import annotations

import re
from typing import Any

from eval.parsing.writers import (
    PERSONAL_FIELDS,
    Content,
    Item,
    JobContent,
    ResumeContent,
    Section,
    taxonomy,
)

#: (content, format, layout) of one document.
Doc = tuple[Content, str, str]

_ROLE = re.compile(r"\s*\{(\w+)\}\s*$")


def parse(text: str) -> tuple[str, list[str], list[Section]]:
    """(title, subtitle lines, sections) of a document written in the markup above."""
    title = ""
    subtitle: list[str] = []
    sections: list[Section] = []
    for line in _logical_lines(text):
        role = ""
        m = _ROLE.search(line)
        if m:
            role, line = m.group(1), line[: m.start()]
        if line.startswith("## "):
            head, _, attrs = line[3:].partition(" | ")
            words = attrs.split()
            key = words[0] if words else head
            sections.append(Section(key, head.strip(), [], side="side" in words[1:]))
        elif line.startswith("# "):
            title = line[2:]
        elif line.startswith("> "):
            subtitle.append(line[2:])
        else:
            _add_item(sections[-1].items, line, role)
    return title, subtitle, sections


def _logical_lines(text: str) -> list[str]:
    """Lines of the markup; an indented line continues the one before it."""
    out: list[str] = []
    for raw in text.strip("\n").splitlines():
        if not raw.strip():
            continue
        if raw.startswith("    ") and out:
            more = raw.strip()
            glue = " " if out[-1][-1:].isascii() and more[:1].isascii() else ""
            out[-1] += glue + more
        else:
            out.append(raw.strip())
    return out


def _add_item(items: list[Item], line: str, role: str) -> None:
    last = items[-1] if items else None
    if line.startswith("-(") and ")" in line:
        mark, _, text = line[2:].partition(")")
        items.append(Item("bullet", text.strip(), mark=mark, role=role))
    elif line.startswith("- "):
        items.append(Item("bullet", line[2:], mark="•", role=role))
    elif line.startswith("@ "):
        left, _, right = line[2:].partition(" >> ")
        items.append(Item("entry", left.strip(), right=right.strip(), role=role))
    elif line.startswith("="):
        cols = 4 if line.startswith("=4") else 2
        key, _, value = line[2:].strip().partition(" :: ")
        if last is not None and last.kind == "pairs":
            last.rows.append([key, value])
        else:
            items.append(Item("pairs", rows=[[key, value]], cols=cols, role=role))
    elif line.startswith("|---"):
        if last is not None and last.kind == "table":
            last.header = True
    elif line.startswith("|"):
        cells = [c.strip() for c in line.strip("|").split("|")]
        if last is not None and last.kind == "table":
            last.rows.append(cells)
        else:
            items.append(Item("table", rows=[cells], role=role))
    else:
        items.append(Item("para", line, role=role))


_BASE_STYLE: dict[str, Any] = {
    "accent": "#222222",
    "heading": "rule",
    "latin_font": "Helvetica",
    "docx_font": "Calibri",
    "docx_east": "宋体",
    "docx_list": False,
    "docx_columns": "table",
    "title_align": "left",
}


def _resume(
    text: str,
    lang: str,
    fmt: str,
    layout: str,
    *,
    skills: list[str],
    major_code: str,
    degree: str,
    year: int,
    gpa: float | None,
    personal: list[str],
    **style: Any,
) -> Doc:
    title, subtitle, sections = parse(text)
    label_lang = "en" if lang == "en" else "zh"
    labels = {
        "skills": skills,
        "major": taxonomy().major_name(major_code, label_lang),
        "major_code": major_code,
        "degree": degree,
        "graduation_year": year,
        "gpa": gpa,
        "personal": personal,
    }
    content = ResumeContent(
        "resume", lang, title, subtitle, sections, labels, {**_BASE_STYLE, **style}
    )
    return content, fmt, layout


def _job(
    text: str,
    lang: str,
    fmt: str,
    layout: str,
    *,
    title: str,
    ptype: str,
    required: list[str],
    preferred: list[str],
    majors: list[str],
    degree: str,
    city: str,
    district: str | None,
    salary: tuple[int | None, int | None],
    openings: int | None,
    deadline: str | None,
    **style: Any,
) -> Doc:
    head, subtitle, sections = parse(text)
    labels = {
        "title": title,
        "type": ptype,
        "required_skills": required,
        "preferred_skills": preferred,
        "accepted_majors": majors,
        "min_degree": degree,
        "city": city,
        "district": district,
        "salary_min": salary[0],
        "salary_max": salary[1],
        "openings": openings,
        "deadline": deadline,
    }
    content = JobContent("job", lang, head, subtitle, sections, labels, {**_BASE_STYLE, **style})
    return content, fmt, layout


_BASIC = ["name", "phone", "email"]
_ALL_PERSONAL = list(PERSONAL_FIELDS)

# -- résumés ---------------------------------------------------------------------------------------

R_TERSE = """
# Yuxin Wang
> Changchun · +86 157 0431 8826 · yuxin.wang@example.com
## Education | education
@ Changchun Beihu University of Technology — B.Eng., Optoelectronic Information Science and
    Engineering >> 2022 – 2026 {major}
GPA 3.71/4.00 · top 8% of 146
## Skills | skills
| Area | Tools and methods |
|---|
| Optical design | Zemax OpticStudio, CODE V (basic), paraxial layout by hand |
| Test | Zygo interferometer, MTF bench, OTDR |
| Code | MATLAB, Python |
## Projects | projects
@ 5P mobile-phone lens >> 2025
-(–) Optimised a five-element plastic lens in OpticStudio to 0.35 contrast at 120 lp/mm; ran a
    Monte Carlo tolerancing pass and loosened two tolerances.
@ Flatness check of window glass >> 2024
-(–) Measured 12 windows on a Zygo GPI; wrote a MATLAB script that removes tilt and reports PV and
    RMS.
## Experience | internships
@ Changchun Huiheng Laser Technology Co., Ltd. — optics intern >> Jul – Aug 2025 {org}
-(–) Did optical alignment of fibre collimators and logged insertion loss.
## Other | certificates
CET-6 (552) · Driver's license (C1)
"""

R_FORM = """
# 个 人 简 历
## 基本情况 | personal
| 姓名 | 刘佳琪 | 性别 | 女 | 照片 |
| 出生年月 | 2004.11 | 民族 | 汉族 | |
| 政治面貌 | 共青团员 | 籍贯 | 吉林四平 | |
| 联系电话 | 13504312276 | 电子邮箱 | liujiaqi04@mail.example.cn | |
## 求职意向 | objective
设备维护、电气调试类岗位，工作地点长春 {objective}
## 教育经历 | education
| 起止时间 | 学校 | 专业 | 学历 | {major}
|---|
| 2023.09-2026.06 | 长春北湖职业技术学院 | 机电一体化技术 | 大专 |
在校成绩：专业排名前15%，获校级二等奖学金一次
## 主修课程 | courses
机械制图、电工电子技术、液压与气动技术、PLC应用技术、电机与电气控制、传感器与检测技术、
    工业机器人应用 {course}
## 专业技能 | skills
熟练：三菱FX3U系列PLC编程，GX Works2软件；变频器参数设置与调试；电气柜接线
一般：AutoCAD二维制图，看得懂一般的电气原理图；会用万用表、兆欧表
## 实习经历 | internships
@ 长春卓源自动化科技有限公司  设备部实习 >> 2025.07-2025.08 {org}
跟随师傅做产线设备的日常点检和保养，处理过传送带电机过载、限位开关误报等故障，学会了看设备报警记录。
## 获奖情况 | awards
2024年 全国大学生工程实践与创新能力大赛 省级三等奖 {award}
## 证书 | certificates
低压电工作业证（特种作业操作证）、CET-4
## 自我评价 | summary
性格踏实，能吃苦，接受倒班。动手能力强，愿意从一线做起。
"""

R_MIXED = """
# 赵子轩 Zixuan Zhao
> 智能车辆工程 | Intelligent Vehicle Engineering
> Tel: 186-0431-5527 | Email: zhaozixuan@example.com
## 技能 Skills | skills side
-(■) C++ / Python
-(■) ROS · Gazebo
-(■) 点云处理 PCL / Open3D
-(■) OpenCV
-(■) Linux / Git
## 语言 Languages | languages side
英语 CET-6；英文文献阅读无压力
## 教育背景 Education | education
@ 长春北湖理工大学 Changchun Beihu University of Technology >> 2022.09 – 2026.06 {org}
智能车辆工程 本科 B.Eng. | GPA 3.45/4.0 {major}
## 项目经历 Projects | projects
@ 校园低速摆渡车感知模块 Campus shuttle perception >> 2024.10 – 2025.05
-(-) 负责多传感器外参标定（相机+雷达），标定误差 < 2 cm
-(-) 基于 PCL 实现地面分割与障碍物提取，封装为 ROS 节点，10 Hz 实时运行
@ 车道线识别 Lane finding (course project) >> 2024.03 – 2024.06
-(-) 用 OpenCV 做透视变换 + 滑窗拟合；Python 实现
## 实习 Internship | internships
@ 长春宸创汽车电子科技有限公司 — 测试实习生 >> 2025.07 – 2025.09 {org}
-(-) 参与 ADAS 场景测试，整理总线数据并用 Python 生成测试报告
## 自我评价 About me | summary
喜欢折腾机器人和车，动手快。Looking for perception or testing roles in Changchun.
"""

R_CV = """
# Curriculum Vitae
> Mengqi Sun
> M.Eng. candidate, Optical Engineering
> sunmengqi@stu.example.edu.cn | (+86) 139 4431 0925
## Skills | skills side
Optics: wavefront sensing, adaptive optics, optical testing
Software: Zemax OpticStudio, MATLAB, LabVIEW
Lab: Shack-Hartmann sensors, deformable mirrors, Zygo
## Languages | languages side
Chinese (native); English — IELTS 7.0
## Education | education
@ M.Eng., Optical Engineering, Changchun Beihu University of Technology >> 2023 – 2026 (expected)
    {major}
GPA 3.58/4.0. Thesis: closed-loop control of a 97-actuator deformable mirror.
@ B.Eng., Optoelectronic Information Science and Engineering, Jilin Dongling Institute of
    Engineering >> 2019 – 2023 {major}
## Research Experience | projects
@ Adaptive optics lab, School of Optoelectronic Engineering >> 2023 – present {org}
- Built a Shack-Hartmann wavefront sensor bench and checked it against a Zygo interferometer.
- Wrote the control loop in MATLAB; residual RMS wavefront error fell from 0.21λ to 0.06λ.
## Publications | publications
Sun M., Li J. Calibrating a low-cost wavefront sensor for optical testing. Optics Teaching Letters,
    2025 (in Chinese).
## Awards | awards
First-class Academic Scholarship, 2024
"""

R_PARAGRAPHS = """
# 求职简历
> 李浩然 | 男 | 2003年8月 | 手机 15143127790 | 邮箱 lihaoran2003@example.com
## 自我评价 | summary
本人是车辆工程专业2026届毕业生，对汽车和仿真很感兴趣，做事认真，有责任心，能够接受出差。
## 教育经历 | education
2022年9月—2026年6月，就读于长春北湖理工大学汽车工程学院车辆工程专业，学士学位。平均学分绩点3.28，
    专业排名31/118。 {major}
主要课程：汽车构造、汽车理论、汽车设计、车辆动力学、机械设计、有限元方法、发动机原理。 {course}
## 在校实践 | projects
大三加入学院的赛车队，在车架组负责车架的三维建模和强度计算。熟练掌握CATIA V5进行零部件建模和出图，
    能用ANSYS Workbench做简单的静力学分析和模态分析，结果用于车架减重，
    最终减重约1.2 kg。
2025年暑假在长春一家汽车零部件企业实习两个月，主要协助工程师整理DFMEA表格，参加了两次试装。
## 技能 | skills
软件：CATIA、AutoCAD、ANSYS、Office；语言：英语四级。
"""

R_PLAIN_EN = """
# Chen Jiayi
> Changchun, Jilin | 13894301256 | chenjiayi.ee@example.com
## OBJECTIVE | objective
Embedded software internship, summer 2026. {objective}
## EDUCATION | education
Changchun Beihu University of Technology {org}
Bachelor of Engineering in Electronic Information Engineering, expected June 2027 {major}
GPA: 3.20/4.0
## SKILLS | skills
Languages: C, C++, Python
Embedded: STM32 (HAL), FreeRTOS, UART/SPI/I2C, Keil MDK
Hardware: schematic capture and 2-layer boards in KiCad, oscilloscope
Tools: Git, VS Code, Linux
## PROJECTS | projects
-(*) Plant-watering node (2025): STM32F103 reads a soil-moisture probe every hour and drives a
    small pump. Firmware in C on FreeRTOS.
-(*) Line-following car (2024): PID speed loop for two DC motors, tuned on the track.
## ACTIVITIES | activities
-(*) Member of the university electronics club; ran a soldering workshop for freshmen.
"""

R_VOCATIONAL = """
# 王磊
> 求职意向：汽车维修技师 / 售后服务顾问
> 电话：150-4431-2093    邮箱：wanglei_auto@example.com    出生年月：2004年3月
## 教育背景 | education
@ 长春北湖职业技术学院    汽车检测与维修技术（专科） >> 2023.09 - 2026.07 {major}
## 实习经历 | internships
@ 长春某汽车4S店  机电维修学徒 >> 2025.03 - 2025.08 {org}
-(·) 跟随师傅完成常规保养、制动片更换、四轮定位等工作
-(·) 能够使用诊断仪读取和清除故障信息，配合师傅排查过怠速抖动问题
-(·) 参加新能源车型的高压断电操作培训，了解高压安全规范
## 专业技能 | skills
-(·) 熟悉汽车构造和电控系统的基本原理
-(·) 会使用举升机、扭力扳手、万用表等常用工具和仪器
-(·) 了解二手车评估流程
## 证书 | certificates
机动车驾驶证C1、汽车维修工（中级）
## 自我评价 | summary
踏实肯干，服从安排，能适应加班。
"""

R_TABLES_EN = """
# ZHOU Mingyu
> Mechanical Design, Manufacturing and Automation | Class of 2026
> Tel +86 131 0431 7742 · zhoumy@example.org
## Education | education
Changchun Beihu University of Technology, School of Mechanical and Electrical Engineering {org}
Bachelor of Engineering, Mechanical Design, Manufacturing and Automation (Sep 2022 – Jun 2026)
    {major}
Average score 84/100
## Skills | skills
| Skill | Level | Where I used it |
|---|
| SolidWorks | Advanced | Reducer and jig models, 2D drawings |
| AutoCAD | Good | Course drawings |
| GD&T | Good | Drawing checks at my internship |
| ANSYS Workbench | Basic | Static stress of a bracket |
| Python | Basic | Small scripts for parts lists |
## Projects | projects
@ Two-stage helical gear reducer (course design) >> 2024
- Sized the gears and shafts, checked bearing life and drew the assembly in SolidWorks.
## Internship | internships
@ Changchun Zhuoyuan Automation Technology Co., Ltd. — mechanical design intern >> Jul – Sep 2025
    {org}
- Designed two assembly jigs in SolidWorks and released the drawings after review.
- Checked incoming drawings against GD&T rules and sent errors back to suppliers.
## Languages | languages
English: CET-4 (498)
"""

R_PLAIN_ZH = """
# 陈思雨
> 女 | 2005年2月 | 吉林长春 | 共青团员
> 手机：188 4431 6608   邮箱：chensiyu05@mail.example.cn
## 求职意向 | objective
期望职位：光学装调技术员 / 光学检验员 {objective}
期望地点：长春 {objective}
工作性质：全职 {objective}
## 教育经历 | education
2023.09-2026.06 长春北湖职业技术学院 | 光电制造与应用技术 | 大专 {major}
## 实习经历 | internships
2025.07-2025.10 长春晖衡激光技术有限公司 | 生产部实习生 {org}
工作描述：在光学车间做镜片清洗、胶合，参与光学检验；用干涉仪测面形，用放大镜检查麻点和划痕；
    每天填写检验记录。
## 专业技能 | skills
熟悉光学零件加工的基本流程（粗磨、精磨、抛光），能看懂光学图纸；了解ZYGO干涉仪的操作。
## 证书 | certificates
CET-4，普通话二级甲等
## 自我评价 | summary
细心，坐得住，愿意在一线长期干。
"""

R_WORD_EN = """
# Ruoxi Han
> Software test engineer (graduate) · Shenyang or Changchun
> +86 13604318843 | hanruoxi@example.com
## Profile | summary
Final-year student who likes breaking things on purpose. Two internships in QA; comfortable writing
    test cases and small automation scripts.
## Education | education
@ Changchun Beihu University of Technology — B.Eng. Software Engineering >> 2022–2026 {major}
GPA 3.4 / 4.0
Core courses: Data Structures, Operating Systems, Computer Networks, Software Testing {course}
## Experience | internships
@ Changchun Juguang Software Technology Co., Ltd. — QA intern >> Jun – Sep 2025 {org}
- Wrote and ran about 300 manual test cases for a shop-floor reporting app; logged defects and
    re-tested fixes.
- Automated the login and report flows with Python and Selenium; a regression run went from two
    days to three hours.
## Skills | skills
- Python, SQL (MySQL), Linux shell, Git
- Postman for API tests; JMeter basics
## Languages | languages
Chinese (native), English (CET-6, 561)
"""


def handwritten_resumes() -> list[Doc]:
    """Ten résumés: five Chinese or mixed, five English."""
    return [
        _resume(
            R_TERSE,
            "en",
            "pdf",
            "single",
            skills=[
                "optical_design",
                "zemax",
                "code_v",
                "interferometry",
                "mtf_testing",
                "fiber_fusion_splicing",
                "matlab",
                "python",
                "optical_tolerancing",
                "optical_assembly",
                "cet6",
                "driving_license",
            ],
            major_code="080705",
            degree="bachelor",
            year=2026,
            gpa=3.71,
            personal=_BASIC,
            heading="caps",
            font_size=9.0,
        ),
        _resume(
            R_FORM,
            "zh",
            "docx",
            "table",
            skills=[
                "mitsubishi_plc",
                "plc_programming",
                "frequency_inverter",
                "electrical_installation",
                "autocad",
                "electrical_schematic_design",
                "test_instruments",
                "equipment_maintenance",
                "engineering_competitions",
                "electrician_certificate",
                "cet4",
                "stress_resilience",
            ],
            major_code="X-ZK-MECH-01",
            degree="associate",
            year=2026,
            gpa=None,
            personal=_ALL_PERSONAL,
            heading="plain",
            title_align="center",
        ),
        _resume(
            R_MIXED,
            "mixed",
            "pdf",
            "two_column",
            skills=[
                "cpp",
                "python",
                "ros",
                "point_cloud_processing",
                "opencv",
                "linux",
                "git",
                "cet6",
                "technical_english",
                "sensor_calibration",
                "environment_perception",
                "adas",
                "adas_testing",
            ],
            major_code="080214T",
            degree="bachelor",
            year=2026,
            gpa=3.45,
            personal=_BASIC,
            accent="#2E75B6",
            heading="bar",
        ),
        _resume(
            R_CV,
            "en",
            "docx",
            "two_column",
            skills=[
                "wavefront_sensing",
                "adaptive_optics",
                "optical_testing",
                "zemax",
                "matlab",
                "labview",
                "interferometry",
                "ielts",
                "academic_research",
            ],
            major_code="0803",
            degree="master",
            year=2026,
            gpa=3.58,
            personal=_BASIC,
            docx_font="Times New Roman",
        ),
        _resume(
            R_PARAGRAPHS,
            "zh",
            "pdf",
            "single",
            skills=[
                "stress_resilience",
                "cad_3d_modeling",
                "catia",
                "ansys",
                "fea",
                "mechanical_vibration",
                "fmea",
                "autocad",
                "office_software",
                "cet4",
            ],
            major_code="080207",
            degree="bachelor",
            year=2026,
            gpa=3.28,
            personal=["name", "gender", "birth_date", "phone", "email"],
            heading="bar",
            accent="#7B2C2C",
        ),
        _resume(
            R_PLAIN_EN,
            "en",
            "txt",
            "plain",
            skills=[
                "c_language",
                "cpp",
                "python",
                "embedded_development",
                "stm32",
                "freertos",
                "embedded_protocols",
                "keil_iar",
                "hardware_design",
                "pcb_design",
                "test_instruments",
                "git",
                "linux",
                "pid_control",
                "soldering",
            ],
            major_code="080701",
            degree="bachelor",
            year=2027,
            gpa=3.2,
            personal=_BASIC,
        ),
        _resume(
            R_VOCATIONAL,
            "zh",
            "docx",
            "single",
            skills=[
                "automotive_fault_diagnosis",
                "ev_high_voltage",
                "automotive_construction",
                "test_instruments",
                "used_car_appraisal",
                "driving_license",
            ],
            major_code="X-ZK-AUTO-01",
            degree="associate",
            year=2026,
            gpa=None,
            personal=["name", "birth_date", "phone", "email"],
            docx_list=True,
            docx_east="微软雅黑",
            accent="#2F5233",
        ),
        _resume(
            R_TABLES_EN,
            "en",
            "pdf",
            "table",
            skills=[
                "solidworks",
                "autocad",
                "gd_t",
                "ansys",
                "python",
                "transmission_design",
                "fixture_design",
                "cet4",
            ],
            major_code="080202",
            degree="bachelor",
            year=2026,
            gpa=None,
            personal=_BASIC,
            latin_font="Times-Roman",
            heading="plain",
        ),
        _resume(
            R_PLAIN_ZH,
            "zh",
            "txt",
            "plain",
            skills=[
                "interferometry",
                "optical_testing",
                "optical_fabrication",
                "optical_drawing",
                "cet4",
                "chinese_proficiency",
            ],
            major_code="X-ZK-OPT-01",
            degree="associate",
            year=2026,
            gpa=None,
            personal=[
                "name",
                "gender",
                "birth_date",
                "political_status",
                "hometown",
                "phone",
                "email",
            ],
        ),
        _resume(
            R_WORD_EN,
            "en",
            "docx",
            "single",
            skills=["software_testing", "python", "sql", "linux", "git", "cet6"],
            major_code="080902",
            degree="bachelor",
            year=2026,
            gpa=3.4,
            personal=_BASIC,
            heading="plain",
            docx_list=True,
            docx_font="Arial",
        ),
    ]


# -- job descriptions ------------------------------------------------------------------------------

J_WECHAT = """
# 【长春·高新区】晖衡激光2026届校园招聘：光学工艺工程师
> 发布时间：2026-03-02
## 一、公司简介 | company
长春晖衡激光技术有限公司成立于2019年，位于长春高新区，专注于光纤传感系统的研发、
    生产与销售。 {company}
## 二、招聘岗位 | position
光学工艺工程师（全职）  2人 {title}
## 三、岗位职责 | duties
1. 负责光纤传感器产品的工艺文件编写和工艺改进；
2. 跟进产线异常，组织分析并推动解决；
3. 配合研发完成新产品导入。
## 四、任职要求 | requirements
1. 本科及以上学历，光电信息科学与工程、测控技术与仪器等相关专业； {major}
2. 熟悉光纤传感原理，了解光纤熔接和测试；
3. 会用AutoCAD或SolidWorks画图；
4. 有实习经验者优先，有FMEA/SPC基础者优先。
## 五、福利待遇 | benefits
薪资：6K-9K，年底双薪；五险一金、餐补、人才公寓、带薪年假。
## 六、工作地点 | location
长春市高新区（地铁站旁，公司有班车）
## 七、投递方式 | apply
简历发送至 hr@huiheng.example.cn，邮件标题：姓名+学校+专业。截止日期：2026年4月30日。
"""

J_NOTICE = """
# 长春元光光电仪器科技有限公司2026年校园招聘公告
## 一、招聘计划 | basics
| 岗位名称 | 招聘人数 | 专业要求 | 学历 | 工作地点 | {major}
|---|
| 光学检测工程师 | 3 | 光学工程、光电信息科学与工程、测控技术与仪器 | 硕士研究生 | 长春市长春新区 |
## 二、岗位职责 | duties
（一）负责光学元件及镜头的面形、透过率、MTF等指标检测；
（二）编写检测规范，维护检测设备；
（三）参与新产品检测方案的制定。
## 三、任职条件 | requirements
（一）硕士研究生学历，2026年应届毕业生；
（二）熟悉干涉仪、MTF测试仪的使用，掌握光学检测基本方法；
（三）能熟练使用Zemax或CODE V者优先；
（四）具有良好的沟通能力和团队合作精神。
## 四、薪酬福利 | benefits
薪酬面议，缴纳五险一金，提供人才公寓，享受长春市人才补贴政策。
## 五、报名方式 | apply
请于2026年5月15日17:00前将简历发送至 zhaopin@yuanguang.example.cn。
"""

J_PROSE = """
# Perception Software Engineer (Graduate)
> Suzhou Industrial Park · Full-time · RMB 180k–240k per year
## Who we are | company
We are a 60-person team building driver-assistance software for commercial trucks. Our stack runs
    on real vehicles every day. {company}
## The role | duties
You'll join the perception team and turn camera images into the object list that planning uses. You
    will write production C++ on Linux, train detection networks, and spend a few days a month at
    the test track.
## What you bring | requirements
- A bachelor's or master's degree in Computer Science, Software Engineering, Automation or similar.
    {major}
- Strong C++ (C++14 or later) and working Python.
- Some hands-on work with deep learning in PyTorch.
- Comfort on Linux and with Git.
## Bonus points | preferred
- ROS 2 or a similar middleware.
- Experience with multi-sensor fusion or Kalman filters.
- TensorRT or ONNX deployment on in-vehicle GPUs.
## Practicalities | notes
Applications are reviewed on a rolling basis. Based in Suzhou Industrial Park; relocation support
    for graduates.
"""

J_FORM_EN = """
# Internship Posting — Summer 2026
## Position | position
Machine Vision Intern {title}
## Company | company
Changchun Tuosheng Vision Co., Ltd. {company}
## Location | location
Changchun, Jingyue District (shuttle bus from the city centre)
## Duration | duration
8–12 weeks, July to September 2026, four days a week
## Stipend | salary
RMB 3,000 per month, plus lunch
## Openings | openings
4
## What you will do | duties
-(-) Collect images of machined parts on the line.
-(-) Help set up new inspection stations.
-(-) Write small HALCON or OpenCV scripts and report the results to your mentor.
## Requirements | requirements
-(-) Third-year undergraduates or above in Automation, Measurement and Control Technology and
    Instruments, Optoelectronic Information Science and Engineering or Computer Science and
    Technology. {major}
-(-) Basic image processing and C++ or Python.
## Nice to have | preferred
-(-) Camera calibration experience; knowledge of industrial cameras and lenses.
## Apply by | deadline
2026-06-15
"""

J_PROJECT = """
# 企业实践项目：基于机器视觉的轴承外观缺陷检测
> 长春拓晟视觉有限公司 × 长春北湖理工大学实践基地
## 项目信息 | basics side
= 项目类型 :: 企业实践项目
= 实践地点 :: 长春新区（企业现场）
= 名额 :: 3名
= 补贴 :: 每月1500元
= 报名截止 :: 2026年3月31日
= 面向年级 :: 大三及以上本科生
## 项目背景 | background
企业现有轴承外观检查依靠人工目检，漏检率较高，希望用自动化方案替代部分人工。
## 实践内容 | duties
1）搭建图像采集平台，完成光源与相机选型；
2）基于Halcon或OpenCV开发划痕、磕伤检测算法；
3）整理数据，撰写实践报告并参加结题汇报。
## 参与要求 | requirements
自动化、机械电子工程、计算机科学与技术专业； {major}
熟悉C++或Python编程，学过数字图像处理课程者优先。
## 指导方式 | notes
企业工程师与学校教师双导师指导，周期10周，结束后出具实践证明。
"""

J_PLAIN_EN = """
# Automotive Test Engineer (HIL)
> Changchun Honghe Automotive Electronics Co., Ltd. | Changchun - Automotive Economic Development
    Zone | 10K-15K | Bachelor | 2 openings
## Job description | duties
* Build and maintain HIL test benches for body and chassis ECUs
* Write test scripts in CAPL or Python
* Analyse bus logs in CANoe and report defects to the development team
## Requirements | requirements
* Bachelor's degree in Vehicle Engineering, Electronic Information Engineering, Automation or a
    related field {major}
* Understanding of CAN communication and UDS diagnostics
* CET-4 or above; able to read English specifications
## Nice to have | preferred
* dSPACE or NI VeriStand experience is a plus
* Driving licence
## Other | other
Full-time. Deadline: 31 May 2026
"""

J_BILINGUAL = """
# 激光焊接工艺工程师 Laser Welding Process Engineer
> 长春拓合机电科技有限公司 | Changchun Tuohe Mechatronics Technology Co., Ltd.
## 基本信息 Basics | basics side
= 地点 Location :: 长春汽开区 Changchun Automotive Economic Development Zone
= 薪资 Salary :: 10-14K
= 人数 Openings :: 1
= 学历 Education :: 本科及以上 Bachelor or above
= 类型 Type :: 全职 Full-time
## 岗位职责 Responsibilities | duties
-(■) 负责车身零件激光焊接工艺开发与参数优化 / Develop laser welding processes for car-body parts
    and optimise the
    parameters
-(■) 编写PFMEA和控制计划 / Write PFMEA and control plans
-(■) 现场解决焊点质量问题 / Solve joint quality issues on the line
## 任职要求 Requirements | requirements
-(■) 材料成型及控制工程、机械设计制造及其自动化等相关专业本科及以上学历 / Bachelor's degree in
    materials forming, mechanical
    engineering or a related field {major}
-(■) 了解激光加工原理，熟悉焊接机器人 / Know laser processing; familiar with robotic welding
-(■) 会用CATIA或UG看数模 / Can read 3D models in CATIA or NX
## 加分项 Nice to have | preferred
-(■) 有IATF 16949体系经验 / IATF 16949 experience
-(■) 英语六级 / CET-6
"""

J_TABLE_ZH = """
# 招聘岗位信息表
## 岗位名称 | position
电气工程师（PLC方向） {title}
## 所属部门 | department
自动化事业部
## 工作地点 | location
沈阳市浑南区
## 薪资待遇 | salary
年薪10-14万，五险一金，包食宿
## 招聘人数 | openings
2人
## 学历专业 | degree
本科及以上（硕士优先），电气工程及其自动化、自动化专业 {major}
## 岗位职责 | duties
1. 负责非标设备的电气设计与PLC编程；
2. 负责设备的现场调试，配合售后处理问题；
3. 编写电气图纸和设备说明书。
## 任职要求 | requirements
1. 熟悉西门子S7-1200/1500系列PLC及博途软件；
2. 能用EPLAN或AutoCAD Electrical绘制电气原理图；
3. 了解伺服、变频器的调试；
4. 能适应出差（约30%）。
## 优先条件 | preferred
有机器人集成项目经验者优先；熟悉Profinet通讯者优先。
## 截止日期 | deadline
2026-04-20
"""

J_SIDEBAR_EN = """
# Optical Design Engineer (Lens)
> Beijing Ruichen Optics Technology Co., Ltd.
## Quick facts | basics side
= Where :: Yizhuang Economic-Technological Development Area, Beijing
= Pay :: RMB 14,000–20,000 / month
= Type :: Full-time
= Education :: Master's degree or above
= Openings :: 1
= Closing date :: 2026-05-31
## The job | duties
Design imaging lenses for industrial and vehicle cameras from the specification to the drawings,
    and support the line when the first samples come in.
## You have | requirements
-(–) A master's degree in Optical Engineering or Optoelectronic Information Science and
    Engineering. {major}
-(–) Solid aberration theory and hands-on Zemax OpticStudio or CODE V.
-(–) Experience with optical tolerance analysis and ISO 10110 drawings.
## Preferred | preferred
-(–) Stray light analysis in LightTools or FRED.
-(–) Some opto-mechanical design.
"""

J_TECHNICIAN_EN = """
# Maintenance Technician (shift work)
> Jilin Zhuoyuan Smart Manufacturing Co., Ltd. — Jilin City, Chuanying District
> Pay: 4,500–6,500 CNY/month + performance bonus
## What the job is | duties
Keep our press and assembly lines running. You will do preventive maintenance, fix breakdowns and
    help the engineers when new equipment arrives.
## Requirements | requirements
- Associate degree or above in Mechatronics Technology, Industrial Robot Technology or Electrical
    Engineering and Automation {major}
- Electrical control and basic PLC troubleshooting
- Low-voltage electrician license (required)
- Willing to work rotating shifts
## Nice to have | preferred
- Hydraulics and pneumatics on presses
- A forklift licence
## Headcount | openings
5 (full-time)
"""


def handwritten_jobs() -> list[Doc]:
    """Ten job descriptions: five Chinese or mixed, five English."""
    return [
        _job(
            J_WECHAT,
            "zh",
            "txt",
            "plain",
            title="光学工艺工程师",
            ptype="job",
            required=[
                "process_engineering",
                "fiber_sensing",
                "fiber_fusion_splicing",
                "autocad",
                "solidworks",
            ],
            preferred=["fmea", "spc"],
            majors=["080705", "080301"],
            degree="bachelor",
            city="长春",
            district="高新区",
            salary=(6000, 9000),
            openings=2,
            deadline="2026-04-30",
        ),
        _job(
            J_NOTICE,
            "zh",
            "docx",
            "single",
            title="光学检测工程师",
            ptype="job",
            required=[
                "mtf_testing",
                "interferometry",
                "optical_testing",
                "communication_skills",
                "teamwork",
            ],
            preferred=["zemax", "code_v"],
            majors=["0803", "080705", "080301"],
            degree="master",
            city="长春",
            district="长春新区",
            salary=(None, None),
            openings=3,
            deadline="2026-05-15",
            heading="plain",
            title_align="center",
        ),
        _job(
            J_PROSE,
            "en",
            "pdf",
            "single",
            title="Perception Software Engineer (Graduate)",
            ptype="job",
            required=["cpp", "linux", "python", "deep_learning", "pytorch", "git"],
            preferred=["ros2", "sensor_fusion", "kalman_filter", "model_deployment"],
            majors=["080901", "080902", "080801"],
            degree="bachelor",
            city="苏州",
            district="工业园区",
            salary=(15000, 20000),
            openings=None,
            deadline=None,
            heading="plain",
            accent="#333333",
        ),
        _job(
            J_FORM_EN,
            "en",
            "docx",
            "table",
            title="Machine Vision Intern",
            ptype="internship",
            required=["halcon", "opencv", "image_processing", "cpp", "python"],
            preferred=["camera_calibration", "industrial_camera"],
            majors=["080801", "080301", "080705", "080901"],
            degree="bachelor",
            city="长春",
            district="净月区",
            salary=(3000, 3000),
            openings=4,
            deadline="2026-06-15",
            docx_font="Arial",
        ),
        _job(
            J_PROJECT,
            "zh",
            "pdf",
            "two_column",
            title="企业实践项目：基于机器视觉的轴承外观缺陷检测",
            ptype="project",
            required=["vision_lighting", "industrial_camera", "halcon", "opencv", "cpp", "python"],
            preferred=["image_processing"],
            majors=["080801", "080204", "080901"],
            degree="bachelor",
            city="长春",
            district="长春新区",
            salary=(1500, 1500),
            openings=3,
            deadline="2026-03-31",
            heading="bracket",
            accent="#1F4E79",
            title_side=False,
        ),
        _job(
            J_PLAIN_EN,
            "en",
            "txt",
            "plain",
            title="Automotive Test Engineer (HIL)",
            ptype="job",
            required=[
                "hil_testing",
                "capl",
                "python",
                "canoe",
                "can_bus",
                "uds_diagnostics",
                "cet4",
                "technical_english",
            ],
            preferred=["dspace", "driving_license"],
            majors=["080207", "080701", "080801"],
            degree="bachelor",
            city="长春",
            district="汽开区",
            salary=(10000, 15000),
            openings=2,
            deadline="2026-05-31",
        ),
        _job(
            J_BILINGUAL,
            "mixed",
            "docx",
            "two_column",
            title="激光焊接工艺工程师",
            ptype="job",
            required=[
                "laser_welding",
                "fmea",
                "apqp_ppap",
                "laser_processing",
                "robotic_welding",
                "catia",
                "ug_nx",
            ],
            preferred=["iatf_16949", "cet6"],
            majors=["080203", "080202"],
            degree="bachelor",
            city="长春",
            district="汽开区",
            salary=(10000, 14000),
            openings=1,
            deadline=None,
            docx_east="微软雅黑",
            accent="#7B2C2C",
        ),
        _job(
            J_TABLE_ZH,
            "zh",
            "pdf",
            "table",
            title="电气工程师（PLC方向）",
            ptype="job",
            required=[
                "non_standard_design",
                "electrical_schematic_design",
                "plc_programming",
                "equipment_commissioning",
                "siemens_s7",
                "tia_portal",
                "eplan",
                "servo_control",
                "frequency_inverter",
                "stress_resilience",
            ],
            preferred=["industrial_robot", "industrial_fieldbus"],
            majors=["080601", "080801"],
            degree="bachelor",
            city="沈阳",
            district="浑南区",
            salary=(8333, 11667),
            openings=2,
            deadline="2026-04-20",
            heading="plain",
            title_align="center",
        ),
        _job(
            J_SIDEBAR_EN,
            "en",
            "pdf",
            "two_column",
            title="Optical Design Engineer (Lens)",
            ptype="job",
            required=[
                "aberration_theory",
                "zemax",
                "code_v",
                "optical_tolerancing",
                "optical_drawing",
            ],
            preferred=["stray_light_analysis", "lighttools", "optomechanical_design"],
            majors=["0803", "080705"],
            degree="master",
            city="北京",
            district="亦庄经开区",
            salary=(14000, 20000),
            openings=1,
            deadline="2026-05-31",
            heading="caps",
            accent="#2E75B6",
            title_side=False,
        ),
        _job(
            J_TECHNICIAN_EN,
            "en",
            "docx",
            "single",
            title="Maintenance Technician (shift work)",
            ptype="job",
            required=[
                "equipment_maintenance",
                "electrical_control",
                "plc_programming",
                "electrician_certificate",
            ],
            preferred=["hydraulics", "pneumatics"],
            majors=["X-ZK-MECH-01", "X-ZK-ROB-01", "080601"],
            degree="associate",
            city="吉林",
            district="船营区",
            salary=(4500, 6500),
            openings=5,
            deadline=None,
            heading="plain",
            docx_list=True,
        ),
    ]

"""Explanations of a match, addressed to the student (about a position) or to the position's
recruiter (about a candidate); ``{fields}`` are filled by :func:`matcher.messages.message`."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "required_skills": {
        "zh": "匹配 {hit}/{total} 项必备技能",
        "en": "matches {hit} of {total} required skills",
    },
    "major_accepted": {"zh": "专业符合岗位要求", "en": "your major is one the position accepts"},
    "major_sector": {
        "zh": "专业方向与企业行业相关",
        "en": "your major fits the enterprise's sector",
    },
    "city_preferred": {"zh": "位于意向城市{city}", "en": "in a city you prefer ({city})"},
    "sector_preferred": {"zh": "属于意向行业", "en": "in a sector you prefer"},
    "little_giant": {
        "zh": "国家级专精特新“小巨人”企业",
        "en": "a national “little giant” specialised SME",
    },
    "provincial": {"zh": "省级专精特新企业", "en": "a provincial specialised SME (专精特新)"},
    "closes_in": {"zh": "{days} 天后截止", "en": "closes in {days} days"},
    "few_applicants": {"zh": "申请人少，机会较大", "en": "few applicants per opening so far"},
    "reads_close": {
        "zh": "简历内容与岗位描述高度相似",
        "en": "your profile reads close to the description",
    },
    "candidate_required_skills": {
        "zh": "具备 {hit}/{total} 项必备技能",
        "en": "has {hit} of {total} required skills",
    },
    "candidate_major_accepted": {
        "zh": "所学专业在岗位接受范围内",
        "en": "studies a major the position accepts",
    },
    "candidate_major_sector": {
        "zh": "专业方向与贵企业行业相关",
        "en": "studies a major close to the enterprise's sector",
    },
    "higher_degree": {"zh": "学历高于岗位要求", "en": "holds a higher degree than required"},
    "top_rank": {"zh": "成绩排名前 {percent}%", "en": "in the top {percent}% of their class"},
    "internship": {"zh": "有 {n} 段实习经历", "en": "{n} internship"},
    "internships": {"zh": "有 {n} 段实习经历", "en": "{n} internships"},
    "competition": {"zh": "获得 {n} 项竞赛奖项", "en": "{n} competition award"},
    "competitions": {"zh": "获得 {n} 项竞赛奖项", "en": "{n} competition awards"},
    "candidate_city": {"zh": "意向城市与岗位所在地一致", "en": "wants to work in this city"},
    "candidate_reads_close": {
        "zh": "简历内容与岗位描述高度相似",
        "en": "profile reads close to the description",
    },
}

#: Dismissal reasons a student can give (value → label).
DISMISS_REASONS: dict[str, dict[str, str]] = {
    "not_interested": {"zh": "不感兴趣", "en": "Not interested"},
    "wrong_city": {"zh": "城市不合适", "en": "Wrong city"},
    "salary": {"zh": "薪资不合适", "en": "Salary"},
    "already_applied": {"zh": "已申请过", "en": "Already applied"},
    "expired": {"zh": "岗位已过期", "en": "Position expired"},
    "other": {"zh": "其他", "en": "Other"},
}

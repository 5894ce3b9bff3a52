"""The bilingual message catalogue: every sentence the product shows, in Chinese and English.

Chinese is the default; an unknown language falls back to it. Explanations of matches
(:mod:`matcher.explain`) and the words of the web pages read the same catalogue, so a term is
translated once.
"""

from __future__ import annotations

LANGS: tuple[str, ...] = ("zh", "en")
DEFAULT_LANG = "zh"

#: Words of the web pages, by key.
PAGES: dict[str, dict[str, str]] = {
    "title": {"zh": "专精特新企业 · 学生岗位匹配", "en": "Student–SME matching"},
    "intro": {
        "zh": "为长春及周边光电、机电与智能网联汽车专精特新企业和高校学生推荐岗位与人才。",
        "en": "Positions and candidates for specialised SMEs in optics, mechatronics and "
        "intelligent connected vehicles, and for their students.",
    },
    "username": {"zh": "用户名", "en": "Username"},
    "password": {"zh": "密码", "en": "Password"},
    "login": {"zh": "登录", "en": "Log in"},
    "logout": {"zh": "退出", "en": "Log out"},
    "bad_login": {"zh": "用户名或密码错误", "en": "Wrong username or password"},
    "switch": {"zh": "English", "en": "中文"},
    "my_recs": {"zh": "为你推荐的岗位", "en": "Positions recommended for you"},
    "my_ents": {"zh": "推荐企业", "en": "Recommended enterprises"},
    "probability": {"zh": "匹配概率", "en": "Match probability"},
    "score": {"zh": "得分", "en": "Score"},
    "matched": {"zh": "已具备技能", "en": "Skills you have"},
    "missing": {"zh": "欠缺技能", "en": "Skills to learn"},
    "why": {"zh": "推荐理由", "en": "Why"},
    "save": {"zh": "收藏", "en": "Save"},
    "apply": {"zh": "申请", "en": "Apply"},
    "dismiss": {"zh": "不感兴趣", "en": "Not for me"},
    "none": {"zh": "暂无推荐", "en": "Nothing to recommend yet"},
    "recorded": {"zh": "已记录", "en": "Recorded"},
    "my_positions": {"zh": "本企业岗位与候选人", "en": "Your positions and candidates"},
    "candidates": {"zh": "愿意被查看的候选人", "en": "Candidates who agreed to be seen"},
    "cohort_board": {"zh": "班级就业看板", "en": "Cohort board"},
    "student": {"zh": "学生", "en": "Student"},
    "status": {"zh": "状态", "en": "Status"},
    "top_placement": {"zh": "首选岗位", "en": "Top placement"},
    "placed": {"zh": "已录用", "en": "Placed"},
    "applied": {"zh": "已申请", "en": "Applied"},
    "unplaced": {"zh": "未落实", "en": "Unplaced"},
    "open_slots": {"zh": "有空缺的企业", "en": "Enterprises with open slots"},
    "openings": {"zh": "空缺数", "en": "Openings"},
    "report": {"zh": "最新离线评估报告", "en": "Latest offline evaluation report"},
    "no_report": {
        "zh": "尚无评估报告：运行 matcher eval-offline --out <MATCHER_MODELS_DIR>/report",
        "en": "No report yet: run matcher eval-offline --out <MATCHER_MODELS_DIR>/report",
    },
    "model": {"zh": "模型状态", "en": "Model status"},
    "reason_label": {"zh": "原因", "en": "Reason"},
    "plan": {"zh": "班级安置方案", "en": "Cohort placement plan"},
    "plan_intro": {
        "zh": "每位学生至多一个岗位，每个岗位不超过空缺数；可锁定或排除某一配对后重新计算。",
        "en": "Each student gets at most one position and no position more students than its "
        "openings; lock or forbid a pair and the plan is recomputed.",
    },
    "method": {"zh": "方法", "en": "Method"},
    "optimal": {"zh": "全局最优（总匹配概率最大）", "en": "Optimal (most total match probability)"},
    "stable": {
        "zh": "稳定匹配（学生提议延迟接受）",
        "en": "Stable (student-proposing deferred acceptance)",
    },
    "greedy": {"zh": "贪心（各取最佳）", "en": "Greedy (each takes her best)"},
    "cohort": {"zh": "班级", "en": "Cohort"},
    "all_cohorts": {"zh": "全部班级", "en": "All my cohorts"},
    "run": {"zh": "计算方案", "en": "Make plan"},
    "position": {"zh": "岗位", "en": "Position"},
    "enterprise": {"zh": "企业", "en": "Enterprise"},
    "fill_rate": {"zh": "安置率", "en": "Fill rate"},
    "total_probability": {"zh": "总匹配概率", "en": "Total match probability"},
    "greedy_total": {"zh": "贪心方案总概率", "en": "Greedy plan's total"},
    "blocking_pairs": {"zh": "阻塞对", "en": "Blocking pairs"},
    "worst_rank": {"zh": "最差学生所得志愿位次", "en": "Worst-off student's rank"},
    "lock": {"zh": "锁定", "en": "Lock"},
    "forbid": {"zh": "排除", "en": "Forbid"},
    "locked": {"zh": "已锁定", "en": "Locked"},
    "csv": {"zh": "导出 CSV", "en": "Download CSV"},
    "no_place": {"zh": "暂无可安置岗位", "en": "No position for now"},
}

#: Explanations of a match, addressed to the student (about a position) or to the position's
#: recruiter (about a candidate); ``{fields}`` are filled by :func:`message`.
REASONS: dict[str, dict[str, str]] = {
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


#: Errors a user can act on (see :meth:`matcher.errors.MatcherError.localized`).
ERRORS: dict[str, dict[str, str]] = {
    "unknown_students": {"zh": "未知的学生编号：{ids}", "en": "unknown student id(s): {ids}"},
    "no_student_matches": {
        "zh": "没有学生符合所选范围（{given}）",
        "en": "no student matches the cohort selection ({given})",
    },
    "event_not_yours": {
        "zh": "这项操作不属于您的权限范围",
        "en": "this is not yours to record",
    },
    "invite_needs_consent": {
        "zh": "只能邀请同意被企业查看的学生",
        "en": "only students who agreed to be seen can be invited",
    },
    "needs_apply": {
        "zh": "学生尚未申请该岗位，不能进行这一步",
        "en": "the student has not applied to this position yet",
    },
    "needs_offer": {
        "zh": "尚未收到该岗位的录用通知（offer）",
        "en": "there is no offer for this position yet",
    },
    "nobody_left": {
        "zh": "所选范围内的学生均已落实，无需安置",
        "en": "nobody in this selection is left to place",
    },
}

#: Every catalogue, for lookups by key.
CATALOGUE: dict[str, dict[str, str]] = {**PAGES, **REASONS, **ERRORS}


def language(lang: str | None) -> str:
    """``lang`` if the catalogue has it, else the default (Chinese)."""
    return lang if lang in LANGS else DEFAULT_LANG


def message(key: str, lang: str | None, **fields: object) -> str:
    """The message ``key`` in ``lang``, with ``fields`` filled in (``KeyError`` for no key)."""
    return CATALOGUE[key][language(lang)].format(**fields)


def page_words(lang: str | None) -> dict[str, str]:
    """Every word of the web pages in ``lang``."""
    chosen = language(lang)
    return {key: texts[chosen] for key, texts in PAGES.items()}

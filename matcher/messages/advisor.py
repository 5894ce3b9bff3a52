"""Words of the advisor's pages: her students, one student, advice, the plan, exports.

Every key starts with ``adv_`` (notices with ``done_adv_``), so the roles' words never collide.
"""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    "adv_colon": {"zh": "：", "en": ": "},
    # The menu.
    "adv_menu_students": {"zh": "我的学生", "en": "My students"},
    "adv_menu_plan": {"zh": "安置方案", "en": "Placement plan"},
    "adv_menu_analytics": {"zh": "就业分析", "en": "Analytics"},
    # The season and the statuses of matcher.cohorts.
    "adv_season_S": {"zh": "{year}年春季招聘", "en": "Spring {year} recruiting"},
    "adv_season_A": {"zh": "{year}年秋季招聘", "en": "Autumn {year} recruiting"},
    "adv_season_line": {
        "zh": "{season}（{start}起）· 统计至{day}",
        "en": "{season} (from {start}) · as of {day}",
    },
    "adv_status_not_applied": {"zh": "本季未投递", "en": "Not applied this season"},
    "adv_status_rejected": {"zh": "投递均未通过", "en": "All turned down"},
    "adv_status_applied": {"zh": "已投递，待回复", "en": "Applied, waiting"},
    "adv_status_interviewing": {"zh": "面试中", "en": "Interviewing"},
    "adv_status_offered": {"zh": "有offer待答复", "en": "Offer to answer"},
    "adv_status_placed": {"zh": "已落实", "en": "Placed"},
    "adv_risk_rejections": {"zh": "本季被拒{n}次", "en": "{n} rejections this season"},
    "adv_risk_inactive": {"zh": "{n}天无动静", "en": "quiet for {n} days"},
    "adv_risk_inactive_never": {"zh": "从未有过操作", "en": "never active"},
    "adv_risk_no_applications": {
        "zh": "开季两周仍未投递",
        "en": "no application two weeks into the season",
    },
    # The roster (/me).
    "adv_students_title": {"zh": "我的学生", "en": "My students"},
    "adv_total": {"zh": "共{n}人", "en": "{n} students"},
    "adv_show_all": {"zh": "全部", "en": "All"},
    "adv_show_risk": {"zh": "需关注", "en": "To call"},
    "adv_filter_cohort": {"zh": "班级", "en": "Class"},
    "adv_all_cohorts": {"zh": "全部班级", "en": "All my classes"},
    "adv_filter_show": {"zh": "显示", "en": "Show"},
    "adv_filter_sort": {"zh": "排序", "en": "Sort by"},
    "adv_sort_urgency": {"zh": "需关注的在前", "en": "Who to call first"},
    "adv_sort_number": {"zh": "学号", "en": "Student number"},
    "adv_sort_applications": {"zh": "投递最多", "en": "Most applications"},
    "adv_sort_quiet": {"zh": "最久无动静", "en": "Quiet longest"},
    "adv_filter_go": {"zh": "查看", "en": "Show"},
    "adv_col_student": {"zh": "学生", "en": "Student"},
    "adv_col_class": {"zh": "专业 / 班级", "en": "Major / class"},
    "adv_col_status": {"zh": "本季状态", "en": "This season"},
    "adv_col_flags": {"zh": "去向 / 提醒", "en": "Place / flags"},
    "adv_col_applied": {"zh": "投递", "en": "Applied"},
    "adv_col_interviews": {"zh": "面试", "en": "Interviews"},
    "adv_col_offers": {"zh": "offer", "en": "Offers"},
    "adv_col_rejections": {"zh": "被拒", "en": "Rejected"},
    "adv_col_last": {"zh": "最近活动", "en": "Last active"},
    "adv_counts": {
        "zh": "投递{a} · 面试{i} · offer {o} · 被拒{r}",
        "en": "{a} applied · {i} interviews · {o} offers · {r} rejections",
    },
    "adv_days_ago": {"zh": "{n}天前", "en": "{n} days ago"},
    "adv_today": {"zh": "今天", "en": "today"},
    "adv_never": {"zh": "从未", "en": "never"},
    "adv_placed_at": {"zh": "去向：{place}", "en": "Placed: {place}"},
    "adv_no_students": {"zh": "没有符合条件的学生。", "en": "No student matches."},
    "adv_no_cohorts": {
        "zh": "您还没有负责的班级，请联系管理员。",
        "en": "You run no class yet; ask an administrator.",
    },
    # One student (/me/students/{id}).
    "adv_back_students": {"zh": "返回我的学生", "en": "Back to my students"},
    "adv_number": {"zh": "学号", "en": "Student number"},
    "adv_major": {"zh": "专业", "en": "Major"},
    "adv_class": {"zh": "班级", "en": "Class"},
    "adv_graduates": {"zh": "{degree} · {year}届", "en": "{degree} · graduates {year}"},
    "adv_contact": {"zh": "联系方式", "en": "Contact"},
    "adv_call": {"zh": "拨打", "en": "Call"},
    "adv_older": {"zh": "更早的申请（{n}）", "en": "Earlier applications ({n})"},
    "adv_this_season": {"zh": "本季情况", "en": "This season"},
    "adv_last_active": {"zh": "最近活动：{when}", "en": "Last active: {when}"},
    "adv_applications": {"zh": "她的申请", "en": "Her applications"},
    "adv_no_applications": {"zh": "还没有申请记录。", "en": "No application yet."},
    "adv_none_this_season": {"zh": "本季还没有申请。", "en": "No application this season."},
    "adv_applied_on": {"zh": "{date}投递", "en": "applied {date}"},
    "adv_updated_on": {"zh": "{date}更新", "en": "updated {date}"},
    "adv_stage_applied": {"zh": "待回复", "en": "Waiting"},
    "adv_stage_interview": {"zh": "面试中", "en": "Interview"},
    "adv_stage_offered": {"zh": "已发offer", "en": "Offer made"},
    "adv_stage_accepted": {"zh": "已接受offer", "en": "Offer accepted"},
    "adv_stage_placed": {"zh": "已入职", "en": "Placed"},
    "adv_stage_rejected": {"zh": "未通过", "en": "Turned down"},
    "adv_stage_declined": {"zh": "已婉拒offer", "en": "Offer declined"},
    "adv_suggested_tag": {"zh": "您推荐过", "en": "You suggested it"},
    "adv_shortlisted_tag": {"zh": "已加入候选", "en": "Shortlisted"},
    "adv_recs": {"zh": "为她推荐的岗位", "en": "Positions recommended to her"},
    "adv_recs_none": {"zh": "暂无可推荐的岗位。", "en": "Nothing to recommend now."},
    "adv_not_indexed": {
        "zh": "她的资料尚未纳入匹配，稍后再来看。",
        "en": "Her profile is not in the matching yet; look again later.",
    },
    "adv_match": {"zh": "匹配概率 {p}", "en": "Match {p}"},
    "adv_matched": {"zh": "已具备", "en": "Has"},
    "adv_missing": {"zh": "欠缺", "en": "Lacks"},
    "adv_why": {"zh": "推荐理由", "en": "Why"},
    "adv_do_suggest": {"zh": "推荐给她", "en": "Suggest to her"},
    "adv_do_shortlist": {"zh": "加入候选", "en": "Shortlist"},
    # Advice, checked first (/me/advise).
    "adv_confirm_suggest": {
        "zh": "确认把这个岗位推荐给她？",
        "en": "Suggest this position to her?",
    },
    "adv_confirm_shortlist": {
        "zh": "确认把这个岗位加入她的候选？",
        "en": "Shortlist this position for her?",
    },
    "adv_confirm_student": {"zh": "学生", "en": "Student"},
    "adv_confirm_position": {"zh": "岗位", "en": "Position"},
    "adv_effect_suggest": {
        "zh": "她会在“我的申请”页面看到您的推荐，由她决定是否申请。",
        "en": "She will see your suggestion on her applications page and decide whether to apply.",
    },
    "adv_effect_shortlist": {
        "zh": "该岗位将记入她的候选名单，便于您跟进；这条记录也会帮助系统改进匹配。",
        "en": "The position goes on her shortlist for you to follow up; the record also helps "
        "the matching learn.",
    },
    "adv_done_before": {
        "zh": "已经记录过，无需重复。",
        "en": "This is recorded already; no need to repeat it.",
    },
    "adv_yes_suggest": {"zh": "确认推荐", "en": "Suggest"},
    "adv_yes_shortlist": {"zh": "确认加入", "en": "Shortlist"},
    "adv_cancel": {"zh": "取消", "en": "Cancel"},
    "done_adv_suggested": {"zh": "已推荐给她", "en": "Suggested to her"},
    "done_adv_shortlisted": {"zh": "已加入她的候选", "en": "Shortlisted for her"},
    "done_adv_already": {"zh": "已经记录过，未重复记录", "en": "Recorded already; not repeated"},
    # The plan (/me/plan).
    "adv_plan_title": {"zh": "安置方案", "en": "Placement plan"},
    "adv_plan_intro": {
        "zh": "为尚未落实的学生在招聘中的岗位里统一安排去向："
        "每人至多一个岗位，每个岗位不超过空缺数。",
        "en": "Places the students still without a place in the open positions at once: one "
        "position each at most, no position past its openings.",
    },
    "adv_method": {"zh": "方法", "en": "Method"},
    "adv_method_optimal": {"zh": "最优（推荐）", "en": "Optimal (recommended)"},
    "adv_method_stable": {"zh": "稳定", "en": "Stable"},
    "adv_method_greedy": {"zh": "先到先得（对照）", "en": "First come, first served (comparison)"},
    "adv_hint_optimal": {
        "zh": "预计成功匹配的人数最多。",
        "en": "The most expected placements.",
    },
    "adv_hint_stable": {
        "zh": "没有哪位学生和哪家企业都更愿意选择彼此而放弃方案的安排。",
        "en": "No student and enterprise would both rather have each other than their plan.",
    },
    "adv_hint_greedy": {
        "zh": "按名单顺序，每人挑还有空缺的最好岗位，只作对照。",
        "en": "In list order, each takes her best position still open; for comparison only.",
    },
    "adv_run": {"zh": "重新计算", "en": "Make the plan"},
    "adv_expected": {"zh": "预计成功匹配约 {n} 人", "en": "About {n} expected placements"},
    "adv_expected_hint": {
        "zh": "即方案中各配对匹配概率之和。匹配概率：学生会申请、"
        "且企业会约她面试或更进一步的可能性。",
        "en": "The sum of the planned pairs' match probabilities: how likely she applies and the "
        "enterprise interviews her or better.",
    },
    "adv_planned_line": {
        "zh": "已为 {placed}/{total} 名学生安排岗位，{left} 名暂无合适岗位。",
        "en": "{placed} of {total} students have a planned position; {left} have none for now.",
    },
    "adv_low_line": {
        "zh": "{n} 个配对的匹配概率低于 {p}，已标为“概率低”：建议先与学生沟通，或换个岗位推荐。",
        "en": "{n} pairs are below {p} and flagged “unlikely”: talk to her first, or suggest "
        "another position.",
    },
    "adv_planned_all": {
        "zh": "已为全部 {total} 名尚未落实的学生安排了岗位。",
        "en": "All {total} students still to place have a planned position.",
    },
    "adv_advice_even": {
        "zh": "最优方案与先到先得预计相差无几，仍建议用最优方案。",
        "en": "The optimal plan and first come, first served expect about the same; the optimal "
        "plan is still the one to use.",
    },
    "adv_stable_costs": {
        "zh": "若担心学生和企业私下改约，可改用稳定方案，但预计少匹配约 {loss} 人。",
        "en": "If you fear students and enterprises would make their own deals, use the stable "
        "plan, at about {loss} fewer expected placements.",
    },
    "adv_stable_free": {
        "zh": "稳定方案在这里预计匹配一样多：若担心学生和企业私下改约，可放心改用。",
        "en": "The stable plan expects as many placements here: use it if you fear students and "
        "enterprises would make their own deals.",
    },
    "adv_compare_title": {
        "zh": "为什么用这个方法？三种方法对比",
        "en": "Why this method? The three compared",
    },
    "adv_compare_placed": {"zh": "安排人数", "en": "Students placed"},
    "adv_compare_expected": {"zh": "预计成功匹配", "en": "Expected placements"},
    "adv_compare_swaps": {"zh": "双方都想换的配对", "en": "Pairs that would both swap"},
    "adv_compare_worst": {"zh": "最靠后的意向", "en": "Furthest down a list"},
    "adv_worst_value": {"zh": "第{n}位", "en": "no. {n}"},
    "adv_swaps_hint": {
        "zh": "“双方都想换”：学生更想去另一个岗位，而那家企业也更想要她。稳定方案总是 0。",
        "en": "“Would both swap”: a student would rather have another position whose enterprise "
        "would rather have her. Always 0 for the stable plan.",
    },
    "adv_worst_hint": {
        "zh": "“最靠后的意向”：在学生自己的意向排序中，安排给她的岗位最靠后排第几。",
        "en": "“Furthest down a list”: how far down her own preferences the least lucky "
        "student's position is.",
    },
    "adv_advice": {
        "zh": "建议用最优方案：预计比先到先得多匹配约 {gain} 人。",
        "en": "Use the optimal plan: about {gain} more expected placements than first come, "
        "first served.",
    },
    "adv_showing": {"zh": "下面是{method}方案", "en": "Below: the {method} plan"},
    "adv_pairs_title": {"zh": "方案中的配对", "en": "Planned pairs"},
    "adv_low_tag": {"zh": "概率低", "en": "Unlikely"},
    "adv_locked_tag": {"zh": "已锁定", "en": "Locked"},
    "adv_do_lock": {"zh": "锁定", "en": "Lock"},
    "adv_do_forbid": {"zh": "排除", "en": "Forbid"},
    "adv_unplanned_title": {"zh": "暂无合适岗位的学生", "en": "No position for now"},
    "adv_unplanned_note": {
        "zh": "在招岗位中暂时没有适合她的（学历、专业要求，或她已拒绝），建议单独沟通。",
        "en": "No open position fits her now (degree or major, or she refused it): talk to her.",
    },
    "adv_placed_title": {"zh": "已落实的学生", "en": "Already placed"},
    "adv_overrides_title": {"zh": "已保存的调整", "en": "Your saved changes"},
    "adv_overrides_none": {
        "zh": "还没有调整。在下面的配对上点“锁定”或“排除”，方案会据此重新计算并保存。",
        "en": "No change yet. Lock or forbid a pair below: the plan is made again with it, "
        "and the change is saved.",
    },
    "adv_kind_lock": {"zh": "锁定", "en": "Lock"},
    "adv_kind_forbid": {"zh": "排除", "en": "Forbid"},
    "adv_saved_on": {"zh": "{date}保存", "en": "saved {date}"},
    "adv_why_placed": {"zh": "不再生效：她已落实", "en": "No longer applies: she is placed"},
    "adv_why_closed": {
        "zh": "不再生效：岗位已关闭或已满",
        "en": "No longer applies: the position closed or is full",
    },
    "adv_why_refused": {
        "zh": "不再生效：她已拒绝该岗位",
        "en": "No longer applies: she refused the position",
    },
    "adv_why_full": {
        "zh": "不再生效：锁定人数超过空缺",
        "en": "No longer applies: more locks than openings",
    },
    "adv_why_clash": {
        "zh": "本次未采用：与其他锁定冲突",
        "en": "Not used this time: clashes with another lock",
    },
    "adv_undo": {"zh": "撤销", "en": "Undo"},
    "adv_export_title": {"zh": "导出", "en": "Download"},
    "adv_export_xlsx": {"zh": "下载 Excel", "en": "Download Excel"},
    "adv_export_csv": {"zh": "下载 CSV", "en": "Download CSV"},
    "adv_export_hint": {
        "zh": "包含所选班级的全部学生：已落实的去向、方案中的岗位，以及暂无岗位的说明。",
        "en": "Every student of the selection: placed ones with their place, planned ones with "
        "the plan, the rest with a note. Headers in Chinese, as the employment office keeps "
        "them.",
    },
    "adv_err_title": {"zh": "出现问题", "en": "There is a problem"},
    "adv_err_closed": {
        "zh": "无法锁定：该岗位已关闭或没有空缺。",
        "en": "Not locked: the position is closed or has no opening.",
    },
    "adv_err_full": {
        "zh": "无法锁定：该岗位的空缺已被其他锁定占满，请先撤销其中一项。",
        "en": "Not locked: other locks take all the position's openings; undo one first.",
    },
    "adv_err_refused": {
        "zh": "无法锁定：她已拒绝过这个岗位。",
        "en": "Not locked: she refused this position.",
    },
    "adv_err_placed": {
        "zh": "无法锁定：她已落实，或不在本次安置范围内。",
        "en": "Not locked: she is placed already, or not in this plan.",
    },
    "adv_err_clash": {
        "zh": "有的锁定无法同时满足，本次方案没有采用任何锁定；请撤销其中一项。",
        "en": "Some locks cannot all hold, so this plan uses none of them; undo one.",
    },
    "done_adv_locked": {"zh": "已锁定，方案已重新计算", "en": "Locked; the plan is made again"},
    "done_adv_forbidden": {
        "zh": "已排除，方案已重新计算",
        "en": "Forbidden; the plan is made again",
    },
    "done_adv_undone": {"zh": "已撤销，方案已重新计算", "en": "Undone; the plan is made again"},
    # The exports (always in Chinese: the employment office's sheets).
    "adv_note_placed": {"zh": "已落实", "en": "Placed"},
    "adv_note_planned": {"zh": "方案建议（{method}）", "en": "Planned ({method})"},
    "adv_note_low": {"zh": "匹配概率偏低，建议先沟通", "en": "Unlikely: talk to her first"},
    "adv_note_unplanned": {
        "zh": "暂无合适的在招岗位，建议单独沟通",
        "en": "No open position fits her now: talk to her",
    },
    # Her cohorts in figures (/me/analytics).
    "aa_title": {"zh": "班级就业分析", "en": "My classes in figures"},
    "aa_intro": {
        "zh": "只统计您所带班级的学生。不足 {n} 名学生的数字不予显示（记为 <{n}）。",
        "en": "Only your classes' students are counted. A figure of fewer than {n} students "
        "is not shown (marked <{n}).",
    },
    "aa_placement": {"zh": "各班落实率", "en": "Placement rate by class"},
    "aa_placement_note": {
        "zh": "已被录用、接受录用通知或完成实习的学生占全班学生的比例。",
        "en": "Students hired, holding an accepted offer or with a completed internship, "
        "over all the class's students.",
    },
    "aa_funnel": {"zh": "求职漏斗（按班级）", "en": "The funnel, by class"},
    "aa_only_year": {
        "zh": "只计 {year} 年毕业的学生。",
        "en": "Only students graduating in {year}.",
    },
    "aa_trend": {"zh": "各学期的申请（按班级）", "en": "Applications by semester, by class"},
    "aa_trend_note": {
        "zh": "走到“申请”一步的“学生—岗位”对数，按该对首次互动所在的学期计。",
        "en": "Student–position pairs that reached an application, in the semester of the "
        "pair's first event.",
    },
    "aa_shortage": {
        "zh": "学生欠缺的紧缺技能",
        "en": "Skills the market wants and your students lack",
    },
    "aa_shortage_note": {
        "zh": "在招岗位需求多、您的学生中具备者少的技能（每名学生对应的招聘人数从高到低）。",
        "en": "Many open positions ask for them and few of your students have them (openings "
        "per student, highest first).",
    },
}

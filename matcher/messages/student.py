"""Words of the student's pages: job cards, search, her applications, her profile."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # Menu and shared words.
    "stu_menu_jobs": {"zh": "找岗位", "en": "Jobs"},
    "stu_menu_applications": {"zh": "我的求职", "en": "Applications"},
    "stu_menu_profile": {"zh": "我的资料", "en": "Profile"},
    "stu_applications_title": {"zh": "我的求职", "en": "My applications"},
    "stu_profile_title": {"zh": "我的资料", "en": "My profile"},
    "stu_any": {"zh": "不限", "en": "Any"},
    "stu_change": {"zh": "修改", "en": "Change"},
    "stu_cancel": {"zh": "取消", "en": "Cancel"},
    "stu_not_now": {"zh": "再想想", "en": "Not now"},
    "stu_open": {"zh": "查看岗位", "en": "View position"},
    "stu_not_given": {"zh": "未填写", "en": "Not given"},
    "stu_none_yet": {"zh": "暂无，可点击“修改”添加", "en": "None yet; add one with “Change”"},
    "stu_undo": {"zh": "撤销", "en": "Undo"},
    "stu_not_indexed": {
        "zh": "你的资料正在建立索引，几秒后刷新即可看到推荐。",
        "en": "Your profile is being indexed; refresh in a few seconds to see recommendations.",
    },
    # Job cards.
    "stu_match_score": {"zh": "匹配得分", "en": "Match score"},
    "stu_probability_help": {
        "zh": "匹配概率：根据往届学生的申请与录用结果，估计你与该岗位最终达成录用的可能性。",
        "en": "Match probability: how likely this position ends in a hire for you, estimated "
        "from past students' applications and outcomes.",
    },
    "stu_score_help": {
        "zh": "匹配得分：按技能、专业、意向和岗位信息计算，分数越高越匹配。",
        "en": "Match score: from skills, major, preferences and the position; higher fits better.",
    },
    "stu_saved_button": {"zh": "已收藏", "en": "Saved"},
    "stu_why_not": {"zh": "说明原因", "en": "Say why"},
    "stu_n_positions": {"zh": "{n} 个岗位", "en": "{n} position(s)"},
    # Home.
    "stu_todo_offers": {
        "zh": "你有 {n} 个录用通知等待答复",
        "en": "{n} offer(s) wait for your answer",
    },
    "stu_todo_invitations": {
        "zh": "{n} 个岗位邀请你申请",
        "en": "{n} position(s) invite you to apply",
    },
    "stu_consent_hint": {
        "zh": "企业目前看不到你的资料。开启后，企业可以主动邀请你申请。",
        "en": "Enterprises cannot see your profile now. Let them, and they can invite you "
        "to apply.",
    },
    "stu_consent_turn_on": {"zh": "去开启", "en": "Turn it on"},
    "stu_search_more": {"zh": "搜索更多岗位", "en": "Search more positions"},
    "stu_search_anyway": {"zh": "继续浏览岗位", "en": "Browse positions anyway"},
    "stu_placed_title": {"zh": "恭喜，你已落实就业", "en": "Congratulations: you have a place"},
    "stu_placed_body": {
        "zh": "我们不再向你推送岗位。你仍可以查看求职进展，或继续浏览岗位。",
        "en": "We no longer push positions to you. You can still follow your applications "
        "and browse positions.",
    },
    # Search.
    "stu_jobs_title": {"zh": "找岗位", "en": "Find positions"},
    "stu_keyword": {"zh": "关键词", "en": "Keyword"},
    "stu_keyword_hint": {
        "zh": "岗位名称、技能或企业名称",
        "en": "Title, skill or enterprise name",
    },
    "stu_city": {"zh": "城市", "en": "City"},
    "stu_type": {"zh": "岗位类型", "en": "Type"},
    "stu_sector": {"zh": "行业", "en": "Industry"},
    "stu_salary": {"zh": "月薪", "en": "Monthly pay"},
    "stu_salary_at_least": {"zh": "{k}K 及以上", "en": "{k}K or more"},
    "stu_search": {"zh": "搜索", "en": "Search"},
    "stu_filters": {"zh": "筛选", "en": "Filters"},
    "stu_apply_filters": {"zh": "按条件查看", "en": "Show results"},
    "stu_clear": {"zh": "清除条件", "en": "Clear"},
    "stu_found": {"zh": "找到 {n} 个岗位", "en": "{n} position(s) found"},
    "stu_ranked_for_you": {"zh": "按与你的匹配度排序", "en": "best matches first"},
    "stu_no_results": {
        "zh": "没有符合条件的岗位。试试换个关键词或放宽条件。",
        "en": "No position matches. Try another keyword or fewer filters.",
    },
    "stu_more": {"zh": "加载更多", "en": "Show more"},
    "stu_top_only": {
        "zh": "已显示与你最匹配的 {n} 个岗位；缩小条件可以看到其余岗位。",
        "en": "These are your {n} best matches; narrow the search to see the others.",
    },
    # A position's page.
    "stu_closed": {"zh": "该岗位已停止招聘", "en": "This position no longer takes applications"},
    "stu_your_match": {"zh": "与你的匹配", "en": "How you match"},
    "stu_description": {"zh": "职位描述", "en": "Description"},
    "stu_no_description": {"zh": "企业尚未填写职位描述。", "en": "No description yet."},
    "stu_requirements": {"zh": "任职要求", "en": "Requirements"},
    "stu_required_skills": {"zh": "必备技能", "en": "Required skills"},
    "stu_preferred_skills": {"zh": "加分技能", "en": "Preferred skills"},
    "stu_majors": {"zh": "专业要求", "en": "Majors"},
    "stu_any_major": {"zh": "专业不限", "en": "Any major"},
    "stu_degree": {"zh": "学历要求", "en": "Degree"},
    "stu_where": {"zh": "工作地点", "en": "Where"},
    "stu_opens": {"zh": "开始接受申请", "en": "Applications open"},
    "stu_about_enterprise": {"zh": "公司介绍", "en": "About the enterprise"},
    "stu_size": {"zh": "规模", "en": "Size"},
    "stu_size_micro": {"zh": "微型企业", "en": "Micro"},
    "stu_size_small": {"zh": "小型企业", "en": "Small"},
    "stu_size_medium": {"zh": "中型企业", "en": "Medium"},
    "stu_size_large": {"zh": "大型企业", "en": "Large"},
    "stu_founded": {"zh": "成立年份", "en": "Founded"},
    "stu_apply_now": {"zh": "申请该岗位", "en": "Apply"},
    "stu_see_application": {"zh": "查看申请进展", "en": "See your application"},
    # Applying.
    "stu_back_to_position": {"zh": "‹ 返回岗位详情", "en": "‹ Back to the position"},
    "stu_apply_title": {"zh": "确认申请", "en": "Check before you apply"},
    "stu_they_see_profile": {
        "zh": "企业将看到你的简历资料",
        "en": "The enterprise will see your profile",
    },
    "stu_they_see_identity": {
        "zh": "申请后，企业还将看到你的姓名和联系方式",
        "en": "Once you apply it also sees your name and contact details",
    },
    "stu_graduates": {"zh": "{year} 年毕业", "en": "graduates {year}"},
    "stu_and_more": {"zh": "等 {n} 项", "en": "and {n} more"},
    "stu_experience": {"zh": "经历", "en": "Experience"},
    "stu_experience_counts": {
        "zh": "项目 {p} 个 · 竞赛 {c} 项 · 实习 {i} 段",
        "en": "{p} project(s) · {c} competition(s) · {i} internship(s)",
    },
    "stu_name": {"zh": "姓名", "en": "Name"},
    "stu_no_contact": {
        "zh": "你还没有填写手机或邮箱，企业可能无法联系你。建议先补充联系方式。",
        "en": "You have given no phone or e-mail, so the enterprise may not reach you. "
        "Add one first.",
    },
    "stu_apply_final": {
        "zh": "提交后不能撤回；企业的答复会显示在“我的求职”中。",
        "en": "An application cannot be withdrawn; the enterprise's answer shows in "
        "“My applications”.",
    },
    "stu_confirm_apply": {"zh": "确认申请", "en": "Apply now"},
    # Answering an offer.
    "stu_back_to_applications": {"zh": "‹ 返回我的求职", "en": "‹ Back to my applications"},
    "stu_accept": {"zh": "接受录用", "en": "Accept"},
    "stu_decline": {"zh": "婉拒", "en": "Decline"},
    "stu_accept_title": {"zh": "接受这份录用通知？", "en": "Accept this offer?"},
    "stu_decline_title": {"zh": "婉拒这份录用通知？", "en": "Decline this offer?"},
    "stu_offered_on": {"zh": "{date} 发出录用通知", "en": "Offered on {date}"},
    "stu_accept_means": {
        "zh": "接受后，你的就业状态将记为“已落实”，辅导员会看到；首页不再向你推送岗位。"
        "请按企业的通知办理入职。",
        "en": "Once you accept, you count as placed and your advisor sees it; your home "
        "page stops pushing positions. Follow the enterprise's instructions to start.",
    },
    "stu_decline_means": {
        "zh": "婉拒后，这份录用通知即告结束，企业会收到你的答复。",
        "en": "Once you decline, the offer ends and the enterprise is told.",
    },
    "stu_answer_final": {"zh": "答复后不能更改。", "en": "Your answer cannot be changed."},
    "stu_confirm_accept": {"zh": "确认接受", "en": "Accept the offer"},
    "stu_confirm_decline": {"zh": "确认婉拒", "en": "Decline the offer"},
    # My applications.
    "stu_sec_offers": {"zh": "待答复的录用", "en": "Offers to answer"},
    "stu_sec_invitations": {"zh": "邀请与推荐", "en": "Invitations"},
    "stu_sec_active": {"zh": "进行中", "en": "In progress"},
    "stu_sec_placed": {"zh": "已落实", "en": "Placed"},
    "stu_sec_saved": {"zh": "收藏", "en": "Saved"},
    "stu_sec_ended": {"zh": "已结束", "en": "Ended"},
    "stu_no_applications": {
        "zh": "你还没有收藏或申请岗位。先看看为你推荐的岗位吧。",
        "en": "You have not saved or applied to a position yet. Start with your recommendations.",
    },
    "stu_unsave": {"zh": "取消收藏", "en": "Remove"},
    "stu_status_saved": {"zh": "已收藏", "en": "Saved"},
    "stu_status_invited": {"zh": "企业邀请你申请", "en": "Invited to apply"},
    "stu_status_suggested": {"zh": "辅导员推荐", "en": "Suggested by your advisor"},
    "stu_status_applied": {"zh": "已申请", "en": "Applied"},
    "stu_status_interview": {"zh": "邀请面试", "en": "Interview"},
    "stu_status_offered": {"zh": "收到录用通知", "en": "Offer"},
    "stu_status_accepted": {"zh": "已接受录用", "en": "Offer accepted"},
    "stu_status_placed": {"zh": "已录用", "en": "Hired"},
    "stu_status_rejected": {"zh": "未通过", "en": "Not successful"},
    "stu_status_declined": {"zh": "已婉拒", "en": "Declined"},
    "stu_next_saved": {
        "zh": "你收藏了这个岗位，还没有申请。在截止前申请即可。",
        "en": "You saved this position but have not applied. Apply before it closes.",
    },
    "stu_next_invited": {
        "zh": "企业看过你的资料，邀请你申请。申请后企业才能看到你的姓名和联系方式。",
        "en": "The enterprise saw your profile and invites you to apply. Only once you apply "
        "does it see your name and contact details.",
    },
    "stu_next_suggested": {
        "zh": "你的辅导员认为这个岗位适合你，建议你申请。",
        "en": "Your advisor thinks this position suits you and suggests you apply.",
    },
    "stu_next_closed": {
        "zh": "该岗位已停止招聘，不能再申请。",
        "en": "This position no longer takes applications.",
    },
    "stu_next_applied": {
        "zh": "企业正在查看你的申请。若邀请你面试，会显示在这里。",
        "en": "The enterprise is reviewing your application. An interview invitation will "
        "show here.",
    },
    "stu_next_interview": {
        "zh": "企业邀请你面试，请留意企业的电话或邮件。面试后企业会给出结果。",
        "en": "The enterprise wants to interview you: watch for its call or e-mail. It will "
        "tell you the result afterwards.",
    },
    "stu_next_offered": {
        "zh": "企业向你发出了录用通知，请尽快答复：接受或婉拒。",
        "en": "The enterprise offers you the position. Please answer soon: accept or decline.",
    },
    "stu_next_accepted": {
        "zh": "你已接受录用，就业已落实。请按企业通知办理入职。",
        "en": "You accepted the offer: you are placed. Follow the enterprise's instructions "
        "to start.",
    },
    "stu_next_placed": {
        "zh": "企业已确认录用你，就业已落实。",
        "en": "The enterprise has hired you: you are placed.",
    },
    "stu_next_rejected": {
        "zh": "很遗憾，这次申请未通过。你可以继续申请其他岗位。",
        "en": "This application was not successful. You can apply to other positions.",
    },
    "stu_next_declined": {
        "zh": "你婉拒了这份录用通知。",
        "en": "You declined this offer.",
    },
    "stu_event_invite": {"zh": "企业邀请", "en": "Invited"},
    "stu_event_suggest": {"zh": "辅导员推荐", "en": "Suggested"},
    "stu_event_save": {"zh": "收藏", "en": "Saved"},
    "stu_event_apply": {"zh": "申请", "en": "Applied"},
    "stu_event_interview": {"zh": "面试邀请", "en": "Interview"},
    "stu_event_offer": {"zh": "录用通知", "en": "Offer"},
    "stu_event_accept": {"zh": "接受录用", "en": "Accepted"},
    "stu_event_decline": {"zh": "婉拒", "en": "Declined"},
    "stu_event_reject": {"zh": "未通过", "en": "Not successful"},
    "stu_event_hire": {"zh": "录用", "en": "Hired"},
    "stu_event_internship_completed": {"zh": "完成实习", "en": "Internship completed"},
    # My profile.
    "stu_consent_title": {"zh": "允许企业查看我的资料", "en": "Enterprises may see my profile"},
    "stu_consent_yes": {"zh": "已开启", "en": "On"},
    "stu_consent_no": {"zh": "未开启", "en": "Off"},
    "stu_consent_explain": {
        "zh": "开启后，企业在寻找候选人时能看到你的专业、技能和经历（不含姓名和联系方式），"
        "并可以邀请你申请；只有你申请了某家企业的岗位，该企业才能看到你的姓名和联系方式。",
        "en": "When on, enterprises looking for candidates see your major, skills and "
        "experience (not your name or contact details) and may invite you to apply; an "
        "enterprise sees your name and contact details only once you apply to it.",
    },
    "stu_consent_question": {
        "zh": "是否允许企业查看你的资料？",
        "en": "May enterprises see your profile?",
    },
    "stu_consent_yes_long": {
        "zh": "允许：企业可以看到我的资料并邀请我申请",
        "en": "Yes: enterprises may see my profile and invite me",
    },
    "stu_consent_no_long": {
        "zh": "不允许：只有我申请的企业能看到我的资料",
        "en": "No: only enterprises I apply to see my profile",
    },
    "stu_identity": {"zh": "基本信息", "en": "About you"},
    "stu_identity_note": {
        "zh": "基本信息由学校提供，如有错误请联系辅导员。",
        "en": "The university provides these; ask your advisor to correct them.",
    },
    "stu_student_number": {"zh": "学号", "en": "Student number"},
    "stu_college": {"zh": "学院", "en": "College"},
    "stu_cohort": {"zh": "班级", "en": "Class"},
    "stu_part_study": {"zh": "学业", "en": "Study"},
    "stu_part_skills": {"zh": "技能与证书", "en": "Skills and certificates"},
    "stu_part_projects": {"zh": "项目经历", "en": "Projects"},
    "stu_part_competitions": {"zh": "竞赛获奖", "en": "Competitions"},
    "stu_part_internships": {"zh": "实习经历", "en": "Internships"},
    "stu_part_about": {"zh": "自我介绍", "en": "About me"},
    "stu_part_preferences": {"zh": "求职意向", "en": "What I look for"},
    "stu_part_contact": {"zh": "联系方式", "en": "Contact details"},
    "stu_part_consent": {"zh": "企业可见设置", "en": "Who sees my profile"},
    "stu_field_major": {"zh": "专业", "en": "Major"},
    "stu_field_degree": {"zh": "学历", "en": "Degree"},
    "stu_field_graduation_year": {"zh": "毕业年份", "en": "Graduation year"},
    "stu_field_courses": {"zh": "主要课程", "en": "Courses"},
    "stu_field_grade": {"zh": "成绩", "en": "Grade"},
    "stu_field_skills": {"zh": "技能", "en": "Skills"},
    "stu_field_certificates": {"zh": "证书", "en": "Certificates"},
    "stu_field_languages": {"zh": "语言", "en": "Languages"},
    "stu_field_self_description": {"zh": "自我介绍", "en": "About me"},
    "stu_field_cities": {"zh": "意向城市", "en": "Cities"},
    "stu_field_other_cities": {"zh": "其他城市", "en": "Other cities"},
    "stu_field_sectors": {"zh": "意向行业", "en": "Industries"},
    "stu_field_position_types": {"zh": "岗位类型", "en": "Position types"},
    "stu_field_min_salary": {"zh": "最低月薪（元）", "en": "Lowest monthly pay (yuan)"},
    "stu_field_enterprise_sizes": {"zh": "企业规模", "en": "Enterprise sizes"},
    "stu_field_phone": {"zh": "手机", "en": "Phone"},
    "stu_field_email": {"zh": "邮箱", "en": "E-mail"},
    "stu_field_visible_to_enterprises": {"zh": "企业可见", "en": "Seen by enterprises"},
    "stu_field_projects": {"zh": "项目经历", "en": "Projects"},
    "stu_field_competitions": {"zh": "竞赛获奖", "en": "Competitions"},
    "stu_field_internships": {"zh": "实习经历", "en": "Internships"},
    "stu_field_title": {"zh": "名称", "en": "Title"},
    "stu_field_role": {"zh": "担任角色", "en": "Role"},
    "stu_field_description": {"zh": "描述", "en": "Description"},
    "stu_field_name": {"zh": "名称", "en": "Name"},
    "stu_field_level": {"zh": "级别", "en": "Level"},
    "stu_field_award": {"zh": "奖项", "en": "Award"},
    "stu_field_year": {"zh": "年份", "en": "Year"},
    "stu_field_organisation": {"zh": "单位", "en": "Organisation"},
    "stu_field_months": {"zh": "时长（月）", "en": "Months"},
    "stu_level_school": {"zh": "校级", "en": "School"},
    "stu_level_provincial": {"zh": "省级", "en": "Provincial"},
    "stu_level_national": {"zh": "国家级", "en": "National"},
    "stu_level_international": {"zh": "国际级", "en": "International"},
    "stu_months": {"zh": "{n} 个月", "en": "{n} months"},
    "stu_yuan": {"zh": "{n} 元", "en": "{n} yuan"},
    "stu_back_to_profile": {"zh": "‹ 返回我的资料", "en": "‹ Back to my profile"},
    "stu_courses_hint": {
        "zh": "每行一门课程，可在课程名后空格加成绩，例如：光学设计 92",
        "en": "One course a line, optionally followed by a space and the grade, e.g. "
        "Optical design 92",
    },
    "stu_list_hint": {
        "zh": "每行一项，或用顿号、逗号分隔",
        "en": "One a line, or separated by commas",
    },
    "stu_cities_hint": {
        "zh": "上面没有的城市，用顿号或逗号分隔",
        "en": "Cities not listed above, separated by commas",
    },
    "stu_items_hint": {
        "zh": "在最后一栏空白处可添加一项；勾选“删除此项”可删除。",
        "en": "Add one in the blank entry at the end; tick “Remove” to delete one.",
    },
    "stu_about_hint": {
        "zh": "用几句话介绍你的优势和想做的工作，企业会看到。",
        "en": "A few sentences on your strengths and the work you want; enterprises read it.",
    },
    "stu_min_salary_hint": {
        "zh": "每月税前，单位：元；不填表示不限",
        "en": "Per month before tax, in yuan; leave blank for any",
    },
    "stu_contact_hint": {
        "zh": "只有你申请了岗位的企业才能看到联系方式。",
        "en": "Only enterprises you apply to see your contact details.",
    },
    "stu_item_n": {"zh": "第 {n} 项", "en": "Entry {n}"},
    "stu_item_of": {"zh": "{label}第 {n} 项", "en": "{label}, entry {n}"},
    "stu_add_item": {"zh": "新增一项（选填）", "en": "Add one (optional)"},
    "stu_remove_item": {"zh": "删除此项", "en": "Remove"},
    "stu_save_changes": {"zh": "保存", "en": "Save"},
    "stu_there_is_a_problem": {"zh": "请修改以下内容", "en": "There is a problem"},
    "stu_err_missing": {"zh": "请填写{label}", "en": "Enter {label}"},
    "stu_err_choose": {"zh": "请选择{label}", "en": "Choose {label}"},
    "stu_err_too_long": {
        "zh": "{label}不能超过 {limit} 个字",
        "en": "{label} must be {limit} characters or fewer",
    },
    "stu_err_too_small": {
        "zh": "{label}不能小于 {limit}",
        "en": "{label} must be at least {limit}",
    },
    "stu_err_too_large": {
        "zh": "{label}不能大于 {limit}",
        "en": "{label} must be at most {limit}",
    },
    "stu_err_number": {"zh": "{label}请填写数字", "en": "{label} must be a number"},
    "stu_err_choice": {"zh": "请从选项中选择{label}", "en": "Choose {label} from the list"},
    "stu_err_invalid": {"zh": "{label}填写有误", "en": "Check {label}"},
    # Errors a student can act on (shown on error pages).
    "stu_position_closed": {
        "zh": "该岗位已停止招聘，不能再申请。",
        "en": "This position no longer takes applications.",
    },
    # Notices after a form (done_<key>).
    "done_stu_saved": {
        "zh": "已收藏，可在“我的求职”中找到。",
        "en": "Saved: find it under “My applications”.",
    },
    "done_stu_unsaved": {"zh": "已取消收藏。", "en": "Removed from your saved positions."},
    "done_stu_dismissed": {
        "zh": "已标记为不感兴趣，不会再向你推荐这个岗位。",
        "en": "Marked as not for you; it will not be recommended again.",
    },
    "done_stu_undone": {"zh": "已撤销。", "en": "Undone."},
    "done_stu_recorded": {"zh": "已记录。", "en": "Recorded."},
    "done_stu_applied": {
        "zh": "申请已提交。企业现在可以看到你的资料和联系方式，进展会显示在这里。",
        "en": "Application sent. The enterprise now sees your profile and contact details; "
        "its answer will show here.",
    },
    "done_stu_already_applied": {
        "zh": "你已经申请过这个岗位，进展见下方。",
        "en": "You have already applied to this position; see below.",
    },
    "done_stu_accepted": {
        "zh": "你已接受录用，恭喜！就业状态已记为“已落实”。",
        "en": "You accepted the offer. Congratulations: you count as placed.",
    },
    "done_stu_declined": {"zh": "你已婉拒这份录用通知。", "en": "You declined the offer."},
    "done_stu_already_answered": {
        "zh": "你已经答复过这份录用通知。",
        "en": "You have already answered this offer.",
    },
    "done_stu_profile_saved": {
        "zh": "已保存。推荐结果几秒内按新资料更新。",
        "en": "Saved. Your recommendations follow within seconds.",
    },
    "done_stu_consent_on": {
        "zh": "已开启：企业可以看到你的资料并邀请你申请。",
        "en": "On: enterprises may see your profile and invite you.",
    },
    "done_stu_consent_off": {
        "zh": "已关闭：只有你申请的企业能看到你的资料。",
        "en": "Off: only enterprises you apply to see your profile.",
    },
    # Filling the profile from a résumé (/me/profile/resume).
    "stu_resume_link": {"zh": "用简历填写资料", "en": "Fill in from your résumé"},
    "stu_resume_title": {"zh": "用简历填写我的资料", "en": "Fill in your profile from your résumé"},
    "stu_resume_intro": {
        "zh": (
            "上传简历（PDF、Word .docx或文本），我们读出专业、技能、项目等内容，填进资料表。"
            "保存之前你可以逐项核对修改，不点保存就什么都不会改。"
        ),
        "en": (
            "Upload your résumé (PDF, Word .docx or text). We read your major, skills, projects "
            "and more into your profile form; you check and correct every field, and nothing "
            "changes until you press Save."
        ),
    },
    "stu_resume_privacy": {
        "zh": (
            "简历里的姓名、电话、身份证号、出生日期、照片等个人信息只会用于你的联系方式，"
            "不会进入资料正文、推荐特征或日志；上传的文件读完即丢弃，不会保存。"
        ),
        "en": (
            "Your name, phone, ID number, birth date, photo and other personal details in the "
            "résumé go only to your contact details, never into your profile's text, the matching "
            "or any log; the file is read and then discarded, not kept."
        ),
    },
    "stu_resume_file": {"zh": "简历文件", "en": "Résumé file"},
    "stu_resume_file_hint": {
        "zh": "PDF、Word（.docx）或文本文件，不超过5 MB",
        "en": "PDF, Word (.docx) or a text file, up to 5 MB",
    },
    "stu_resume_or_paste": {"zh": "或者粘贴简历文字", "en": "Or paste the text of your résumé"},
    "stu_resume_read": {"zh": "读取简历", "en": "Read my résumé"},
    "stu_resume_review_title": {
        "zh": "核对从简历读出的资料",
        "en": "Check what we read from your résumé",
    },
    "stu_resume_review_intro": {
        "zh": (
            "以下内容读自你的简历（{kind}，{pages}页）。请逐项核对；"
            "标有“请核对”的是不太确定的地方。点“保存到我的资料”之前，什么都不会改。"
        ),
        "en": (
            "We read the fields below from your résumé ({kind}, {pages} page(s)). Check each one; "
            "“please check” marks what we were unsure of. Nothing changes until you press “Save to "
            "my profile”."
        ),
    },
    "stu_resume_personal_found": {
        "zh": (
            "简历中识别到的个人信息：{fields}。它们不会写进资料正文；"
            "电话和邮箱可以保存到下面的联系方式。"
        ),
        "en": (
            "Personal details found in your résumé: {fields}. They go into no profile text; your "
            "phone and e-mail can be saved to your contact details below."
        ),
    },
    "stu_resume_school_kept": {
        "zh": "简历中的{fields}与学校记录不同，这些由学校维护，如需更正请联系辅导员。",
        "en": (
            "Your résumé's {fields} differ from the school's record; the school keeps those, so "
            "ask your advisor to correct them."
        ),
    },
    "stu_resume_check": {"zh": "请核对", "en": "Please check"},
    "stu_resume_from": {"zh": "简历原文：", "en": "From your résumé: "},
    "stu_resume_save": {"zh": "保存到我的资料", "en": "Save to my profile"},
    "stu_resume_again": {"zh": "换一份简历", "en": "Use another résumé"},
    "stu_resume_failed": {"zh": "无法读取这份简历", "en": "We could not read this résumé"},
    "stu_personal_name": {"zh": "姓名", "en": "name"},
    "stu_personal_phone": {"zh": "电话", "en": "phone"},
    "stu_personal_email": {"zh": "邮箱", "en": "e-mail"},
    "stu_personal_id_number": {"zh": "身份证号", "en": "ID number"},
    "stu_personal_student_number": {"zh": "学号", "en": "student number"},
    "stu_personal_birth_date": {"zh": "出生日期", "en": "birth date"},
    "stu_personal_age": {"zh": "年龄", "en": "age"},
    "stu_personal_gender": {"zh": "性别", "en": "gender"},
    "stu_personal_ethnicity": {"zh": "民族", "en": "ethnicity"},
    "stu_personal_hometown": {"zh": "籍贯/住址", "en": "hometown or address"},
    "stu_personal_political_status": {"zh": "政治面貌", "en": "political status"},
    "stu_personal_photo": {"zh": "照片", "en": "photo"},
    "stu_kept_name": {"zh": "姓名", "en": "name"},
    "stu_kept_major_code": {"zh": "专业代码", "en": "major code"},
    "stu_kept_gpa": {"zh": "绩点", "en": "GPA"},
    "stu_kept_rank_percentile": {"zh": "排名", "en": "rank"},
    "stu_kept_student_number": {"zh": "学号", "en": "student number"},
    "stu_kept_id_number": {"zh": "身份证号", "en": "ID number"},
    "stu_kept_college": {"zh": "学院", "en": "college"},
    "stu_kept_cohort": {"zh": "班级", "en": "class"},
    "done_stu_resume_saved": {
        "zh": "已按简历保存你的资料。下面是按新资料推荐的岗位。",
        "en": "Your profile is saved from your résumé. Here are positions for it.",
    },
}

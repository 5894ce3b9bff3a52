"""Words of the enterprise's pages: its positions, applicants, candidates and position forms."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # Menu and home.
    "ent_menu_new": {"zh": "发布岗位", "en": "Post a position"},
    "ent_menu_analytics": {"zh": "招聘分析", "en": "Analytics"},
    "ent_home_sub": {"zh": "招聘管理", "en": "Recruitment"},
    "ent_post_new": {"zh": "发布新岗位", "en": "Post a new position"},
    "ent_open_positions": {"zh": "招聘中", "en": "Open"},
    "ent_ended_positions": {"zh": "已关闭或已招满", "en": "Closed or filled"},
    "ent_no_positions": {
        "zh": "还没有发布岗位。发布后，推荐的学生会出现在岗位页面上。",
        "en": "No positions yet. Once you post one, recommended students appear on its page.",
    },
    "ent_no_open": {"zh": "目前没有招聘中的岗位。", "en": "No open positions right now."},
    "ent_waiting": {"zh": "{n} 份新申请待处理", "en": "{n} new application(s) to review"},
    "ent_nothing_waiting": {"zh": "暂无待处理的新申请", "en": "No new applications to review"},
    "ent_count_new": {"zh": "新申请", "en": "New"},
    "ent_count_interview": {"zh": "面试中", "en": "Interview"},
    "ent_count_offered": {"zh": "已发offer", "en": "Offered"},
    "ent_count_placed": {"zh": "已录用", "en": "Placed"},
    "ent_count_closed": {"zh": "已结束", "en": "Closed"},
    "ent_openings_left": {"zh": "还剩 {n} 个名额", "en": "{n} opening(s) left"},
    "ent_openings_full": {"zh": "名额已满", "en": "No openings left"},
    "ent_openings_of": {"zh": "招 {total} 人，已录用 {held} 人", "en": "{held} of {total} placed"},
    "ent_manage": {"zh": "管理申请人", "en": "Manage applicants"},
    "ent_edit": {"zh": "编辑", "en": "Edit"},
    "ent_status_open": {"zh": "招聘中", "en": "Open"},
    "ent_status_closed": {"zh": "已关闭", "en": "Closed"},
    "ent_status_filled": {"zh": "已招满", "en": "Filled"},
    # A position's page.
    "ent_all_positions": {"zh": "全部岗位", "en": "All positions"},
    "ent_applicants": {"zh": "申请人", "en": "Applicants"},
    "ent_applicants_n": {"zh": "申请人（{n}）", "en": "Applicants ({n})"},
    "ent_group_new": {"zh": "新申请", "en": "New applications"},
    "ent_group_interview": {"zh": "面试中", "en": "In interview"},
    "ent_group_offered": {"zh": "已发offer · 等待答复", "en": "Offered · awaiting an answer"},
    "ent_group_accepted": {"zh": "已接受offer · 待入职", "en": "Offer accepted · to start"},
    "ent_group_placed": {"zh": "已录用", "en": "Placed"},
    "ent_group_closed": {"zh": "已结束", "en": "Closed"},
    "ent_no_applicants": {
        "zh": "还没有学生申请这个岗位。可以邀请下方推荐的候选人来申请。",
        "en": "Nobody has applied yet. You can invite the candidates recommended below.",
    },
    "ent_applied_on": {"zh": "{date} 申请", "en": "applied {date}"},
    "ent_invited_tag": {"zh": "受邀申请", "en": "Invited"},
    "ent_match": {"zh": "匹配度 {p}%", "en": "{p}% match"},
    "ent_score": {"zh": "匹配分 {s}", "en": "score {s}"},
    "ent_graduates": {"zh": "{year}届", "en": "class of {year}"},
    "ent_do_interview": {"zh": "邀请面试", "en": "Invite to interview"},
    "ent_do_offer": {"zh": "发放offer", "en": "Make an offer"},
    "ent_do_reject": {"zh": "不合适", "en": "Reject"},
    "ent_do_hire": {"zh": "确认入职", "en": "Mark hired"},
    "ent_do_internship_completed": {"zh": "确认结业", "en": "Mark completed"},
    "ent_awaiting_answer": {"zh": "等待学生答复", "en": "Awaiting the answer"},
    "ent_stage_applied": {"zh": "新申请", "en": "New"},
    "ent_stage_interview": {"zh": "面试中", "en": "Interview"},
    "ent_stage_offered": {"zh": "已发offer", "en": "Offered"},
    "ent_stage_accepted": {"zh": "已接受offer", "en": "Accepted"},
    "ent_stage_placed": {"zh": "已录用", "en": "Placed"},
    "ent_stage_rejected": {"zh": "未通过", "en": "Rejected"},
    "ent_stage_declined": {"zh": "已拒绝offer", "en": "Declined the offer"},
    "ent_view_profile": {"zh": "查看简历", "en": "View profile"},
    "ent_show_all": {"zh": "显示全部 {n} 位", "en": "Show all {n}"},
    "ent_select": {"zh": "选择", "en": "Select"},
    "ent_bulk": {"zh": "对所选新申请：", "en": "With the selected:"},
    "ent_bulk_interview": {"zh": "批量邀请面试", "en": "Invite to interview"},
    "ent_bulk_reject": {"zh": "批量标记不合适", "en": "Reject"},
    "ent_candidates": {"zh": "推荐候选人", "en": "Recommended candidates"},
    "ent_candidates_intro": {
        "zh": "以下学生同意被企业查看，尚未申请本岗位；邀请后学生会在自己的页面上看到。",
        "en": "These students agreed to be seen and have not applied; an invitation shows on "
        "their page.",
    },
    "ent_do_invite": {"zh": "邀请申请", "en": "Invite to apply"},
    "ent_invited": {"zh": "已邀请", "en": "Invited"},
    "ent_invited_n": {"zh": "已邀请 {n} 人", "en": "{n} invited"},
    "ent_no_candidates": {"zh": "暂无推荐候选人", "en": "No candidates to recommend yet"},
    "ent_not_indexed": {
        "zh": "岗位刚发布，推荐候选人几秒内出现，刷新即可看到。",
        "en": "Just posted: candidates appear within seconds; refresh to see them.",
    },
    "ent_closed_no_candidates": {
        "zh": "岗位已不再招聘，不推荐候选人。",
        "en": "The position no longer recruits: no candidates are recommended.",
    },
    "ent_close": {"zh": "关闭岗位", "en": "Close position"},
    "ent_mark_filled": {"zh": "标记已招满", "en": "Mark filled"},
    "ent_matched": {"zh": "匹配技能", "en": "Matching skills"},
    "ent_missing": {"zh": "欠缺技能", "en": "Missing skills"},
    "ent_reasons": {"zh": "匹配理由", "en": "Why this student fits"},
    # Confirming an action on applications.
    "ent_confirm_interview": {"zh": "邀请面试", "en": "Invite to interview"},
    "ent_confirm_offer": {"zh": "发放offer", "en": "Make an offer"},
    "ent_confirm_reject": {"zh": "标记为不合适", "en": "Reject the application"},
    "ent_confirm_hire": {"zh": "确认入职", "en": "Mark as hired"},
    "ent_confirm_internship_completed": {"zh": "确认实习结业", "en": "Mark as completed"},
    "ent_effect_interview": {
        "zh": "学生会在自己的页面上看到面试邀请和你的留言。",
        "en": "They see the invitation and your note on their page.",
    },
    "ent_effect_offer": {
        "zh": "学生可在自己的页面上接受或拒绝；接受后占用一个名额。",
        "en": "They can accept or decline on their page; an accepted offer takes an opening.",
    },
    "ent_effect_reject": {
        "zh": "申请将结束，此操作不能撤销。",
        "en": "The application ends; this cannot be undone.",
    },
    "ent_effect_hire": {
        "zh": "学生将计为已录用。",
        "en": "They count as placed.",
    },
    "ent_effect_internship_completed": {
        "zh": "学生将计为已完成实习。",
        "en": "They count as having completed it.",
    },
    "ent_note": {"zh": "给学生的留言（可选）", "en": "Note to the student (optional)"},
    "ent_note_interview": {
        "zh": "例如面试时间、地点和联系人，200字以内",
        "en": "For example the time, place and contact person; up to 200 characters",
    },
    "ent_note_offer": {
        "zh": "例如薪资、入职日期，200字以内",
        "en": "For example the salary and start date; up to 200 characters",
    },
    "ent_note_reject": {"zh": "例如原因，200字以内", "en": "For example why; up to 200 characters"},
    "ent_note_hire": {
        "zh": "例如报到安排，200字以内",
        "en": "For example where to report; up to 200 characters",
    },
    "ent_note_internship_completed": {
        "zh": "例如实习评价，200字以内",
        "en": "For example a short review; up to 200 characters",
    },
    "ent_go_interview": {"zh": "确认邀请面试", "en": "Send the invitations"},
    "ent_go_offer": {"zh": "确认发放offer", "en": "Make the offer"},
    "ent_go_reject": {"zh": "确认不合适", "en": "Reject"},
    "ent_go_hire": {"zh": "确认已入职", "en": "Confirm the hire"},
    "ent_go_internship_completed": {"zh": "确认已结业", "en": "Confirm completion"},
    "ent_cancel": {"zh": "返回", "en": "Go back"},
    "ent_for_position": {"zh": "岗位：{title}", "en": "Position: {title}"},
    "ent_people_n": {"zh": "共 {n} 人", "en": "{n} applicant(s)"},
    "ent_moved": {
        "zh": "另有 {n} 位申请人的状态已变化，不在此列。",
        "en": "{n} other applicant(s) have moved on and are left out.",
    },
    "ent_over_openings": {
        "zh": "名额已满：确认后录用人数将超过招聘人数。",
        "en": "No openings left: this places more people than the position takes.",
    },
    # A student as a recruiter sees her.
    "ent_profile": {"zh": "学生资料", "en": "Student profile"},
    "ent_candidate": {"zh": "候选人", "en": "Candidate"},
    "ent_contact": {"zh": "联系方式", "en": "Contact"},
    "ent_name": {"zh": "姓名", "en": "Name"},
    "ent_phone": {"zh": "电话", "en": "Phone"},
    "ent_email": {"zh": "邮箱", "en": "E-mail"},
    "ent_identity_hidden": {
        "zh": "该学生尚未申请本企业的岗位：姓名和联系方式在其申请后可见。",
        "en": "This student has not applied to your positions: name and contact show once they do.",
    },
    "ent_major": {"zh": "专业", "en": "Major"},
    "ent_degree": {"zh": "学历", "en": "Degree"},
    "ent_graduation_year": {"zh": "毕业年份", "en": "Graduation"},
    "ent_skills": {"zh": "技能", "en": "Skills"},
    "ent_projects": {"zh": "项目经历", "en": "Projects"},
    "ent_competitions": {"zh": "竞赛获奖", "en": "Competitions"},
    "ent_internships": {"zh": "实习经历", "en": "Internships"},
    "ent_certificates": {"zh": "证书", "en": "Certificates"},
    "ent_none_listed": {"zh": "未填写", "en": "None given"},
    "ent_months": {"zh": "{n}个月", "en": "{n} months"},
    "ent_level_school": {"zh": "校级", "en": "School"},
    "ent_level_provincial": {"zh": "省级", "en": "Provincial"},
    "ent_level_national": {"zh": "国家级", "en": "National"},
    "ent_level_international": {"zh": "国际级", "en": "International"},
    "ent_her_application": {"zh": "对本岗位的申请", "en": "Application to this position"},
    "ent_not_applied": {"zh": "尚未申请本岗位", "en": "Has not applied to this position"},
    "ent_back_position": {"zh": "返回岗位", "en": "Back to the position"},
    # Posting and editing.
    "ent_new_title": {"zh": "发布新岗位", "en": "Post a new position"},
    "ent_edit_title": {"zh": "编辑岗位", "en": "Edit the position"},
    "ent_f_title": {"zh": "岗位名称", "en": "Title"},
    "ent_h_title": {"zh": "例如：光学设计工程师", "en": "For example: Optical design engineer"},
    "ent_f_type": {"zh": "岗位类型", "en": "Type"},
    "ent_f_description": {"zh": "岗位描述", "en": "Description"},
    "ent_h_description": {
        "zh": "工作内容、任职要求、待遇福利",
        "en": "What the work is, what it needs, what it offers",
    },
    "ent_f_required_skills": {"zh": "必备技能", "en": "Required skills"},
    "ent_h_required_skills": {
        "zh": "每行一项，或用逗号、顿号分隔",
        "en": "One a line, or separated by commas",
    },
    "ent_f_preferred_skills": {"zh": "优先技能（可选）", "en": "Preferred skills (optional)"},
    "ent_f_accepted_majors": {"zh": "接受专业（可选）", "en": "Accepted majors (optional)"},
    "ent_h_accepted_majors": {
        "zh": "每行一个；留空表示不限专业",
        "en": "One a line; leave empty for any major",
    },
    "ent_f_min_degree": {"zh": "最低学历", "en": "Minimum degree"},
    "ent_f_city": {"zh": "工作城市", "en": "City"},
    "ent_f_district": {"zh": "区县（可选）", "en": "District (optional)"},
    "ent_f_openings": {"zh": "招聘人数", "en": "Openings"},
    "ent_f_salary_min": {"zh": "月薪下限（元，可选）", "en": "Monthly salary from (CNY, optional)"},
    "ent_f_salary_max": {"zh": "月薪上限（元，可选）", "en": "Monthly salary to (CNY, optional)"},
    "ent_h_salary": {"zh": "都留空表示薪资面议", "en": "Leave both empty for negotiable"},
    "ent_f_application_start": {"zh": "开始接受申请（可选）", "en": "Applications open (optional)"},
    "ent_f_deadline": {"zh": "截止日期（可选）", "en": "Deadline (optional)"},
    "ent_salary_yuan": {"zh": "{n} 元/月", "en": "CNY {n} a month"},
    "ent_any_major": {"zh": "不限专业", "en": "Any major"},
    "ent_none_given": {"zh": "无", "en": "None"},
    "ent_continue": {"zh": "继续", "en": "Continue"},
    "ent_check_title": {"zh": "发布前请核对", "en": "Check before you post"},
    "ent_check_changes": {"zh": "请核对修改内容", "en": "Check your changes"},
    "ent_change": {"zh": "修改", "en": "Change"},
    "ent_before": {"zh": "原为", "en": "was"},
    "ent_publish": {"zh": "确认发布", "en": "Post the position"},
    "ent_save_changes": {"zh": "确认保存", "en": "Save the changes"},
    "ent_publish_note": {
        "zh": "发布后几秒内学生即可看到它。",
        "en": "Students see it within seconds of posting.",
    },
    "ent_error_summary": {"zh": "请修改以下内容", "en": "There is a problem"},
    "ent_err_title": {
        "zh": "请填写岗位名称（200字以内）",
        "en": "Enter a title (up to 200 characters)",
    },
    "ent_err_type": {"zh": "请选择岗位类型", "en": "Choose a type"},
    "ent_err_description": {
        "zh": "岗位描述不能超过20000字",
        "en": "The description is over 20,000 characters",
    },
    "ent_err_required_skills": {
        "zh": "每项技能不能超过200字",
        "en": "Each skill must be up to 200 characters",
    },
    "ent_err_preferred_skills": {
        "zh": "每项技能不能超过200字",
        "en": "Each skill must be up to 200 characters",
    },
    "ent_err_accepted_majors": {
        "zh": "每个专业不能超过200字",
        "en": "Each major must be up to 200 characters",
    },
    "ent_err_min_degree": {"zh": "请选择最低学历", "en": "Choose the minimum degree"},
    "ent_err_city": {
        "zh": "请填写工作城市（200字以内）",
        "en": "Enter a city (up to 200 characters)",
    },
    "ent_err_district": {"zh": "区县不能超过200字", "en": "The district is over 200 characters"},
    "ent_err_openings": {
        "zh": "招聘人数须为 1 到 10000 之间的整数",
        "en": "Openings must be a whole number, 1 to 10,000",
    },
    "ent_err_salary_min": {
        "zh": "月薪须为 0 到 1000000 之间的整数（元）",
        "en": "Salary must be a whole number of CNY, 0 to 1,000,000",
    },
    "ent_err_salary_max": {
        "zh": "月薪须为 0 到 1000000 之间的整数（元）",
        "en": "Salary must be a whole number of CNY, 0 to 1,000,000",
    },
    "ent_err_salary_range": {
        "zh": "月薪上限不能低于下限",
        "en": "The salary to must not be below the salary from",
    },
    "ent_err_application_start": {
        "zh": "请按“年-月-日”填写有效日期",
        "en": "Enter a real date, year-month-day",
    },
    "ent_err_deadline": {
        "zh": "请按“年-月-日”填写有效日期",
        "en": "Enter a real date, year-month-day",
    },
    "ent_err_dates": {
        "zh": "截止日期不能早于开始接受申请的日期",
        "en": "The deadline must not be before applications open",
    },
    # Starting from a job description already posted elsewhere (/me/positions/draft).
    "ent_draft_title": {"zh": "从已有的招聘启事开始", "en": "Start from a job description"},
    "ent_draft_link": {
        "zh": "或者从已有的招聘启事开始",
        "en": "or start from a job description you already have",
    },
    "ent_draft_link_form": {
        "zh": "已有招聘启事？上传它，我们替你填写这张表单",
        "en": "Already have a job description? Upload it and we fill in this form for you",
    },
    "ent_draft_intro": {
        "zh": "上传或粘贴你已在别处发布的招聘启事，我们读取它，替你填好发布表单。"
        "发布前你要逐项核对，确认之前不会发布任何内容。",
        "en": "Upload or paste a job description you already posted elsewhere: we read it and "
        "fill in the posting form for you. You check every field; nothing is posted until you "
        "confirm.",
    },
    "ent_draft_not_kept": {
        "zh": "文件只用于读取，不会被保存。",
        "en": "The file is only read, never kept.",
    },
    "ent_draft_kept": {
        "zh": "按本站的设置，上传的文件会在读取后保存。",
        "en": "As this site is set up, uploaded files are kept after they are read.",
    },
    "ent_draft_file": {"zh": "上传文件", "en": "Upload a file"},
    "ent_draft_file_hint": {
        "zh": "PDF、Word（.docx）或文本文件（.txt），不超过 {size}",
        "en": "A PDF, a Word (.docx) or a text (.txt) file, up to {size}",
    },
    "ent_draft_or": {"zh": "或者", "en": "or"},
    "ent_draft_text": {"zh": "粘贴招聘启事的文字", "en": "Paste the job description's text"},
    "ent_draft_text_hint": {
        "zh": "没有文件时，把招聘启事全文复制到这里",
        "en": "With no file, copy the whole job description here",
    },
    "ent_draft_read": {"zh": "读取并填写表单", "en": "Read it and fill in the form"},
    "ent_draft_manual": {"zh": "改为手动填写", "en": "Fill in the form myself"},
    "ent_draft_banner": {
        "zh": "我们已根据你的文件填好这张表单。请逐项核对后再继续——确认之前不会发布任何内容。",
        "en": "We filled this form from your document. Check every field, then continue — "
        "nothing is posted until you confirm.",
    },
    "ent_draft_from": {"zh": "来自你的文件：“{text}”", "en": "From your document: “{text}”"},
    "ent_draft_check": {"zh": "请核对", "en": "Please check"},
    "ent_draft_not_found": {
        "zh": "文件中没有找到，请填写或核对",
        "en": "Not found in your document: fill it in or check it",
    },
    "ent_draft_from_profile": {
        "zh": "文件中没有找到，已填入企业资料中的地点",
        "en": "Not found in your document: your enterprise's own place",
    },
    "ent_draft_no_skills": {
        "zh": "文件中没有识别出技能，请补充",
        "en": "No skills recognised in your document: please add them",
    },
    "ent_draft_whole_text": {
        "zh": "这是你的文件全文：请删去不想让学生看到的内容，例如联系方式",
        "en": "This is your document's whole text: remove what students should not see, such "
        "as contact details",
    },
    # Closing.
    "ent_close_title": {"zh": "关闭岗位", "en": "Close the position"},
    "ent_filled_title": {"zh": "标记为已招满", "en": "Mark the position filled"},
    "ent_close_effect": {
        "zh": "学生将立即看不到这个岗位；已有的申请保留，你仍可以继续处理。",
        "en": "Students stop seeing it at once; applications stay and you can still handle them.",
    },
    "ent_close_go": {"zh": "确认关闭", "en": "Close it"},
    "ent_filled_go": {"zh": "确认已招满", "en": "Mark it filled"},
    # Errors.
    "ent_stage_moved": {
        "zh": "所选申请已不在这一阶段，请返回刷新后再操作。",
        "en": "The applications chosen are no longer at that stage; go back and reload.",
    },
    "ent_profile_refused": {
        "zh": "只能查看申请过本企业岗位或同意被企业查看的学生。",
        "en": "You can see students who applied to your positions or agreed to be seen.",
    },
    # Notices after an action.
    "done_ent_interview": {"zh": "已邀请 {n} 位申请人面试", "en": "{n} invited to interview"},
    "done_ent_offer": {"zh": "已向 {n} 位申请人发放offer", "en": "Offer made to {n}"},
    "done_ent_reject": {"zh": "已将 {n} 份申请标记为不合适", "en": "{n} application(s) rejected"},
    "done_ent_hire": {"zh": "已确认 {n} 人入职", "en": "{n} marked hired"},
    "done_ent_internship_completed": {"zh": "已确认 {n} 人结业", "en": "{n} marked completed"},
    "done_ent_invite": {
        "zh": "已邀请，学生会在自己的页面上看到",
        "en": "Invited: the student sees it on their page",
    },
    "done_ent_pick": {"zh": "请先勾选申请人", "en": "Select applicants first"},
    "done_ent_posted": {
        "zh": "岗位已发布，学生几秒内即可看到",
        "en": "Posted: students see it within seconds",
    },
    "done_ent_saved": {"zh": "修改已保存", "en": "Changes saved"},
    "done_ent_unchanged": {"zh": "没有修改任何内容", "en": "Nothing was changed"},
    "done_ent_closed": {
        "zh": "岗位已关闭，学生已看不到它",
        "en": "Closed: students no longer see it",
    },
    "done_ent_filled": {"zh": "岗位已标记为招满", "en": "Marked filled"},
    # Its recruiting in figures (/me/analytics).
    "ea_title": {"zh": "招聘数据分析", "en": "Recruiting in figures"},
    "ea_intro": {
        "zh": "本企业岗位的求职漏斗和申请答复率，以及所在行业的技能需求与学生供给（全行业汇总）。"
        "不足 {n} 名学生的数字不予显示（记为 <{n}）。",
        "en": "Your positions' funnel and how many applications you answer, and your "
        "industry's demand for skills against the students who have them (the whole industry "
        "together). A figure of fewer than {n} students is not shown (marked <{n}).",
    },
    "ea_funnel_all": {"zh": "全部岗位的求职漏斗", "en": "The funnel of all your positions"},
    "ea_funnel_positions": {"zh": "各岗位的求职漏斗", "en": "The funnel, by position"},
    "ea_charts_top": {
        "zh": "图中为学生最多的 {n} 个岗位，表格列出全部岗位。",
        "en": "The charts show the {n} positions with the most students; the table lists all.",
    },
    "ea_col_position": {"zh": "岗位", "en": "Position"},
    "ea_col_stage": {"zh": "环节", "en": "Stage"},
    "ea_no_demand": {
        "zh": "该行业目前没有在招岗位。",
        "en": "No position of this industry is open right now.",
    },
    "ea_answers": {"zh": "申请答复率", "en": "Answer rate"},
    "ea_answers_note": {
        "zh": "收到的申请中，已邀请面试、发放offer、标记不合适或确认录用的比例。"
        "及时答复，学生才不会空等。",
        "en": "The share of applications you answered with an interview, an offer, a rejection "
        "or a hire. An answer keeps a student from waiting.",
    },
    "ea_no_applications": {"zh": "尚未收到申请。", "en": "No applications yet."},
    "ea_answers_suppressed": {
        "zh": "申请人不足 {n} 人，答复率不予显示。",
        "en": "Fewer than {n} applicants: the rate is not shown.",
    },
    "ea_demand": {"zh": "行业技能需求与学生供给", "en": "Skills your industry asks for"},
    "ea_demand_note": {
        "zh": "所选行业全部在招岗位（各企业汇总）招聘人数最多的技能，及具备该技能的学生人数。",
        "en": "The skills with the most openings across every open position of the industry "
        "(all enterprises together), and the students who have each.",
    },
    "ea_trend": {"zh": "各学期的进展", "en": "Your positions by semester"},
    "ea_trend_note": {
        "zh": "走到各步的“学生—岗位”对数，按该对首次互动所在的学期计。",
        "en": "Student–position pairs that got this far, in the semester of the pair's first "
        "event.",
    },
    "ea_sheet_demand": {"zh": "行业技能需求", "en": "Industry demand"},
}

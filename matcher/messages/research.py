"""Words of the researcher's and the admin's pages: the report, the model, audit, users."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
    # The menu.
    "res_menu_report": {"zh": "评估报告", "en": "Evaluation"},
    "res_menu_model": {"zh": "服务模型", "en": "Model"},
    "res_menu_audit": {"zh": "审计日志", "en": "Audit log"},
    "res_menu_users": {"zh": "用户", "en": "Users"},
    # The labour-market page.
    "res_menu_market": {"zh": "人才供需", "en": "Labour market"},
    "mk_title": {"zh": "人才供需分析", "en": "Labour market"},
    "mk_intro": {
        "zh": "在招岗位要求的技能与学生具备的技能对比。不足 {n} 名学生的数字不予显示。",
        "en": "Skills the open positions ask for, against the students who have them. "
        "A figure of fewer than {n} students is not shown.",
    },
    "mk_filter_major": {"zh": "专业", "en": "Major"},
    "mk_filter_year": {"zh": "毕业年份", "en": "Graduating in"},
    "mk_filter_industry": {"zh": "企业行业", "en": "Industry"},
    "mk_any": {"zh": "全部", "en": "All"},
    "mk_apply": {"zh": "查看", "en": "Show"},
    "mk_students_chosen": {"zh": "纳入统计的学生：{n} 人", "en": "Students counted: {n}"},
    "mk_too_few": {
        "zh": "所选范围不足 {n} 名学生，技能人数不予显示。",
        "en": "Fewer than {n} students are chosen: their counts are not shown.",
    },
    "mk_shortage": {"zh": "紧缺技能", "en": "Skills in short supply"},
    "mk_shortage_note": {
        "zh": "招聘人数多、具备该技能的学生少的技能（每名学生对应的招聘人数从高到低）。",
        "en": "Many openings ask for them and few students have them (openings per student, "
        "highest first).",
    },
    "mk_surplus": {"zh": "富余技能", "en": "Skills in surplus"},
    "mk_surplus_note": {
        "zh": "具备的学生多、招聘需求少的技能。",
        "en": "Many students have them and few openings ask for them.",
    },
    "mk_legend_openings": {"zh": "招聘人数", "en": "Openings"},
    "mk_legend_students": {"zh": "具备该技能的学生", "en": "Students with it"},
    "mk_funnel": {"zh": "求职漏斗（按学历）", "en": "The funnel, by degree"},
    "mk_funnel_note": {
        "zh": "每一步为至少走到该步的“学生—岗位”对数。",
        "en": "Each step counts the student–position pairs that got at least that far.",
    },
    "mk_download": {"zh": "下载", "en": "Download"},
    "mk_none": {"zh": "暂无数据", "en": "Nothing to show"},
    "mk_trend": {"zh": "各学期技能需求", "en": "Skills over the semesters"},
    "mk_trend_note": {
        "zh": "招聘人数最多的技能：每学期发布的岗位要求该技能的招聘人数，及该学期招聘的"
        "毕业届学生中具备该技能的人数（招聘人数 / 学生）。",
        "en": "The skills with the most openings: the openings posted each semester asking for "
        "the skill, and the students of the class that semester recruits who have it "
        "(openings / students).",
    },
    "mk_trend_cell": {"zh": "招聘人数 / 具备该技能的学生", "en": "Openings / students with it"},
    "mk_placement": {"zh": "各班级落实率", "en": "Placement rate by class"},
    "mk_placement_note": {
        "zh": "各班级已落实去向的学生比例；按毕业年份筛选时只计该届学生。",
        "en": "The share of each class's students who hold a place; with a year of "
        "graduation, that year's graduates only.",
    },
    "mk_placement_small": {
        "zh": "另有 {n} 个班级不足 {min} 名学生，未画出（见表中 <{min}）。",
        "en": "{n} more classes have fewer than {min} students and are not drawn (<{min} in "
        "the table).",
    },
    "mk_timing_note": {
        "zh": "按企业行业：已发布的岗位中收到申请的和已招满的（录用人数达到招聘人数），"
        "以及从发布到首份申请、到招满的天数中位数。",
        "en": "By the enterprises' industry: the posted positions that drew an application and "
        "those filled (as many placed as openings), with the median days from posting to the "
        "first application and to filling.",
    },
    "mk_quiet": {"zh": "无人申请的岗位", "en": "Positions nobody has applied to"},
    "mk_quiet_note": {
        "zh": "发布至少 {days} 天仍无人申请的在招岗位，等待最久的在前（最多 {n} 个）。",
        "en": "Open positions posted {days} days ago or more that no student has applied "
        "to, the longest waiting first (at most {n}).",
    },
    "mk_health": {"zh": "当前模型的推荐健康度", "en": "Recommendation health of the served model"},
    "mk_health_note": {
        "zh": "覆盖率越高、基尼系数越低，推荐越均衡；每个名额推荐学生数过高表示拥堵。",
        "en": "Higher coverage and a lower Gini coefficient mean recommendations spread more "
        "evenly; many students per opening means congestion.",
    },
    "mk_health_change": {"zh": "较上一模型 {change}", "en": "{change} since the previous model"},
    "mk_exposure": {"zh": "企业曝光占比（前 {n}）", "en": "Share of exposures (top {n})"},
    "mk_points": {"zh": "{n} 个百分点", "en": "{n} points"},
    # Analytics tables (the API's exports, the report and the pages).
    "an_col_group": {"zh": "分组", "en": "Group"},
    "an_col_students": {"zh": "学生数", "en": "Students"},
    "an_col_shown": {"zh": "曝光", "en": "Shown"},
    "an_col_viewed": {"zh": "查看", "en": "Viewed"},
    "an_col_applied": {"zh": "申请", "en": "Applied"},
    "an_col_interviewed": {"zh": "面试", "en": "Interviewed"},
    "an_col_offered": {"zh": "录用通知", "en": "Offered"},
    "an_col_placed": {"zh": "落实", "en": "Placed"},
    "an_col_skill": {"zh": "技能", "en": "Skill"},
    "an_col_category": {"zh": "类别", "en": "Category"},
    "an_col_positions": {"zh": "在招岗位", "en": "Open positions"},
    "an_col_openings": {"zh": "招聘人数", "en": "Openings"},
    "an_col_required": {"zh": "其中要求必备", "en": "Of which required"},
    "an_col_holders": {"zh": "具备该技能的学生", "en": "Students with it"},
    "an_col_ratio": {"zh": "每名学生对应招聘人数", "en": "Openings per student"},
    "an_sheet_funnel": {"zh": "求职漏斗", "en": "Funnel"},
    "an_sheet_skills": {"zh": "技能供需", "en": "Skill supply and demand"},
    "an_sheet_shortage": {"zh": "紧缺技能", "en": "Shortage"},
    "an_sheet_surplus": {"zh": "富余技能", "en": "Surplus"},
    "an_suppressed": {"zh": "<5", "en": "<5"},
    "rp_title": {"zh": "人才供需与就业报告", "en": "Labour market and placement report"},
    "rp_date": {"zh": "日期", "en": "Date"},
    "rp_semester": {"zh": "学期", "en": "Semester"},
    "rp_workbook": {
        "zh": "全部表格见 {name}。",
        "en": "Every table is in {name}.",
    },
    "skill_category_optics": {"zh": "光学光电", "en": "Optics"},
    "skill_category_mechatronics": {"zh": "机电与智能制造", "en": "Mechatronics"},
    "skill_category_icv": {"zh": "智能网联汽车", "en": "Connected vehicles"},
    "skill_category_electronics": {"zh": "电子电气", "en": "Electronics"},
    "skill_category_software": {"zh": "软件", "en": "Software"},
    "skill_category_semiconductor": {"zh": "半导体", "en": "Semiconductors"},
    "skill_category_new_energy": {"zh": "新能源", "en": "New energy"},
    "skill_category_math": {"zh": "数学与数据", "en": "Mathematics and data"},
    "skill_category_language": {"zh": "语言", "en": "Languages"},
    "skill_category_professional": {"zh": "职业素养", "en": "Professional skills"},
    "an_col_rate": {"zh": "落实率", "en": "Placement rate"},
    "an_sheet_placement": {"zh": "落实率", "en": "Placement"},
    "an_sheet_trend": {"zh": "各学期趋势", "en": "By semester"},
    "an_col_enterprise": {"zh": "企业", "en": "Enterprise"},
    "an_col_applicants": {"zh": "申请学生数", "en": "Applicants"},
    "an_col_applications": {"zh": "申请数", "en": "Applications"},
    "an_col_answered": {"zh": "已答复", "en": "Answered"},
    "an_col_answer_rate": {"zh": "答复率", "en": "Answer rate"},
    "an_col_semester": {"zh": "学期", "en": "Semester"},
    "an_col_posted": {"zh": "发布岗位数", "en": "Positions posted"},
    "an_col_with_applications": {"zh": "收到申请的岗位", "en": "With applications"},
    "an_col_days_to_application": {
        "zh": "至首份申请天数（中位数）",
        "en": "Days to first application (median)",
    },
    "an_col_filled": {"zh": "已招满岗位", "en": "Filled"},
    "an_col_days_to_fill": {"zh": "至招满天数（中位数）", "en": "Days to fill (median)"},
    "an_col_position": {"zh": "岗位", "en": "Position"},
    "an_col_posted_on": {"zh": "发布日期", "en": "Posted on"},
    "an_col_days_open": {"zh": "已发布天数", "en": "Days open"},
    "an_col_shown_to": {"zh": "曝光学生数", "en": "Shown to"},
    "an_col_viewed_by": {"zh": "查看学生数", "en": "Viewed by"},
    "an_sheet_answers": {"zh": "企业答复", "en": "Answers"},
    "an_sheet_timing": {"zh": "岗位招聘周期", "en": "Time to apply and fill"},
    "an_sheet_quiet": {"zh": "无人申请的岗位", "en": "Positions without applications"},
    "analytics_unknown_skill": {
        "zh": "未知技能：{skill}（见 matcher taxonomy）",
        "en": "unknown skill: {skill} (see matcher taxonomy)",
    },
    "an_semester_A": {"zh": "{year}秋季", "en": "Autumn {year}"},
    "an_semester_S": {"zh": "{year}春季", "en": "Spring {year}"},
    # The charts (api.web.charts).
    "ch_suppressed": {
        "zh": "{mark}：不足 {n} 名学生，不予显示",
        "en": "{mark}: fewer than {n} students, not shown",
    },
    "ch_funnel_note": {
        "zh": "右侧为走到该步的对数，及其占上一步的比例。",
        "en": "At the right: the pairs that got this far, and their share of the step before.",
    },
    # Recommendation health and curriculum gaps (matcher.analytics.health).
    "hl_sheet_summary": {"zh": "推荐健康度", "en": "Recommendation health"},
    "hl_sheet_enterprises": {"zh": "企业曝光", "en": "Exposure by enterprise"},
    "hl_sheet_positions": {"zh": "拥堵岗位", "en": "Congested positions"},
    "hl_sheet_gaps": {"zh": "专业技能缺口", "en": "Skill gaps by major"},
    "hl_col_figure": {"zh": "指标", "en": "Figure"},
    "hl_col_value": {"zh": "本模型", "en": "This model"},
    "hl_col_previous": {"zh": "上一模型", "en": "Previous model"},
    "hl_col_change": {"zh": "变化", "en": "Change"},
    "hl_col_enterprise_id": {"zh": "企业编号", "en": "Enterprise id"},
    "hl_col_enterprise": {"zh": "企业名称", "en": "Enterprise"},
    "hl_col_exposures": {"zh": "曝光次数", "en": "Exposures"},
    "hl_col_share": {"zh": "曝光占比", "en": "Share of exposures"},
    "hl_col_position_id": {"zh": "岗位编号", "en": "Position id"},
    "hl_col_title": {"zh": "岗位名称", "en": "Title"},
    "hl_col_per_opening": {"zh": "每个名额推荐学生数", "en": "Students per opening"},
    "hl_col_major": {"zh": "专业", "en": "Major"},
    "hl_col_major_students": {"zh": "纳入统计的学生", "en": "Students counted"},
    "hl_col_missing": {"zh": "缺少该技能的学生", "en": "Students missing it"},
    "hl_col_missing_share": {"zh": "占本专业比例", "en": "Share of the major"},
    "hl_row_model": {"zh": "模型版本", "en": "Model version"},
    "hl_row_students": {"zh": "纳入计算的学生 / 全部学生", "en": "Students recommended / all"},
    "hl_row_k": {"zh": "每名学生推荐岗位数", "en": "Positions per student (k)"},
    "hl_row_day": {"zh": "推荐日", "en": "Recommended on"},
    "hl_fig_coverage_position_share": {
        "zh": "覆盖率：出现在推荐中的在招岗位占比",
        "en": "Coverage: share of open positions recommended",
    },
    "hl_fig_coverage_opening_share": {
        "zh": "覆盖率：出现在推荐中的招聘名额占比",
        "en": "Coverage: share of openings recommended",
    },
    "hl_fig_exposure_gini_enterprises": {
        "zh": "企业曝光基尼系数",
        "en": "Gini of exposure over enterprises",
    },
    "hl_fig_exposure_gini_positions": {
        "zh": "岗位曝光基尼系数",
        "en": "Gini of exposure over positions",
    },
    "hl_fig_congestion_mean": {
        "zh": "每个名额推荐学生数：平均",
        "en": "Students per opening: mean",
    },
    "hl_fig_congestion_median": {
        "zh": "每个名额推荐学生数：中位数",
        "en": "Students per opening: median",
    },
    "hl_fig_congestion_p90": {
        "zh": "每个名额推荐学生数：90 分位",
        "en": "Students per opening: 90th percentile",
    },
    "hl_fig_congestion_max": {"zh": "每个名额推荐学生数：最大", "en": "Students per opening: max"},
    "hl_fig_congestion_share_congested": {
        "zh": "推荐学生数超过阈值的名额占比",
        "en": "Share of openings over the threshold",
    },
    "hl_intro": {
        "zh": "模型 {model}（{computed}计算）：{sampled} 名学生（共 {population} 名）每人前 "
        "{k} 个推荐岗位，推荐日 {day}。",
        "en": "Model {model} (computed {computed}): the top {k} positions of {sampled} students "
        "(of {population}), recommended on {day}.",
    },
    "hl_previous": {
        "zh": "对比上一模型 {model}。",
        "en": "Compared with the previous model {model}.",
    },
    "hl_no_previous": {"zh": "没有上一模型的快照可对比。", "en": "No previous model to compare."},
    "hl_missing": {
        "zh": "当前模型的推荐健康度尚未计算。运行 matcher health 生成。",
        "en": "The current model's recommendation health has not been computed. "
        "Run matcher health to make it.",
    },
    "hl_gaps_note": {
        "zh": "各专业学生的推荐岗位中最常缺少的必备技能（缺少该技能的学生人数）。",
        "en": "The required skills a major's students most often lack for the positions "
        "recommended to them (students missing each).",
    },
    "hl_chart_exposure": {"zh": "企业曝光占比（前 15）", "en": "Share of exposures (top 15)"},
    "hl_chart_congestion": {
        "zh": "招聘名额按每个名额推荐学生数分布",
        "en": "Openings by students recommended per opening",
    },
    # Shared by the pages of this role.
    "res_col_system": {"zh": "系统", "en": "System"},
    "res_scroll_hint": {"zh": "表格可左右滑动", "en": "Swipe the table sideways"},
    "res_none": {"zh": "无", "en": "None"},
    "res_list_sep": {"zh": "、", "en": ", "},
    "res_group_sep": {"zh": "；", "en": "; "},
    "res_colon": {"zh": "：", "en": ": "},
    "res_count_of": {"zh": "（{n}）", "en": " ({n})"},
    "res_prev": {"zh": "上一页", "en": "Previous"},
    "res_next": {"zh": "下一页", "en": "Next"},
    "res_page": {"zh": "第 {page} 页", "en": "Page {page}"},
    "res_when": {"zh": "{when}（北京时间）", "en": "{when} (China time)"},
    "res_role_student": {"zh": "学生", "en": "Student"},
    "res_role_advisor": {"zh": "辅导员", "en": "Advisor"},
    "res_role_enterprise": {"zh": "企业", "en": "Enterprise"},
    "res_role_researcher": {"zh": "研究人员", "en": "Researcher"},
    "res_role_admin": {"zh": "管理员", "en": "Admin"},
    # The evaluation report.
    "res_report_title": {"zh": "离线评估报告", "en": "Offline evaluation report"},
    "res_no_report": {
        "zh": "还没有评估报告。在服务的运行环境中执行下面的命令生成（约 2 分钟）：",
        "en": "There is no evaluation report yet. Run this in the service's environment to "
        "make one (about 2 minutes):",
    },
    "res_bad_report": {
        "zh": "评估报告无法读取（metrics.json 不完整或已损坏）。请重新生成：",
        "en": "The evaluation report cannot be read (metrics.json is incomplete or damaged). "
        "Make it again:",
    },
    "res_fresh": {
        "zh": "本报告评估的正是当前服务的模型（版本 {version}）。",
        "en": "This report evaluates the model being served (version {version}).",
    },
    "res_stale": {
        "zh": "报告已过期：它评估的是模型版本 {report}，而当前服务的是 {served}。"
        "报告中的数字不代表当前模型。",
        "en": "Out of date: this report evaluates model version {report}, but the service now "
        "serves {served}. Its figures do not describe the served model.",
    },
    "res_stale_unknown": {
        "zh": "报告没有记录它评估的模型版本，无法确认它对应当前服务的模型（{served}）。",
        "en": "The report does not record which model version it evaluates, so it cannot be "
        "checked against the served model ({served}).",
    },
    "res_refresh": {
        "zh": "在服务的运行环境中（同一个 MATCHER_DATABASE_URL）执行下面的命令重新生成"
        "（约 2 分钟）：",
        "en": "To make it again, run this in the service's environment (the same "
        "MATCHER_DATABASE_URL); it takes about 2 minutes:",
    },
    "res_created": {
        "zh": "生成于 {when}，用时 {seconds} 秒",
        "en": "Created {when} in {seconds} s",
    },
    "res_kpi_title": {
        "zh": "nDCG@10，学生 → 岗位，隐藏真值",
        "en": "nDCG@10, student → position, hidden truth",
    },
    "res_kpi_learned": {"zh": "学习排序（learned）", "en": "Learned ranker"},
    "res_kpi_served": {"zh": "实际服务路径（served）", "en": "What is served"},
    "res_kpi_baseline": {"zh": "最好的基线（{name}）", "en": "Best baseline ({name})"},
    "res_contents": {"zh": "目录", "en": "Contents"},
    "res_downloads": {"zh": "下载", "en": "Downloads"},
    "res_metrics_json": {"zh": "全部指标（metrics.json）", "en": "Every figure (metrics.json)"},
    "res_report_md": {"zh": "Markdown 报告（report.md）", "en": "Markdown report (report.md)"},
    "res_raw_kept": {
        "zh": "{runs} 个 TREC 运行文件和 {qrels} 个 qrels 文件含学生编号，只留在服务器上"
        "（报告文件夹的 runs/ 与 qrels/），不经网页提供。",
        "en": "The {runs} TREC runs and {qrels} qrels files hold students' ids, so they stay on "
        "the server (runs/ and qrels/ of the report folder) and are not served.",
    },
    "res_open_plot": {"zh": "查看原图", "en": "Open the full-size plot"},
    "res_sec_split": {"zh": "数据划分", "en": "Split"},
    "res_split_note": {
        "zh": "按时间划分：测试学期之前的学期用于训练，训练与测试没有共同的交互对；"
        "学习排序器只在训练学期上重新拟合。",
        "en": "Split by time: the semesters before the test semester train, and no pair is on "
        "both sides; the learned ranker is refitted on the training semesters only.",
    },
    "res_train_semesters": {"zh": "训练学期", "en": "Training semesters"},
    "res_train_pairs": {"zh": "训练交互对", "en": "Training pairs"},
    "res_test_semester": {"zh": "测试学期", "en": "Test semester"},
    "res_test_start": {"zh": "测试窗口起始", "en": "Test window starts"},
    "res_test_pairs": {"zh": "测试交互对", "en": "Test pairs"},
    "res_scored": {"zh": "参与评分", "en": "Scored"},
    "res_scored_value": {
        "zh": "{students} 名学生 × {positions} 个岗位",
        "en": "{students} students × {positions} positions",
    },
    "res_learned_kind": {"zh": "learned 的排序器类型", "en": "Kind of the learned ranker"},
    "res_run_depth": {"zh": "每个查询的运行深度", "en": "Run depth per query"},
    "res_dir_student_to_position": {"zh": "学生 → 岗位", "en": "Student → position"},
    "res_dir_position_to_student": {"zh": "岗位 → 学生", "en": "Position → student"},
    "res_sec_hidden": {"zh": "{direction}：隐藏真值", "en": "{direction}: hidden truth"},
    "res_hidden_note": {
        "zh": "以模拟器给出的每一对的分级相关性（1–3 级）评判；每个系统对另一方的全部对象排序，"
        "而非抽样负例。",
        "en": "Judged by the simulator's graded relevance of every pair (grades 1–3); every "
        "system ranks the whole other side, not sampled negatives.",
    },
    "res_sec_observed": {"zh": "{direction}：实际结果", "en": "{direction}: observed outcomes"},
    "res_observed_note": {
        "zh": "以测试窗口中实际发生的结果评判：申请 1、面试 2、录用通知 3、入职 4。",
        "en": "Judged by what happened in the test window: apply 1, interview 2, offer 3, hire 4.",
    },
    "res_queries": {
        "zh": "{queries} 个查询（另有 {excluded} 个没有相关项，已排除）",
        "en": "{queries} queries ({excluded} without a relevant item excluded)",
    },
    "res_col_delta": {"zh": "Δ nDCG@10", "en": "Δ nDCG@10"},
    "res_col_p_boot": {"zh": "p（自助法）", "en": "p (bootstrap)"},
    "res_col_p_t": {"zh": "p（t 检验）", "en": "p (t-test)"},
    "res_best_note": {
        "zh": "加粗为各列最佳值；Δ 与 p 值是与 learned 的配对比较（双侧检验）。",
        "en": "Bold: the best of each column; Δ and the p-values compare each system with "
        "learned, paired and two-sided.",
    },
    "res_systems_legend": {"zh": "各系统是什么", "en": "What each system is"},
    "res_sys_random": {"zh": "随机排序", "en": "Random order"},
    "res_sys_popularity": {"zh": "按热门程度排序", "en": "Most popular first"},
    "res_sys_bm25": {"zh": "BM25 词法检索", "en": "BM25 lexical retrieval"},
    "res_sys_tfidf_chars": {"zh": "字符 n-gram TF-IDF", "en": "Character n-gram TF-IDF"},
    "res_sys_dense": {"zh": "稠密向量（语义）检索", "en": "Dense (semantic) retrieval"},
    "res_sys_fusion": {
        "zh": "稠密、词法、技能三路归一化得分的加权融合",
        "en": "Weighted fusion of the dense, lexical and skill channels' normalised scores",
    },
    "res_sys_prior": {"zh": "未训练时的先验打分", "en": "The prior score used before training"},
    "res_sys_pointwise": {
        "zh": "逐点学习排序（双侧）",
        "en": "Pointwise learned ranker (two-sided)",
    },
    "res_sys_listwise": {
        "zh": "列表式学习排序（LambdaMART）",
        "en": "Listwise learned ranker (LambdaMART)",
    },
    "res_sys_learned": {
        "zh": "当前模型所选的排序器类型（{kind}），只用训练学期重新拟合",
        "en": "The kind of ranker the current model uses ({kind}), refitted on the training "
        "semesters only",
    },
    "res_sys_served": {
        "zh": "实际服务路径（召回、硬过滤、每企业限额）给出的列表",
        "en": "The lists the request path itself returns (retrieval, hard filters, the cap per "
        "enterprise)",
    },
    "res_sys_ablation": {
        "zh": "「A − B」：从 A 中去掉 B 后重新评估（消融）",
        "en": "“A − B”: A with B taken out (an ablation)",
    },
    "res_sec_served": {"zh": "实际服务路径", "en": "What is served"},
    "res_served_note": {
        "zh": "served 一行是请求路径本身（recommend_positions）在测试窗口某一天的回放；"
        "其余系统对整个目录打分，不做召回、过滤与限额。",
        "en": "The served row is the request path itself (recommend_positions) replayed on one "
        "day of the test window; every other system scores the whole catalogue, without "
        "retrieval, filters or caps.",
    },
    "res_served_gap": {
        "zh": "served 的 nDCG@10 为 {served}，learned 为 {learned}：差值就是当日硬过滤、"
        "召回池和每企业至多 {cap} 个岗位的限额带来的损失或收益。",
        "en": "served has nDCG@10 {served} where learned has {learned}: the difference is what "
        "the hard filters on one day, the retrieval pool and the cap of {cap} positions per "
        "enterprise cost or gain.",
    },
    "res_sv_as_of": {"zh": "回放日期", "en": "Asked on"},
    "res_sv_history": {"zh": "历史截止", "en": "History before"},
    "res_sv_history_pairs": {"zh": "历史交互对（之后被剔除的）", "en": "History pairs (left out)"},
    "res_sv_catalogue": {"zh": "目录岗位（当日开放的）", "en": "Catalogue (open that day)"},
    "res_sv_lists": {"zh": "列表长度 / 每企业上限", "en": "List length / cap per enterprise"},
    "res_sv_pool": {"zh": "每路召回深度 → 融合池", "en": "Depth per channel → fused pool"},
    "res_sv_eligible": {
        "zh": "平均通过过滤的岗位数",
        "en": "Positions passing a student's filters",
    },
    "res_sv_over_pool": {
        "zh": "可选岗位多于召回池的学生",
        "en": "Students with more eligible positions than the pool",
    },
    "res_sv_relevant": {
        "zh": "通过过滤的相关配对（共 {n} 对）",
        "en": "Relevant pairs passing the filters (of {n})",
    },
    "res_sv_list_length": {"zh": "平均列表长度", "en": "Mean list length"},
    "res_sec_ablations": {"zh": "消融实验", "en": "Ablations"},
    "res_ablations_note": {
        "zh": "从融合中逐一去掉一路召回；若运行时未加 --no-ablations，"
        "还会逐一去掉特征组并重新拟合 learned。",
        "en": "Each channel taken out of the fusion; without --no-ablations each feature group "
        "is also taken out of the learned ranker, refitted.",
    },
    "res_no_ablations": {
        "zh": "本报告没有消融结果（运行时使用了 --no-ablations 或没有可比系统）。",
        "en": "This report has no ablations (run with --no-ablations, or nothing to compare).",
    },
    "res_sec_beyond": {
        "zh": "准确率之外（前 {k} 名列表）",
        "en": "Beyond accuracy (top-{k} lists)",
    },
    "res_beyond_note": {
        "zh": "覆盖率：至少出现在一个列表中的比例；曝光基尼系数：0 为完全均等；"
        "拥挤度：每个空缺被多少个列表推荐；多样性：列表内两两 1 − 余弦相似度的均值。",
        "en": "Coverage: the share of the catalogue in at least one list; exposure Gini: 0 is "
        "equal; congestion: lists a position appears in per opening; diversity: mean pairwise "
        "1 − cosine within a list.",
    },
    "res_col_coverage": {"zh": "岗位覆盖率", "en": "Position coverage"},
    "res_col_gini": {"zh": "企业曝光基尼", "en": "Enterprise exposure Gini"},
    "res_col_cong_mean": {"zh": "拥挤度均值", "en": "Congestion mean"},
    "res_col_cong_max": {"zh": "拥挤度最大", "en": "Congestion max"},
    "res_col_diversity": {"zh": "列表内多样性", "en": "Intra-list diversity"},
    "res_col_stu_coverage": {"zh": "学生覆盖率", "en": "Student coverage"},
    "res_col_stu_gini": {"zh": "学生曝光基尼", "en": "Student exposure Gini"},
    "res_sec_calibration": {"zh": "校准", "en": "Calibration"},
    "res_calibration_note": {
        "zh": "预测“获得面试或更好结果”的概率：测试窗口 {pairs} 个配对，其中 {rate} 为正例。"
        "Brier 与 ECE 越小越好。",
        "en": "The predicted probability of an interview or better: {pairs} test-window pairs, "
        "{rate} positive. Lower Brier and ECE are better.",
    },
    "res_col_ranker": {"zh": "排序器", "en": "Ranker"},
    "res_sec_placement": {"zh": "班级安置方案", "en": "Placements"},
    "res_placement_note": {
        "zh": "{students} 名学生分配到测试窗口的 {positions} 个岗位（{openings} 个空缺），"
        "每名学生取最可能的 {per} 个岗位为候选。",
        "en": "{students} students placed into the test window's {positions} positions "
        "({openings} openings), each student's {per} most probable positions as candidates.",
    },
    "res_method_greedy": {"zh": "贪心", "en": "Greedy"},
    "res_method_optimal": {"zh": "全局最优", "en": "Optimal"},
    "res_method_stable": {"zh": "稳定匹配", "en": "Stable"},
    "res_col_method": {"zh": "方法", "en": "Method"},
    "res_col_placed": {"zh": "安置学生", "en": "Students placed"},
    "res_col_fill": {"zh": "安置率", "en": "Fill rate"},
    "res_col_slots": {"zh": "填满空缺", "en": "Openings filled"},
    "res_col_total_p": {"zh": "总匹配概率", "en": "Total probability"},
    "res_col_mean_p": {"zh": "平均匹配概率", "en": "Mean probability"},
    "res_col_blocking": {"zh": "阻塞对", "en": "Blocking pairs"},
    "res_col_worst_rank": {"zh": "最差志愿位次", "en": "Worst-off rank"},
    "res_col_mean_rank": {"zh": "平均志愿位次", "en": "Mean rank"},
    "res_col_seconds": {"zh": "秒", "en": "Seconds"},
    "res_col_utility": {"zh": "真实效用", "en": "True utility"},
    "res_col_mutual": {"zh": "双向匹配", "en": "Mutual matches"},
    "res_sec_fairness": {"zh": "公平性：各学生群体的 nDCG@10", "en": "Fairness: nDCG@10 by group"},
    "res_fairness_note": {
        "zh": "学生 → 岗位，隐藏真值。性别只在此处用于度量，从不作为排序输入。",
        "en": "Student → position, hidden truth. Gender is read for this measurement only and "
        "is never a ranking input.",
    },
    "res_col_attribute": {"zh": "属性", "en": "Attribute"},
    "res_col_gap": {"zh": "最大差距", "en": "Max gap"},
    "res_col_ratio": {"zh": "最小/最大", "en": "Min/max ratio"},
    "res_col_groups": {"zh": "人数最多的群体", "en": "Largest groups"},
    "res_attr_gender": {"zh": "性别", "en": "Gender"},
    "res_attr_major": {"zh": "专业", "en": "Major"},
    "res_attr_degree": {"zh": "学历", "en": "Degree"},
    "res_group_female": {"zh": "女", "en": "female"},
    "res_group_male": {"zh": "男", "en": "male"},
    "res_sec_external": {"zh": "外部职位名称集", "en": "External title sets"},
    "res_external_note": {
        "zh": "每种语言随机 {n} 个职位名称（种子 {seed}），匹配到 CSCO / ESCO 职业。",
        "en": "{n} random titles per language (seed {seed}) matched to CSCO / ESCO occupations.",
    },
    "res_col_language": {"zh": "语言", "en": "Language"},
    "res_sec_languages": {"zh": "跨语言匹配（隐藏真值）", "en": "Across languages (hidden truth)"},
    "res_languages_note": {
        "zh": "每个查询只在另一方用单一语言书写的记录中排序，中英混写的记录不参与"
        "（{students} 的学生、{positions} 的岗位为单一语言）。指标为 nDCG@10；"
        "“同语言”合并中\u2060→\u2060中与英\u2060→\u2060英，“跨语言”合并中\u2060→\u2060英与英\u2060→\u2060中。",
        "en": "Each query ranks only the other side's records written in one language; records "
        "written in both take no part ({students} of students and {positions} of positions "
        "are one-language). nDCG@10; Same pools zh\u2060→\u2060zh and en\u2060→\u2060en, "
        "Cross zh\u2060→\u2060en and en\u2060→\u2060zh (zh: Chinese, en: English).",
    },
    "res_languages_pools": {
        "zh": "查询在某一组记录中没有相关记录时不计入，因此各组查询数不同。各组记录的数量和相关"
        "记录的多少不同，请把同一列中的系统与 random 比较，而不要跨列比较。",
        "en": "A query with no relevant record among those it ranks is left out, so the counts "
        "differ by pair. The pools differ in size and in how many relevant records they hold: "
        "compare a system with random in the same column, not one column with another.",
    },
    "res_languages_caption": {
        "zh": "{direction}（查询数：{queries}）",
        "en": "{direction} (queries: {queries})",
    },
    "res_lang_same": {"zh": "同语言", "en": "Same"},
    "res_lang_cross": {"zh": "跨语言", "en": "Cross"},
    "res_lang_zh→zh": {"zh": "中\u2060→\u2060中", "en": "zh\u2060→\u2060zh"},
    "res_lang_en→en": {"zh": "英\u2060→\u2060英", "en": "en\u2060→\u2060en"},
    "res_lang_zh→en": {"zh": "中\u2060→\u2060英", "en": "zh\u2060→\u2060en"},
    "res_lang_en→zh": {"zh": "英\u2060→\u2060中", "en": "en\u2060→\u2060zh"},
    "res_sec_versions": {"zh": "版本与参数", "en": "Versions and parameters"},
    "res_col_key": {"zh": "项", "en": "Key"},
    "res_col_value": {"zh": "值", "en": "Value"},
    "res_sec_plots": {"zh": "其他图表", "en": "Other plots"},
    "res_definitions": {"zh": "指标定义", "en": "Definitions of the measures"},
    "res_def_ndcg": {
        "zh": "nDCG@k：前 k 名的折损累计增益除以理想值，增益即相关等级。",
        "en": "nDCG@k: DCG of the top k over the ideal DCG; the gain is the grade itself.",
    },
    "res_def_map": {
        "zh": "MAP：各相关项所在位置的精确率的平均（前 {depth} 名内）。",
        "en": "MAP: mean precision at the ranks of the relevant items (within the top {depth}).",
    },
    "res_def_mrr": {
        "zh": "MRR：第一个相关项位次的倒数。",
        "en": "MRR: 1 / rank of the first relevant item.",
    },
    "res_def_recall": {
        "zh": "Recall@k / P@k：前 k 名中的相关项占全部相关项 / 占 k 的比例。",
        "en": "Recall@k / P@k: relevant items in the top k over all relevant items / over k.",
    },
    # The served model.
    "res_model_title": {"zh": "当前服务的模型", "en": "The served model"},
    "res_version": {"zh": "版本", "en": "Version"},
    "res_built": {"zh": "构建时间", "en": "Built"},
    "res_scorer": {"zh": "打分方式", "en": "Scoring"},
    "res_scorer_learned": {"zh": "学习排序模型", "en": "Learned ranker"},
    "res_scorer_prior": {"zh": "先验打分（尚未训练）", "en": "Prior score (not trained yet)"},
    "res_ranker": {"zh": "排序器类型", "en": "Ranker kind"},
    "res_embedding_model": {"zh": "语义向量模型", "en": "Embedding model"},
    "res_trained_on": {"zh": "训练学期 / 验证学期", "en": "Trained on / validated on"},
    "res_train_rows": {"zh": "训练样本", "en": "Training rows"},
    "res_store_generation": {"zh": "数据版本号", "en": "Store generation"},
    "res_counts": {"zh": "数据规模", "en": "Counts"},
    "res_count_students": {"zh": "学生", "en": "Students"},
    "res_count_positions": {"zh": "岗位", "en": "Positions"},
    "res_count_enterprises": {"zh": "企业", "en": "Enterprises"},
    "res_count_interactions": {"zh": "交互记录", "en": "Interactions"},
    "res_validation": {"zh": "验证集指标", "en": "Validation figures"},
    "res_validation_note": {
        "zh": "验证学期上的表现。排序器按“匹配 nDCG@10”（双方都有意向的配对）选出，"
        "learned 即被选中的 {kind}。",
        "en": "On the validation semester. Rankers are chosen by matches nDCG@10 (pairs both "
        "sides wanted); learned is the chosen one, {kind}.",
    },
    "res_no_validation": {
        "zh": "此版本没有验证指标：它使用先验打分，还没有训练排序器。",
        "en": "This version has no validation figures: it scores with the prior and has no "
        "trained ranker yet.",
    },
    "res_col_match_ndcg": {"zh": "匹配 nDCG@10", "en": "Matches nDCG@10"},
    "res_job": {"zh": "后台任务", "en": "Background job"},
    "res_state": {"zh": "状态", "en": "State"},
    "res_state_idle": {"zh": "空闲", "en": "Idle"},
    "res_state_rebuilding": {"zh": "正在重建索引", "en": "Rebuilding the indexes"},
    "res_state_retraining": {"zh": "正在重新训练", "en": "Retraining"},
    "res_queued": {"zh": "排队中", "en": "Queued"},
    "res_job_rebuild": {"zh": "重建索引", "en": "rebuild"},
    "res_job_retrain": {"zh": "重新训练", "en": "retrain"},
    "res_builds": {"zh": "本次启动后的构建次数", "en": "Builds since start"},
    "res_last_build": {"zh": "上次构建", "en": "Last build"},
    "res_last_build_value": {"zh": "{when}，用时 {seconds} 秒", "en": "{when}, {seconds} s"},
    "res_last_training": {"zh": "上次训练", "en": "Last training"},
    "res_last_training_value": {
        "zh": "{kind}（验证学期 {semester}）",
        "en": "{kind} (validated on {semester})",
    },
    "res_last_error": {"zh": "上次错误", "en": "Last error"},
    "res_error_note": {
        "zh": "上次构建失败，之前的模型仍在服务。",
        "en": "The last build failed; the model before it is still serving.",
    },
    "res_refresh_state": {"zh": "刷新状态", "en": "Refresh"},
    "res_report_for_model": {"zh": "评估报告", "en": "Evaluation report"},
    "res_report_is_fresh": {"zh": "对应此版本", "en": "for this version"},
    "res_report_is_stale": {"zh": "已过期，需重新生成", "en": "out of date, make it again"},
    "res_report_missing": {"zh": "尚未生成", "en": "not made yet"},
    "res_retrain": {"zh": "重新训练模型…", "en": "Retrain the model…"},
    "res_retrain_admins": {
        "zh": "只有管理员可以重新训练模型。",
        "en": "Only admins can retrain the model.",
    },
    "res_retrain_title": {"zh": "重新训练模型？", "en": "Retrain the model?"},
    "res_retrain_what": {
        "zh": "将用至今的全部结果从数据库重建索引，并重新训练排序器。",
        "en": "The indexes are rebuilt from the store and the ranker is retrained on every "
        "outcome so far.",
    },
    "res_retrain_background": {
        "zh": "在后台进行，可能需要几分钟；期间当前模型（{version}）照常服务。",
        "en": "It runs in the background and may take minutes; the current model ({version}) "
        "keeps serving meanwhile.",
    },
    "res_retrain_safe": {
        "zh": "新模型通过验证后才会启用；如果失败，当前模型继续服务，错误会显示在模型页。",
        "en": "The new model is served only once validated; if it fails, the current one stays "
        "and the error shows on the model page.",
    },
    "res_retrain_report": {
        "zh": "完成后，现有评估报告会过期，需要重新生成。",
        "en": "Afterwards the current evaluation report is out of date and needs making again.",
    },
    "res_retrain_busy": {
        "zh": "已有一次重新训练在排队或进行中。",
        "en": "A retraining is already queued or running.",
    },
    "res_retrain_confirm": {"zh": "开始重新训练", "en": "Retrain now"},
    "res_cancel": {"zh": "取消", "en": "Cancel"},
    "done_res_retrain_queued": {
        "zh": "已安排重新训练；新模型通过验证后会自动启用。",
        "en": "Retraining is queued; the new model is served once it is validated.",
    },
    "done_res_retrain_already": {
        "zh": "已有一次重新训练在排队或进行中，没有重复安排。",
        "en": "A retraining was already queued or running; no second one was queued.",
    },
    # The audit log.
    "res_audit_title": {"zh": "审计日志", "en": "Audit log"},
    "res_audit_intro": {
        "zh": "除学生本人外，任何人查看学生数据都会记录在这里。最新的在前，时间为北京时间。",
        "en": "Every view of a student's data by someone other than the student, newest first, "
        "in China time.",
    },
    "res_filter_student": {"zh": "学生编号", "en": "Student id"},
    "res_filter_student_hint": {
        "zh": "只看某一名学生的记录，例如 s00001",
        "en": "Only the entries of one student, e.g. s00001",
    },
    "res_filter": {"zh": "筛选", "en": "Filter"},
    "res_clear_filter": {"zh": "显示全部", "en": "Show all"},
    "res_bad_student": {
        "zh": "学生编号只能包含字母、数字和 _ . : -，最多 64 个字符",
        "en": "A student id has only letters, digits and _ . : -, at most 64 characters",
    },
    "res_problem": {"zh": "出现问题", "en": "There is a problem"},
    "res_audit_of": {"zh": "学生 {student} 的记录", "en": "Entries of student {student}"},
    "res_audit_none": {"zh": "没有记录。", "en": "No entries."},
    "res_col_time": {"zh": "时间（北京时间）", "en": "Time (China)"},
    "res_col_viewer": {"zh": "查看者", "en": "Viewer"},
    "res_col_role": {"zh": "角色", "en": "Role"},
    "res_col_action": {"zh": "操作", "en": "Action"},
    "res_col_student": {"zh": "学生", "en": "Student"},
    "res_col_detail": {"zh": "详情", "en": "Detail"},
    "res_action_view_profile": {"zh": "查看档案", "en": "Viewed the profile"},
    "res_action_view_recommendations": {"zh": "查看推荐", "en": "Viewed recommendations"},
    "res_action_view_candidate": {"zh": "作为候选人查看", "en": "Viewed as a candidate"},
    "res_action_view_candidates": {"zh": "查看候选人列表", "en": "Viewed candidates"},
    "res_action_view_placement": {"zh": "查看安置方案", "en": "Viewed a placement plan"},
    "res_action_export": {"zh": "导出", "en": "Exported"},
    "res_only_student": {"zh": "只看此学生", "en": "Only this student"},
    # The user list.
    "res_users_title": {"zh": "用户", "en": "Users"},
    "res_users_intro": {
        "zh": "全部登录账户，从不显示密码。新增账户用命令",
        "en": "Every login account; passwords are never shown. To add one, run",
    },
    "res_users_count": {"zh": "共 {n} 个账户", "en": "{n} accounts"},
    "res_filter_role": {"zh": "角色", "en": "Role"},
    "res_all_roles": {"zh": "全部角色", "en": "Every role"},
    "res_show": {"zh": "显示", "en": "Show"},
    "res_col_username": {"zh": "用户名", "en": "Username"},
    "res_col_linked": {"zh": "关联", "en": "Linked to"},
    "res_col_cohorts": {"zh": "负责班级", "en": "Cohorts"},
    "res_col_created": {"zh": "创建时间", "en": "Created"},
    "res_linked_student": {"zh": "学生 {id}", "en": "Student {id}"},
    "res_linked_enterprise": {"zh": "{name}（{id}）", "en": "{name} ({id})"},
    "res_users_none": {"zh": "没有这样的账户。", "en": "No such account."},
}

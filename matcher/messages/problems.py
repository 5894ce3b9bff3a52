"""Errors a user can act on (see :meth:`matcher.errors.MatcherError.localized`)."""

from __future__ import annotations

WORDS: dict[str, dict[str, str]] = {
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
    "position_closed": {
        "zh": "该岗位已不再接受申请",
        "en": "the position no longer takes applications",
    },
    "offer_answered": {"zh": "已经答复过这份录用通知", "en": "the offer has been answered already"},
    "needs_apply": {
        "zh": "学生尚未申请该岗位，不能进行这一步",
        "en": "the student has not applied to this position yet",
    },
    "needs_offer": {
        "zh": "尚未收到该岗位的录用通知（offer）",
        "en": "there is no offer for this position yet",
    },
    "analytics_not_for_students": {
        "zh": "统计分析面向就业中心、辅导员和企业，学生不可查看",
        "en": "analytics are for the centre, advisors and enterprises, not for students",
    },
    "analytics_centre_only": {
        "zh": "这项统计仅供就业中心查看",
        "en": "these figures are for the centre only",
    },
    "analytics_not_your_cohort": {
        "zh": "辅导员只能查看自己所带班级的统计",
        "en": "advisors see the figures of their own cohorts only",
    },
    "analytics_school_only": {
        "zh": "这项统计仅供就业中心和辅导员查看",
        "en": "these figures are for the centre and advisors only",
    },
    "analytics_not_your_major": {
        "zh": "辅导员只能查看自己所带班级学生所学专业的技能缺口",
        "en": "advisors see the skill gaps of their own cohorts' majors only",
    },
    "analytics_health_missing": {
        "zh": "当前服务模型（{model}）的推荐健康度快照尚未计算；请运行 `matcher health` 生成",
        "en": "the recommendation health snapshot of the served model ({model}) has not been "
        "computed yet; run `matcher health` to make it",
    },
    "analytics_not_your_enterprise": {
        "zh": "企业只能查看本企业岗位的统计",
        "en": "an enterprise sees the figures of its own positions only",
    },
    "nobody_left": {
        "zh": "所选范围内的学生均已落实，无需安置",
        "en": "nobody in this selection is left to place",
    },
    # Uploaded documents (matcher.documents).
    "doc_too_large": {
        "zh": "文件过大：{size}，上限为{limit}",
        "en": "the file is too large: {size}, the limit is {limit}",
    },
    "doc_empty": {"zh": "文件是空的", "en": "the file is empty"},
    "doc_unsupported": {
        "zh": "不支持的文件类型（{seen}）：请上传PDF、Word（.docx）或纯文本",
        "en": "unsupported file type ({seen}): upload a PDF, a Word .docx file or plain text",
    },
    "doc_encrypted": {
        "zh": "文件已加密（设置了打开密码），请去掉密码后再上传",
        "en": (
            "the file is encrypted (it has an opening password); remove the password and upload it "
            "again"
        ),
    },
    "doc_corrupt": {
        "zh": "无法读取文件：{kind}已损坏或不完整（{reason}）",
        "en": "the file cannot be read: the {kind} is damaged or incomplete ({reason})",
    },
    "doc_no_text": {
        "zh": (
            "这份PDF没有文字层（可能是扫描件或图片），无法读取文字；"
            "请上传由Word等导出的PDF或.docx文件"
        ),
        "en": (
            "this PDF has no text layer (it looks scanned or made of images), so no text can be "
            "read; upload a PDF exported from a word processor, or the .docx file"
        ),
    },
    "doc_too_many_pages": {
        "zh": "PDF共{pages}页，超过上限{limit}页",
        "en": "the PDF has {pages} pages, more than the limit of {limit}",
    },
    "doc_too_big_unpacked": {
        "zh": "Word文件解压后过大（{size}，上限{limit}），已停止读取",
        "en": "the Word file unpacks to {size}, more than the limit of {limit}; reading stopped",
    },
    "doc_too_slow": {
        "zh": "读取文件超过{seconds}秒，已停止",
        "en": "reading the file took longer than {seconds} s and was stopped",
    },
    "doc_too_much_memory": {
        "zh": "读取文件需要的内存超过{limit}，已停止",
        "en": "reading the file needed more than {limit} of memory and was stopped",
    },
}

"""Every text of the service's pages and API errors, in English and Chinese."""
from __future__ import annotations

from autograder.texts import columns, language

TEXTS: dict[str, dict[str, str]] = {
    "en": {
        "sign_in": "Sign in", "sign_out": "Sign out", "token": "Your token",
        "token_help": "The course staff gave you a token (it starts with cg_). Paste it here.",
        "bad_token": "That token is not valid. Check that you pasted all of it.",
        "assignments": "Assignments", "submit": "Submit", "file": "File (.py or .ipynb)",
        "deadline": "Deadline", "no_deadline": "no deadline",
        "history": "Your submissions", "none_yet": "No submissions yet.",
        "when": "Submitted (UTC)", "status": "Status", "score": "Score", "assignment": "Assignment",
        "queued": "waiting in the queue", "grading": "being graded", "done": "graded",
        "failed": "could not be graded",
        "waiting": "Your submission is {status}. This page updates by itself.",
        "feedback": "Feedback", "open_feedback": "Open the feedback page on its own",
        "back": "Back",
        "cooldown": "Please wait {seconds} s before submitting again.",
        "daily_cap": "You reached today's limit of submissions for this assignment. Try again tomorrow (UTC).",
        "too_large": "The file is too large: at most {limit} bytes.",
        "bad_form": "The form expired. Reload the page and try again.",
        "not_open": "This assignment is not open for submission.",
        "no_file": "Choose a file to upload.",
        "staff": "Course staff", "dashboard": "Dashboard", "queue": "Queue",
        "graded_today": "Graded today", "histogram": "Scores (latest submission per student)",
        "misconceptions": "Misconceptions in the class", "students": "Students",
        "not_submitted": "Not submitted yet", "everyone": "Everyone has submitted.",
        "gradebook": "Gradebook", "regrade_all": "Regrade everyone", "regrade": "Regrade",
        "preview": "Regrade preview", "moves": "Who moves", "old": "Old", "new": "New",
        "still_waiting": "{n} submission(s) still being regraded; this page updates by itself.",
        "nobody_moves": "Nobody's score changes.", "commit": "Commit the regrade",
        "committed": "{n} regraded result(s) now count.",
        "override": "Override a score", "reason": "Reason (shown to the student)",
        "test_or_group": "Test or group (empty: the total)", "save": "Save",
        "override_saved": "Override saved.", "need_reason": "An override needs a score and a reason.",
        "forbidden": "This page is for the course staff.", "not_found": "Not found.",
        "student": "Student",
    },
    "zh": {
        "sign_in": "登录", "sign_out": "退出", "token": "你的令牌",
        "token_help": "课程助教发给你一个令牌（以 cg_ 开头），请粘贴在这里。",
        "bad_token": "令牌无效，请确认完整地粘贴了它。",
        "assignments": "作业", "submit": "提交", "file": "文件（.py 或 .ipynb）",
        "deadline": "截止时间", "no_deadline": "没有截止时间",
        "history": "你的提交记录", "none_yet": "还没有提交。",
        "when": "提交时间（UTC）", "status": "状态", "score": "得分", "assignment": "作业",
        "queued": "正在排队", "grading": "正在评分", "done": "已评分", "failed": "无法评分",
        "waiting": "你的提交{status}，本页会自动刷新。",
        "feedback": "反馈", "open_feedback": "单独打开反馈页面", "back": "返回",
        "cooldown": "请等 {seconds} 秒后再提交。",
        "daily_cap": "今天这项作业的提交次数已用完，请明天（UTC）再试。",
        "too_large": "文件太大：最多 {limit} 字节。",
        "bad_form": "表单已过期，请刷新页面后重试。",
        "not_open": "这项作业目前不接受提交。",
        "no_file": "请选择要上传的文件。",
        "staff": "课程教师", "dashboard": "概览", "queue": "队列",
        "graded_today": "今日已评分", "histogram": "分数分布（每位学生的最新提交）",
        "misconceptions": "全班的常见误区", "students": "学生",
        "not_submitted": "尚未提交", "everyone": "所有人都已提交。",
        "gradebook": "成绩表", "regrade_all": "全部重新评分", "regrade": "重新评分",
        "preview": "重新评分预览", "moves": "分数有变化的学生", "old": "原分数", "new": "新分数",
        "still_waiting": "还有 {n} 份提交正在重新评分，本页会自动刷新。",
        "nobody_moves": "没有人的分数发生变化。", "commit": "确认重新评分",
        "committed": "{n} 份重新评分的结果已生效。",
        "override": "手动改分", "reason": "理由（学生可以看到）",
        "test_or_group": "测试或分组（留空：总分）", "save": "保存",
        "override_saved": "改分已保存。", "need_reason": "改分需要分数和理由。",
        "forbidden": "此页面仅供课程教师使用。", "not_found": "未找到。",
        "student": "学生",
    },
}

_BY_KEY = columns(TEXTS)


def texts(lang: str) -> dict[str, str]:
    """Every text of ``lang``, each key in English where ``lang`` lacks it."""
    return language(_BY_KEY, lang)

"""The words every quiz shares (titles, hints, the answer key's headings), English and Chinese side by side."""

COMMON: dict = {
    "quiz_title": {
        "en": "Convolution shapes quiz",
        "zh": "卷积形状小测验",
    },
    "key_title": {
        "en": "Answer key",
        "zh": "参考答案",
    },
    "student": {
        "en": "Student",
        "zh": "学生",
    },
    "seed": {
        "en": "Seed",
        "zh": "随机种子",
    },
    "seed_line": {
        "en": "Seed: {seed}.",
        "zh": "随机种子：{seed}。",
    },
    "question": {
        "en": "Question {n}",
        "zh": "第{n}题",
    },
    "answer": {
        "en": "Answer",
        "zh": "答案",
    },
    "solution": {
        "en": "Worked solution",
        "zh": "解题过程",
    },
    "verified": {
        "en": "Checked with torch {torch}: {call}",
        "zh": "已用 torch {torch} 验证：{call}",
    },
    "correct": {
        "en": "Correct.",
        "zh": "回答正确。",
    },
    "hint_numeric": {
        "en": "Answer with a whole number.",
        "zh": "请填写一个整数。",
    },
    "hint_shape": {
        "en": "Enter a shape as whole numbers joined by x, e.g. 1x16x32x32.",
        "zh": "形状请用 x 把各个数连起来，例如 1x16x32x32。",
    },
    "hint_multichoice": {
        "en": "Choose one letter.",
        "zh": "请选择一个字母。",
    },
    "name_sheet": {
        "en": "Name: ____________________",
        "zh": "姓名：____________________",
    },
    "option_misconception": {
        "en": "Mistake: {mid}",
        "zh": "常见错误：{mid}",
    },
}

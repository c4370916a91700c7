"""Chinese texts of generated ledger records: topics by activity kind, places, decisions, visits."""

from __future__ import annotations

from liuhao.ledger.choices import ActivityKind

TOPICS: dict[str, tuple[str, ...]] = {
    ActivityKind.THEORY_SEMINAR: (
        "学习贯彻党的二十届四中全会精神专题研讨",
        "深入学习习近平新时代中国特色社会主义思想研讨会",
        "学习《中国共产党章程》专题研讨",
        "学习习近平总书记关于教育的重要论述",
        "党纪学习教育专题研讨",
        "学习全国教育大会精神研讨会",
    ),
    ActivityKind.SPECIAL_DEPLOYMENT: (
        "研究部署服务型党组织建设工作",
        "专题研究本学期党建与业务融合工作",
        "研究部署“六好”示范点创建工作",
        "专题研究师生服务工作安排",
    ),
    ActivityKind.TRAINING: (
        "党务工作者服务能力提升培训",
        "支部书记业务培训研讨",
        "党建信息化平台应用培训",
        "发展党员工作规范培训",
    ),
    ActivityKind.COMMITTEE_MEETING: (
        "讨论确定入党积极分子",
        "研究本月党建工作安排",
        "讨论预备党员转正事宜",
        "研究党费收缴使用情况",
        "研究支部年度工作计划",
    ),
    ActivityKind.GENERAL_MEETING: (
        "党员大会：讨论接收预备党员",
        "党员大会：通报支部工作",
        "党员大会：民主评议党员",
    ),
    ActivityKind.GROUP_MEETING: ("党小组学习讨论", "党小组会：交流思想与工作", "党小组谈心谈话"),
    ActivityKind.PARTY_LECTURE: (
        "书记讲党课：立德树人与党员责任",
        "专题党课：弘扬教育家精神",
        "党课：传承红色基因",
        "党课：全面从严治党永远在路上",
    ),
    ActivityKind.THEMED_PARTY_DAY: (
        "主题党日：参观雨花台烈士纪念馆",
        "主题党日：重温入党誓词",
        "主题党日：走进社区开展志愿服务",
        "主题党日：学习身边榜样",
        "主题党日：观看主题教育影片",
        "主题党日：服务师生“微心愿”",
    ),
    ActivityKind.ORG_LIFE_MEETING: (
        "专题组织生活会",
        "年度组织生活会暨民主评议党员",
        "组织生活会：对照检查与批评和自我批评",
    ),
    ActivityKind.VOLUNTEER_SERVICE: (
        "迎新志愿服务",
        "社区义诊与科普志愿服务",
        "图书馆志愿服务",
        "考试季学业辅导志愿服务",
    ),
    ActivityKind.SOCIAL_PRACTICE: (
        "暑期“三下乡”社会实践",
        "乡村振兴调研实践",
        "红色文化寻访社会实践",
    ),
    ActivityKind.CO_CONSTRUCTION: ("与社区党支部共建活动", "与企业党支部结对共建", "校地党建共建"),
    ActivityKind.PEER_EDUCATION: ("学生党员朋辈辅导", "朋辈互助学习小组", "学长党员经验分享会"),
    ActivityKind.PAIRING_ASSISTANCE: ("结对帮扶困难学生", "党员结对帮扶新进教师", "结对帮扶学困生"),
    ActivityKind.CULTURE: ("党建+学术沙龙", "红色文化进社团", "校园文化节党员先锋行动"),
    ActivityKind.CONTACT_RESEARCH: ("深入实验室调研师生需求", "走访学生宿舍了解诉求"),
    ActivityKind.OTHER: ("党费收缴与公示", "支部换届筹备工作会"),
}
PLACES = (
    "党员活动室",
    "学院会议室",
    "党员之家",
    "图书馆报告厅",
    "线上会议",
    "校史馆",
    "社区服务中心",
)
DECISIONS = (
    "同意将{n}名同志确定为入党积极分子",
    "同意接收{n}名同志为预备党员，报上级党组织审批",
    "通过本学期支部工作计划",
    "同意{n}名预备党员按期转为正式党员",
    "通过党费使用方案",
    "确定本学期主题党日活动安排",
)
VISIT_TOPICS = (
    "走访学生宿舍",
    "深入实验室了解科研需求",
    "联系青年教师座谈",
    "走访困难学生家庭",
    "到教学一线调研",
    "联系离退休老同志",
)
PLAN_TITLES = {
    "overall_plan": "{org}服务型党组织建设总体规划",
    "implementation_measures": "{org}服务型党组织建设实施办法",
}
PAIR_NOTES = ("学业与生活帮扶", "职业发展指导", "思想引导与谈心", "科研团队联系", "")
TASK_TITLES = (
    "制定本学期党建工作计划",
    "完成党员信息核对更新",
    "组织开展主题党日活动方案",
    "收缴并公示党费",
    "做好发展对象培养考察",
    "开展谈心谈话",
    "整理上报组织生活会材料",
    "组织党员参加志愿服务",
    "完成支部工作总结",
    "落实结对帮扶任务",
)
TASK_STEPS = ("拟定方案\n支委会研究\n组织实施\n总结报告", "布置任务\n推进落实\n检查验收", "")
TASK_NOTES = ("已按要求完成", "材料已归档", "已报送上级党组织", "")
DISCLOSURE_TITLES = (
    "党费收缴使用情况公示",
    "发展对象公示",
    "预备党员转正公示",
    "支部工作计划公开",
    "民主评议党员结果公开",
    "组织生活会情况通报",
    "评优评先推荐人选公示",
)
DISCLOSURE_CHANNELS = ("党务公开栏", "学院网站", "党员大会", "微信群", "")
SERVICE_TEXTS = (
    "社区志愿服务",
    "迎新志愿服务",
    "图书馆志愿服务",
    "学业辅导",
    "党员先锋岗值守",
    "实验室安全检查",
    "义务献血宣传",
    "",
)

"""Name tables for generated orgs: fictional universities, colleges with their departments, offices,
research topics, projects and dormitory communities. Data only; plan.py draws from it."""

from __future__ import annotations

from dataclasses import dataclass

CITIES: tuple[str, ...] = (
    "南京",
    "苏州",
    "无锡",
    "常州",
    "徐州",
    "南通",
    "扬州",
    "镇江",
    "泰州",
    "淮安",
    "盐城",
    "连云港",
    "宿迁",
)
# Invented place-like words: "城市 + 词 + 类型 + 大学" gives plausible but fictional names.
NAME_WORDS: tuple[str, ...] = (
    "钟岚",
    "青溪",
    "云岫",
    "鹭洲",
    "泽兰",
    "景澜",
    "澄源",
    "松涛",
    "栖云",
    "临川",
    "望江",
    "怀远",
    "知行",
    "弘文",
    "博雅",
    "致远",
)


@dataclass(frozen=True, slots=True)
class UniversityType:
    """A kind of university and the college tags it favours."""

    label: str
    weight: float
    tags: frozenset[str]


UNIVERSITY_TYPES: tuple[UniversityType, ...] = (
    UniversityType("理工", 5, frozenset({"eng", "sci"})),
    UniversityType("科技", 5, frozenset({"eng", "sci"})),
    UniversityType("师范", 4, frozenset({"hum", "sci", "edu"})),
    UniversityType("医科", 2, frozenset({"med", "sci"})),
    UniversityType("农林", 2, frozenset({"agri", "sci"})),
    UniversityType("财经", 2, frozenset({"biz", "hum"})),
    UniversityType("工程", 3, frozenset({"eng"})),
    UniversityType("信息", 2, frozenset({"eng", "sci"})),
    UniversityType("海洋", 1, frozenset({"sci", "eng"})),
    UniversityType("交通", 1, frozenset({"eng"})),
    UniversityType("中医药", 1, frozenset({"med"})),
    UniversityType("外国语", 1, frozenset({"hum", "biz"})),
    UniversityType("艺术", 1, frozenset({"art", "hum"})),
    UniversityType("综合", 3, frozenset({"eng", "sci", "hum", "biz", "med"})),
)


@dataclass(frozen=True, slots=True)
class College:
    """An academic college: its name, tag, departments (for teacher branches) and research topics."""

    name: str
    tag: str
    departments: tuple[str, ...]
    topics: tuple[str, ...]


COLLEGES: tuple[College, ...] = (
    College(
        "计算机科学与技术学院",
        "eng",
        ("计算机系", "软件工程系", "人工智能系", "网络空间安全系"),
        ("人工智能", "大数据", "可信计算"),
    ),
    College(
        "电子信息工程学院",
        "eng",
        ("电子工程系", "通信工程系", "微电子系"),
        ("集成电路", "智能感知"),
    ),
    College(
        "机械工程学院", "eng", ("机械设计系", "机械电子系", "车辆工程系"), ("智能制造", "高端装备")
    ),
    College(
        "材料科学与工程学院",
        "eng",
        ("材料物理系", "高分子材料系", "金属材料系"),
        ("新材料", "新能源材料"),
    ),
    College("土木工程学院", "eng", ("土木工程系", "建筑工程系", "道路与桥梁系"), ("智能建造",)),
    College(
        "自动化学院",
        "eng",
        ("自动化系", "控制工程系", "机器人工程系"),
        ("智能机器人", "工业互联网"),
    ),
    College(
        "能源与动力工程学院", "eng", ("热能工程系", "新能源科学与工程系"), ("储能技术", "碳中和")
    ),
    College("交通运输学院", "eng", ("交通工程系", "交通运输系"), ("智慧交通",)),
    College("建筑与城市规划学院", "eng", ("建筑系", "城乡规划系", "风景园林系"), ("城市更新",)),
    College("环境科学与工程学院", "eng", ("环境工程系", "环境科学系"), ("长江生态保护", "碳中和")),
    College("航空航天学院", "eng", ("飞行器设计系", "航空宇航系"), ("无人机系统",)),
    College(
        "化学与分子工程学院",
        "sci",
        ("化学系", "应用化学系", "化学工程系"),
        ("绿色化学", "催化科学"),
    ),
    College("物理学院", "sci", ("物理系", "应用物理系", "光电科学系"), ("量子信息", "光电子")),
    College("数学与统计学院", "sci", ("数学系", "统计系", "信息与计算科学系"), ("数据科学",)),
    College(
        "生命科学学院", "sci", ("生物科学系", "生物技术系", "生态学系"), ("合成生物学", "生物医药")
    ),
    College("地理科学学院", "sci", ("地理科学系", "地理信息科学系"), ("遥感与空间信息",)),
    College("海洋科学学院", "sci", ("海洋科学系", "海洋技术系"), ("深远海装备",)),
    College(
        "外国语学院", "hum", ("英语系", "日语系", "德语系", "法语系", "翻译系"), ("区域国别研究",)
    ),
    College("文学院", "hum", ("中国语言文学系", "古典文献系", "汉语国际教育系"), ("江南文化",)),
    College("历史学院", "hum", ("历史学系", "考古文博系"), ("大运河文化",)),
    College(
        "马克思主义学院",
        "hum",
        ("马克思主义基本原理教研室", "思想政治教育教研室", "中国近现代史纲要教研室"),
        ("新时代党的建设",),
    ),
    College("新闻与传播学院", "hum", ("新闻系", "广播电视系", "网络与新媒体系"), ("融媒体",)),
    College("法学院", "hum", ("法学系", "知识产权系"), ("法治建设",)),
    College("公共管理学院", "hum", ("行政管理系", "社会工作系", "土地资源管理系"), ("基层治理",)),
    College("教育科学学院", "edu", ("教育学系", "心理学系", "学前教育系"), ("教育数字化",)),
    College("体育学院", "edu", ("体育教育系", "运动训练系"), ("体医融合",)),
    College("经济学院", "biz", ("经济学系", "国际经济与贸易系", "金融学系"), ("数字经济",)),
    College("商学院", "biz", ("工商管理系", "会计学系", "市场营销系"), ("企业数字化转型",)),
    College("信息管理学院", "biz", ("信息资源管理系", "档案学系"), ("数据治理",)),
    College("基础医学院", "med", ("人体解剖学系", "生理学系", "病理学系"), ("精准医学",)),
    College("临床医学院", "med", ("内科学系", "外科学系", "儿科学系"), ("转化医学",)),
    College("药学院", "med", ("药学系", "药物化学系", "中药学系"), ("创新药物",)),
    College("护理学院", "med", ("基础护理学系", "临床护理学系"), ("智慧护理",)),
    College("公共卫生学院", "med", ("流行病学系", "卫生统计学系"), ("健康江苏",)),
    College("农学院", "agri", ("农学系", "植物保护系", "园艺系"), ("种业振兴",)),
    College("动物科技学院", "agri", ("动物科学系", "动物医学系"), ("畜禽健康养殖",)),
    College("食品科学与工程学院", "agri", ("食品科学系", "食品质量与安全系"), ("食品安全",)),
    College("林学院", "agri", ("林学系", "森林保护系"), ("生态修复",)),
    College("美术学院", "art", ("绘画系", "雕塑系", "美术学系"), ("非遗传承",)),
    College("音乐学院", "art", ("音乐学系", "音乐表演系"), ("红色文艺",)),
    College(
        "设计艺术学院", "art", ("视觉传达设计系", "环境设计系", "数字媒体艺术系"), ("乡村美育",)
    ),
)

# 机关党委: one branch per office (or a pair of offices that share a branch).
ADMIN_OFFICES: tuple[str, ...] = (
    "党委办公室、校长办公室",
    "党委组织部、党校",
    "党委宣传部",
    "纪委办公室、监察专员办公室",
    "党委统战部",
    "党委学生工作部、学生处",
    "党委研究生工作部",
    "人事处",
    "教务处",
    "科学技术研究院",
    "社会科学处",
    "财务处",
    "审计处",
    "国有资产管理处",
    "国际合作与交流处",
    "发展规划处",
    "招生就业处",
    "保卫处",
    "后勤管理处",
    "基本建设处",
    "图书馆",
    "档案馆",
    "校医院",
    "网络与信息中心",
    "工会、团委",
    "实验室与设备管理处",
    "继续教育学院",
)
PROJECTS: tuple[str, ...] = (
    "乡村振兴科技服务",
    "国家重点研发计划",
    "长江大保护",
    "大运河文化带建设",
    "国家重大科技专项",
    "援疆支教",
    "产教融合实训基地",
    "“一带一路”联合实验室",
    "校地共建研究院",
    "智慧校园建设",
)
DORMS: tuple[str, ...] = (
    "梅园",
    "桃园",
    "兰园",
    "竹园",
    "菊园",
    "松园",
    "桂园",
    "枫园",
    "榴园",
    "橘园",
    "杏园",
    "荷园",
    "柳园",
    "樱园",
    "李园",
    "丁香园",
)
CHINESE_ORDINALS: tuple[str, ...] = (
    "一",
    "二",
    "三",
    "四",
    "五",
    "六",
    "七",
    "八",
    "九",
    "十",
    "十一",
    "十二",
    "十三",
    "十四",
    "十五",
    "十六",
    "十七",
    "十八",
    "十九",
    "二十",
)
CONGRESS_NUMBERS: tuple[str, ...] = ("九", "十", "十一", "十二", "十三", "十四")


def ordinal(n: int) -> str:
    """Chinese ordinal for 1…20 (第一…第二十); larger numbers stay Arabic."""
    return CHINESE_ORDINALS[n - 1] if 1 <= n <= len(CHINESE_ORDINALS) else str(n)

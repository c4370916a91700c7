"""Realistic Chinese person names from weighted character tables (no Faker: too slow at 1.2M names).

Surname weights follow the rough shares of the 2020 census (王, 李, 张 ≈ 7% each, a long tail below);
given names are one or two characters drawn from gender-leaning pools, with era-typical whole names
for older and younger people. Pinyin keys are computed with `orgs.pinyin.pinyin_keys` (the same
function the services use) and cached per surname and per given name.
"""

from __future__ import annotations

import random
from bisect import bisect
from itertools import accumulate

from liuhao.orgs.pinyin import pinyin_keys
from liuhao.orgs.seeding.stages import chooser

# (surname, weight ≈ share in per-mille). Compound surnames are rare but present.
SURNAMES: tuple[tuple[str, float], ...] = (
    ("王", 71.2),
    ("李", 70.0),
    ("张", 67.0),
    ("刘", 54.0),
    ("陈", 46.0),
    ("杨", 31.0),
    ("黄", 22.0),
    ("赵", 20.0),
    ("吴", 19.5),
    ("周", 19.0),
    ("徐", 15.5),
    ("孙", 14.0),
    ("马", 13.0),
    ("朱", 13.0),
    ("胡", 12.0),
    ("郭", 11.5),
    ("何", 11.0),
    ("林", 10.5),
    ("高", 10.0),
    ("罗", 9.5),
    ("郑", 9.0),
    ("梁", 8.5),
    ("谢", 7.5),
    ("宋", 7.0),
    ("唐", 7.0),
    ("许", 6.5),
    ("韩", 6.0),
    ("冯", 6.0),
    ("邓", 6.0),
    ("曹", 5.5),
    ("彭", 5.5),
    ("曾", 5.0),
    ("肖", 5.0),
    ("田", 4.8),
    ("董", 4.8),
    ("袁", 4.5),
    ("潘", 4.5),
    ("于", 4.4),
    ("蒋", 4.4),
    ("蔡", 4.3),
    ("余", 4.2),
    ("杜", 4.0),
    ("叶", 4.0),
    ("程", 3.9),
    ("苏", 3.8),
    ("魏", 3.8),
    ("吕", 3.7),
    ("丁", 3.6),
    ("任", 3.5),
    ("沈", 3.5),
    ("姚", 3.4),
    ("卢", 3.4),
    ("姜", 3.3),
    ("崔", 3.2),
    ("钟", 3.2),
    ("谭", 3.1),
    ("陆", 3.1),
    ("汪", 3.0),
    ("范", 3.0),
    ("金", 2.9),
    ("石", 2.9),
    ("廖", 2.8),
    ("贾", 2.8),
    ("夏", 2.7),
    ("韦", 2.7),
    ("付", 2.6),
    ("方", 2.6),
    ("白", 2.5),
    ("邹", 2.5),
    ("孟", 2.4),
    ("熊", 2.4),
    ("秦", 2.3),
    ("邱", 2.3),
    ("江", 2.2),
    ("尹", 2.2),
    ("薛", 2.1),
    ("闫", 2.1),
    ("段", 2.0),
    ("雷", 2.0),
    ("侯", 1.9),
    ("龙", 1.9),
    ("史", 1.8),
    ("陶", 1.8),
    ("黎", 1.7),
    ("贺", 1.7),
    ("顾", 1.7),
    ("毛", 1.6),
    ("郝", 1.6),
    ("龚", 1.5),
    ("邵", 1.5),
    ("万", 1.4),
    ("钱", 1.4),
    ("严", 1.4),
    ("武", 1.3),
    ("戴", 1.3),
    ("莫", 1.2),
    ("孔", 1.2),
    ("向", 1.1),
    ("汤", 1.1),
    ("常", 1.0),
    ("葛", 1.0),
    ("季", 0.9),
    ("缪", 0.6),
    ("殷", 0.6),
    ("卞", 0.5),
    ("惠", 0.4),
    ("眭", 0.2),
    ("仲", 0.5),
    ("欧阳", 0.5),
    ("司马", 0.1),
    ("诸葛", 0.1),
    ("上官", 0.1),
)

# Given-name characters with weights; the pools lean male or female, a shared pool is neutral.
MALE_CHARS: tuple[tuple[str, float], ...] = (
    ("伟", 9),
    ("强", 6),
    ("磊", 6),
    ("军", 6),
    ("洋", 5),
    ("勇", 5),
    ("杰", 6),
    ("涛", 5),
    ("明", 6),
    ("超", 5),
    ("刚", 4),
    ("平", 4),
    ("辉", 5),
    ("鹏", 5),
    ("华", 6),
    ("飞", 4),
    ("鑫", 4),
    ("波", 4),
    ("斌", 4),
    ("宇", 6),
    ("浩", 6),
    ("凯", 4),
    ("健", 4),
    ("俊", 5),
    ("帆", 3),
    ("帅", 3),
    ("旭", 4),
    ("宁", 4),
    ("龙", 4),
    ("林", 4),
    ("阳", 4),
    ("建", 5),
    ("亮", 4),
    ("成", 4),
    ("峰", 4),
    ("博", 4),
    ("志", 5),
    ("国", 5),
    ("东", 4),
    ("海", 4),
    ("轩", 4),
    ("睿", 4),
    ("泽", 4),
    ("诚", 3),
    ("毅", 3),
    ("翔", 3),
    ("晖", 3),
    ("昊", 3),
    ("天", 3),
    ("逸", 3),
    ("航", 3),
    ("铭", 3),
    ("锐", 3),
    ("豪", 3),
    ("然", 3),
    ("瑞", 3),
    ("晨", 3),
    ("楠", 2),
    ("彬", 2),
    ("栋", 2),
    ("坤", 2),
    ("涵", 1),
    ("哲", 3),
    ("源", 2),
    ("文", 4),
    ("武", 2),
    ("力", 2),
    ("松", 2),
    ("钧", 2),
    ("骏", 2),
    ("嘉", 2),
)
FEMALE_CHARS: tuple[tuple[str, float], ...] = (
    ("芳", 7),
    ("娜", 6),
    ("敏", 6),
    ("静", 7),
    ("丽", 6),
    ("艳", 5),
    ("燕", 5),
    ("玲", 5),
    ("婷", 6),
    ("雪", 5),
    ("慧", 5),
    ("颖", 5),
    ("琳", 5),
    ("洁", 4),
    ("倩", 4),
    ("晶", 4),
    ("萍", 4),
    ("红", 4),
    ("霞", 4),
    ("丹", 4),
    ("莉", 4),
    ("佳", 5),
    ("欣", 6),
    ("怡", 6),
    ("悦", 4),
    ("雯", 4),
    ("璐", 3),
    ("瑶", 4),
    ("蕾", 3),
    ("琪", 4),
    ("涵", 4),
    ("萱", 4),
    ("婧", 3),
    ("梦", 4),
    ("思", 4),
    ("雨", 5),
    ("彤", 4),
    ("诗", 4),
    ("晓", 5),
    ("月", 3),
    ("嘉", 3),
    ("楠", 3),
    ("茜", 3),
    ("薇", 3),
    ("蓉", 3),
    ("云", 3),
    ("兰", 3),
    ("英", 3),
    ("秀", 3),
    ("娟", 4),
    ("妍", 3),
    ("琦", 3),
    ("蕊", 2),
    ("青", 3),
    ("宁", 2),
    ("菲", 3),
    ("露", 2),
    ("媛", 3),
    ("珊", 2),
    ("岚", 2),
    ("冰", 2),
    ("清", 2),
    ("芸", 2),
)
NEUTRAL_CHARS: tuple[tuple[str, float], ...] = (
    ("文", 4),
    ("子", 5),
    ("一", 3),
    ("晓", 4),
    ("思", 3),
    ("宇", 3),
    ("安", 3),
    ("嘉", 3),
    ("雨", 3),
    ("欣", 2),
    ("晨", 3),
    ("心", 2),
    ("可", 2),
    ("春", 2),
    ("秋", 1),
    ("远", 2),
    ("立", 2),
    ("新", 2),
    ("永", 2),
    ("世", 1),
    ("书", 2),
    ("学", 1),
    ("家", 2),
    ("静", 1),
)
# Whole given names typical of people born before ~1965 and after ~2000.
OLDER_NAMES: tuple[tuple[str, str], ...] = (
    ("建国", "male"),
    ("建华", "male"),
    ("国庆", "male"),
    ("卫东", "male"),
    ("志刚", "male"),
    ("振华", "male"),
    ("德明", "male"),
    ("春生", "male"),
    ("国平", "male"),
    ("建军", "male"),
    ("胜利", "male"),
    ("永祥", "male"),
    ("新民", "male"),
    ("光明", "male"),
    ("跃进", "male"),
    ("红梅", "female"),
    ("秀英", "female"),
    ("桂兰", "female"),
    ("淑珍", "female"),
    ("玉兰", "female"),
    ("秀兰", "female"),
    ("桂英", "female"),
    ("凤英", "female"),
    ("丽华", "female"),
    ("美华", "female"),
    ("秀珍", "female"),
    ("淑芬", "female"),
)
YOUNGER_NAMES: tuple[tuple[str, str], ...] = (
    ("子轩", "male"),
    ("浩然", "male"),
    ("宇轩", "male"),
    ("思远", "male"),
    ("子墨", "male"),
    ("沐辰", "male"),
    ("俊熙", "male"),
    ("一鸣", "male"),
    ("皓轩", "male"),
    ("博文", "male"),
    ("梓豪", "male"),
    ("明哲", "male"),
    ("天佑", "male"),
    ("奕辰", "male"),
    ("景行", "male"),
    ("梓涵", "female"),
    ("一诺", "female"),
    ("欣怡", "female"),
    ("雨桐", "female"),
    ("诗涵", "female"),
    ("梓萱", "female"),
    ("语桐", "female"),
    ("可馨", "female"),
    ("思琪", "female"),
    ("佳怡", "female"),
    ("若汐", "female"),
    ("雨欣", "female"),
    ("心怡", "female"),
    ("紫涵", "female"),
    ("安琪", "female"),
)


class _Weighted:
    """Draw from a weighted table with one random() and a bisect (faster than Random.choices)."""

    __slots__ = ("cum", "items", "total")

    def __init__(self, table: tuple[tuple[str, float], ...]) -> None:
        self.items = [item for item, _ in table]
        self.cum = list(accumulate(weight for _, weight in table))
        self.total = self.cum[-1]

    def draw(self, rng: random.Random) -> str:
        return self.items[bisect(self.cum, rng.random() * self.total)]


_SURNAMES = _Weighted(SURNAMES)
_POOLS = {
    "male": _Weighted(MALE_CHARS + NEUTRAL_CHARS),
    "female": _Weighted(FEMALE_CHARS + NEUTRAL_CHARS),
}
_ERA_NAMES = {
    ("older", gender): [n for n, g in OLDER_NAMES if g == gender] for gender in ("male", "female")
} | {
    ("younger", gender): [n for n, g in YOUNGER_NAMES if g == gender]
    for gender in ("male", "female")
}


# Pinyin of surnames and given names seen so far (a few ten thousand entries at province scale).
_KEYS: dict[str, tuple[str, str]] = {}


class NameGenerator:
    """Deterministic name source: all randomness comes from the `rng` passed in."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.random = rng.random
        self.choice = chooser(rng)

    def given_name(self, gender: str, birth_year: int) -> str:
        """One or two characters; era-typical whole names for the old and the young."""
        random = self.random
        roll = random()
        if birth_year < 1965 and roll < 0.3:
            return self.choice(_ERA_NAMES[("older", gender)])  # type: ignore[no-any-return]
        if birth_year >= 1998 and roll < 0.25:
            return self.choice(_ERA_NAMES[("younger", gender)])  # type: ignore[no-any-return]
        pool = _POOLS[gender]
        items, cum, total = pool.items, pool.cum, pool.total  # pool.draw(rng), inlined
        single_share = 0.3 if birth_year < 1975 else 0.12
        if random() < single_share:
            return items[bisect(cum, random() * total)]
        return items[bisect(cum, random() * total)] + items[bisect(cum, random() * total)]

    def person_name(self, gender: str, birth_year: int) -> tuple[str, str, str]:
        """(name, full pinyin, initials) for a person of the given gender and birth year."""
        surname = _SURNAMES.items[bisect(_SURNAMES.cum, self.random() * _SURNAMES.total)]
        given = self.given_name(gender, birth_year)
        s_full, s_init = _KEYS.get(surname) or self._pinyin(surname)
        g_full, g_init = _KEYS.get(given) or self._pinyin(given)
        return surname + given, (s_full + g_full)[:200], (s_init + g_init)[:32]

    def _pinyin(self, text: str) -> tuple[str, str]:
        keys = _KEYS.get(text)
        if keys is None:
            keys = _KEYS[text] = pinyin_keys(text)
        return keys

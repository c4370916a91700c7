"""Enumerations of the governance records (保障激励与考核评议). Grades, bands and term lengths are
not enumerations here: they live in data/governance-rules.yaml."""

from __future__ import annotations

from django.db import models


class FundingSource(models.TextChoices):
    PARTY_FEE = "party_fee", "党费下拨"
    BUDGET = "budget", "行政经费"
    SPECIAL = "special", "专项经费"
    OTHER = "other", "其他"


class CareKind(models.TextChoices):
    VISIT = "visit", "走访慰问"
    HARDSHIP = "hardship", "困难帮扶"
    CARE_FUND = "care_fund", "关爱基金资助"
    POLITICAL = "political", "政治关怀"
    OTHER = "other", "其他"


class CommendationKind(models.TextChoices):
    ORG = "org", "先进基层党组织"
    MEMBER = "member", "优秀共产党员"
    WORKER = "worker", "优秀党务工作者"
    CASE = "case", "典型案例"
    OTHER = "other", "其他表彰"


class CommendationLevel(models.TextChoices):
    COLLEGE = "college", "院系级"
    UNIVERSITY = "university", "校级"
    PROVINCE = "province", "省级"
    NATIONAL = "national", "国家级"

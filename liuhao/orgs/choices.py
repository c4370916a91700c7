"""Enumerations of the org tree and people (DESIGN §2; glossary in docs/glossary.md)."""

from __future__ import annotations

from django.db import models


class OrgKind(models.TextChoices):
    UNIVERSITY_COMMITTEE = "university_committee", "高校党委"
    COLLEGE_COMMITTEE = "college_committee", "院系党委"
    GENERAL_BRANCH = "general_branch", "党总支"
    BRANCH = "branch", "党支部"
    GROUP = "group", "党小组"


# Which kinds may sit directly under which (the university committee is always a root).
ALLOWED_CHILDREN: dict[str, frozenset[str]] = {
    OrgKind.UNIVERSITY_COMMITTEE: frozenset(
        {OrgKind.COLLEGE_COMMITTEE, OrgKind.GENERAL_BRANCH, OrgKind.BRANCH}
    ),
    OrgKind.COLLEGE_COMMITTEE: frozenset({OrgKind.GENERAL_BRANCH, OrgKind.BRANCH}),
    OrgKind.GENERAL_BRANCH: frozenset({OrgKind.BRANCH}),
    OrgKind.BRANCH: frozenset({OrgKind.GROUP}),
    OrgKind.GROUP: frozenset(),
}


class BranchType(models.TextChoices):
    TEACHER = "teacher", "教工党支部"
    UNDERGRADUATE = "undergraduate", "本科生党支部"
    GRADUATE = "graduate", "研究生党支部"
    JOINT = "joint", "师生联合党支部"
    RETIRED = "retired", "离退休党支部"
    ADMIN = "admin", "机关党支部"
    RESEARCH_TEAM = "research_team", "科研团队党支部"
    PROJECT_TEAM = "project_team", "项目团队党支部"
    DORM_COMMUNITY = "dorm_community", "公寓社区党支部"


class PersonCategory(models.TextChoices):
    TEACHER = "teacher", "教师"
    STUDENT = "student", "学生"
    STAFF = "staff", "职工"
    RETIRED = "retired", "离退休"


class Gender(models.TextChoices):
    MALE = "male", "男"
    FEMALE = "female", "女"


class MembershipStage(models.TextChoices):
    """Stages of the development pipeline (DOMAIN-RULES §3). Only FULL counts toward thresholds."""

    APPLICANT = "applicant", "入党申请人"
    ACTIVIST = "activist", "入党积极分子"
    CANDIDATE = "candidate", "发展对象"
    PROBATIONARY = "probationary", "预备党员"
    FULL = "full", "正式党员"


# The date field that records entry into each stage, in pipeline order.
STAGE_DATE_FIELDS: dict[str, str] = {
    MembershipStage.APPLICANT: "applied_on",
    MembershipStage.ACTIVIST: "activist_on",
    MembershipStage.CANDIDATE: "candidate_on",
    MembershipStage.PROBATIONARY: "admitted_on",
    MembershipStage.FULL: "full_on",
}


class MembershipEndReason(models.TextChoices):
    TRANSFERRED = "transferred", "组织关系转出"
    GRADUATED = "graduated", "毕业离校"
    DECEASED = "deceased", "去世"
    WITHDRAWN = "withdrawn", "退党或除名"
    OTHER = "other", "其他"


class PositionKind(models.TextChoices):
    SECRETARY = "secretary", "书记"
    DEPUTY_SECRETARY = "deputy_secretary", "副书记"
    COMMITTEE_MEMBER = "committee_member", "委员"
    FULLTIME_WORKER = "fulltime_worker", "专职党务工作者"
    PARTTIME_WORKER = "parttime_worker", "兼职党务工作者"
    REPRESENTATIVE = "representative", "党代表"
    GROUP_LEADER = "group_leader", "党小组长"


LEADERSHIP_KINDS = frozenset(
    {PositionKind.SECRETARY, PositionKind.DEPUTY_SECRETARY, PositionKind.COMMITTEE_MEMBER}
)


class CommitteeDuty(models.TextChoices):
    ORGANIZATION = "organization", "组织委员"
    PROPAGANDA = "propaganda", "宣传委员"
    DISCIPLINE = "discipline", "纪检委员"
    YOUTH = "youth", "青年委员"
    WELFARE = "welfare", "统战/群工委员"
    OTHER = "other", "其他委员"

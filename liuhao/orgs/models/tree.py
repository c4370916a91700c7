"""The Party organization tree (党组织) with a materialized path."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q

from liuhao.core.models import BaseModel
from liuhao.orgs.choices import BranchType, OrgKind

PATH_SEGMENT = 8  # zero-padded decimal digits per level: works identically in every collation


def path_segment(pk: int) -> str:
    return str(pk).zfill(PATH_SEGMENT)


def path_upper_bound(path: str) -> str:
    """The smallest path greater than every descendant of `path` (digits only, so +1 works)."""
    return str(int(path) + 1).zfill(len(path))


def subtree_q(path: str, field: str = "path") -> Q:
    """Rows whose `field` lies in the subtree rooted at `path` (inclusive): an indexed range scan."""
    return Q(**{f"{field}__gte": path, f"{field}__lt": path_upper_bound(path)})


class OrganizationQuerySet(models.QuerySet["Organization"]):
    def active(self) -> OrganizationQuerySet:
        return self.filter(dissolved_on__isnull=True)

    def subtree_of(self, org: Organization, include_self: bool = True) -> OrganizationQuerySet:
        qs = self.filter(subtree_q(org.path))
        return qs if include_self else qs.exclude(pk=org.pk)


class Organization(BaseModel):
    """A grassroots Party organization: 高校党委 → 院系党委/党总支 → 党支部 → 党小组.

    `code` is the stable org code used by imports and integrations. `path` concatenates the
    zero-padded ids from the root (university committee) down to this org and is maintained only by
    `orgs.services.tree`. Dissolved orgs keep their rows and history (`dissolved_on`).
    Every row carries `university` (the root), the future distribution key (DESIGN §2).
    """

    university = models.ForeignKey(
        "self",
        verbose_name="所属高校",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    parent = models.ForeignKey(
        "self",
        verbose_name="上级组织",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    code = models.CharField("组织代码", max_length=32, unique=True)
    name = models.CharField("组织名称", max_length=100)
    kind = models.CharField("组织类别", max_length=24, choices=OrgKind.choices)
    branch_type = models.CharField(
        "支部类型", max_length=24, choices=BranchType.choices, blank=True
    )
    path = models.CharField("路径", max_length=80, unique=True)
    depth = models.PositiveSmallIntegerField("层级", default=0)
    name_pinyin = models.CharField("名称拼音", max_length=400, blank=True, db_index=True)
    name_initials = models.CharField("名称首字母", max_length=100, blank=True, db_index=True)
    unit_count = models.PositiveSmallIntegerField(
        "覆盖单位数", default=1, help_text="联合党支部覆盖的单位数量"
    )
    established_on = models.DateField("成立日期", null=True, blank=True)
    dissolved_on = models.DateField("撤销日期", null=True, blank=True)
    dissolve_reason = models.CharField("撤销原因", max_length=200, blank=True)

    objects = OrganizationQuerySet.as_manager()

    class Meta:
        verbose_name = "党组织"
        verbose_name_plural = "党组织"
        ordering = ["path"]
        indexes = [models.Index(fields=["university", "kind"], name="org_univ_kind")]
        constraints = [
            models.CheckConstraint(
                condition=Q(branch_type="") | Q(kind=OrgKind.BRANCH),
                name="org_branch_type_only_on_branch",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_active(self) -> bool:
        return self.dissolved_on is None

    @property
    def is_university(self) -> bool:
        return self.kind == OrgKind.UNIVERSITY_COMMITTEE

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == OrgKind.BRANCH and not self.branch_type:
            errors["branch_type"] = "党支部必须选择支部类型"
        if self.kind != OrgKind.BRANCH and self.branch_type:
            errors["branch_type"] = "只有党支部才有支部类型"
        if self.kind == OrgKind.UNIVERSITY_COMMITTEE and self.parent_id:
            errors["parent"] = "高校党委是顶层组织，不能有上级组织"
        if self.kind != OrgKind.UNIVERSITY_COMMITTEE and not self.parent_id:
            errors["parent"] = "请选择上级组织"
        if self.dissolved_on and self.established_on and self.dissolved_on < self.established_on:
            errors["dissolved_on"] = "撤销日期不能早于成立日期"
        if errors:
            raise ValidationError(errors)

"""factory_boy factories for the orgs app. Orgs are created through the real path logic."""

from __future__ import annotations

import datetime as dt
from typing import Any

import factory
from factory.django import DjangoModelFactory

from liuhao.accounts.models import User
from liuhao.orgs.choices import MembershipStage, OrgKind, PersonCategory
from liuhao.orgs.models import (
    Membership,
    Organization,
    Person,
    Position,
    RoleAssignment,
    path_segment,
)
from liuhao.orgs.pinyin import pinyin_keys


class UserFactory(DjangoModelFactory[User]):
    class Meta:
        model = User
        django_get_or_create = ("username",)

    username = factory.Sequence(lambda n: f"user{n}")
    display_name = factory.LazyAttribute(lambda o: o.username)
    password = factory.django.Password("pass-word-123")


class OrganizationFactory(DjangoModelFactory[Organization]):
    class Meta:
        model = Organization

    code = factory.Sequence(lambda n: f"ORG{n:05d}")
    name = factory.Sequence(lambda n: f"测试党组织{n}")
    kind = OrgKind.BRANCH
    branch_type = factory.LazyAttribute(lambda o: "teacher" if o.kind == OrgKind.BRANCH else "")
    parent = None
    path = factory.Sequence(lambda n: f"tmp{n}")

    @classmethod
    def _create(cls, model_class: type[Organization], *args: Any, **kwargs: Any) -> Organization:
        parent = kwargs.get("parent")
        if parent is None and kwargs.get("kind") == OrgKind.BRANCH:
            raise ValueError("a branch needs a parent")
        org = model_class(*args, **kwargs)
        org.name_pinyin, org.name_initials = pinyin_keys(org.name)
        org.save()
        org.path = (parent.path if parent else "") + path_segment(org.pk)
        org.depth = (parent.depth + 1) if parent else 0
        org.university_id = parent.university_id if parent else org.pk
        org.save(update_fields=["path", "depth", "university"])
        return org


class PersonFactory(DjangoModelFactory[Person]):
    class Meta:
        model = Person
        skip_postgeneration_save = True

    university = factory.LazyAttribute(lambda o: o.unit.university if o.unit else None)
    unit = None
    number = factory.Sequence(lambda n: f"T{n:07d}")
    name = factory.Sequence(lambda n: f"张{'一二三四五六七八九十'[n % 10]}{n}")
    category = PersonCategory.TEACHER

    @factory.post_generation
    def _pinyin(obj: Person, create: bool, extracted: Any, **kwargs: Any) -> None:
        obj.name_pinyin, obj.name_initials = pinyin_keys(obj.name)
        if create:
            obj.save(update_fields=["name_pinyin", "name_initials"])


class MembershipFactory(DjangoModelFactory[Membership]):
    class Meta:
        model = Membership

    person = factory.SubFactory(PersonFactory)
    org = None
    university = factory.LazyAttribute(lambda o: o.org.university)
    stage = MembershipStage.FULL
    applied_on = dt.date(2015, 3, 1)
    activist_on = dt.date(2015, 9, 1)
    candidate_on = dt.date(2016, 9, 1)
    admitted_on = dt.date(2016, 12, 1)
    full_on = dt.date(2017, 12, 1)


class PositionFactory(DjangoModelFactory[Position]):
    class Meta:
        model = Position

    person = factory.SubFactory(PersonFactory)
    org = None
    university = factory.LazyAttribute(lambda o: o.org.university)
    kind = "secretary"
    started_on = dt.date(2024, 1, 1)


class RoleAssignmentFactory(DjangoModelFactory[RoleAssignment]):
    class Meta:
        model = RoleAssignment

    user = factory.SubFactory(UserFactory)
    role = "org_secretary"
    org = None
    recursive = True

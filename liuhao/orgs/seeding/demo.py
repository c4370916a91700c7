"""Demo log-ins: one user per role on the first university, linked to a fitting person.

Idempotent: users are found by username, role assignments by (user, role, org); running again
changes nothing and returns the same log-ins. Used by `liuhao demo` (called by `make run`).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction

from liuhao.accounts.models import User
from liuhao.core.roles import Role
from liuhao.orgs.choices import CommitteeDuty, MembershipStage, OrgKind, PositionKind
from liuhao.orgs.models import Membership, Organization, Person, Position, RoleAssignment, subtree_q

DEMO_PASSWORD = "liuhao-demo"  # noqa: S105 - printed on purpose: demo data on a developer machine


@dataclass(frozen=True, slots=True)
class DemoLogin:
    """One printed log-in: role label, credentials, scope and the person it acts as."""

    role: str
    role_label: str
    username: str
    password: str
    scope: str
    person: str


@dataclass(frozen=True, slots=True)
class _Choice:
    username: str
    role: str
    org: Organization | None
    recursive: bool
    person: Person | None


def demo_logins_ensure() -> list[DemoLogin]:
    """Create (or find) the demo users of every role and return their log-ins, province first.

    Scopes: province admin → all; university admin → the first university; org secretary → its
    first college committee with a secretary (as that secretary); committee member → a branch of that
    college with a committee (as its organisation member); party member → a full member of that
    branch (non-recursive); reviewer → the college.
    """
    university = (
        Organization.objects.filter(kind=OrgKind.UNIVERSITY_COMMITTEE).order_by("code").first()
    )
    if university is None:
        return []
    with transaction.atomic():
        logins = []
        for choice in _choices(university):
            user = _user(choice)
            _grant(user, choice)
            _link(user, choice.person)
            logins.append(
                DemoLogin(
                    role=choice.role,
                    role_label=Role(choice.role).label,
                    username=choice.username,
                    password=DEMO_PASSWORD,
                    scope=choice.org.name if choice.org else "全省",
                    person=str(choice.person) if choice.person else "",
                )
            )
    return logins


def _holder(org: Organization, kind: str, taken: set[int], duty: str = "") -> Person | None:
    """The first current holder of a post in `org` who is not already a demo user's person."""
    positions = Position.objects.filter(org=org, kind=kind, ended_on__isnull=True).exclude(
        person__in=taken
    )
    if duty:
        positions = positions.filter(duty=duty)
    position = positions.select_related("person").order_by("pk").first()
    if position is None:
        return None
    taken.add(position.person_id)
    return position.person


def _choices(university: Organization) -> list[_Choice]:
    colleges = Organization.objects.filter(
        university=university, kind=OrgKind.COLLEGE_COMMITTEE, dissolved_on__isnull=True
    ).order_by("code")
    college = (
        colleges.filter(positions__kind=PositionKind.SECRETARY).first()
        or colleges.first()
        or university
    )
    branches = Organization.objects.filter(
        subtree_q(college.path), kind=OrgKind.BRANCH, dissolved_on__isnull=True
    ).order_by("code")
    branch = (
        branches.filter(
            positions__kind=PositionKind.COMMITTEE_MEMBER,
            positions__duty=CommitteeDuty.ORGANIZATION,
        ).first()
        or branches.first()
    )
    taken: set[int] = set()
    univ_person = _holder(university, PositionKind.FULLTIME_WORKER, taken)
    secretary = _holder(college, PositionKind.SECRETARY, taken)
    committee = (
        _holder(branch, PositionKind.COMMITTEE_MEMBER, taken, CommitteeDuty.ORGANIZATION)
        if branch
        else None
    )
    member = None
    if branch is not None:
        membership = (
            Membership.objects.filter(org=branch, stage=MembershipStage.FULL, ended_on__isnull=True)
            .exclude(person__positions__org=branch)
            .exclude(person__in=taken)
            .select_related("person")
            .order_by("pk")
            .first()
        )
        member = membership.person if membership else None
    return [
        _Choice("province", Role.PROVINCE_ADMIN, None, True, None),
        _Choice("univ", Role.UNIVERSITY_ADMIN, university, True, univ_person),
        _Choice("secretary", Role.ORG_SECRETARY, college, True, secretary),
        _Choice("committee", Role.COMMITTEE_MEMBER, branch or college, True, committee),
        _Choice("member", Role.PARTY_MEMBER, branch or college, False, member),
        _Choice("reviewer", Role.REVIEWER, college, True, None),
    ]


def _user(choice: _Choice) -> User:
    label = Role(choice.role).label
    display = f"{choice.person.name}（演示·{label}）" if choice.person else f"演示·{label}"
    user, created = User.objects.get_or_create(
        username=choice.username, defaults={"display_name": display}
    )
    if created or not user.check_password(DEMO_PASSWORD):
        user.set_password(DEMO_PASSWORD)
        user.is_active = True
        user.save(update_fields=["password", "is_active"])
    if user.display_name != display:
        user.display_name = display
        user.save(update_fields=["display_name"])
    return user


def _grant(user: User, choice: _Choice) -> None:
    assignment, _ = RoleAssignment.objects.get_or_create(
        user=user, role=choice.role, org=choice.org, defaults={"recursive": choice.recursive}
    )
    if assignment.recursive != choice.recursive:
        assignment.recursive = choice.recursive
        assignment.save(update_fields=["recursive"])
    # The printed scope is the only one: drop assignments left from an earlier data set.
    RoleAssignment.objects.filter(user=user).exclude(pk=assignment.pk).delete()


def _link(user: User, person: Person | None) -> None:
    stale = Person.objects.filter(user=user)
    if person is not None:
        stale = stale.exclude(pk=person.pk)
    stale.update(user=None)
    if person is not None and person.user_id != user.pk:
        person.user = user
        person.save(update_fields=["user"])

"""Visibility: the single source of truth for what an actor may see (CONVENTIONS B5).

An actor's scope is the union of the subtrees of its role assignments (or everything for a province
admin). Lists filter with `scope.q(field)`, an OR of indexed path ranges; detail lookups go through
`get_visible_or_404`, so objects outside scope answer 404 rather than 403 (no existence leak).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Exists, OuterRef, Q, QuerySet

from liuhao.core.exceptions import NotFound
from liuhao.core.roles import Role, role_can
from liuhao.orgs.models import Membership, Organization, Person, RoleAssignment, subtree_q
from liuhao.orgs.models.tree import path_upper_bound


@dataclass(frozen=True, slots=True)
class Grant:
    role: str
    path: str | None  # None: the whole province
    recursive: bool
    org_id: int | None
    university_id: int | None = None

    def covers(self, path: str) -> bool:
        if self.path is None:
            return True
        if not self.recursive:
            return path == self.path
        return self.path <= path < path_upper_bound(self.path)


@dataclass(frozen=True, slots=True)
class Scope:
    """What one actor may see and do; built once per request."""

    user_id: int | None
    grants: tuple[Grant, ...] = field(default_factory=tuple)
    person_id: int | None = None

    @property
    def is_province(self) -> bool:
        return any(g.path is None for g in self.grants)

    @property
    def roles(self) -> frozenset[str]:
        return frozenset(g.role for g in self.grants)

    def q(self, field: str = "path") -> Q:
        """A filter on an org-path field: the rows inside the actor's subtrees."""
        if self.is_province:
            return Q()
        query = Q(pk__in=[])
        for grant in self.grants:
            assert grant.path is not None
            if grant.recursive:
                query |= subtree_q(grant.path, field)
            else:
                query |= Q(**{field: grant.path})
        return query

    def covers(self, path: str) -> bool:
        return any(g.covers(path) for g in self.grants)

    def can(self, capability: str, org: Organization | None = None) -> bool:
        """Whether some grant covering `org` (or any grant, if None) carries `capability`."""
        return any(
            role_can(g.role, capability) and (org is None or g.covers(org.path))
            for g in self.grants
        )

    def university_ids(self) -> list[int] | None:
        """Universities that hold some org in scope; None means all (province)."""
        if self.is_province:
            return None
        return sorted({g.university_id for g in self.grants if g.university_id})


def scope_for(actor: Any) -> Scope:
    """Build (and cache on the user object) the actor's scope from its role assignments."""
    if actor is None or not getattr(actor, "is_authenticated", False):
        return Scope(user_id=None)
    cached = getattr(actor, "_liuhao_scope", None)
    if cached is not None:
        return cached  # type: ignore[no-any-return]
    rows = RoleAssignment.objects.filter(user=actor).select_related("org")
    grants = []
    for ra in rows:
        if ra.role == Role.PROVINCE_ADMIN:
            grants.append(Grant(ra.role, None, True, None))
        elif ra.org is not None:
            grants.append(
                Grant(ra.role, ra.org.path, ra.recursive, ra.org_id, ra.org.university_id)
            )
    person_id = Person.objects.filter(user=actor).values_list("pk", flat=True).first()
    scope = Scope(user_id=actor.pk, grants=tuple(grants), person_id=person_id)
    actor._liuhao_scope = scope
    return scope


def visible_orgs(actor: Any) -> QuerySet[Organization]:
    return Organization.objects.filter(scope_for(actor).q("path"))


def visible_persons(actor: Any) -> QuerySet[Person]:
    """Persons whose unit, or whose open membership or position, lies in the actor's subtrees.

    A party member who holds no broader role sees only themself.
    """
    scope = scope_for(actor)
    if scope.is_province:
        return Person.objects.all()
    q = Q(pk__in=[])
    if scope.person_id:
        q |= Q(pk=scope.person_id)
    people_grants = Scope(
        user_id=scope.user_id,
        grants=tuple(g for g in scope.grants if role_can(g.role, "view_people")),
    )
    if people_grants.grants:
        in_scope_membership = Membership.objects.filter(
            people_grants.q("org__path"), person=OuterRef("pk"), ended_on__isnull=True
        )
        # Narrowing to the grants' universities never drops a visible person (a person's unit and
        # memberships lie in the person's university, enforced by the services) and lets the list
        # query use the (university, number) index instead of scanning the province's persons.
        q |= Q(university_id__in=people_grants.university_ids() or []) & (
            people_grants.q("unit__path") | Q(Exists(in_scope_membership))
        )
    return Person.objects.filter(q)


def get_visible_or_404(qs: QuerySet[Any], **lookup: Any) -> Any:
    """Fetch one object from an already-scoped queryset, or raise NotFound with a Chinese message."""
    obj = qs.filter(**lookup).first()
    if obj is None:
        raise NotFound("未找到该对象，或您无权查看")
    return obj


def orgs_covering(paths: Iterable[str]) -> list[str]:
    """All ancestor paths (inclusive) of the given paths — used for breadcrumbs in one query."""
    from liuhao.orgs.models.tree import PATH_SEGMENT

    out: set[str] = set()
    for path in paths:
        for end in range(PATH_SEGMENT, len(path) + 1, PATH_SEGMENT):
            out.add(path[:end])
    return sorted(out)

"""Who may do what in the demonstration-site cycle (issue 7 item 3; CONVENTIONS B3).

- the province officer (省委教育工委, role province_admin) opens cycles, assigns experts, decides,
  publishes the notice, records objections, names sites and confirms re-checks;
- a university officer (高校党委组织部: university_admin assigned on the university committee)
  recommends and ranks its university's applications (the province may too);
- an org applies through anyone who may start its assessment (Capability.ASSESS over the org);
- an expert (评审专家, role reviewer) scores only the applications assigned to them.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Q

from liuhao.core.roles import Capability, Role
from liuhao.orgs.models import Organization, Person, RoleAssignment
from liuhao.orgs.selectors.scope import scope_for


def is_province_officer(actor: Any) -> bool:
    return scope_for(actor).is_province


def officer_universities(actor: Any) -> frozenset[int] | None:
    """Universities whose recommendations the actor makes; None means every one (province)."""
    scope = scope_for(actor)
    if scope.is_province:
        return None
    return frozenset(
        g.org_id
        for g in scope.grants
        if g.role == Role.UNIVERSITY_ADMIN and g.org_id is not None and g.org_id == g.university_id
    )


def can_recommend(actor: Any, university_id: int) -> bool:
    universities = officer_universities(actor)
    return universities is None or university_id in universities


def can_apply(actor: Any, org: Organization) -> bool:
    return scope_for(actor).can(Capability.ASSESS, org)


def is_expert(user_id: int) -> bool:
    return RoleAssignment.objects.filter(user_id=user_id, role=Role.REVIEWER).exists()


def expert_universities(user_ids: Iterable[int]) -> dict[int, set[int]]:
    """The universities each expert belongs to (their role assignments' and their person's), in two
    queries for any number of experts: the conflict-of-interest rule excludes these."""
    ids = list(user_ids)
    out: dict[int, set[int]] = {i: set() for i in ids}
    rows = RoleAssignment.objects.filter(user_id__in=ids, org__isnull=False).values_list(
        "user_id", "org_id", "org__university_id"
    )
    for user_id, org_id, university_id in rows:
        out[user_id].add(university_id or org_id)
    people = Person.objects.filter(Q(user_id__in=ids)).values_list("user_id", "university_id")
    for user_id, university_id in people:
        if university_id:
            out[user_id].add(university_id)
    return out

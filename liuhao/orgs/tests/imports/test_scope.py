"""Who may import where: Capability.IMPORT on the target university (issue 2, items 5 and 8)."""

from __future__ import annotations

import pytest

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.orgs.imports import import_universities, import_workbook
from liuhao.orgs.models import Person
from liuhao.orgs.tests.imports.conftest import PERSON_HEADER, commit, make_xlsx, stored_counts

ROSTER = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师"]]})


@pytest.mark.parametrize(
    "who", ["org_secretary", "committee_member", "party_member", "reviewer", "outsider"]
)
def test_roles_without_import_capability_are_refused(tree, actors, who):
    before = stored_counts()
    for dry in (True, False):
        with pytest.raises(NotPermitted) as exc:
            import_workbook(
                actor=getattr(actors, who), university=tree.university, source=ROSTER, dry_run=dry
            )
        assert "无权" in exc.value.message
    assert stored_counts() == before
    assert not import_universities(getattr(actors, who)).exists()


def test_university_admin_cannot_import_into_another_university(tree, actors):
    with pytest.raises(NotPermitted):
        import_workbook(
            actor=actors.university_admin, university=tree.other_university, source=ROSTER
        )
    assert list(import_universities(actors.university_admin)) == [tree.university]


def test_target_must_be_a_university(tree, actors):
    with pytest.raises(ValidationFailed, match="高校"):
        import_workbook(actor=actors.province_admin, university=tree.college, source=ROSTER)


def test_province_admin_imports_into_the_chosen_university(tree, actors):
    assert set(import_universities(actors.province_admin)) == {
        tree.university,
        tree.other_university,
    }
    commit(actors.province_admin, tree.other_university, ROSTER)
    person = Person.objects.get(number="T1")
    assert person.university_id == tree.other_university.pk
    event = AuditEvent.objects.get(target_type="orgs.person")
    assert event.actor == actors.province_admin and event.university_id == tree.other_university.pk
    assert event.actor_name == "province"


def test_same_number_in_two_universities_are_two_persons(tree, actors):
    commit(actors.province_admin, tree.other_university, ROSTER)
    commit(actors.university_admin, tree.university, ROSTER)
    assert Person.objects.filter(number="T1").count() == 2


def test_codes_of_other_universities_are_unknown_even_to_a_province_admin(tree, actors):
    data = make_xlsx({"人员": [PERSON_HEADER, ["T1", "张三", "教师", "", None, "U002-C01"]]})
    report = import_workbook(actor=actors.province_admin, university=tree.university, source=data)
    assert "不存在，或不在您的管理范围内" in str(report.issues.items[0])


def test_system_import_needs_no_actor(tree):
    report = import_workbook(
        actor=None, university=tree.university, source=ROSTER, dry_run=False, system=True
    )
    assert report.committed
    event = AuditEvent.objects.get(verb="create")
    assert event.actor is None and event.actor_name == ""

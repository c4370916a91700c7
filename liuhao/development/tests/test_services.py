"""Services of development cases: create, advance, stage sync to the membership, refusals naming
the field, the rule set's refuse/record choice, permissions and audit (Criterion C06.1)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.development.models import DevelopmentCase
from liuhao.development.rules import DATA
from liuhao.development.selectors import violations_of
from liuhao.development.services import case_create, case_delete, case_update
from liuhao.development.tests.conftest import full_case, until
from liuhao.orgs.models import Membership

pytestmark = pytest.mark.django_db


def fields_of(exc: pytest.ExceptionInfo[ValidationFailed]) -> set[str]:
    return set(exc.value.extra["fields"])


def test_create_derives_the_stage_and_opens_the_membership(tree, dev, actors):
    data = until(full_case(dev), "contact_2")
    case = case_create(actor=actors.committee_member, org=tree.branch, data=data)
    assert case.stage == "activist" and case.entered_at is not None
    m = Membership.objects.get(person=dev.applicant, ended_on__isnull=True)
    assert (m.org, m.stage, m.applied_on, m.activist_on) == (
        tree.branch,
        "activist",
        dt.date(2023, 3, 1),
        dt.date(2023, 9, 1),
    )
    assert AuditEvent.objects.filter(
        target_type="development.developmentcase", verb="create"
    ).exists()


def test_advancing_updates_case_and_membership_once(tree, dev, actors):
    data = full_case(dev)
    case = case_create(
        actor=actors.committee_member, org=tree.branch, data=until(data, "contact_2")
    )
    rest = {k: v for k, v in data.items() if k not in until(data, "contact_2")}
    case = case_update(actor=actors.committee_member, case=case, data=rest)
    assert case.stage == "full"
    m = Membership.objects.get(person=dev.applicant, ended_on__isnull=True)
    assert (m.stage, m.admitted_on, m.full_on) == (
        "full",
        dt.date(2024, 11, 1),
        dt.date(2025, 11, 5),
    )
    assert violations_of([case], dt.date(2025, 11, 20))[case.pk] == []
    audit = AuditEvent.objects.filter(
        target_type="development.developmentcase", verb="update"
    ).get()
    assert audit.changes["stage"] == ["activist", "full"]


@pytest.mark.parametrize(
    ("over", "field"),
    [
        ({"vote_yes": 11}, "vote_yes"),  # more yes-votes than entitled
        ({"vote_present": 11}, "vote_present"),  # present above entitled
        ({"vote_present": 5, "vote_yes": 6}, "vote_yes"),  # yes above present
        ({"vote_present": None}, "vote_present"),  # counts go together
        ({"notice_end": dt.date(2024, 10, 1)}, "notice_end"),  # end before start
        ({"candidate_on": dt.date(2023, 1, 1)}, "candidate_on"),  # before activist
        ({"applied_on": dt.date(2099, 1, 1)}, "applied_on"),  # future
        ({"training_days": 61}, "training_days"),  # out of range
        ({"introducer_1": None, "introducer_2": None, "contact_1": "outsider"}, "contact_1"),
    ],
)
def test_bad_input_is_refused_naming_the_field(tree, dev, actors, over, field):
    if over.get("contact_1") == "outsider":
        from liuhao.orgs.tests.factories import PersonFactory

        over["contact_1"] = PersonFactory(university=tree.university, unit=tree.college)
    with pytest.raises(ValidationFailed) as exc:
        case_create(actor=actors.committee_member, org=tree.branch, data=full_case(dev, **over))
    assert field in fields_of(exc)
    assert not DevelopmentCase.objects.exists()
    assert not Membership.objects.filter(person=dev.applicant).exists()


def test_under_eighteen_is_refused_by_the_rule_set(tree, dev, actors):
    with pytest.raises(ValidationFailed) as exc:
        case_create(
            actor=actors.committee_member,
            org=tree.branch,
            data={"person": dev.young, "applied_on": dt.date(2025, 1, 1)},
        )
    assert fields_of(exc) == {"applied_on"} and "18" in exc.value.message


def test_short_cultivation_is_recorded_by_default(tree, dev, actors):
    data = full_case(dev, candidate_on=dt.date(2024, 6, 1))
    case = case_create(actor=actors.committee_member, org=tree.branch, data=data)
    found = violations_of([case], dt.date(2025, 11, 20))[case.pk]
    assert [v.rule for v in found] == ["candidate_after_activist"]
    assert "不满1年" in found[0].text


def test_short_cultivation_is_refused_when_the_rule_set_says_refuse(
    tree, dev, actors, tmp_path: Path, monkeypatch
):
    text = (DATA / "rules-2014.yaml").read_text(encoding="utf-8")
    strict = text.replace(
        "  candidate_after_activist:   # rule 17: 发展对象 after at least one year as 积极分子\n"
        "    min_years: 1\n    on_violation: record",
        "  candidate_after_activist:\n    min_years: 1\n    on_violation: refuse",
    )
    assert strict != text
    path = tmp_path / "rules-2014.yaml"
    path.write_text(strict, encoding="utf-8")
    monkeypatch.setenv("LIUHAO_DEVELOPMENT_RULES_2014", str(path))
    with pytest.raises(ValidationFailed) as exc:
        case_create(
            actor=actors.committee_member,
            org=tree.branch,
            data=full_case(dev, candidate_on=dt.date(2024, 6, 1)),
        )
    assert fields_of(exc) == {"candidate_on"}
    assert not DevelopmentCase.objects.exists()


def test_one_case_per_person_and_branch_only(tree, dev, actors):
    case_create(
        actor=actors.committee_member, org=tree.branch, data=until(full_case(dev), "applied_on")
    )
    with pytest.raises(ValidationFailed) as exc:
        case_create(
            actor=actors.committee_member, org=tree.branch, data=until(full_case(dev), "applied_on")
        )
    assert fields_of(exc) == {"person"}
    with pytest.raises(ValidationFailed):
        case_create(
            actor=actors.university_admin,
            org=tree.college,
            data=until(full_case(dev), "applied_on"),
        )


@pytest.mark.parametrize("who", ["party_member", "reviewer", "outsider"])
def test_roles_without_the_right_are_refused(tree, dev, actors, who):
    with pytest.raises(NotPermitted):
        case_create(
            actor=getattr(actors, who), org=tree.branch, data=until(full_case(dev), "applied_on")
        )


def test_committee_member_of_another_branch_cannot_record(tree, dev, actors):
    with pytest.raises(NotPermitted):
        case_create(
            actor=actors.committee_member,
            org=tree.other_branch,
            data=until(full_case(dev), "applied_on"),
        )


def test_delete_is_audited(tree, dev, actors):
    case = case_create(
        actor=actors.org_secretary, org=tree.branch, data=until(full_case(dev), "applied_on")
    )
    case_delete(actor=actors.org_secretary, case=case)
    assert not DevelopmentCase.objects.exists()
    assert AuditEvent.objects.filter(
        target_type="development.developmentcase", verb="delete"
    ).exists()


def test_a_case_never_demotes_a_member(tree, dev, actors):
    from liuhao.orgs.tests.factories import MembershipFactory

    MembershipFactory(person=dev.applicant, org=tree.branch)  # a full member already
    with pytest.raises(ValidationFailed) as exc:
        case_create(
            actor=actors.committee_member,
            org=tree.branch,
            data=until(full_case(dev), "applied_on"),
        )
    assert fields_of(exc) == {"activist_on"} and "正式党员" in exc.value.message
    assert Membership.objects.get(person=dev.applicant).stage == "full"
    assert not DevelopmentCase.objects.exists()
    case = case_create(actor=actors.committee_member, org=tree.branch, data=full_case(dev))
    assert Membership.objects.get(person=dev.applicant).full_on == case.full_on

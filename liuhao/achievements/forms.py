"""Forms of the achievements pages (mobile-first, Chinese labels). Forms only parse input; the
services validate the rules and the views map a refusal onto the named field."""

from __future__ import annotations

from typing import Any

from django import forms

from liuhao.achievements.choices import AchievementCategory, OutputKind
from liuhao.achievements.models import Commitment
from liuhao.orgs.forms.base import date_field
from liuhao.orgs.models import Person


def _text(label: str, max_length: int, *, required: bool = False, rows: int = 0) -> forms.CharField:
    widget = forms.Textarea(attrs={"rows": rows}) if rows else forms.TextInput()
    return forms.CharField(label=label, max_length=max_length, required=required, widget=widget)


def _score(label: str) -> forms.IntegerField:
    return forms.IntegerField(
        label=label,
        required=False,
        widget=forms.NumberInput(attrs={"inputmode": "numeric", "class": "score"}),
        error_messages={"invalid": "请输入整数分数"},
    )


class CommitmentForm(forms.Form):
    """One member's commitment of the year, its fulfilment report and 三评 (Criterion C14.2)."""

    person = forms.TypedChoiceField(label="党员", coerce=int, required=True)
    committed_on = date_field("承诺日期", required=True)
    content = _text("承诺事项", 2000, required=True, rows=2)
    fulfilled_on = date_field("践诺报告日期")
    fulfilment = _text("践诺情况", 5000, rows=2)
    evaluated_on = date_field("评议日期")
    leader_score = _score("领导点评得分")
    peer_score = _score("党员互评得分")
    masses_score = _score("群众评议得分")

    def __init__(
        self, *args: Any, people: list[Person], fixed: Person | None = None, **kwargs: Any
    ):
        super().__init__(*args, **kwargs)
        self.people = {p.pk: p for p in people}
        field = self.fields["person"]
        field.choices = [("", "请选择")] + [(p.pk, f"{p.name}（{p.number}）") for p in people]  # type: ignore[attr-defined]
        if fixed is not None:
            field.choices = [(fixed.pk, f"{fixed.name}（{fixed.number}）")]  # type: ignore[attr-defined]
            field.initial = fixed.pk
            field.disabled = True
            self.people = {fixed.pk: fixed}

    def data_for_service(self) -> dict[str, Any]:
        data = {k: v for k, v in self.cleaned_data.items() if k != "person"}
        data["person"] = self.people.get(self.cleaned_data["person"])
        return data


class BulkCommitmentForm(forms.Form):
    """The branch's commitments in one form (DESIGN §8: a secretary records a branch in a minute):
    the common date and commitment text, then per member a tick, an optional own text and the 三评
    scores (fields `m<id>`, `t<id>`, `l<id>`, `p<id>`, `q<id>`)."""

    committed_on = date_field("承诺日期", required=True)
    content = _text("承诺事项（默认）", 2000, required=True, rows=2)
    evaluated_on = date_field("评议日期（填写得分时必填）")

    def __init__(
        self,
        *args: Any,
        roster: list[tuple[Person, Commitment | None]],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.roster = roster
        for person, existing in roster:
            pk = person.pk
            self.fields[f"m{pk}"] = forms.BooleanField(
                label=f"{person.name}（{person.number}）",
                required=False,
                initial=existing is not None or not roster_has_any(roster),
            )
            self.fields[f"t{pk}"] = _text("本人承诺事项", 2000)
            self.fields[f"l{pk}"] = _score("领导点评")
            self.fields[f"p{pk}"] = _score("党员互评")
            self.fields[f"q{pk}"] = _score("群众评议")
            if existing is not None:
                self.fields[f"t{pk}"].initial = existing.content
                self.fields[f"l{pk}"].initial = existing.leader_score
                self.fields[f"p{pk}"].initial = existing.peer_score
                self.fields[f"q{pk}"].initial = existing.masses_score

    def rows(self) -> list[dict[str, Any]]:
        """One service row per ticked member."""
        data = self.cleaned_data
        out = []
        for person, _ in self.roster:
            pk = person.pk
            if not data.get(f"m{pk}"):
                continue
            row: dict[str, Any] = {
                "person": person,
                "committed_on": data["committed_on"],
                "content": data.get(f"t{pk}") or data["content"],
            }
            scores = {
                "leader_score": data.get(f"l{pk}"),
                "peer_score": data.get(f"p{pk}"),
                "masses_score": data.get(f"q{pk}"),
            }
            if any(v is not None for v in scores.values()):  # evaluated: the day is required
                row.update(scores)
                row["evaluated_on"] = data.get("evaluated_on")
            out.append(row)
        return out

    def member_fields(self) -> list[tuple[Person, list[forms.BoundField]]]:
        return [
            (person, [self[f"{prefix}{person.pk}"] for prefix in "mtlpq"])
            for person, _ in self.roster
        ]


def roster_has_any(roster: list[tuple[Person, Commitment | None]]) -> bool:
    return any(existing is not None for _, existing in roster)


class AchievementForm(forms.Form):
    """A work result (Criterion C16.1)."""

    category = forms.ChoiceField(label="成果类别", choices=AchievementCategory.choices)
    title = _text("成果名称", 200, required=True)
    achieved_on = date_field("取得日期", required=True)
    description = _text("成果简介", 5000, rows=3)


class OutputForm(forms.Form):
    """A theory-research or practice-exploration output (Criterion C17.1)."""

    kind = forms.ChoiceField(label="成果类型", choices=OutputKind.choices)
    title = _text("成果名称", 200, required=True)
    published_on = date_field("形成日期", required=True)
    description = _text("简介或出处", 5000, rows=3)


class BrandForm(forms.Form):
    """A named service brand (Criterion C17.1)."""

    name = _text("品牌名称", 100, required=True)
    founded_on = date_field("创立日期", required=True)
    description = _text("品牌简介", 5000, rows=3)
    retired_on = date_field("停用日期")


class BrandEventForm(forms.Form):
    """An entry of a brand's history."""

    happened_on = date_field("日期", required=True)
    summary = _text("事项", 200, required=True)


class RatingForm(forms.Form):
    """A reviewer's score of a review checkpoint (Criteria C16.2, C17.2)."""

    checkpoint_code = forms.ChoiceField(label="考察点")
    period_code = _text("评审学年（如 2025-2026）", 16, required=True)
    score = forms.DecimalField(
        label="评分",
        max_digits=4,
        decimal_places=1,
        error_messages={"invalid": "请输入数字评分"},
        widget=forms.NumberInput(attrs={"step": "0.5", "inputmode": "decimal"}),
    )
    comment = _text("评语", 2000, rows=3)

    def __init__(self, *args: Any, checkpoints: dict[str, str], review_max: float, **kwargs: Any):
        super().__init__(*args, **kwargs)
        self.fields["checkpoint_code"].choices = [  # type: ignore[attr-defined]
            (code, f"{code} {title}") for code, title in checkpoints.items()
        ]
        self.fields["score"].help_text = f"0 到 {review_max:g} 分"

"""sites-rules.yaml loads and its quota rounding is the one stated in the file (issue 7 item 3)."""

from __future__ import annotations

import pytest
import yaml
from pydantic import ValidationError

from liuhao.sites.rules import RULES_FILE, QuotaRule, SitesRules, sites_rules


def test_the_shipped_rules_load():
    rules = sites_rules()
    assert rules.quota.share == 0.2 and rules.notice.min_workdays == 5
    assert rules.recheck.satisfaction_checkpoint == "C18.1"
    assert rules.recheck.revoke_after_warnings == 2
    assert [k for k, _ in rules.kind_choices] == ["report", "visit", "files"]


@pytest.mark.parametrize(
    ("eligible", "quota"), [(0, 0), (1, 1), (4, 1), (5, 1), (10, 2), (14, 2), (15, 3), (100, 20)]
)
def test_quota_is_the_share_rounded_down_with_a_minimum(eligible, quota):
    assert sites_rules().quota.quota_for(eligible) == quota


def test_other_roundings():
    assert QuotaRule(share=0.2, rounding="ceil", minimum=0).quota_for(11) == 3
    assert QuotaRule(share=0.25, rounding="round", minimum=0).quota_for(10) == 3


def test_unknown_keys_are_refused():
    data = yaml.safe_load(RULES_FILE.read_text(encoding="utf-8"))
    data["quota"]["cap"] = 3
    with pytest.raises(ValidationError):
        SitesRules.model_validate(data)

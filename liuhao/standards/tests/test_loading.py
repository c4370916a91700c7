"""Loading standard packages (issue 3 item 1; CONVENTIONS B4): idempotent by sha256, immutable
versions, every kind of bad package refused with its path in the file and nothing stored."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from liuhao.core.exceptions import NotFound, NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.standards.models import StandardVersion
from liuhao.standards.selectors import standard_get, standard_list
from liuhao.standards.services.loading import StandardFormatError, format_path, standard_load
from liuhao.standards.services.rules import rules_for
from liuhao.standards.tests.loading_support import (
    JIANGSU,
    dump,
    ledger_metrics,  # noqa: F401 (fixture)
    shipped,
)

pytestmark = pytest.mark.usefixtures("ledger_metrics")

CP = "dimensions[0].criteria[1].checkpoints[2]"  # C02.3


def _cp(doc: dict[str, Any], i: int = 0, j: int = 1, k: int = 2) -> dict[str, Any]:
    checkpoint: dict[str, Any] = doc["dimensions"][i]["criteria"][j]["checkpoints"][k]
    return checkpoint


def _nothing_stored() -> None:
    assert StandardVersion.objects.count() == 0
    assert not AuditEvent.objects.filter(target_type="standards.standardversion").exists()


def test_loading_stores_the_version_and_audits_it(db: Any) -> None:
    version, created = standard_load(path=JIANGSU)
    assert created
    assert (version.code, version.version, version.filename) == ("jiangsu-2015", 5, JIANGSU.name)
    assert len(version.sha256) == 64
    assert version.document["dimensions"][0]["criteria"][0]["checkpoints"][0]["code"] == "C01.1"
    event = AuditEvent.objects.get(target_type="standards.standardversion")
    assert event.verb == "import" and event.target_id == version.pk and event.org_id is None
    assert event.changes["sha256"] == [None, version.sha256]


def test_loading_the_same_bytes_again_is_idempotent(db: Any) -> None:
    first, created = standard_load(path=JIANGSU)
    again, created_again = standard_load(content=JIANGSU.read_bytes(), filename="copy.yaml")
    assert created and not created_again
    assert again.pk == first.pk and again.filename == JIANGSU.name
    assert StandardVersion.objects.count() == 1
    assert AuditEvent.objects.filter(target_type="standards.standardversion").count() == 1


def test_a_changed_file_with_a_published_version_is_refused(db: Any) -> None:
    standard_load(path=JIANGSU)
    doc = shipped()
    _cp(doc, 0, 0, 0)["rule"]["target"] = 2
    with pytest.raises(StandardFormatError, match="版本已发布，不可修改：请提高 version") as exc:
        standard_load(content=dump(doc), filename="changed.yaml")
    assert exc.value.path == "version"
    assert StandardVersion.objects.count() == 1
    # A new version of the same standard is a new row; the latest is the default.
    shipped_version = doc["version"]
    doc["version"] = shipped_version + 1
    newer, created = standard_load(content=dump(doc), filename="changed.yaml")
    assert created and newer.version == shipped_version + 1
    assert standard_get("jiangsu-2015") == newer
    assert standard_get("jiangsu-2015", shipped_version).version == shipped_version
    assert [(v.code, v.version) for v in standard_list()] == [
        ("jiangsu-2015", shipped_version + 1),
        ("jiangsu-2015", shipped_version),
    ]


def test_standard_get_of_an_unknown_code_is_not_found(db: Any) -> None:
    with pytest.raises(NotFound, match="未找到指标体系"):
        standard_get("nope")
    standard_load(path=JIANGSU)
    with pytest.raises(NotFound, match="第 9 版"):
        standard_get("jiangsu-2015", 9)


def _set(path: str, value: Any) -> Callable[[dict[str, Any]], None]:
    def change(doc: dict[str, Any]) -> None:
        *parents, last = path.split(".")
        node: Any = doc
        for part in parents:
            node = node[int(part)] if part.isdigit() else node[part]
        if value is KeyError:
            del node[last]
        else:
            node[int(last) if last.isdigit() else last] = value

    return change


# (case, change to the parsed shipped file, expected path, words of the Chinese explanation)
BAD: list[tuple[str, Callable[[dict[str, Any]], None], str, str]] = [
    (
        "unknown key",
        _set("dimensions.0.criteria.1.checkpoints.2.threshold", 1),
        f"{CP}.threshold",
        "未知的键",
    ),
    (
        "unknown metric",
        _set("dimensions.0.criteria.1.checkpoints.2.metric", "ledger.decision_quorum"),
        f"{CP}.metric",
        "未知的指标“ledger.decision_quorum”",
    ),
    (
        "unknown na_when metric",
        _set("dimensions.1.criteria.1.checkpoints.0.na_when.metric", "orgs.reps"),
        "dimensions[1].criteria[1].checkpoints[0].na_when.metric",
        "未知的指标",
    ),
    (
        "duplicate checkpoint code",
        _set("dimensions.0.criteria.1.checkpoints.2.code", "C01.1"),
        f"{CP}.code",
        "代码“C01.1”重复",
    ),
    (
        "duplicate criterion code",
        _set("dimensions.1.criteria.0.code", "C01"),
        "dimensions[1].criteria[0].code",
        "重复",
    ),
    (
        "threshold given as a string",
        _set("dimensions.0.criteria.1.checkpoints.2.rule.target", "1"),
        f"{CP}.rule.target",
        "应为数字（不要加引号），实际为文本“1”",
    ),
    (
        "criterion without checkpoints",
        _set("dimensions.0.criteria.1.checkpoints", []),
        "dimensions[0].criteria[1].checkpoints",
        "不能为空",
    ),
    (
        "missing checkpoint key",
        _set("dimensions.0.criteria.1.checkpoints.2.todo", KeyError),
        f"{CP}.todo",
        "缺少必填项",
    ),
    ("missing top-level key", _set("version", KeyError), "version", "缺少必填项"),
    (
        "missing rule target",
        _set("dimensions.0.criteria.1.checkpoints.2.rule.target", KeyError),
        f"{CP}.rule.target",
        "缺少必填项",
    ),
    (
        "version as a string",
        _set("version", "1"),
        "version",
        "应为整数",
    ),
    (
        "unknown method",
        _set("dimensions.0.criteria.1.checkpoints.2.method", "interview"),
        f"{CP}.method",
        "应为 metric、survey、evidence、review 之一",
    ),
    (
        "review checkpoint naming a metric",
        _set("dimensions.0.criteria.1.checkpoints.2.method", "review"),
        CP,
        "review 类检查点由评审打分",
    ),
    (
        "param given as a number",
        _set("dimensions.1.criteria.0.checkpoints.2.params.days", 7),
        "dimensions[1].criteria[0].checkpoints[2].params.days",
        "应为文本",
    ),
    (
        "share written as a percentage",
        _set("dimensions.0.criteria.1.checkpoints.2.rule.target", 100),
        f"{CP}.rule.target",
        "0.9 表示 90%",
    ),
    (
        "partial stricter than the target",
        _set("dimensions.0.criteria.0.checkpoints.0.rule.partial", 3),
        "dimensions[0].criteria[0].checkpoints[0].rule.partial",
        "部分达标线应比达标线宽松",
    ),
    (
        "review target above the scale",
        _set("dimensions.5.criteria.0.checkpoints.1.rule.target", 6),
        "dimensions[5].criteria[0].checkpoints[1].rule.target",
        "满分 5",
    ),
    (
        "unknown org level",
        _set("dimensions.0.criteria.1.checkpoints.2.applies_to.levels", ["department"]),
        f"{CP}.applies_to.levels[0]",
        "取值无效",
    ),
    (
        "weights not summing to 100",
        _set("dimensions.0.criteria.0.weight", 7),
        "dimensions",
        "weight 之和应为 100，现为 101",
    ),
    (
        "no lowest band",
        _set("scale.bands.3.min_score", 10),
        "scale.bands",
        "min_score 为 0",
    ),
    ("a date that is not a date", _set("effective_from", "2015-13-01"), "effective_from", "日期"),
]


@pytest.mark.parametrize(("change", "path", "words"), [b[1:] for b in BAD], ids=[b[0] for b in BAD])
def test_a_bad_package_is_refused_with_its_path_and_nothing_stored(
    db: Any, change: Callable[[dict[str, Any]], None], path: str, words: str
) -> None:
    doc = shipped()
    change(doc)
    with pytest.raises(StandardFormatError) as exc:
        standard_load(content=dump(doc), filename="bad.yaml")
    error = exc.value
    assert error.path == path, error.message
    assert words in error.message
    assert f"{path}：" in error.message and "“bad.yaml”" in error.message
    assert isinstance(error, ValidationFailed) and error.code == "standard_format"
    assert error.extra["problems"][0]["path"] == path
    _nothing_stored()


@pytest.mark.parametrize(
    ("raw", "words"),
    [
        (b"code: jiangsu-2015\ndimensions: [unclosed\n", "第 3 行"),
        (b"code: a\nversion: 1\ncode: b\n", "键“code”重复"),
        (b"- just\n- a list\n", "文件顶层应为键值映射"),
        (b"code: \xff\xfe\n", "不是 UTF-8 编码"),
        (b"code: !!python/object:os.system ls\n", "YAML 格式错误"),
        (b"", "文件顶层应为键值映射"),
    ],
    ids=["invalid yaml", "duplicate yaml key", "not a mapping", "not utf-8", "unsafe tag", "empty"],
)
def test_unreadable_files_are_refused_and_nothing_stored(db: Any, raw: bytes, words: str) -> None:
    with pytest.raises(StandardFormatError, match=words):
        standard_load(content=raw, filename="bad.yaml")
    _nothing_stored()


def test_several_problems_are_reported_together(db: Any) -> None:
    doc = shipped()
    _cp(doc)["threshold"] = 1
    _cp(doc, 1, 0, 0)["rule"]["target"] = "1"
    with pytest.raises(StandardFormatError, match="共 2 处问题") as exc:
        standard_load(content=dump(doc), filename="bad.yaml")
    assert [p.path for p in exc.value.problems] == [
        f"{CP}.threshold",
        "dimensions[1].criteria[0].checkpoints[0].rule.target",
    ]


def test_a_missing_file_is_refused(db: Any, tmp_path: Any) -> None:
    with pytest.raises(StandardFormatError, match="无法读取文件"):
        standard_load(path=tmp_path / "absent.yaml")


def test_only_the_province_may_load(db: Any, actors: Any) -> None:
    for actor in (actors.university_admin, actors.org_secretary, actors.outsider):
        with pytest.raises(NotPermitted):
            standard_load(path=JIANGSU, actor=actor)
    _nothing_stored()
    version, _ = standard_load(path=JIANGSU, actor=actors.province_admin)
    assert version.loaded_by == actors.province_admin
    event = AuditEvent.objects.get(target_type="standards.standardversion")
    assert event.actor == actors.province_admin


def test_rules_for_fills_units_from_the_registry(db: Any) -> None:
    version, _ = standard_load(path=JIANGSU)
    rules = {c.code: c for c in rules_for(version).checkpoints}
    assert rules["C01.1"].unit == "次"
    assert rules["C03.1"].unit == "%" and rules["C03.1"].params == (("min", "2"),)
    assert rules["C04.1"].unit == ""
    assert rules["C16.2"].unit == "分"
    assert rules["C01.1"].source.startswith("每学期组织理论学习研讨会")
    assert rules_for(version) is rules_for(StandardVersion.objects.get(pk=version.pk))


def test_format_path() -> None:
    assert format_path(["dimensions", 0, "criteria", 1, "rule", "target"]) == (
        "dimensions[0].criteria[1].rule.target"
    )
    assert format_path([]) == ""

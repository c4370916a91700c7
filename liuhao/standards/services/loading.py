"""Loading a standard package (YAML) into an immutable `StandardVersion` (CONVENTIONS B4; issue 3
item 1; the format is docs/standards-format.md).

`standard_load` reads the file safely (no YAML tags, no duplicate keys), validates the whole file
with the strict pydantic schema (`liuhao.standards.package`), checks every metric key against the
registry and a few rules the schema cannot see (shares written as fractions, review targets within
the scale, partial credit on the easy side of the target, weights summing to 100), and only then
stores it. Loading is idempotent, keyed on the sha256 of the file's bytes; a different file with a
published (code, version) is refused: a published version never changes. Every problem is raised
as `StandardFormatError` naming its path in the file, e.g.
`dimensions[0].criteria[1].checkpoints[2].rule.target：应为数字（不要加引号），实际为文本“1”`.
"""

from __future__ import annotations

import datetime as dt
import difflib
import hashlib
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import IntegrityError, transaction
from pydantic import ValidationError

from liuhao.core.audit import AuditScope, audit_record
from liuhao.core.exceptions import NotPermitted, ValidationFailed
from liuhao.core.models import AuditEvent
from liuhao.core.roles import Role
from liuhao.orgs.selectors.scope import scope_for
from liuhao.standards.metrics.registry import registered_metrics
from liuhao.standards.models import StandardVersion
from liuhao.standards.package import StandardPackage

BUILTIN_DIR = Path(__file__).resolve().parent.parent / "data"
NO_ORG = AuditScope(org_id=None, org_path="", university_id=None)
MAX_SHOWN = 10
TOTAL_WEIGHT = 100


@dataclass(frozen=True, slots=True)
class Problem:
    """One thing wrong with a package: where in the file (`path`) and why (Chinese)."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '（文件顶层）'}：{self.message}"


class StandardFormatError(ValidationFailed):
    """A standard package that cannot be loaded; nothing was stored.

    `problems` lists every problem found (path in the file and a Chinese explanation); `path` is the
    first one's. The message names the file and the problems, so a command can print it as is.
    """

    code = "standard_format"

    def __init__(self, problems: Sequence[Problem], *, filename: str = ""):
        self.problems = tuple(problems)
        self.path = self.problems[0].path if self.problems else ""
        name = f"指标体系文件“{filename}”" if filename else "指标体系文件"
        shown = "；".join(str(p) for p in self.problems[:MAX_SHOWN])
        if len(self.problems) > MAX_SHOWN:
            shown += f"；另有 {len(self.problems) - MAX_SHOWN} 处问题未列出"
        if len(self.problems) == 1:
            message = f"{name}不能导入：{shown}"
        else:
            message = f"{name}不能导入，共 {len(self.problems)} 处问题：{shown}"
        super().__init__(
            message,
            extra={
                "filename": filename,
                "path": self.path,
                "problems": [{"path": p.path, "message": p.message} for p in self.problems],
            },
        )


# ── reading ──────────────────────────────────────────────────────────────────────────────────


class _UniqueKeyLoader(yaml.SafeLoader):
    """SafeLoader that refuses a key given twice in one mapping (one spelling per key, B4)."""


def _mapping_without_duplicates(loader: yaml.SafeLoader, node: yaml.MappingNode) -> Any:
    seen: set[Any] = set()
    for key_node, _ in node.value:
        key = loader.construct_object(key_node, deep=True)
        try:
            duplicate = key in seen
        except TypeError:  # an unhashable key: let SafeLoader report it
            break
        if duplicate:
            raise yaml.constructor.ConstructorError(
                "在此映射中", node.start_mark, f"键“{key}”重复", key_node.start_mark
            )
        seen.add(key)
    return loader.construct_mapping(node, deep=True)


_UniqueKeyLoader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG, _mapping_without_duplicates
)


def _read_yaml(content: bytes) -> dict[str, Any]:
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise _error("", f"文件不是 UTF-8 编码（第 {exc.start + 1} 个字节无法解码）") from exc
    try:
        document = yaml.load(text, Loader=_UniqueKeyLoader)  # noqa: S506 (a SafeLoader subclass)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        where = f"第 {mark.line + 1} 行第 {mark.column + 1} 列" if mark else ""
        problem = exc.problem or exc.context or "无法解析"
        raise _error(where, f"YAML 格式错误：{problem}") from exc
    except yaml.YAMLError as exc:
        raise _error("", f"YAML 格式错误：{exc}") from exc
    if not isinstance(document, dict):
        raise _error(
            "", f"文件顶层应为键值映射（code、version、dimensions 等），实际为{_kind(document)}"
        )
    return document


def _error(path: str, message: str) -> StandardFormatError:
    return StandardFormatError([Problem(path, message)])


# ── pydantic errors → paths in the file ─────────────────────────────────────────────────────────


def format_path(parts: Iterable[str | int]) -> str:
    """("dimensions", 0, "criteria", 1, "code") → "dimensions[0].criteria[1].code"."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


def _error_path(error: Mapping[str, Any], document: Any) -> str:
    """The path of a pydantic error in the file. The loc tuple also holds union-member tags
    ("int", "float") and, for a missing key, the key itself; walking the document keeps only the
    parts that exist in it (plus the missing key)."""
    ctx = error.get("ctx") or {}
    if isinstance(ctx.get("path"), str):
        return str(ctx["path"])
    loc = tuple(error.get("loc", ()))
    parts: list[str | int] = []
    node = document
    for i, part in enumerate(loc):
        in_dict = isinstance(node, dict) and part in node
        in_list = isinstance(node, list) and isinstance(part, int) and 0 <= part < len(node)
        if in_dict or in_list:
            parts.append(part)
            node = node[part]
        else:
            if error.get("type") == "missing" and i == len(loc) - 1:
                parts.append(part)
            break
    return format_path(parts)


def _kind(value: Any) -> str:
    if value is None:
        return "空值"
    if isinstance(value, bool):
        return f"布尔值 {str(value).lower()}"
    if isinstance(value, int):
        return f"整数 {value}"
    if isinstance(value, float):
        return f"小数 {value:g}"
    if isinstance(value, str):
        shown = value if len(value) <= 20 else value[:20] + "…"
        return f"文本“{shown}”"
    if isinstance(value, list):
        return "列表"
    if isinstance(value, dict):
        return "键值映射"
    if isinstance(value, dt.date):
        return f"日期 {value.isoformat()}"
    return type(value).__name__


TYPE_EXPECTED = {
    "int_type": "整数",
    "float_type": "数字",
    "string_type": "文本",
    "bool_type": "true 或 false",
    "dict_type": "键值映射",
    "model_type": "键值映射",
    "model_attributes_type": "键值映射",
    "list_type": "列表",
    "date_type": "日期（如 2015-05-22）",
    "date_parsing": "日期（如 2015-05-22）",
    "date_from_datetime_parsing": "日期（如 2015-05-22）",
    "date_from_datetime_inexact": "日期（如 2015-05-22）",
}


def _explain(errors: Sequence[Mapping[str, Any]]) -> str:
    """One Chinese explanation for the pydantic errors found at one path."""
    types = {e["type"] for e in errors}
    first = errors[0]
    value = first.get("input")
    ctx = first.get("ctx") or {}
    kind = first["type"]
    if types <= {"int_type", "float_type"} and "float_type" in types:
        return f"应为数字（不要加引号），实际为{_kind(value)}"
    if kind in TYPE_EXPECTED:
        return f"应为{TYPE_EXPECTED[kind]}，实际为{_kind(value)}"
    if kind == "missing":
        return "缺少必填项"
    if kind == "extra_forbidden":
        return "未知的键（每个键只有一种写法，见 docs/standards-format.md）"
    if kind == "too_short":
        return f"不能为空：至少需要 {ctx.get('min_length', 1)} 项"
    if kind == "too_long":
        return f"项数过多：最多 {ctx.get('max_length')} 项"
    if kind == "string_too_short":
        return "不能为空"
    if kind == "string_too_long":
        return f"过长：最多 {ctx.get('max_length')} 个字符"
    if kind == "string_pattern_mismatch":
        return f"格式不符：{_kind(value)} 不符合 {ctx.get('pattern')}"
    if kind in ("literal_error", "enum"):
        options = re.findall(r"'([^']*)'", str(ctx.get("expected", "")))
        return f"取值无效：{_kind(value)}，应为 {'、'.join(options)} 之一"
    bounds = {
        "greater_than": ("应大于", "gt"),
        "greater_than_equal": ("应不小于", "ge"),
        "less_than": ("应小于", "lt"),
        "less_than_equal": ("应不大于", "le"),
    }
    if kind in bounds:
        text, key = bounds[kind]
        return f"{text} {ctx.get(key)}，实际为{_kind(value)}"
    message = str(first.get("msg", ""))
    return message.removeprefix("Value error, ")


def _problems_from(exc: ValidationError, document: Any) -> list[Problem]:
    grouped: dict[str, list[Mapping[str, Any]]] = {}
    for error in exc.errors(include_url=False):
        grouped.setdefault(_error_path(error, document), []).append(error)
    return [Problem(path, _explain(errors)) for path, errors in grouped.items()]


# ── checks the schema cannot make ───────────────────────────────────────────────────────────────


def _semantic_problems(package: StandardPackage) -> list[Problem]:
    """Metric keys known to the registry; thresholds that fit the metric's unit; weights."""
    metrics = registered_metrics()
    problems: list[Problem] = []
    for path, key in package.metric_keys():
        if key not in metrics:
            hint = difflib.get_close_matches(key, list(metrics), n=1)
            suggestion = f"，是否应为“{hint[0]}”？" if hint else ""
            problems.append(Problem(path, f"未知的指标“{key}”：指标注册表中没有这个键{suggestion}"))
    review_max = float(package.scale.review_max)
    total = 0.0
    for i, dim in enumerate(package.dimensions):
        for j, crit in enumerate(dim.criteria):
            total += float(crit.weight)
            for k, cp in enumerate(crit.checkpoints):
                at = f"dimensions[{i}].criteria[{j}].checkpoints[{k}].rule"
                unit = "分" if cp.method == "review" else None
                if cp.metric and cp.metric in metrics:
                    unit = metrics[cp.metric].unit
                problems.extend(_rule_problems(at, cp.rule, unit, review_max))
    if abs(total - TOTAL_WEIGHT) > 1e-6:
        problems.append(
            Problem("dimensions", f"各指标 weight 之和应为 {TOTAL_WEIGHT}，现为 {total:g}")
        )
    return problems


def _rule_problems(at: str, rule: Any, unit: str | None, review_max: float) -> list[Problem]:
    problems = []
    values = [("target", rule.target)]
    if rule.partial is not None:
        values.append(("partial", rule.partial))
    for name, value in values:
        if unit == "%" and not 0 <= value <= 1:
            problems.append(
                Problem(
                    f"{at}.{name}",
                    f"比例应写作 0 到 1 之间的小数（0.9 表示 90%），实际为 {value:g}",
                )
            )
        elif unit == "" and value not in (0, 1):
            problems.append(
                Problem(
                    f"{at}.{name}", f"是否类指标的阈值只能是 1（是）或 0（否），实际为 {value:g}"
                )
            )
        elif unit == "分" and not 0 <= value <= review_max:
            problems.append(
                Problem(
                    f"{at}.{name}", f"评审评分应在 0 到满分 {review_max:g} 之间，实际为 {value:g}"
                )
            )
    if rule.partial is not None:
        easier = {
            ">=": rule.partial < rule.target,
            ">": rule.partial < rule.target,
            "<=": rule.partial > rule.target,
            "==": False,
        }[rule.op]
        if not easier:
            problems.append(
                Problem(
                    f"{at}.partial",
                    f"部分达标线应比达标线宽松（op 为 {rule.op}，target {rule.target:g}，"
                    f"partial {rule.partial:g}）",
                )
            )
    return problems


# ── the service ────────────────────────────────────────────────────────────────────────────────


def package_parse(content: bytes, *, filename: str = "") -> StandardPackage:
    """Validate a package file's bytes completely; raise StandardFormatError listing every problem.

    Reads no database: used by `standard_load` and by `standards_load --check`."""
    try:
        document = _read_yaml(content)
        try:
            package = StandardPackage.model_validate(document)
        except ValidationError as exc:
            raise StandardFormatError(_problems_from(exc, document)) from exc
        problems = _semantic_problems(package)
        if problems:
            raise StandardFormatError(problems)
    except StandardFormatError as exc:
        if filename and not exc.extra.get("filename"):
            raise StandardFormatError(exc.problems, filename=filename) from exc
        raise
    return package


def builtin_package_paths() -> list[Path]:
    """The packages shipped with liuhao (liuhao/standards/data/*.yaml), in name order."""
    return sorted(BUILTIN_DIR.glob("*.yaml"))


def _may_load(actor: Any) -> bool:
    """The command line (actor None), a superuser or a province admin may load standards."""
    if actor is None:
        return True
    if not getattr(actor, "is_authenticated", False):
        return False
    if getattr(actor, "is_superuser", False):
        return True
    scope = scope_for(actor)
    return scope.is_province and Role.PROVINCE_ADMIN in scope.roles


@transaction.atomic
def standard_load(
    *,
    path: str | Path | None = None,
    content: bytes | None = None,
    filename: str = "",
    actor: Any = None,
) -> tuple[StandardVersion, bool]:
    """Load one standard package (give `path`, or `content` with an optional `filename`).

    Returns (version, created). The same bytes loaded again return the stored version with created
    False; a different file with a published (code, version) is refused (版本已发布，不可修改). The
    whole file is validated before anything is written; on any error nothing is stored. Audited
    as an import with no org scope. Only the command line, a superuser or a province admin may
    load (DESIGN §1: province admins load standards).
    """
    if not _may_load(actor):
        raise NotPermitted("只有省级管理员可以导入指标体系")
    if (path is None) == (content is None):
        raise ValueError("standard_load needs exactly one of path and content")
    if path is not None:
        source = Path(path)
        filename = filename or source.name
        try:
            content = source.read_bytes()
        except OSError as exc:
            raise StandardFormatError(
                [Problem("", f"无法读取文件：{exc.strerror or exc}")], filename=filename
            ) from exc
    assert content is not None
    digest = hashlib.sha256(content).hexdigest()
    existing = StandardVersion.objects.filter(sha256=digest).first()
    if existing is not None:
        return existing, False
    package = package_parse(content, filename=filename)
    published = StandardVersion.objects.filter(code=package.code, version=package.version).first()
    if published is not None:
        raise _published_error(published, filename)
    version = StandardVersion(
        code=package.code,
        version=package.version,
        title=package.title,
        effective_from=package.effective_from,
        source=package.source,
        sha256=digest,
        filename=filename[:200],
        document=package.model_dump(mode="json"),
        loaded_by=actor if getattr(actor, "is_authenticated", False) else None,
    )
    try:
        version.full_clean()
    except DjangoValidationError as exc:
        problems = [
            Problem("" if field == "__all__" else field, "；".join(messages))
            for field, messages in exc.message_dict.items()
        ]
        raise StandardFormatError(problems, filename=filename) from exc
    try:
        with transaction.atomic():
            version.save()
    except IntegrityError as exc:  # a concurrent load of the same file or version
        same = StandardVersion.objects.filter(sha256=digest).first()
        if same is not None:
            return same, False
        clash = StandardVersion.objects.filter(code=package.code, version=package.version).first()
        if clash is not None:
            raise _published_error(clash, filename) from exc
        raise
    audit_record(
        actor=actor,
        verb=AuditEvent.Verb.IMPORT,
        target=version,
        scope=NO_ORG,
        changes={
            "code": [None, version.code],
            "version": [None, version.version],
            "sha256": [None, digest],
            "filename": [None, version.filename],
        },
    )
    return version, True


def _published_error(published: StandardVersion, filename: str) -> StandardFormatError:
    loaded = f"文件“{published.filename}”" if published.filename else "另一个文件"
    return StandardFormatError(
        [
            Problem(
                "version",
                f"版本已发布，不可修改：请提高 version（{published.code} 第 {published.version} "
                f"版已由{loaded}导入，内容不同）",
            )
        ],
        filename=filename,
    )

"""Every API error is JSON `{"code", "message", "extra"}` with a 4xx status (CONVENTIONS B7).

- `ApplicationError` subclasses keep their own status (ValidationFailed/InvalidState 400,
  NotPermitted 403, NotFound 404) and `extra` (for validation: `extra.fields`, field → messages).
- Request-shape errors from ninja/pydantic (missing fields, wrong types, unknown enum values,
  impossible dates such as 2025-02-30, out-of-range numbers) are 400 `validation_failed` too, with a
  Chinese message naming each field: "请求参数不正确：birth_date 日期格式不正确".
- Authentication failures are 401 `not_authenticated`; unknown paths 404; wrong methods 405.
- Anything unexpected is logged and answered 500 `server_error` in JSON (never an HTML page).
"""

from __future__ import annotations

import inspect
import logging
import re
from collections.abc import Iterable, Mapping
from typing import Any

from django.core.exceptions import ObjectDoesNotExist, PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db import DataError, IntegrityError
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI, Router
from ninja.errors import AuthenticationError, HttpError
from ninja.errors import ValidationError as NinjaValidationError

from liuhao.core.exceptions import ApplicationError, validation_error_from_django

logger = logging.getLogger("liuhao.api")

HTTP_METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE", "HEAD", "OPTIONS")

# status → (code, Chinese message) for ninja's own HttpErrors, whose texts are English.
HTTP_ERROR_TEXT: dict[int, tuple[str, str]] = {
    400: ("bad_request", "请求格式不正确：请求体应为有效的 JSON"),
    401: ("not_authenticated", "未登录，或访问令牌无效、已吊销、已过期"),
    403: ("not_permitted", "您无权执行此操作"),
    404: ("not_found", "未找到该对象，或您无权查看"),
    405: ("method_not_allowed", "不支持该请求方法"),
    429: ("throttled", "请求过于频繁，请稍后再试"),
}

# pydantic error type → Chinese text; `{name}` placeholders come from the error's ctx.
PYDANTIC_TEXT: dict[str, str] = {
    "missing": "为必填项",
    "int_parsing": "应为整数",
    "int_type": "应为整数",
    "int_from_float": "应为整数",
    "int_parsing_size": "数值超出范围",
    "float_parsing": "应为数字",
    "float_type": "应为数字",
    "bool_parsing": "应为 true 或 false",
    "bool_type": "应为 true 或 false",
    "string_type": "应为字符串",
    "string_too_short": "长度不能少于 {min_length} 个字符",
    "string_too_long": "长度不能超过 {max_length} 个字符",
    "string_pattern_mismatch": "格式不正确",
    "date_parsing": "日期格式不正确，应为有效的 YYYY-MM-DD 日期",
    "date_type": "日期格式不正确，应为有效的 YYYY-MM-DD 日期",
    "date_from_datetime_parsing": "日期格式不正确，应为有效的 YYYY-MM-DD 日期",
    "date_from_datetime_inexact": "日期格式不正确，应为有效的 YYYY-MM-DD 日期",
    "datetime_parsing": "时间格式不正确",
    "datetime_type": "时间格式不正确",
    "enum": "取值无效，可选值：{expected}",
    "literal_error": "取值无效，可选值：{expected}",
    "greater_than_equal": "不能小于 {ge}",
    "greater_than": "应大于 {gt}",
    "less_than_equal": "不能大于 {le}",
    "less_than": "应小于 {lt}",
    "extra_forbidden": "是不支持的字段",
    "dict_type": "应为 JSON 对象",
    "model_type": "应为 JSON 对象",
    "model_attributes_type": "应为 JSON 对象",
    "list_type": "应为列表",
    "json_invalid": "不是有效的 JSON",
    "json_type": "不是有效的 JSON",
    "string_unicode": "包含无效字符",
}
SOURCE_NAMES = {"body": "请求体", "query": "查询参数", "path": "路径参数"}


def error_body(code: str, message: str, extra: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """The one error shape of the API."""
    return {"code": code, "message": message, "extra": dict(extra or {})}


def _field_name(loc: Iterable[Any]) -> str:
    """`("body", "payload", "birth_date")` → "birth_date"; the source and body param are dropped."""
    parts = list(loc)
    source = str(parts[0]) if parts else ""
    rest = parts[1:]
    if source == "body" and rest:
        rest = rest[1:]  # the view's body parameter name ("payload") means nothing to callers
    if not rest:
        return SOURCE_NAMES.get(source, source or "请求")
    return ".".join(str(p) for p in rest)


def _error_text(error: Mapping[str, Any]) -> str:
    kind = str(error.get("type", ""))
    ctx = dict(error.get("ctx") or {})
    template = PYDANTIC_TEXT.get(kind)
    if template is None:
        if kind in {"value_error", "assertion_error"} and "error" in ctx:
            return str(ctx["error"]).removeprefix("Value error, ")
        return "格式不正确"
    if "expected" in ctx:  # pydantic writes "'a', 'b' or 'c'"
        ctx["expected"] = str(ctx["expected"]).replace("' or '", "', '")
    try:
        return template.format(**{k: str(v) for k, v in ctx.items()})
    except (KeyError, IndexError):
        return template.split("{")[0].rstrip(" ，：")


def translate_validation_errors(
    errors: Iterable[Mapping[str, Any]],
) -> tuple[str, dict[str, list[str]]]:
    """Turn ninja's pydantic error list into (Chinese message, field → messages)."""
    fields: dict[str, list[str]] = {}
    for error in errors:
        name = _field_name(error.get("loc") or ())
        text = _error_text(error)
        if text not in fields.setdefault(name, []):
            fields[name].append(text)
    detail = "；".join(f"{name} {'；'.join(texts)}" for name, texts in fields.items())
    return f"请求参数不正确：{detail}", fields


def install_error_handlers(api: NinjaAPI) -> None:
    """Register the handlers that give every failure the `{code, message, extra}` shape."""

    def respond(request: HttpRequest, status: int, body: dict[str, Any]) -> HttpResponse:
        response = api.create_response(request, body, status=status)
        if status == 401:
            response["WWW-Authenticate"] = 'Bearer realm="liuhao"'
        return response

    def on_application_error(request: HttpRequest, exc: ApplicationError) -> HttpResponse:
        response = respond(request, exc.status, error_body(exc.code, exc.message, exc.extra))
        if isinstance(exc, MethodNotAllowed):
            response["Allow"] = exc.extra["allowed"]
        return response

    def on_validation_error(request: HttpRequest, exc: NinjaValidationError) -> HttpResponse:
        message, fields = translate_validation_errors(exc.errors)
        return respond(request, 400, error_body("validation_failed", message, {"fields": fields}))

    def on_http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
        status = exc.status_code if 400 <= exc.status_code < 500 else 400
        if isinstance(exc, AuthenticationError):
            status = 401
        code, message = HTTP_ERROR_TEXT.get(status, ("bad_request", "请求无法处理"))
        return respond(request, status, error_body(code, message))

    def on_not_found(request: HttpRequest, exc: Exception) -> HttpResponse:
        code, message = HTTP_ERROR_TEXT[404]
        return respond(request, 404, error_body(code, message))

    def on_permission_denied(request: HttpRequest, exc: Exception) -> HttpResponse:
        code, message = HTTP_ERROR_TEXT[403]
        return respond(request, 403, error_body(code, message))

    def on_django_validation(request: HttpRequest, exc: DjangoValidationError) -> HttpResponse:
        failed = validation_error_from_django(exc)
        return respond(request, 400, error_body(failed.code, failed.message, failed.extra))

    def on_integrity_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("integrity error on %s: %s", request.path, exc)
        return respond(
            request,
            409,
            error_body("conflict", "数据冲突（可能已被他人修改或重复提交），请刷新后重试"),
        )

    def on_data_error(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.warning("data error on %s: %s", request.path, exc)
        return respond(
            request, 400, error_body("validation_failed", "请求参数不正确：数值或长度超出范围")
        )

    def on_unexpected(request: HttpRequest, exc: Exception) -> HttpResponse:
        logger.exception("unhandled API error on %s %s", request.method, request.path, exc_info=exc)
        return respond(request, 500, error_body("server_error", "服务器内部错误，请稍后再试"))

    handlers: list[tuple[type[Exception], Any]] = [
        (ApplicationError, on_application_error),
        (NinjaValidationError, on_validation_error),
        (HttpError, on_http_error),
        (Http404, on_not_found),
        (ObjectDoesNotExist, on_not_found),
        (PermissionDenied, on_permission_denied),
        (DjangoValidationError, on_django_validation),
        (IntegrityError, on_integrity_error),
        (DataError, on_data_error),
        (OverflowError, on_data_error),
        (Exception, on_unexpected),
    ]
    for exc_class, handler in handlers:
        api.add_exception_handler(exc_class, handler)


def add_method_fallbacks(router: Router) -> None:
    """Answer methods a path does not support with JSON 405 instead of ninja's plain-text reply.

    Call after all routes of the router are declared. The fallbacks need no auth and stay out of the
    OpenAPI schema.
    """
    for path, view in list(router.path_operations.items()):
        used = {m for op in view.operations for m in op.methods}
        missing = [m for m in HTTP_METHODS if m not in used]
        if missing:
            router.add_api_operation(
                path, missing, _not_allowed_view(path, used), auth=None, include_in_schema=False
            )


def _not_allowed_view(path: str, used: set[str]) -> Any:
    allowed = ", ".join(sorted(used))

    def not_allowed(request: HttpRequest, **kwargs: Any) -> HttpResponse:
        raise MethodNotAllowed(f"{HTTP_ERROR_TEXT[405][1]}（支持：{allowed}）", allowed)

    # Declare the path's parameters (as plain strings) so ninja accepts the route without warnings.
    params = [
        inspect.Parameter(
            "request", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=HttpRequest
        )
    ]
    params += [
        inspect.Parameter(name, inspect.Parameter.KEYWORD_ONLY, annotation=str)
        for name in re.findall(r"\{(?:\w+:)?(\w+)\}", path)
    ]
    not_allowed.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    return not_allowed


class MethodNotAllowed(ApplicationError):
    """A path exists but not for this method (405)."""

    code = "method_not_allowed"
    status = 405

    def __init__(self, message: str, allowed: str) -> None:
        super().__init__(message, extra={"allowed": allowed})

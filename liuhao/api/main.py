"""The one NinjaAPI of the project, served at /api/v1/ (CONVENTIONS B2, B7): assembly only.

Each app contributes a Router (`liuhao.orgs.api.router` → /api/v1/orgs/…). Auth, the error shape
and the JSON 404/405 fallbacks are installed here; the docs live at /api/v1/docs and the schema at
/api/v1/openapi.json.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.urls import Resolver404, resolve
from ninja import NinjaAPI, Router

from liuhao.achievements.api import router as achievements_router
from liuhao.api.auth import api_auth
from liuhao.api.errors import HTTP_METHODS, add_method_fallbacks, install_error_handlers
from liuhao.assessments.api import router as self_assessment_router
from liuhao.core.exceptions import NotFound
from liuhao.desk.api import router as desk_router
from liuhao.development.api import router as development_router
from liuhao.frontline.api import router as frontline_router
from liuhao.governance.api import router as governance_router
from liuhao.ledger.api import router as ledger_router
from liuhao.notifications.api import router as notifications_router
from liuhao.orgs.api import router as orgs_router
from liuhao.sites.api import router as sites_router
from liuhao.standards.api import router as assessment_router

DESCRIPTION = """
六好平台（江苏高校服务型党组织示范点建设平台）的 JSON 接口，覆盖党组织、人员、党员身份与职务，
以及工作台账（组织活动与出勤、决议、规划与实施办法、结对联系、联系走访、服务记录、任务、党务公开）、
发展党员（development）、服务阵地（frontline：场所、党代表接待与提案、党员事务、服务事项、先锋岗、动态）、
保障与评议（governance：经费、换届、关怀帮扶、表彰、述职、分类定级、民主评议、党性分析）、
承诺践诺与成果品牌（achievements：承诺、成果、品牌、评审打分）、诉求办理（desk：组织队列、我的待办、超期看板、
受理与办结、答复与内部备注、指派责任人、登记接待或走访中反映的诉求）和评估结果（评估运行、组织结果、差距清单、重新计算）。

**认证**：对接系统在请求头中携带 `Authorization: Bearer <令牌>`（令牌由管理员用
`liuhao api_token create --user 用户名 --name 用途 [--days 天数]` 签发，只显示一次；
`liuhao api_token revoke 前缀` 吊销）。浏览器可沿用登录会话，修改类请求须在 `X-CSRFToken`
请求头中携带 CSRF 令牌。

**范围**：与网页端完全相同——只能看到本人角色所辖组织及其下级；范围之外的对象一律返回 404。
有权查看但无权修改时返回 403。

**错误**：所有错误均为 JSON `{"code": "…", "message": "中文说明", "extra": {…}}`，状态码为 4xx：
参数错误 400（`validation_failed`，`extra.fields` 列出各字段的问题），未认证 401
（`not_authenticated`），无权操作 403（`not_permitted`、`csrf_failed`），不存在或不在范围内 404
（`not_found`），请求方法不支持 405（`method_not_allowed`），数据冲突 409（`conflict`）。

**分页**：列表接口使用 `page`（1–10000）与 `page_size`（1–100，默认 20），返回 `has_next`，
不统计总数，以保证全省规模（百万级人员）下依然快速。
""".strip()

api = NinjaAPI(
    title="六好平台接口",
    version="1",
    description=DESCRIPTION,
    urls_namespace="api",
    auth=api_auth(),
)
install_error_handlers(api)

add_method_fallbacks(orgs_router)
api.add_router("/orgs/", orgs_router)
add_method_fallbacks(assessment_router)
api.add_router("/assessment/", assessment_router)
add_method_fallbacks(ledger_router)
api.add_router("/ledger/", ledger_router)
add_method_fallbacks(development_router)
api.add_router("/development/", development_router)
add_method_fallbacks(frontline_router)
api.add_router("/frontline/", frontline_router)
add_method_fallbacks(governance_router)
api.add_router("/governance/", governance_router)
add_method_fallbacks(achievements_router)
api.add_router("/achievements/", achievements_router)
add_method_fallbacks(desk_router)
api.add_router("/desk/", desk_router)
add_method_fallbacks(notifications_router)
api.add_router("/notifications/", notifications_router)
add_method_fallbacks(self_assessment_router)
api.add_router("/self-assessments/", self_assessment_router)
add_method_fallbacks(sites_router)
api.add_router("/sites/", sites_router)

# Unknown paths under /api/v1/ answer JSON 404. This router is added last so it never shadows a
# real route; because it makes every path "valid", it also does APPEND_SLASH's job itself.
fallback = Router()


@fallback.api_operation(list(HTTP_METHODS), "/{path:rest}", auth=None, include_in_schema=False)
def unknown_path(request: HttpRequest, rest: str) -> HttpResponse:
    """JSON 404; a GET to a known route missing its final slash is redirected to it."""
    if not request.path_info.endswith("/"):
        with_slash = request.path_info + "/"
        try:
            match = resolve(with_slash)
        except Resolver404:
            match = None
        if match is not None and match.url_name != "unknown_path":
            if request.method in {"GET", "HEAD"}:
                query = request.META.get("QUERY_STRING", "")
                return HttpResponsePermanentRedirect(with_slash + (f"?{query}" if query else ""))
            raise NotFound(f"接口地址应以 / 结尾：{with_slash}")
    raise NotFound("没有这个接口地址")


api.add_router("", fallback)

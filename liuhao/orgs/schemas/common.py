"""Shared pieces of the orgs API schemas: bounded id and text types, request-body bases that
forbid unknown fields, list filters where a blank value means no filter, and pagination without
COUNT(*)."""

from __future__ import annotations

from typing import Annotated, Any

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, FilterSchema, Schema
from ninja.pagination import PaginationBase
from pydantic import AfterValidator, ConfigDict, field_validator

from liuhao.core.pagination import paginate

MAX_ID = 2**53  # larger ids cannot exist; refusing them avoids integer overflow in the database
MAX_PAGE = 10_000
MAX_PAGE_SIZE = 100


def _no_control_chars(value: str) -> str:
    """Refuse control characters (NUL is rejected by PostgreSQL and never meant in a name)."""
    if any(ord(c) < 32 or ord(c) == 127 for c in value):
        raise ValueError("不能包含控制字符")
    return value


NoControl = AfterValidator(_no_control_chars)
Id = Annotated[int, Field(ge=1, le=MAX_ID)]
OrgCode = Annotated[str, Field(min_length=1, max_length=32), NoControl]
OrgName = Annotated[str, Field(min_length=1, max_length=100), NoControl]
Reason = Annotated[str, Field(max_length=200), NoControl]
PersonNumber = Annotated[str, Field(min_length=1, max_length=32), NoControl]
PersonName = Annotated[str, Field(min_length=1, max_length=64), NoControl]
CongressName = Annotated[str, Field(max_length=64), NoControl]
SearchText = Annotated[str, Field(max_length=50), NoControl]


class InSchema(Schema):
    """Base of request bodies: unknown fields are refused, strings are stripped."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class PatchSchema(InSchema):
    """Base of PATCH bodies: only the fields sent are applied; required fields may be omitted, not nulled."""

    def changes(self) -> dict[str, Any]:
        """The fields the caller sent, as a dict (absent fields stay untouched)."""
        return self.model_dump(exclude_unset=True)


def not_null(cls: Any, value: Any) -> Any:
    """Field validator for PATCH bodies: a required field may be omitted but not set to null."""
    if value is None:
        raise ValueError("不能为空")
    return value


class ListFilter(FilterSchema):
    """Base of list filters: an empty query parameter (`?kind=`) means "no filter", not an error."""

    @field_validator("*", mode="before")
    @classmethod
    def _blank_is_none(cls, value: Any) -> Any:
        return None if value == "" else value


class PageNumberNoCount(PaginationBase):
    """Page-number pagination that never counts the table (fast on 1.2M persons at province scale).

    It fetches one row more than the page to report `has_next`; there is no total. `page` is capped at
    10000 and `page_size` at 100.
    """

    class Input(Schema):
        page: int = Field(1, ge=1, le=MAX_PAGE, description="页码，从 1 开始，最大 10000")
        page_size: int = Field(20, ge=1, le=MAX_PAGE_SIZE, description="每页条数，1–100，默认 20")

    class Output(Schema):
        items: list[Any]
        page: int = Field(description="当前页码")
        page_size: int = Field(description="每页条数")
        has_next: bool = Field(description="是否还有下一页（不提供总数，以免统计大表）")
        has_previous: bool = Field(description="是否有上一页")

    def paginate_queryset(
        self, queryset: QuerySet[Any], pagination: Input, request: HttpRequest, **params: Any
    ) -> dict[str, Any]:
        page = paginate(queryset, pagination.page, pagination.page_size)
        return {
            "items": page.items,
            "page": page.number,
            "page_size": page.per_page,
            "has_next": page.has_next,
            "has_previous": page.has_previous,
        }

"""`liuhao api_token create --user U --name N [--days D]` | `revoke PREFIX` | `list [--user U]`.

The raw key is printed once, at creation; only its sha256 is stored.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from liuhao.accounts.models import ApiToken, User
from liuhao.accounts.services import RAW_PREFIX, api_token_create, api_token_revoke
from liuhao.core.exceptions import ApplicationError


class Command(BaseCommand):
    help = "签发、吊销或列出 API 访问令牌"

    def add_arguments(self, parser: CommandParser) -> None:
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="签发令牌（只显示一次）")
        create.add_argument("--user", required=True, help="用户名")
        create.add_argument("--name", required=True, help="用途，例如“人事系统同步”")
        create.add_argument(
            "--days", type=int, default=None, help="有效天数（默认长期有效，直至吊销）"
        )
        revoke = sub.add_parser("revoke", help="按前缀吊销令牌")
        revoke.add_argument("prefix", help="令牌前缀，例如 lh_AbCdEfGh")
        listing = sub.add_parser("list", help="列出令牌（不含密钥）")
        listing.add_argument("--user", default=None, help="只列出该用户的令牌")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            if options["action"] == "create":
                self._create(options["user"], options["name"], options["days"])
            elif options["action"] == "revoke":
                token = api_token_revoke(actor=None, prefix=options["prefix"])
                self.stdout.write(
                    f"已吊销：{token.name}（{RAW_PREFIX}{token.prefix}…，用户 {token.user.username}）"
                )
            else:
                self._list(options["user"])
        except ApplicationError as exc:
            raise CommandError(exc.message) from exc

    def _create(self, username: str, name: str, days: int | None) -> None:
        user = User.objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"用户“{username}”不存在")
        token, raw = api_token_create(actor=None, user=user, name=name, days=days)
        expiry = (
            token.expires_at.strftime("%Y-%m-%d %H:%M")
            if token.expires_at
            else "长期有效（直至吊销）"
        )
        self.stderr.write(
            f"已为 {user.username} 签发令牌“{token.name}”，有效期：{expiry}。请妥善保存，密钥只显示这一次："
        )
        self.stdout.write(raw)

    def _list(self, username: str | None) -> None:
        now = timezone.now()
        rows = ApiToken.objects.select_related("user").order_by("-created_at")
        if username:
            rows = rows.filter(user__username=username)
        for token in rows:
            expired = token.expires_at is not None and token.expires_at <= now
            state = "已吊销" if token.revoked else ("已过期" if expired else "有效")
            expiry = token.expires_at.strftime("%Y-%m-%d") if token.expires_at else "长期"
            self.stdout.write(
                f"{RAW_PREFIX}{token.prefix}\t{token.user.username}\t{token.name}\t{expiry}\t{state}"
            )

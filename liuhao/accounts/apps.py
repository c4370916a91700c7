from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "liuhao.accounts"
    label = "accounts"
    verbose_name = "账号"

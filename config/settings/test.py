"""Test overrides: speed (fast hasher, immediate tasks) and no benchmark switch from the env."""

from config.settings.base import *  # noqa: F403
from config.settings.base import DATABASES, INSTALLED_APPS

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
AXES_ENABLED = True
DEBUG = False
CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    DATABASES["default"]["TEST"] = {"NAME": ":memory:"}
# Tests never inherit the benchmark switches from the environment.
DESK_RATE_LIMIT = True
LIUHAO_BENCH = False
INSTALLED_APPS = [app for app in INSTALLED_APPS if app != "liuhao.bench"]

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run_manage(*args, env_overrides=None, drop=()):
    env = {k: v for k, v in os.environ.items() if k not in drop}
    env.update(env_overrides or {})
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_refuses_to_start_without_secret_key():
    result = run_manage(
        "check",
        "--settings=pasarlokal.settings.production",
        drop=("SECRET_KEY", "DJANGO_SETTINGS_MODULE"),
    )
    assert result.returncode != 0
    assert "SECRET_KEY must be set" in result.stderr


def test_production_refuses_debug():
    result = run_manage(
        "check",
        "--settings=pasarlokal.settings.production",
        env_overrides={"SECRET_KEY": "x" * 60, "DEBUG": "1"},
        drop=("DJANGO_SETTINGS_MODULE",),
    )
    assert result.returncode != 0
    assert "DEBUG must be off" in result.stderr


def test_production_deploy_check_is_clean(tmp_path):
    result = run_manage(
        "check",
        "--deploy",
        "--fail-level",
        "WARNING",
        "--settings=pasarlokal.settings.production",
        env_overrides={
            "SECRET_KEY": "k3y-" + "a1B2c3D4e5F6g7H8i9J0" * 3,
            "ALLOWED_HOSTS": "pasarlokal.example",
            "DEBUG": "0",
            "REDIS_URL": "redis://127.0.0.1:6379/0",  # a shared cache, as production needs
            # Not the developer's database: after `make run` its site is the seeded localhost.
            "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
        },
        drop=("DJANGO_SETTINGS_MODULE", "DJANGO_ALLOW_ASYNC_UNSAFE"),
    )
    assert result.returncode == 0, result.stderr + result.stdout
    assert "no issues" in result.stdout


def test_redis_url_switches_the_cache(monkeypatch):
    result = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; from django.conf import settings; django.setup(); "
            "print(settings.CACHES['default']['BACKEND'])",
        ],
        cwd=ROOT,
        env={
            **os.environ,
            "DJANGO_SETTINGS_MODULE": "pasarlokal.settings.dev",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
        },
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.stdout.strip() == "django.core.cache.backends.redis.RedisCache"


@pytest.mark.django_db
def test_seed_demo_is_idempotent():
    from django.apps import apps
    from django.core.management import call_command

    call_command("seed_demo", "--skip-index", verbosity=0)
    first = {m._meta.label: m.objects.count() for m in apps.get_models()}
    call_command("seed_demo", "--skip-index", verbosity=0)
    second = {m._meta.label: m.objects.count() for m in apps.get_models()}
    ignored = {"wagtailcore.ReferenceIndex", "wagtailsearch.IndexEntry", "sessions.Session"}
    changed = {
        k: (first[k], second[k]) for k in first if first[k] != second[k] and k not in ignored
    }
    assert changed == {}
    assert first["home.HomePage"] == 2  # the Indonesian home page and its English translation

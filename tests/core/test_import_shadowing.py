"""`platform/` and `pulumi/` are folders, never packages: the standard library's `platform`
and the Pulumi SDK stay importable in every process the project starts."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROBE = "import platform, pulumi; print(platform.python_implementation(), pulumi.__file__)"


def _assert_real_modules(output: str) -> None:
    implementation, pulumi_file = output.strip().splitlines()[-1].split(" ", 1)
    assert implementation == "CPython"
    assert "site-packages" in pulumi_file and not pulumi_file.startswith(str(ROOT / "pulumi"))


def test_pytest_process_sees_the_stdlib_platform_and_the_pulumi_sdk():
    import platform

    import pulumi

    assert platform.python_implementation() == "CPython"
    assert hasattr(pulumi, "Output") and hasattr(pulumi, "ComponentResource")


def test_the_folders_have_no_init_file():
    assert not (ROOT / "platform" / "__init__.py").exists()
    assert not (ROOT / "pulumi" / "__init__.py").exists()


def test_manage_py_process_sees_the_real_modules():
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", PROBE],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    _assert_real_modules(result.stdout)


@pytest.mark.parametrize("cwd", [ROOT, ROOT / "platform", ROOT / "pulumi"])
def test_the_celery_app_process_sees_the_real_modules(cwd):
    # The worker process imports the Celery app the same way: `celery -A config`.
    code = f"import config.celery; {PROBE}"
    result = subprocess.run(
        [sys.executable, "-c", code],
        cwd=cwd,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings.test"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    _assert_real_modules(result.stdout)

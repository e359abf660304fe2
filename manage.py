#!/usr/bin/env python3
import os
import sys
from pathlib import Path

# platform/ holds the project packages (config, core); it is a folder, not a package, so
# `import platform` keeps meaning the standard library.
sys.path.insert(1, str(Path(__file__).resolve().parent / "platform"))


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()

"""The layout holds: arrows run one way, no import circles, no hidden function-level imports.

The contracts live in pyproject.toml ([tool.importlinter]); docs/design.md explains them.
"""

import ast
from pathlib import Path

from importlinter.cli import lint_imports

ROOT = Path(__file__).resolve().parent.parent
PROJECT = ("pasarlokal", "home", "marketplace", "campaign", "impact")

# Function-level imports of the project's own modules that Django needs: an AppConfig's ready()
# may import models and signal handlers only once every app is loaded.
ALLOWED_FUNCTION_IMPORTS = {
    ("campaign/apps.py", "ready"),
    ("home/apps.py", "ready"),
    ("marketplace/apps.py", "ready"),
    ("marketplace/programme/apps.py", "ready"),
    ("marketplace/sellerportal/apps.py", "ready"),
    ("pasarlokal/core/apps.py", "ready"),
}


def test_import_contracts_are_kept():
    """Layers core ← marketplace ← campaign ← home/impact, and no import circles (import-linter)."""
    assert lint_imports(config_filename=str(ROOT / "pyproject.toml"), no_cache=True) == 0


def project_imports_inside_functions():
    found = set()
    for package in PROJECT:
        for path in (ROOT / package).rglob("*.py"):
            if "migrations" in path.parts:
                continue
            tree = ast.parse(path.read_text(), filename=str(path))
            for function in ast.walk(tree):
                if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
                    continue
                for node in ast.walk(function):
                    if isinstance(node, ast.ImportFrom):
                        names = [node.module or ""]
                        relative = node.level > 0
                    elif isinstance(node, ast.Import):
                        names = [alias.name for alias in node.names]
                        relative = False
                    else:
                        continue
                    if relative or any(name.split(".")[0] in PROJECT for name in names):
                        found.add((str(path.relative_to(ROOT)), function.name))
    return found


def test_no_function_level_imports_of_project_modules_but_django_hooks():
    assert project_imports_inside_functions() <= ALLOWED_FUNCTION_IMPORTS

"""The product does not depend on its scaffolding: no app imports the demo
content (``demo/``, loaded by ``manage.py seed_demo``) or the benchmark
(``bench/``, installed only by ``bench.settings``), and none looks them up
by name (the old per-app ``demo`` modules were found with importlib)."""

import ast
from pathlib import Path

import pytest

from tests.layout import PRODUCT_APPS

ROOT = Path(__file__).resolve().parents[2]
SCAFFOLDING = ("demo", "bench")
IMPORT_BY_NAME = {"import_module", "__import__"}


def is_scaffolding(module: str) -> bool:
    parts = module.split(".")
    return parts[0] in SCAFFOLDING or parts[-1] in SCAFFOLDING


def scaffolding_imports(source: str) -> list[tuple[int, str]]:
    """(line, module) of every import of demo or bench code in ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, a.name) for a in node.names if is_scaffolding(a.name)]
        elif isinstance(node, ast.ImportFrom):
            module = node.module or ""
            if node.level == 0 and is_scaffolding(module):
                found.append((node.lineno, module))
            elif node.level and module == "":
                # "from . import demo" inside an app
                found += [(node.lineno, a.name) for a in node.names if is_scaffolding(a.name)]
            elif node.level and is_scaffolding(module):
                found.append((node.lineno, "." * node.level + module))
        elif isinstance(node, ast.Call):
            function = node.func
            name = getattr(function, "attr", None) or getattr(function, "id", None)
            if name in IMPORT_BY_NAME and node.args:
                argument = node.args[0]
                if isinstance(argument, ast.Constant) and isinstance(argument.value, str):
                    if is_scaffolding(argument.value):
                        found.append((node.lineno, argument.value))
                elif isinstance(argument, ast.JoinedStr):
                    # f"{app_config.name}.demo": the literal tail names the module
                    tail = "".join(v.value for v in argument.values if isinstance(v, ast.Constant))
                    if is_scaffolding(tail.strip(".")):
                        found.append((node.lineno, ast.unparse(argument)))
    return found


def product_files() -> list[Path]:
    return sorted(
        path for app in PRODUCT_APPS if (ROOT / app).is_dir() for path in (ROOT / app).rglob("*.py")
    )


def test_the_product_apps_are_found():
    assert len(product_files()) > 50


@pytest.mark.parametrize(
    "source",
    [
        "import demo",
        "import demo.people",
        "from demo.people import DEMO_PASSWORD",
        "import bench.scale",
        "from bench import scale",
        "from . import demo",
        "from .demo import seed",
        "from entries.demo import seed",
        "importlib.import_module('research.demo')",
        "import_module(f'{app.name}.demo')",
        "__import__('bench')",
    ],
)
def test_the_check_sees_every_way_of_importing(source):
    assert scaffolding_imports(source)


@pytest.mark.parametrize(
    "source",
    [
        "from entries.vocabulary import BrokerPosition",
        "from research.models import ConsentVia",
        "importlib.import_module(f'{app.name}.personal_data')",
        "demo = 1",
    ],
)
def test_the_check_lets_other_imports_through(source):
    assert not scaffolding_imports(source)


def test_no_product_app_imports_demo_or_bench():
    offenders = [
        f"{path.relative_to(ROOT)}:{line} {module}"
        for path in product_files()
        for line, module in scaffolding_imports(path.read_text())
    ]

    assert not offenders, "product code imports scaffolding:\n" + "\n".join(offenders)


def test_no_product_app_keeps_demo_content():
    # Demo content lives in demo/ (content/*.toml), loaded by seed_demo.
    stray = [
        str(path.relative_to(ROOT))
        for path in product_files()
        if path.stem == "demo" or "demo" in path.relative_to(ROOT).parts[1:-1]
    ]

    assert not stray

"""``_`` is gettext wherever a module imports it so: a function that also
assigns ``_`` (``region, _, place = ...``, ``obj, _ = get_or_create(...)``,
``for x, _ in ...``) makes it a local name there, and its ``_("...")`` then
fails on the page (UnboundLocalError, or "str is not callable") instead of
translating. Comprehensions have their own scope and are fine."""

import ast

import pytest

from tests.core.test_layers import ROOT
from tests.layout import PRODUCT_APPS


def _imports_gettext_as_underscore(tree) -> bool:
    return any(
        isinstance(node, ast.ImportFrom)
        and node.module == "django.utils.translation"
        and any(alias.asname == "_" for alias in node.names)
        for node in tree.body
    )


def _own_nodes(function):
    """The nodes of ``function``'s own scope (not nested functions, classes
    or comprehensions)."""
    stack = list(ast.iter_child_nodes(function))
    while stack:
        node = stack.pop()
        yield node
        if not isinstance(
            node,
            ast.FunctionDef
            | ast.AsyncFunctionDef
            | ast.Lambda
            | ast.ClassDef
            | ast.ListComp
            | ast.SetComp
            | ast.DictComp
            | ast.GeneratorExp,
        ):
            stack.extend(ast.iter_child_nodes(node))


def shadowing(path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    if not _imports_gettext_as_underscore(tree):
        return []
    found = []
    for function in ast.walk(tree):
        if not isinstance(function, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for node in _own_nodes(function):
            if isinstance(node, ast.Name) and node.id == "_" and isinstance(node.ctx, ast.Store):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} in {function.name}()")
    return found


FILES = sorted(
    path
    for app in PRODUCT_APPS
    for path in (ROOT / app).rglob("*.py")
    if "migrations" not in path.parts
)


def test_files_are_read():
    assert len(FILES) > 100


@pytest.mark.parametrize("path", FILES, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_function_rebinds_gettext(path):
    assert not shadowing(path), "use another name than _ for a value you do not need"


def test_the_check_finds_a_rebinding(tmp_path, monkeypatch):
    import tests.i18n.test_gettext_name as me

    monkeypatch.setattr(me, "ROOT", tmp_path)
    source = (
        "from django.utils.translation import gettext as _\n"
        "def f(pairs):\n"
        "    names = [a for a, _ in pairs]\n"
        "    region, _, place = 'a/b'.partition('/')\n"
        "    return _('x')\n"
    )
    path = tmp_path / "m.py"
    path.write_text(source, encoding="utf-8")
    assert shadowing(path) == ["m.py:4 in f()"]

"""One way to reach private data: read the code and fail where a view
queries a model itself, or a fetch helper lives outside the access API.

The access API (pbas_logbook/access.py and one ``access.py`` per app):
``get_<thing>_for(user, id, *, as_=Role)``, ``<things>_for(user)`` and
``@role_required``. Views call it, then selectors and services with what it
returned; they never write ``Model.objects``, ``visible_to``, ``owned_by``
or ``get_or_404`` themselves, so a rule cannot be forgotten in one view.
"""

import ast
from pathlib import Path

import pytest

from tests.layout import PRODUCT_APPS

ROOT = Path(__file__).resolve().parents[2]

# Calls that decide visibility: only the access modules make them.
ACCESS_CALLS = {
    "visible_to",
    "owned_by",
    "get_or_404",
    "get_object_or_404",
    "get_list_or_404",
    "own_enrolments",
    "mentee_enrolments",
    "enrolments_visible_to",
}
MANAGERS = {"objects", "all_objects", "_default_manager", "_base_manager"}


def _product_files():
    for app in PRODUCT_APPS:
        for path in sorted((ROOT / app).rglob("*.py")):
            if "migrations" not in path.parts:
                yield path


def _is_view_module(path: Path) -> bool:
    return path.name == "views.py" or path.name.endswith("_views.py") or path.parent.name == "views"


def _is_access_module(path: Path) -> bool:
    return path.name == "access.py"


def _called_name(node: ast.Call) -> str | None:
    if isinstance(node.func, ast.Attribute):
        return node.func.attr
    if isinstance(node.func, ast.Name):
        return node.func.id
    return None


def view_queries(path: Path) -> list[str]:
    """Where a view module queries a model or decides visibility itself."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and node.attr in MANAGERS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} .{node.attr}")
        elif isinstance(node, ast.Call) and _called_name(node) in ACCESS_CALLS:
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} {_called_name(node)}()")
    return found


def stray_fetch_helpers(path: Path) -> list[str]:
    """Functions named like a fetch of private objects outside the access
    modules (the four old styles: *_or_404, _own_*, get_*_for, researcher_only)."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        name = node.name
        if (
            name.endswith("_or_404")
            or name.startswith("_own_")
            or (name.startswith("get_") and name.endswith("_for"))
            or name in {"coordinator_required", "researcher_only", "_role"}
        ):
            found.append(f"{path.relative_to(ROOT)}:{node.lineno} def {name}")
    return found


def test_no_view_queries_a_model_or_decides_visibility_itself():
    views = [p for p in _product_files() if _is_view_module(p)]
    assert len(views) >= 10, views  # the walk finds the views at all
    found = [line for path in views for line in view_queries(path)]
    assert not found, "Views must reach private data through the access API:\n" + "\n".join(found)


def test_fetch_helpers_live_only_in_the_access_modules():
    found = [
        line
        for path in _product_files()
        if not _is_access_module(path)
        for line in stray_fetch_helpers(path)
    ]
    assert not found, "A fetch helper outside an access module:\n" + "\n".join(found)


def test_every_app_with_private_models_has_an_access_module():
    for app in ["entries", "mentors", "examinations", "research", "pbas_logbook"]:
        assert (ROOT / app / "access.py").is_file(), app


@pytest.mark.parametrize(
    "source, expected",
    [
        ("def v(request):\n    return Entry.objects.get(pk=1)\n", ["objects"]),
        ("def v(request):\n    return Entry.all_objects.filter()\n", ["all_objects"]),
        ("def v(request):\n    return qs.visible_to(request.user)\n", ["visible_to"]),
        ("def v(request):\n    return access.get_or_404(qs, pk=1)\n", ["get_or_404"]),
        ("def v(request):\n    return get_object_or_404(Entry, pk=1)\n", ["get_object_or_404"]),
        ("def v(request):\n    return entry_access.get_entry_for(request.user, 1)\n", []),
    ],
)
def test_the_reader_finds_what_it_looks_for(tmp_path, source, expected):
    # The checks above pass by finding nothing: prove they would find it.
    path = ROOT / "tests" / "security" / "_probe_views.py"
    path.write_text(source, encoding="utf-8")
    try:
        found = view_queries(path)
    finally:
        path.unlink()
    assert [line.split()[-1].strip(".()") for line in found] == expected


def test_the_helper_check_finds_the_old_styles(tmp_path):
    path = ROOT / "tests" / "security" / "_probe_helpers.py"
    path.write_text(
        "def own_entry_or_404(u, i): ...\n"
        "def _own_heading(r, pk): ...\n"
        "def get_project_for(u, i): ...\n"
        "def researcher_only(v): ...\n"
        "def entry_list(qs): ...\n",
        encoding="utf-8",
    )
    try:
        found = stray_fetch_helpers(path)
    finally:
        path.unlink()
    assert [line.split()[-1] for line in found] == [
        "own_entry_or_404",
        "_own_heading",
        "get_project_for",
        "researcher_only",
    ]

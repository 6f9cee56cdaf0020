"""Views stay thin: every write goes through a named service function.

A view fetches, calls a service and answers; a ``.save()``, ``.delete()``,
``.create()``, queryset ``.update()`` or ``bulk_create`` written in a view is
a rule (a lock, an audit line, a check) that the next writer of the same
thing can forget. This reads every view module with ``ast`` and fails on
such a call, naming the place.
"""

import ast
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Always writes, whatever they are called on.
WRITES = {
    "save",
    "delete",
    "create",
    "get_or_create",
    "update_or_create",
    "bulk_create",
    "bulk_update",
}

# Each entry is (module, view function, method) with why it may stay in the
# view. Keep it short: a new entry needs a reason a reviewer accepts.
ALLOWED: set[tuple[str, str, str]] = set()


def view_modules() -> list[Path]:
    found = set()
    for pattern in ("*/views.py", "*/views/*.py", "*/*_views.py"):
        found.update(ROOT.glob(pattern))
    return sorted(p for p in found if p.parts[len(ROOT.parts)] not in ("tests", ".venv"))


def _dict_names(function: ast.AST) -> set[str]:
    """Names the function binds to a dict (a template context, say)."""
    return {
        target.id
        for node in ast.walk(function)
        if isinstance(node, ast.Assign)
        and (
            isinstance(node.value, (ast.Dict, ast.DictComp))
            or (isinstance(node.value, ast.Call) and ast.unparse(node.value.func) == "dict")
        )
        for target in node.targets
        if isinstance(target, ast.Name)
    }


def _is_queryset_update(call: ast.Call, dicts: set[str]) -> bool:
    """``QuerySet.update`` takes keywords only; ``set.update`` and
    ``dict.update`` take a positional argument or, on a dict the view
    built itself, keywords."""
    receiver = call.func.value
    if isinstance(receiver, ast.Name) and receiver.id in dicts:
        return False
    on_queryset = isinstance(receiver, ast.Call) or "objects" in ast.unparse(receiver)
    return on_queryset or (bool(call.keywords) and not call.args)


def _builds_only(call: ast.Call) -> bool:
    """``form.save(commit=False)`` builds the rows for a service to save."""
    return any(
        k.arg == "commit" and isinstance(k.value, ast.Constant) and k.value.value is False
        for k in call.keywords
    )


def writes_in(path: Path) -> list[tuple[str, str, int, str]]:
    """(view function, method, line, call) for each write call in the module."""
    found = []

    def visit(node, function, dicts):
        for child in ast.iter_child_nodes(node):
            inner, inner_dicts = function, dicts
            if isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef)) and function is None:
                inner, inner_dicts = child.name, _dict_names(child)
            if isinstance(child, ast.Call) and isinstance(child.func, ast.Attribute):
                method = child.func.attr
                if (method in WRITES and not _builds_only(child)) or (
                    method == "update" and _is_queryset_update(child, inner_dicts)
                ):
                    found.append((inner or "<module>", method, child.lineno, ast.unparse(child)))
            visit(child, inner, inner_dicts)

    visit(ast.parse(path.read_text(), filename=str(path)), None, set())
    return found


def test_the_scan_sees_the_view_modules():
    names = {p.relative_to(ROOT).as_posix() for p in view_modules()}
    assert {"entries/views.py", "mentors/views.py", "programme/views.py"} <= names
    assert any(name.startswith("examinations/views/") for name in names)


def test_the_scan_finds_each_kind_of_write(tmp_path):
    module = tmp_path / "views.py"
    module.write_text(
        "def view(request, form, thing, context):\n"
        "    form.save()\n"
        "    rows = formset.save(commit=False)\n"
        "    thing.delete()\n"
        "    Thing.objects.create(name='x')\n"
        "    Thing.objects.filter(pk=1).update(name='y')\n"
        "    things.update(name='z')\n"
        "    Thing.objects.bulk_create([])\n"
        "    context.update({'a': 1})\n"
        "    page = {}\n"
        "    page.update(title='t')\n"
        "    masked.update(other)\n"
    )

    methods = [method for _, method, _, _ in writes_in(module)]

    assert methods == ["save", "delete", "create", "update", "update", "bulk_create"]


def test_views_write_only_through_services():
    offenders = []
    used = set()
    for path in view_modules():
        name = path.relative_to(ROOT).as_posix()
        for function, method, line, call in writes_in(path):
            if (name, function, method) in ALLOWED:
                used.add((name, function, method))
                continue
            offenders.append(f"{name}:{line} in {function}: {call}")
    assert not offenders, (
        "views write directly; call a service function (<app>/services.py) instead:\n"
        + "\n".join(offenders)
    )
    assert used == ALLOWED, f"allowed writes no longer there (drop them): {ALLOWED - used}"

"""Keeps the house rules honest: only actions write, views stay thin."""

import ast
from pathlib import Path

from forum.settings import ROOT

WRITE_METHODS = {"commit", "add", "add_all", "delete", "merge", "flush", "rollback"}


def python_files(*roots: str) -> list[Path]:
    return [p for root in roots for p in (ROOT / root).rglob("*.py")]


def is_action_module(path: Path) -> bool:
    relative = path.relative_to(ROOT)
    return relative.parts[:2] == ("forum", "actions") or relative.name == "actions.py"


def session_writes(path: Path) -> list[str]:
    """Calls like ``db.session.commit()`` or ``session.add(x)`` in a module."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr in WRITE_METHODS
        ):
            target = ast.unparse(node.func.value)
            if target.endswith("session") or target.endswith("session()"):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno} {target}.{node.func.attr}()")
    return found


def test_only_actions_write_to_the_database():
    offenders = [
        hit
        for path in python_files("forum", "plugins")
        if not is_action_module(path)
        for hit in session_writes(path)
    ]
    assert offenders == [], "write through forum/actions/ instead:\n" + "\n".join(offenders)


def test_the_rule_is_checked_against_real_code():
    """The scanner finds the commits the action machinery makes (so it can fail)."""
    assert session_writes(ROOT / "forum" / "actions" / "base.py")


def test_views_do_not_import_models_to_change_them():
    for path in python_files("forum/views"):
        source = path.read_text(encoding="utf-8")
        assert "db.session" not in source, f"{path.relative_to(ROOT)} touches the session"


def test_only_the_event_modules_emit_real_time_events():
    """Actions publish through forum/events.py (after commit); only it and forum/realtime/
    talk to Socket.IO directly."""
    allowed = {ROOT / "forum" / "events.py"}
    offenders = []
    for path in python_files("forum", "plugins"):
        if path in allowed or (ROOT / "forum" / "realtime") in path.parents:
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            is_call = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)
            if is_call and node.func.attr == "emit":
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert offenders == [], "publish with forum.events.publish_on_commit:\n" + "\n".join(offenders)


def test_plugins_are_held_to_the_same_rule():
    """The scan covers the plugins' modules: only their actions.py may write."""
    scanned = {p.relative_to(ROOT).as_posix() for p in python_files("forum", "plugins")}
    assert "plugins/example/views.py" in scanned
    assert "plugins/example/plugin.py" in scanned
    assert is_action_module(ROOT / "plugins" / "example" / "actions.py")
    assert not is_action_module(ROOT / "plugins" / "example" / "views.py")
    assert session_writes(ROOT / "plugins" / "example" / "actions.py")

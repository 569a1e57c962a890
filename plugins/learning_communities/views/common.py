"""What the plugin's pages share: running an action from a form and answering the person."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import flash, redirect, render_template, request
from flask_login import current_user

from forum.actions.errors import ActionError
from forum.views.helpers import require_signed_in


def attempt(do: Callable[[], Any], back: str, done: str | None = None) -> Any:
    """Run ``do`` (an action) for a posted form: back to ``back`` when it worked; otherwise a
    page with the reason (and an import's row errors) and the action's status code."""
    require_signed_in()
    try:
        do()
    except ActionError as error:
        return problem(error, back)
    if done:
        flash(done, "success")
    return redirect(back, code=303)


def problem(error: ActionError, back: str) -> tuple[str, int]:
    """The reason an action refused, with a way back, under the action's status code."""
    return render_template(
        "learning_communities/problem.html", error=error, back=back
    ), error.status


def form(name: str, default: str = "") -> str:
    return request.form.get(name, default)


def form_list(name: str) -> list[str]:
    """A multi-valued field, or one text field with values separated by commas or lines."""
    values = request.form.getlist(name)
    if len(values) == 1:
        values = values[0].replace("\n", ",").split(",")
    return [v.strip() for v in values if v.strip()]


def me() -> Any:
    return current_user._get_current_object()

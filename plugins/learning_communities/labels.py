"""Names people read for the plugin's codes, in the page's language."""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GATHERING_KINDS = {
    "networking": _l("Open discussion and networking session"),
    "clinic": _l("Development clinic"),
    "future_workshop": _l("Future workshop"),
}
POLICIES = {
    "open": _l("Open: anyone registered may join"),
    "request": _l("By request: facilitators approve"),
    "invitation": _l("By invitation only"),
}
VISIBILITIES = {"public": _l("Public"), "members": _l("Members only")}
STATUSES = {
    "forming": _l("Forming"),
    "active": _l("Active"),
    "dormant": _l("Dormant"),
    "closed": _l("Closed"),
}
NODE_KINDS = {"organisation": _l("Organisation"), "person": _l("Person")}
NODE_TYPES = {
    "developer": _l("Developer"),
    "funder": _l("Funder"),
    "decision_maker": _l("Decision-maker"),
    "knowledge_producer": _l("Knowledge producer"),
    "network_coordinator": _l("Network coordinator"),
}
RELATION_KINDS = {
    "partnership": _l("Partnership"),
    "funding": _l("Funding"),
    "service": _l("Service"),
    "knowledge_sharing": _l("Knowledge sharing"),
    "membership": _l("Membership"),
}
MEMBER_ROLES = {"member": _l("Member"), "facilitator": _l("Facilitator")}


def label(table: dict, code: str) -> str:
    return str(table.get(code, code))


def sector(code: str) -> str:
    """The core's name for a sector code (as on profiles); other sectors as written."""
    from forum.auth.forms import sector_choices

    names = {choice.value: str(choice.label) for choice in sector_choices() if choice.value}
    return names.get(code, code)


def jinja_globals() -> dict:
    return {
        "lc_sector": sector,
        "gathering_kind": lambda code: label(GATHERING_KINDS, code),
        "lc_labels": {
            "gathering": GATHERING_KINDS,
            "policy": POLICIES,
            "visibility": VISIBILITIES,
            "status": STATUSES,
            "node_kind": NODE_KINDS,
            "node_type": NODE_TYPES,
            "relation": RELATION_KINDS,
            "role": MEMBER_ROLES,
        },
    }

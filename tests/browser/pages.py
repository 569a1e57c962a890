"""Every page the browser tests visit: add a new page here and it is checked with axe in both
colour schemes at mobile and desktop widths, and for requests to other hosts.

``path`` is visited as an anonymous visitor in Finnish unless ``language`` says otherwise;
``signed_in`` visits it as a registered newcomer who signed in through the development identity
provider (see the ``signed_in_state`` fixture); ``staff`` visits it as a person who registered the
same way and was made an administrator, and so moderates every space (``staff_state``);
``status`` is the HTTP status the page answers.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str
    name: str
    status: int = 200
    language: str = "fi"
    signed_in: bool = False
    # Compressed bytes the page may weigh with its resources when it needs more than a topic
    # page's budget (test_requests.py), e.g. for a graph-drawing library.
    weight_budget: int | None = None
    staff: bool = False

    @property
    def id(self) -> str:
        parts = [self.name]
        if self.language != "fi":
            parts.append(self.language)
        if self.staff:
            parts.append("staff")
        elif self.signed_in:
            parts.append("signed-in")
        return "-".join(parts)


# An ecosystem map page loads Cytoscape.js (about 136 kB compressed) beside the page itself.
MAP_WEIGHT_BUDGET = 250 * 1024

PAGES = [
    Page("/", "home"),
    Page("/", "home", language="sv"),
    Page("/", "home", language="en"),
    Page("/s/yleinen", "space"),
    Page("/s/alueet", "space-with-sub-spaces"),
    Page("/s/kainuu", "sub-space"),
    Page("/s/yleinen/top", "space-top"),
    Page("/latest", "latest"),
    Page("/top", "top"),
    Page("/tags/satakunta", "tag"),
    Page("/t/1", "topic"),
    Page("/t/2", "topic-with-table-quote-and-mention"),
    Page("/t/5", "topic-in-english"),
    Page("/t/2", "topic", language="sv"),
    Page("/", "home", signed_in=True),
    Page("/t/2", "topic", signed_in=True),
    Page("/s/yleinen/new-topic", "composer", signed_in=True),
    Page("/t/1/reply", "reply", signed_in=True),
    Page("/account/settings", "account-settings", signed_in=True),
    Page("/bookmarks", "bookmarks", signed_in=True),
    Page("/settings/tokens", "tokens", signed_in=True),
    Page("/messages", "inbox", signed_in=True),
    Page("/messages/new?to=liisa.kutoja", "new-message", signed_in=True),
    Page("/settings/blocked", "blocked-people", signed_in=True),
    Page("/u/aino.kehittaja", "profile"),
    Page("/u/erik.beslut", "profile", language="sv"),
    Page("/org/kainuun-hyvinvointialue", "organisation"),
    Page("/directory", "directory"),
    Page("/directory?kind=organisations&region=MK18", "directory-organisations"),
    Page("/directory", "directory", language="en"),
    Page("/directory?region=MK18", "directory", signed_in=True),
    Page("/u/aino.kehittaja", "profile", signed_in=True),
    Page("/settings/profile", "profile-settings", signed_in=True),
    Page("/auth/login", "sign-in"),
    Page("/news", "news"),
    Page("/t/7", "news-item"),
    Page("/events", "events"),
    Page("/events?region=MK18&mode=in-person", "events-filtered"),
    Page("/t/10", "event"),
    Page("/t/10", "event", signed_in=True),
    Page("/s/tapahtumat/new-topic?kind=event", "event-composer", signed_in=True),
    Page("/s/uutiset/new-topic?kind=news", "news-composer", signed_in=True),
    Page("/settings/calendar", "calendar-settings", signed_in=True),
    Page("/new", "new-topics", signed_in=True),
    Page("/unread", "unread-topics", signed_in=True),
    Page("/notifications", "notifications", signed_in=True),
    Page("/notifications/settings", "notification-settings", signed_in=True),
    Page("/account/erase", "erasure-confirmation", signed_in=True),
    Page("/account/terms", "terms-acceptance", signed_in=True),
    Page("/account/terms/text", "terms-text"),
    Page("/p/3/flag", "flag", signed_in=True),
    Page("/p/3/bookmark", "bookmark", signed_in=True),
    Page("/u/liisa.kutoja/report", "report-person", signed_in=True),
    Page("/search?q=lainaamo", "search-results"),
    Page("/search?q=lainaamo", "search-results", language="sv"),
    Page("/search?q=kehittämisklinikka+kainuu", "search-results", signed_in=True),
    Page("/search?q=qwertyuiop", "search-without-results"),
    Page("/review", "review-queue", staff=True),
    Page("/t/2", "topic", staff=True),
    Page("/s/yleinen", "space", staff=True),
    Page("/admin/spaces", "admin-spaces", staff=True),
    Page("/admin/spaces/new", "admin-new-space", staff=True),
    Page("/admin/spaces/4", "admin-space", staff=True),
    Page("/admin/groups", "admin-groups", staff=True),
    Page("/admin/groups/weavers", "admin-group", staff=True),
    Page("/admin/plugins/", "admin-plugins", staff=True),
    Page("/admin/audit", "admin-audit", staff=True),
    Page("/admin/outbox", "admin-outbox", staff=True),
    Page("/account/admin/roles", "admin-roles", staff=True),
    Page("/account/admin/people/2", "admin-person", staff=True),
    Page("/auth/signed-out", "signed-out"),
    Page("/admin/organisations", "admin-organisations", staff=True),
    Page("/admin/themes", "admin-themes", staff=True),
    Page("/accessibility", "accessibility"),
    Page("/accessibility", "accessibility", language="sv"),
    Page("/accessibility", "accessibility", language="en"),
    Page("/components", "components"),
    Page("/regions/", "lc-regions"),
    Page("/regions/MK18", "lc-region"),
    Page("/regions/MK18/map", "lc-region-map", weight_budget=MAP_WEIGHT_BUDGET),
    Page("/regions/MK18/map", "lc-region-map", language="sv", weight_budget=MAP_WEIGHT_BUDGET),
    Page("/communities/", "lc-communities"),
    Page("/communities/kainuun-liikuntaneuvonnan-oppimisyhteiso", "lc-community"),
    Page(
        "/communities/kainuun-liikuntaneuvonnan-oppimisyhteiso/map",
        "lc-community-map",
        weight_budget=MAP_WEIGHT_BUDGET,
    ),
    Page("/s/no-such-space", "not-found", status=404),
    Page("/language", "method-not-allowed", status=405),
]

# The languages as a browser asks for them (Accept-Language).
LOCALES = {"fi": "fi-FI", "sv": "sv-FI", "en": "en-GB"}

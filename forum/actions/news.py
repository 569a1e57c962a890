"""News topics: the lead paragraph and the optional image."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from forum.actions.base import action, on_commit
from forum.actions.errors import PermissionDenied, ValidationError
from forum.extensions import db
from forum.images import remove_image, store_image
from forum.models import NewsItem, Topic, User
from forum.models.news import ALT_MAX, LEAD_MAX
from forum.permissions import EDIT, can
from forum.search import index_on_commit
from forum.text import clean_line, clean_text

IMAGES = "news"


@dataclass(frozen=True)
class NewsFields:
    """A news item's lead and image as entered; ``image`` holds the uploaded file's bytes."""

    lead: str
    image: bytes | None = None
    image_alt: str = ""

    def checked(self) -> tuple[str, str]:
        lead = clean_text(self.lead, field="lead")
        if not lead or len(lead) > LEAD_MAX:
            raise ValidationError(
                _("A lead paragraph has 1 to %(max)d characters.", max=LEAD_MAX), field="lead"
            )
        alt = clean_line(self.image_alt, field="image_alt")
        if len(alt) > ALT_MAX:
            raise ValidationError(_("At most %(max)d characters.", max=ALT_MAX), field="image_alt")
        if self.image and not alt:
            raise ValidationError(
                _("Describe the image in a few words for those who cannot see it."),
                field="image_alt",
            )
        return lead, alt


def _apply(item: NewsItem, fields: NewsFields) -> None:
    item.lead, item.image_alt = fields.checked()
    if fields.image:
        old, item.image = item.image, store_image(fields.image, IMAGES)
        on_commit(lambda: remove_image(IMAGES, old))


def add_news(topic: Topic, fields: NewsFields) -> NewsItem:
    """The news details of a new news topic (inside create_topic's transaction)."""
    item = NewsItem(topic_id=topic.id, image="", image_alt="")
    _apply(item, fields)
    db.session.add(item)
    db.session.flush()
    return item


@action
def edit_news(actor: User, item: NewsItem, fields: NewsFields) -> None:
    if not can(actor, EDIT, item.topic):
        raise PermissionDenied(_("You may not edit this news item."))
    _apply(item, fields)
    index_on_commit(f"topic:{item.topic_id}")

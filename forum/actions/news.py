"""News topics: the lead paragraph and the optional image."""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _

from forum.actions.errors import ValidationError
from forum.extensions import db
from forum.images import store_image
from forum.models import NewsItem, Topic
from forum.models.news import ALT_MAX, LEAD_MAX
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


def add_news(topic: Topic, fields: NewsFields) -> NewsItem:
    """The news details of a new news topic (inside create_topic's transaction)."""
    lead, alt = fields.checked()
    image = store_image(fields.image, IMAGES) if fields.image else ""
    item = NewsItem(topic_id=topic.id, lead=lead, image=image, image_alt=alt)
    db.session.add(item)
    db.session.flush()
    return item

"""Composer forms for news and events, and the forms of the event page."""

from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import (
    BooleanField,
    DateTimeLocalField,
    IntegerField,
    SelectField,
    StringField,
    TextAreaField,
)
from wtforms.validators import InputRequired, NumberRange, Optional

from forum.forms import TopicForm
from forum.http_input import DB_INT_MAX
from forum.models.event import DEFAULT_TIMEZONE

DATETIME_FORMAT = "%Y-%m-%dT%H:%M"


class NewsForm(TopicForm):
    lead = TextAreaField()
    image = FileField()
    image_alt = StringField()


class EventDetailsForm(FlaskForm):
    """An event's own fields: the event composer's and the event edit page's."""

    starts_at = DateTimeLocalField(format=DATETIME_FORMAT, validators=[InputRequired()])
    ends_at = DateTimeLocalField(format=DATETIME_FORMAT, validators=[InputRequired()])
    timezone = StringField(default=DEFAULT_TIMEZONE)
    place = StringField()
    online_url = StringField()
    organiser_name = StringField()
    organiser_is_author = BooleanField(default=True)
    capacity = IntegerField(validators=[Optional(), NumberRange(max=DB_INT_MAX)])
    region = SelectField(choices=[], validate_choice=False)


class EventForm(TopicForm, EventDetailsForm):
    pass


class CancelEventForm(FlaskForm):
    reason = TextAreaField()

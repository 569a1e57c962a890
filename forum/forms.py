"""Forms shared by the core pages. Flask-WTF adds the CSRF token to each."""

import uuid

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, StringField, TextAreaField
from wtforms.validators import AnyOf, InputRequired, NumberRange, Optional

from forum.http_input import DB_INT_MAX
from forum.i18n import LANGUAGE_NAMES


class LanguageForm(FlaskForm):
    locale = StringField(validators=[InputRequired(), AnyOf(list(LANGUAGE_NAMES))])
    next = HiddenField()


def new_request_key() -> str:
    """A key for one composer page: submitting the page twice (a double click, a resubmit
    after a lost answer) makes one post (forum/actions/request_keys.py)."""
    return uuid.uuid4().hex


class TopicForm(FlaskForm):
    title = StringField()
    raw = TextAreaField()
    tags = StringField()
    request_key = HiddenField(default=new_request_key)


class ReplyForm(FlaskForm):
    raw = TextAreaField()
    reply_to = HiddenField()
    request_key = HiddenField(default=new_request_key)


class EditPostForm(FlaskForm):
    raw = TextAreaField()
    base_version = HiddenField()


class ConfirmForm(FlaskForm):
    """A form with nothing but its CSRF token, for buttons that change state."""


class ReactionForm(FlaskForm):
    kind = HiddenField(validators=[InputRequired()])


class TopicStatusForm(FlaskForm):
    change = HiddenField(validators=[InputRequired()])


class MoveTopicForm(FlaskForm):
    space = StringField(validators=[InputRequired()])


class BookmarkForm(FlaskForm):
    note = StringField()
    remind_at = StringField()


class TokenForm(FlaskForm):
    name = StringField()


class SpaceForm(FlaskForm):
    name = StringField()
    slug = StringField()
    description = TextAreaField()
    colour = StringField(default="#2f6f8f")
    position = StringField(default="0")
    parent = StringField()
    allows_discussion = BooleanField(default=True)
    allows_news = BooleanField()
    allows_events = BooleanField()


class GroupForm(FlaskForm):
    name = StringField()
    title = StringField()


class MemberForm(FlaskForm):
    username = StringField()


class WatchForm(FlaskForm):
    level = StringField(validators=[InputRequired()])


class FlagForm(FlaskForm):
    reason = StringField(validators=[InputRequired()])
    message = TextAreaField()


class ModerationForm(FlaskForm):
    outcome = StringField(validators=[InputRequired()])
    reason = TextAreaField()


class PenaltyForm(FlaskForm):
    kind = StringField(validators=[InputRequired(), AnyOf(["silence", "suspend", "lift"])])
    days = IntegerField(default=1, validators=[Optional(), NumberRange(min=1, max=3650)])
    reason = TextAreaField()


class SlowModeForm(FlaskForm):
    seconds = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=86400)])


class MailSettingsForm(FlaskForm):
    notifications = BooleanField()
    digest = StringField(validators=[InputRequired(), AnyOf(["off", "daily", "weekly"])])


class HoldForm(FlaskForm):
    count = IntegerField(validators=[InputRequired(), NumberRange(min=0, max=50)])


class SplitForm(FlaskForm):
    posts = StringField(validators=[InputRequired()])
    title = StringField(validators=[InputRequired()])


class MergeForm(FlaskForm):
    target = IntegerField(validators=[InputRequired(), NumberRange(min=1, max=DB_INT_MAX)])


class ReportForm(FlaskForm):
    message = TextAreaField()


class ConversationForm(FlaskForm):
    recipients = StringField()
    title = StringField()
    raw = TextAreaField()


class PeopleForm(FlaskForm):
    """Usernames, separated by spaces or commas (adding people, blocking someone)."""

    recipients = StringField()

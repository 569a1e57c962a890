"""Blueprints of the core pages."""

from flask import Flask

from forum.forms import new_request_key
from forum.permissions import can, is_admin
from forum.plugins_core import views as admin_plugins
from forum.plugins_core.calls import run_hook
from forum.queries.conversations import blocked_ids
from forum.queries.header import header_counts
from forum.queries.moderation import hold_first_posts, may_review
from forum.queries.notifications import watch_level
from forum.views import (
    admin,
    admin_people,
    errors,
    events,
    lists,
    mail,
    main,
    messages,
    moderation,
    news,
    notifications,
    people,
    posts,
    profile_settings,
    search,
    settings,
    site,
    spaces,
    topics,
)
from forum.views.helpers import author, is_present, timetag, topic_url


def init_app(app: Flask) -> None:
    app.register_blueprint(main.bp)
    app.register_blueprint(spaces.bp)
    app.register_blueprint(lists.bp)
    app.register_blueprint(topics.bp)
    app.register_blueprint(posts.bp)
    app.register_blueprint(settings.bp)
    app.register_blueprint(admin.bp)
    app.register_blueprint(admin_plugins.bp)
    app.register_blueprint(search.bp)
    app.register_blueprint(notifications.bp)
    app.register_blueprint(moderation.bp)
    app.register_blueprint(mail.bp)
    app.register_blueprint(messages.bp)
    app.register_blueprint(people.bp)
    app.register_blueprint(profile_settings.bp)
    app.register_blueprint(admin_people.bp)
    app.register_blueprint(events.bp)
    app.register_blueprint(news.bp)
    site.init_app(app)
    errors.init_app(app)
    app.jinja_env.globals.update(can=can, is_admin=is_admin, topic_url=topic_url, run_hook=run_hook)
    app.jinja_env.globals.update(
        header_counts=header_counts,
        watch_level=watch_level,
        may_review=may_review,
        hold_first_posts=hold_first_posts,
        blocked_ids=blocked_ids,
        new_request_key=new_request_key,
    )
    app.jinja_env.filters.update(
        timetag=timetag, author=author, is_present=is_present, event_time=events.event_time
    )

"""Each kind of background task through a real worker process (``flask forum worker``), with
its queue in SQLite (the embedded default) and in Redis, and a real SMTP server reading what
the tasks sent."""

import pytest
from huey.storage import RedisStorage

from forum.actions.accounts import confirm_email
from forum.actions.mail import queue_verification_mail
from forum.actions.notifications import set_watch_level
from forum.tasks import deliver_mail, mail_digests, mail_notifications
from tests.conftest import require_redis
from tests.factories import make_post, make_space, make_topic, make_user
from tests.mailserver import SmtpServer
from tests.worker_helpers import queue_of, start_worker, stop_worker


@pytest.fixture(params=["sqlite", "redis"])
def worker(request, app, tmp_path):
    redis = require_redis() if request.param == "redis" else None
    if redis:
        RedisStorage("forum", url=redis).flush_all()
    server = SmtpServer(tmp_path).start()
    instance = tmp_path / "instance"
    instance.mkdir()
    settings = {"MAIL_NOTIFICATION_DELAY": "0", **({"REDIS_URL": redis} if redis else {})}
    process = start_worker(app, instance, server.url, **settings)
    yield server, instance, process, redis
    server.stop()
    stop_worker(process)


@pytest.mark.slow
def test_each_kind_of_task_runs_in_the_worker(app, worker):
    server, instance, process, redis = worker
    person = make_user("person", locale="en")
    confirm_email(person.id, person.email)
    with app.test_request_context("/"):
        queue_verification_mail(person.id, person.email, "https://forum.test/verify-email/x")
    with queue_of(instance, redis):
        deliver_mail()
    [first] = server.wait_for(1)
    assert first["Subject"] == "Confirm your e-mail address"

    make_post(make_topic(person), make_user(), "Hello @person")
    with queue_of(instance, redis):
        mail_notifications()
    found = server.wait_for(2)
    assert sorted(m["Subject"] for m in found) == [
        "1 new notification",
        "Confirm your e-mail address",
    ]

    space = make_space(name="Satakunta")
    set_watch_level(person, space, "tracking")
    make_topic(make_user(), space, title="Lending library of welfare technology")
    with queue_of(instance, redis):
        mail_digests()
    found = server.wait_for(3)
    assert len(found) == 3
    [digest] = [m for m in found if "Lending library" in m.get_body(("plain",)).get_content()]
    assert digest["Subject"] == "New topics in the spaces you follow"
    assert process.poll() is None

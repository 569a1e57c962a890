"""The shared macros in templates/macros/ render the accessible markup they promise."""

import re

from flask import render_template_string
from flask_wtf import FlaskForm
from wtforms import StringField
from wtforms.validators import DataRequired

from forum.queries.pagination import Page

UI = '{% from "macros/ui.html" import avatar, flash, lang_attr, role_badge %}'
PAGINATION = '{% from "macros/pagination.html" import pagination %}'
FORMS = '{% from "macros/forms.html" import error_summary, error_title_prefix, field %}'


def render(source: str, **context) -> str:
    return render_template_string(source, **context)


def test_lang_attr_only_where_the_language_differs(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        assert render(UI + '<p{{ lang_attr("sv") }}>') == '<p lang="sv">'
        assert render(UI + '<p{{ lang_attr("fi") }}>') == "<p>"
        assert render(UI + "<p{{ lang_attr(none) }}>") == "<p>"


def test_pagination_marks_the_current_page_and_links_its_neighbours(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        html = render(PAGINATION + '{{ pagination(page, "main.home") }}', page=Page([], 5, 10, 95))
    assert 'aria-label="Pages"' in html
    assert re.search(r'<span aria-current="page"><span class="visually-hidden">Page </span>5', html)
    for page in (1, 4, 6, 10):
        assert f'href="/?page={page}"' in html
    for page in (2, 8, 9):
        assert f'href="/?page={page}"><span' not in html
    assert 'rel="prev"' in html
    assert 'rel="next"' in html
    with app.test_request_context():
        one = Page([], 1, 10, 7)
        assert render(PAGINATION + '{{ pagination(page, "main.home") }}', page=one).strip() == ""


def test_flash_says_its_category_in_words(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        html = render(UI + '{{ flash("error", "Ei onnistunut.") }}')
        plain = render(UI + '{{ flash("message", "Tiedoksi.") }}')
    assert '<p class="flash flash--error"><span class="flash__label">Virhe:</span>' in html
    assert 'class="flash flash--info">Tiedoksi.' in plain


def test_avatar_and_badge(app):
    with app.test_request_context(headers={"Accept-Language": "fi"}):
        html = render(UI + '{{ avatar("Liisa Kutoja", 9) }}{{ role_badge("weaver") }}')
        alone = render(UI + '{{ avatar("Ylläpito", 0, labelled=true) }}')
    assert '<span class="avatar avatar--3" aria-hidden="true">LK</span>' in html
    assert '<span class="badge badge--weaver">Kutoja</span>' in html
    assert 'role="img" aria-label="Ylläpito">Y</span>' in alone


class TitleForm(FlaskForm):
    class Meta:
        csrf = False

    title = StringField("Title", description="Short.", validators=[DataRequired("Give a title.")])


def test_field_ties_label_hint_and_error_to_the_control(app):
    with app.test_request_context(headers={"Accept-Language": "en"}):
        form = TitleForm(formdata=None)
        assert not form.validate()
        html = render(
            FORMS
            + "{{ error_title_prefix(form) }}|{{ error_summary(form) }}{{ field(form.title) }}",
            form=form,
        )
        fine = TitleForm(formdata=None, data={"title": "Hello"})
        fine.validate()
        quiet = render(FORMS + "{{ error_summary(form) }}{{ field(form.title) }}", form=fine)
    assert html.startswith("Error: |")
    assert 'role="alert"' in html
    assert '<a href="#title">Give a title.</a>' in html
    assert '<label class="field__label" for="title">Title</label>' in html
    assert 'id="title-hint">Short.</p>' in html
    assert 'id="title-error"' in html
    assert 'aria-describedby="title-hint title-error"' in html
    assert 'aria-invalid="true"' in html
    assert "error-summary" not in quiet
    assert 'aria-describedby="title-hint"' in quiet
    assert "aria-invalid" not in quiet

"""Every template's words are reachable by a translator (issue 13 item 3):
the test names each template with text outside a translation tag, with the
line and the words, so the fix is plain."""

from pathlib import Path

import pytest
from django.conf import settings

from tests.i18n.template_text import untranslated

TEMPLATES = sorted(
    path
    for root in [settings.BASE_DIR / "templates"]
    for path in Path(root).rglob("*")
    if path.suffix in {".html", ".txt"}
)


def test_every_template_is_read():
    assert len(TEMPLATES) > 100


# Templates whose text is not yet marked: each is an expected failure,
# strict, so marking one makes its test fail until it leaves this list.
# Empty since every template is marked (issue 13 item 3); a template added
# unmarked fails, it is not put here.
NOT_YET_MARKED: set[str] = set()


def _name(path) -> str:
    return str(path.relative_to(settings.BASE_DIR / "templates"))


@pytest.mark.parametrize(
    "path",
    [
        pytest.param(
            path,
            marks=pytest.mark.xfail(strict=True, reason="not yet marked for translation"),
        )
        if _name(path) in NOT_YET_MARKED
        else path
        for path in TEMPLATES
    ],
    ids=_name,
)
def test_template_text_is_translatable(path):
    found = untranslated(path)
    assert not found, "\n".join(f"{path.name}:{line}: {text}" for line, text in found)


def test_the_list_of_unmarked_templates_names_real_templates():
    assert {_name(path) for path in TEMPLATES} >= NOT_YET_MARKED


def _check(source: str, suffix=".html", tmp_path=None):
    path = tmp_path / f"t{suffix}"
    path.write_text(source, encoding="utf-8")
    return [text for _line, text in untranslated(path)]


def test_the_check_finds_bare_text_and_spoken_attributes(tmp_path):
    source = (
        '{% load i18n %}<h1>{% translate "Your logbook" %}</h1>\n'
        "<p>Saved at {{ time }}</p>\n"
        '<input placeholder="Search entries" name="q">\n'
        '<button aria-label="{% translate "Close" %}">×</button>\n'
        '<input type="submit" value="Send">\n'
        '<input type="hidden" value="draft">\n'
        "{% blocktranslate trimmed %}Week {{ n }} of the programme{% endblocktranslate %}\n"
        "{% comment %}Why the page looks so{% endcomment %}<!-- a note -->\n"
        "<script>const label = 'not template text';</script> · 12\n"
    )
    assert _check(source, tmp_path=tmp_path) == ["Saved at", "Search entries", "Send"]


def test_the_check_reads_a_plain_text_email_as_all_text(tmp_path):
    source = '{% load i18n %}{% translate "Hello" %} {{ name }},\nYour entry was shared.\n'
    assert _check(source, suffix=".txt", tmp_path=tmp_path) == ["Your entry was shared."]

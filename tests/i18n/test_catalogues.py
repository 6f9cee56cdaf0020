"""The shipped catalogues are complete and current (issue 13 item 3).

A message a translator has not done (untranslated or fuzzy) would reach a
reader in English in the middle of a Spanish page; a compiled ``.mo`` that
lags its ``.po`` would do the same; and a catalogue that has fallen behind
the code (a new string marked but never extracted) would too. Each is a
failing test here, naming the messages.
"""

import shutil
import subprocess
import sys

import polib
import pytest
from django.conf import settings

LOCALE = settings.BASE_DIR / "locale"
TRANSLATED = [code for code, _name in settings.LANGUAGES if code != "en"]
DOMAINS = ["django", "djangojs"]
CATALOGUES = [(code, domain) for code in TRANSLATED for domain in DOMAINS]


def _po(code, domain):
    return polib.pofile(str(LOCALE / code / "LC_MESSAGES" / f"{domain}.po"))


def _ids(catalogue):
    return {(e.msgctxt, e.msgid, e.msgid_plural) for e in catalogue if not e.obsolete}


# Catalogues (language, domain) still being translated (issue 13 item 3 is open): an expected
# failure each, strict, so a catalogue finished makes its test fail until it
# leaves this list. The list only shrinks; docs/i18n.md says where each stands.
BEING_TRANSLATED = {
    ("es", "django"),
    ("es", "djangojs"),
    ("fr", "django"),
    ("fr", "djangojs"),
    ("pt", "django"),
    ("ar", "django"),
    ("ar", "djangojs"),
}


@pytest.mark.parametrize(
    "code,domain",
    [
        pytest.param(
            code,
            domain,
            marks=pytest.mark.xfail(strict=True, reason="catalogue still being translated"),
        )
        if (code, domain) in BEING_TRANSLATED
        else (code, domain)
        for code, domain in CATALOGUES
    ],
)
def test_every_message_is_translated(code, domain):
    catalogue = _po(code, domain)
    assert len(catalogue) > (100 if domain == "django" else 5)
    untranslated = [e.msgid for e in catalogue.untranslated_entries()]
    fuzzy = [e.msgid for e in catalogue.fuzzy_entries()]
    assert not untranslated, f"{len(untranslated)} untranslated, first: {untranslated[:5]}"
    assert not fuzzy, f"{len(fuzzy)} fuzzy, first: {fuzzy[:5]}"


@pytest.mark.parametrize("code,domain", CATALOGUES)
def test_placeholders_survive_translation(code, domain):
    """A translation that drops or renames %(name)s or {{ name }} breaks the
    page (a KeyError) or loses the fact; each must keep them all."""
    import re

    placeholder = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")
    for entry in _po(code, domain):
        if not entry.translated():
            continue  # not done, or a guess gettext never uses (compilemessages leaves it out)
        if entry.msgid_plural:
            wanted = set(placeholder.findall(entry.msgid_plural))
            translations = list(entry.msgstr_plural.values())
        else:
            wanted = set(placeholder.findall(entry.msgid))
            translations = [entry.msgstr]
        for text in translations:
            found = set(placeholder.findall(text))
            # A plural's singular form may name the count in words instead.
            assert found <= wanted | {"%(count)s", "%(counter)s"}, (entry.msgid, text)
            missing = wanted - found - {"%(count)s", "%(counter)s", "%s", "%d"}
            assert not missing, (entry.msgid, text)


@pytest.mark.parametrize("code,domain", CATALOGUES)
def test_the_compiled_catalogue_matches(code, domain):
    path = LOCALE / code / "LC_MESSAGES" / f"{domain}.mo"
    compiled = {
        (e.msgctxt, e.msgid): (e.msgstr, dict(e.msgstr_plural)) for e in polib.mofile(str(path))
    }
    for entry in _po(code, domain).translated_entries():
        plural = {int(k): v for k, v in entry.msgstr_plural.items()}
        got = compiled.get((entry.msgctxt, entry.msgid))
        assert got is not None, f"{entry.msgid!r} is not compiled: run make messages"
        assert got[0] == entry.msgstr and {int(k): v for k, v in got[1].items()} == plural, (
            f"{entry.msgid!r} compiled differently: run make messages"
        )


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_the_catalogues_hold_every_message_in_the_code(tmp_path):
    """makemessages, run on a copy of the project, finds no message the
    shipped catalogue lacks, and the catalogue keeps none the code dropped."""
    copy = tmp_path / "project"
    ignore = shutil.ignore_patterns(
        ".*", "var", "staticfiles", "locale", "__pycache__", "node_modules", "test-artifacts"
    )
    shutil.copytree(settings.BASE_DIR, copy, ignore=ignore)
    (copy / "locale").mkdir()
    for domain in DOMAINS:
        subprocess.run(
            [sys.executable, "manage.py", "makemessages", "-l", "es", "-d", domain],
            cwd=copy,
            check=True,
            capture_output=True,
        )
        fresh = _ids(polib.pofile(str(copy / "locale" / "es" / "LC_MESSAGES" / f"{domain}.po")))
        for code in TRANSLATED:
            shipped = _ids(_po(code, domain))
            lacks, keeps = sorted(fresh - shipped), sorted(shipped - fresh)
            assert not lacks, f"{code}/{domain}.po lacks {lacks[:5]}: run make messages"
            assert not keeps, f"{code}/{domain}.po keeps {keeps[:5]}: run make messages"

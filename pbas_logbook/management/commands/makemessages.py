"""``manage.py makemessages`` for this project: the one catalogue under
``locale/`` is built from the apps' Python, the templates and static/js
only. Tests, benchmarks, demo data and vendored scripts hold no text a
person reads in the app, so they are never asked of a translator; file
locations are kept without line numbers so that a moved line does not
rewrite the catalogue. ``tests/i18n/test_catalogues.py`` runs this same
command to tell a catalogue that has fallen behind the code.
"""

from django.core.management.commands import makemessages

NOT_FOR_TRANSLATORS = [
    "tests/*",
    "bench/*",
    "demo/*",
    "static/vendor/*",
    "staticfiles/*",
    "var/*",
    "docs/*",
    "*/migrations/*",
]


class Command(makemessages.Command):
    def handle(self, *args, **options):
        options["ignore_patterns"] = [*options["ignore_patterns"], *NOT_FOR_TRANSLATORS]
        options["add_location"] = options.get("add_location") or "file"
        options["no_obsolete"] = True
        return super().handle(*args, **options)

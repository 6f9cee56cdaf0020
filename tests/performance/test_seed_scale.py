"""manage.py seed_scale: the generated programme, and the command's refusals."""

from io import StringIO

import pytest
from django.apps import apps
from django.contrib.postgres.search import SearchVector
from django.core.management import CommandError, call_command
from django.db.models import Count, F

from bench import scale
from entries.models import Entry, EntrySection
from examinations.models import Submission, SubmittedEntry
from examinations.services import content_hash
from library.markdown import render_markdown
from mentors.models import Comment
from pbas_logbook.models import Enrolment, User
from tests.factories import UserFactory
from tests.performance.conftest import seed


def run(*args) -> str:
    out = StringIO()
    call_command("seed_scale", *args, "--workers", "1", stdout=out)
    return out.getvalue()


@pytest.mark.django_db
class TestTheGeneratedProgramme:
    @pytest.fixture(autouse=True)
    def programme(self):
        seed(40)

    def test_every_candidate_has_a_logbook_of_weekly_entries(self):
        assert Enrolment.objects.count() == 40
        per_candidate = Enrolment.objects.annotate(n=Count("entries")).values_list("n", flat=True)
        assert max(per_candidate) >= 15
        sections = Entry.objects.annotate(n=Count("sections")).values_list("n", flat=True)
        assert set(sections) <= {5, 6, 7}

    def test_sections_are_between_200_and_1500_characters_or_left_empty(self):
        lengths = EntrySection.objects.values_list("body", flat=True)
        written = [len(body) for body in lengths if body]
        assert min(written) >= 200
        assert max(written) <= 1500
        assert len(written) > 0.9 * len(lengths)

    def test_the_first_mentor_has_fifteen_mentees_and_the_others_about_twelve(self):
        mentors = (
            User.objects.annotate(n=Count("mentored_enrolments"))
            .filter(n__gt=0)
            .order_by("email")
            .values_list("email", "n")
        )
        assert mentors[0] == (f"mentor00001@{scale.DOMAIN}", 15)

    def test_stored_html_is_what_the_app_renders_from_the_text(self):
        for section in EntrySection.objects.exclude(body="").order_by("?")[:200]:
            assert section.body_html == render_markdown(section.body)
        for entry in Entry.objects.order_by("?")[:50]:
            assert entry.aims_html == render_markdown(entry.aims)
        for comment in Comment.objects.order_by("?")[:50]:
            assert comment.body_html == render_markdown(comment.body)

    def test_search_vectors_are_the_ones_a_save_writes(self):
        # What entries.services writes on every save, compared as text.
        sections = EntrySection.objects.annotate(
            expected=SearchVector("heading_title", weight="B", config="english")
            + SearchVector("body", weight="A", config="english")
        ).values_list("search_vector", "expected")
        assert all(stored == expected for stored, expected in sections)
        entries = Entry.objects.annotate(
            expected=SearchVector("title", weight="A", config="english")
            + SearchVector("aims", weight="B", config="english")
        ).values_list("search_vector", "expected", "tools")
        assert all(stored == expected for stored, expected, tools in entries if not tools)

    def test_frozen_copies_match_their_content_hash(self):
        submissions = list(Submission.objects.all())
        assert submissions, "a third of candidates submit"
        for submission in submissions:
            entries = SubmittedEntry.objects.filter(submission=submission).prefetch_related(
                "sections"
            )
            frozen = [(e, list(e.sections.all())) for e in entries]
            assert content_hash(submission, frozen) == submission.content_hash

    def test_comment_counters_agree_with_the_comments(self):
        entries = Entry.objects.annotate(n=Count("comments")).exclude(comment_count=F("n"))
        assert not entries.exists()

    def test_generated_people_cannot_sign_in(self):
        assert not any(user.has_usable_password() for user in User.objects.all()[:20])


@pytest.mark.django_db
@pytest.mark.usefixtures("bench_installed")
class TestTheCommand:
    def test_prints_progress_and_the_rows_written(self):
        output = run("--candidates", "20")

        assert "20/20 candidates" in output
        assert "Done in" in output
        assert Enrolment.objects.count() == 20

    def test_refuses_while_the_database_holds_real_people(self):
        UserFactory(email="real.person@example.org")

        with pytest.raises(CommandError, match="1 people the generator did not create"):
            run("--candidates", "20")
        assert User.objects.filter(email="real.person@example.org").exists()
        assert not Enrolment.objects.exists()

    def test_force_replaces_them(self):
        UserFactory(email="real.person@example.org")

        run("--candidates", "20", "--force")

        assert not User.objects.filter(email="real.person@example.org").exists()
        assert Enrolment.objects.count() == 20

    def test_seeding_again_starts_over_frozen_submissions_included(self):
        run("--candidates", "100")
        assert Submission.objects.exists()

        run("--candidates", "20")

        assert Enrolment.objects.count() == 20
        assert Submission.objects.filter(enrolment__in=Enrolment.objects.all()).count() == (
            Submission.objects.count()
        )

    def test_an_interrupted_run_leaves_a_database_that_seeds_again(self, monkeypatch):
        real_write = scale.write_batch
        calls = []

        def interrupted(*args, **kwargs):
            calls.append(1)
            if len(calls) == 2:
                raise KeyboardInterrupt
            return real_write(*args, **kwargs)

        monkeypatch.setattr(scale, "write_batch", interrupted)
        with pytest.raises(KeyboardInterrupt):
            scale.seed(100, workers=1, batch_size=50, out=lambda line: None)
        assert 0 < Enrolment.objects.count() < 100
        monkeypatch.setattr(scale, "write_batch", real_write)

        run("--candidates", "20")

        assert Enrolment.objects.count() == 20

    def test_too_few_candidates_is_an_error(self):
        with pytest.raises(CommandError, match="at least 20"):
            run("--candidates", "5")

    def test_the_same_seed_writes_the_same_text(self):
        run("--candidates", "20")
        first = scale.content_digest()
        run("--candidates", "20")

        assert scale.content_digest() == first


class TestTablesFollowTheModels:
    """bench.scale takes its columns from the models, so a migration that adds
    a column with a default (or a nullable one) needs no change there."""

    def test_every_concrete_column_is_written(self):
        for table in [scale.USER, scale.COMMENT, scale.SUBMISSION, scale.ENTRY, scale.SECTION]:
            model = next(m for m in apps.get_models() if m._meta.db_table == table.db_table)
            expected = [
                f.column
                for f in model._meta.concrete_fields
                if f.column != "search_vector" and (table.ids or not f.primary_key)
            ]
            assert table.columns == expected, table.name

    def test_a_column_left_out_gets_the_fields_default(self):
        line = scale.NOTIFICATION.line({"recipient_id": 7, "kind": "comment", "message": "Hi"})
        values = dict(zip(scale.NOTIFICATION.columns, line.rstrip("\n").split("\t"), strict=True))

        assert values["recipient_id"] == "7"
        assert values["actor_id"] == values["read_at"] == values["emailed_at"] == "\\N"
        assert values["url"] == ""  # blank text
        assert values["created_at"] != "\\N"  # timezone.now, per row

    def test_a_misspelt_column_is_an_error(self):
        with pytest.raises(ValueError, match="no column recipient"):
            scale.NOTIFICATION.line({"recipient": 7})

"""Submission for examination: final paper, frozen submissions, examiners,
the mentor's report, assessments and the final decision.

A Submission and its SubmittedEntry / SubmittedSection rows are a frozen
copy of what the candidate submitted. PostgreSQL triggers (migration
0002) reject every UPDATE and DELETE on those three tables, so not even a
bug, an admin action or raw SQL can change what the examiner reads. All
state that changes afterwards (examiners, reports, assessments, decision)
lives in other tables.
"""

import uuid

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from entries.models import EntryText
from pbas_logbook.access import enrolment_mentor_q, enrolment_owner_q
from pbas_logbook.models import Cohort, Enrolment

FROZEN_TABLES = [
    "examinations_submission",
    "examinations_submittedentry",
    "examinations_submittedsection",
]
PAPER_MAX_CHARS = 200_000
MARK_VALIDATORS = [MinValueValidator(0), MaxValueValidator(100)]


class FinalPaper(models.Model):
    """The candidate's paper on their brokering journey (live, editable)."""

    enrolment = models.OneToOneField(
        Enrolment, on_delete=models.CASCADE, related_name="final_paper"
    )
    title = models.CharField(max_length=200, blank=True)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return self.title or gettext("Final paper")

    @property
    def is_written(self) -> bool:
        return bool(self.body.strip())


class Outcome(models.TextChoices):
    ACCREDITED = "accredited", _("Accredited")
    DISTINCTION = "distinction", _("Accredited with distinction")
    RESUBMIT = "resubmit", _("Resubmission required")
    NOT_ACCREDITED = "not_accredited", _("Not accredited")


class SubmissionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Who may read a frozen submission: the candidate, their current
        mentor, and the examiners assigned to it. Coordinators manage
        submissions (see ``managed_by``) but do not read the logbook text."""
        if not (user and user.is_authenticated and user.is_active):
            return self.none()
        # EXISTS rather than a join to the assignments: no duplicate rows to
        # remove with DISTINCT (over the paper's text), and a plan found in
        # a fraction of a millisecond instead of several.
        assigned = ExaminerAssignment.objects.filter(
            submission=models.OuterRef("pk"), examiner=user
        )
        return self.filter(
            enrolment_owner_q(user, "enrolment__")
            | enrolment_mentor_q(user, "enrolment__")
            | models.Exists(assigned)
        )

    def assigned_to(self, user):
        return self.filter(assignments__examiner=user)


class Submission(models.Model):
    """A frozen submission: version n of an enrolment's logbook and paper."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    enrolment = models.ForeignKey(Enrolment, on_delete=models.PROTECT, related_name="submissions")
    version = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Copied at submission time, so the cover page never changes later.
    candidate_name = models.CharField(max_length=150)
    cohort_name = models.CharField(max_length=120)
    programme_weeks = models.PositiveSmallIntegerField()
    weeks_covered = models.PositiveSmallIntegerField()
    paper_title = models.CharField(max_length=200, blank=True)
    paper_body = models.TextField()
    paper_html = models.TextField()
    content_hash = models.CharField(max_length=64)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["enrolment", "version"], name="submission_version_once"
            ),
        ]

    def __str__(self):
        return f"{self.candidate_name} · version {self.version}"


class SubmittedEntry(EntryText, models.Model):
    """A frozen copy of one shared entry."""

    submission = models.ForeignKey(Submission, on_delete=models.PROTECT, related_name="entries")
    position = models.PositiveSmallIntegerField()
    source_public_id = models.UUIDField()  # the live entry, for diffs between versions
    week = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=200, blank=True)
    aims = models.TextField(blank=True)
    aims_html = models.TextField(blank=True)
    phases = ArrayField(models.CharField(max_length=20), default=list)
    tools = ArrayField(models.CharField(max_length=80), default=list)
    partnerships = ArrayField(models.CharField(max_length=150), default=list)
    written_at = models.DateTimeField()
    first_shared_at = models.DateTimeField(null=True)
    edited_after_sharing = models.BooleanField(default=False)
    first_shared_text = models.JSONField(null=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "position"], name="submitted_entry_position_once"
            ),
        ]

    def __str__(self):
        return self.title or gettext("Week %(week)s") % {"week": self.week}


class SubmittedSection(models.Model):
    entry = models.ForeignKey(SubmittedEntry, on_delete=models.PROTECT, related_name="sections")
    position = models.PositiveSmallIntegerField()
    heading_title = models.CharField(max_length=120)
    body = models.TextField(blank=True)
    body_html = models.TextField(blank=True)

    class Meta:
        ordering = ["position"]
        constraints = [
            models.UniqueConstraint(
                fields=["entry", "position"], name="submitted_section_position_once"
            ),
        ]

    def __str__(self):
        return self.heading_title


class SubmissionPdf(models.Model):
    """A frozen submission's PDF, laid out once per paper order and layout.

    The submission never changes, so neither does its PDF: WeasyPrint's
    seconds of layout are paid by the first download, and every later one
    (examiners come back to it, the candidate and mentor keep a copy) is a
    read. ``layout`` fingerprints the template, the stylesheet and the
    WeasyPrint version, so a new design renders afresh. A derived copy, not a
    record: deleting rows only costs the next download its render time.
    """

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="pdfs")
    paper_first = models.BooleanField()
    layout = models.CharField(max_length=16)
    # The language and time zone it was laid out in ("es|Pacific/Auckland"):
    # its words and times are a reader's, so a copy serves only readers who
    # read in both (issue 13 item 5). See examinations.pdf.reading_key.
    reading = models.CharField(max_length=80)
    content = models.BinaryField()
    rendered_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "paper_first", "layout", "reading"],
                name="one_pdf_per_order_layout_and_reading",
            )
        ]

    def __str__(self) -> str:
        order = "paper first" if self.paper_first else "paper last"
        return f"PDF of {self.submission} ({order})"


class ExaminerAssignment(models.Model):
    """An examiner assigned to a submission. Deleting the row revokes access."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assignments")
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="examiner_assignments"
    )
    assigned_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    assigned_at = models.DateTimeField(default=timezone.now)
    # The instant the assessment is due (issue 12 item 4); empty only on
    # assignments made before due dates existed. Reminders are sent once
    # each: a few days before the due date, and once it has passed.
    due_at = models.DateTimeField(null=True, blank=True)
    reminded_before_at = models.DateTimeField(null=True, blank=True)
    reminded_overdue_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "examiner"], name="examiner_assigned_once"
            ),
            models.CheckConstraint(
                condition=models.Q(due_at__isnull=True)
                | models.Q(due_at__gt=models.F("assigned_at")),
                name="assignment_due_after_assigned",
            ),
        ]
        indexes = [
            models.Index(fields=["examiner", "-assigned_at"], name="assignment_examiner"),
            # The reminder job and the coordinator's overdue list ask by due date.
            models.Index(
                fields=["due_at"], name="assignment_due", condition=models.Q(due_at__isnull=False)
            ),
        ]

    def __str__(self):
        return f"{self.examiner} examines {self.submission}"


class MarkingScheme(models.Model):
    """How one cohort's submissions are marked (issue 12): the rubric (its
    criteria), the outcome bands the weighted total suggests, how many
    independent examiners each submission needs, and how far two totals may
    differ before the coordinator moderates. Editable until the cohort's
    first mark is recorded, then frozen (``examinations.marking``)."""

    cohort = models.OneToOneField(Cohort, on_delete=models.CASCADE, related_name="marking_scheme")
    examiners_required = models.PositiveSmallIntegerField(
        _("Independent examiners per submission"),
        choices=[(1, _("One examiner")), (2, _("Two examiners (double marking)"))],
        default=1,
    )
    moderation_threshold = models.PositiveSmallIntegerField(
        _("Moderate when two totals differ by more than"),
        default=10,
        validators=[MaxValueValidator(100)],
        help_text=_("Marks out of 100. Different outcomes are always moderated."),
    )
    distinction_from = models.PositiveSmallIntegerField(
        _("Accredited with distinction from"), default=75, validators=[MaxValueValidator(100)]
    )
    accredited_from = models.PositiveSmallIntegerField(
        _("Accredited from"), default=50, validators=[MaxValueValidator(100)]
    )
    resubmit_from = models.PositiveSmallIntegerField(
        _("Resubmission from"),
        default=30,
        validators=[MaxValueValidator(100)],
        help_text=_("Below this total the suggested outcome is “Not accredited”."),
    )

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(examiners_required__in=[1, 2]),
                name="scheme_one_or_two_examiners",
            ),
            models.CheckConstraint(
                condition=models.Q(resubmit_from__lte=models.F("accredited_from"))
                & models.Q(accredited_from__lte=models.F("distinction_from"))
                & models.Q(distinction_from__lte=100),
                name="scheme_bands_in_order",
            ),
        ]

    def __str__(self):
        return f"Marking scheme of {self.cohort}"


class AssessmentCriterion(models.Model):
    """One criterion of the marking sheet, with its weight in percent, the
    marks it is given out of, and what each band of marks looks like.

    Rows without a ``scheme`` are the programme's sheet, copied into each new
    cohort's scheme; a cohort's rows are the ones its examiners mark."""

    scheme = models.ForeignKey(
        MarkingScheme, on_delete=models.CASCADE, null=True, blank=True, related_name="criteria"
    )
    name = models.CharField(max_length=120)
    description = models.CharField(_("Descriptor"), max_length=300, blank=True)
    weight = models.PositiveSmallIntegerField(validators=[MaxValueValidator(100)])
    position = models.PositiveSmallIntegerField(default=0)
    max_mark = models.PositiveSmallIntegerField(
        _("Marked out of"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    # One band a line, "FROM: what work in this band shows", from 0 upwards
    # (parsed and checked by examinations.marking.parse_bands).
    bands = models.TextField(_("Mark bands"), blank=True)

    class Meta:
        ordering = ["position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(max_mark__gte=1, max_mark__lte=100),
                name="criterion_max_mark_in_range",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.weight}%)"


class ProgrammeSetting(models.Model):
    """Programme-wide choices a coordinator makes (a single row)."""

    examiners_see_mentor_comments = models.BooleanField(
        _("Examiners also read the mentor's comments"),
        default=False,
        help_text=_("Off: examiners read the logbook and final paper only."),
    )

    def __str__(self):
        return "Programme settings"

    @classmethod
    def current(cls) -> "ProgrammeSetting":
        setting, _created = cls.objects.get_or_create(pk=1)
        return setting


class MentorReport(models.Model):
    """The mentor's report and proposed mark, written before examination.
    Shown to examiners at once, to the candidate only after the decision."""

    submission = models.OneToOneField(
        Submission, on_delete=models.CASCADE, related_name="mentor_report"
    )
    mentor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField()
    body_html = models.TextField()
    proposed_mark = models.PositiveSmallIntegerField(validators=MARK_VALIDATORS)
    criterion_notes = models.JSONField(default=dict, blank=True)
    # The mark the mentor proposes per criterion ({criterion id: mark}), shown
    # beside the examiner's form; ``proposed_mark`` is then their weighted total.
    criterion_marks = models.JSONField(default=dict, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    def __str__(self):
        return f"Mentor's report on {self.submission}"


class Assessment(models.Model):
    """One examiner's assessment of a submission."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="assessments")
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="assessments"
    )
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    mark = models.PositiveSmallIntegerField(validators=MARK_VALIDATORS)
    feedback = models.TextField()
    feedback_html = models.TextField()
    criterion_notes = models.JSONField(default=dict, blank=True)
    # {criterion id: mark}; ``mark`` is their weighted total, computed by
    # examinations.marking, never typed.
    criterion_marks = models.JSONField(default=dict, blank=True)
    # Why the outcome is not the one the total suggests (required then).
    outcome_reason = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["recorded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "examiner"], name="assessment_once_per_examiner"
            ),
        ]

    def __str__(self):
        return f"{self.get_outcome_display()} by {self.examiner}"


class Decision(models.Model):
    """The coordinator's final decision; after it, assessments are locked."""

    submission = models.OneToOneField(Submission, on_delete=models.PROTECT, related_name="decision")
    outcome = models.CharField(max_length=20, choices=Outcome.choices)
    mark = models.PositiveSmallIntegerField(validators=MARK_VALIDATORS, null=True, blank=True)
    feedback = models.TextField(blank=True)
    feedback_html = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    decided_at = models.DateTimeField(default=timezone.now)
    # After moderation: why this agreed mark and outcome (required then).
    moderation_reason = models.TextField(blank=True)

    def __str__(self):
        return f"{self.get_outcome_display()} ({self.submission})"


class ResultRelease(models.Model):
    """When the candidate and mentor may see a recorded decision (issue 12).

    The decision itself never changes (a trigger refuses it), so its release
    lives here: at once, or at a date and time the coordinator chooses (a
    whole cohort together), movable until it has passed. What a reader sees
    follows ``release_at`` alone, so a result shows at its time even when the
    job that sends the notices (``manage.py release_results``) runs late."""

    decision = models.OneToOneField(Decision, on_delete=models.PROTECT, related_name="release")
    release_at = models.DateTimeField()
    set_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    set_at = models.DateTimeField(default=timezone.now)
    # When the candidate and mentor were told; empty until then.
    notified_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [
            # The release job's question: which due releases are not yet told?
            models.Index(
                fields=["release_at"],
                name="release_not_yet_told",
                condition=models.Q(notified_at__isnull=True),
            ),
        ]

    def __str__(self):
        return f"Release of {self.decision} at {self.release_at:%Y-%m-%d %H:%M}"

    @property
    def is_released(self) -> bool:
        return self.release_at <= timezone.now()


class ReadingPosition(models.Model):
    """Where one examiner stopped reading one submission (issue 12 item 7):
    the week (0 is the final paper) and the section anchor last in view, so
    a 20-week logbook read over several sittings opens where they left it."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="+")
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+"
    )
    week = models.PositiveSmallIntegerField(default=0)
    anchor = models.CharField(max_length=40, blank=True)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "examiner"], name="reading_position_once"
            ),
        ]

    def __str__(self):
        return f"{self.examiner} at week {self.week} of {self.submission}"


class ExaminerNote(models.Model):
    """An examiner's private note on one section of a submission, or on its
    final paper (``section`` empty). Only its examiner reads it, and the
    coordinator at moderation; never the candidate, the mentor or another
    examiner, and never in a PDF or an export of the candidate's data."""

    submission = models.ForeignKey(
        Submission, on_delete=models.CASCADE, related_name="examiner_notes"
    )
    examiner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    section = models.ForeignKey(
        SubmittedSection, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    body = models.TextField(max_length=20_000)
    updated_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["submission", "examiner", "section"],
                name="examiner_note_once_per_section",
                nulls_distinct=False,
            ),
        ]

    def __str__(self):
        return f"{self.examiner}'s note on {self.submission}"

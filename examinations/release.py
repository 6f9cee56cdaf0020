"""Released results (issue 12): a decision is recorded, then released, at
once or at a date and time the coordinator chooses (a whole cohort
together). Until then the candidate and the mentor see "with the examiners"
and nothing else.

What a reader sees follows ``ResultRelease.release_at`` alone
(``released_q``). The rest of the result taking effect (the enrolment's
status, a notice and an email without marks or feedback) is ``tell_due``,
run by ``manage.py release_results`` every few minutes, and at once for a
release "now".
"""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from examinations.models import Decision, Outcome, ResultRelease
from notifications.notices import notify
from pbas_logbook.models import (
    AuditAction,
    Cohort,
    Enrolment,
    EnrolmentStatus,
    NotificationKind,
    Role,
    User,
)
from records import audit

ALREADY_RELEASED = "This result is already released; its release can no longer be moved."
PAST = "Choose a time in the future, or release now."
TELL_AT_MOST = 200  # per run of the job; the next run tells the rest


def released_q(prefix: str = "") -> Q:
    """Rows whose decision's result is out: ``prefix`` leads from the row to
    the decision ("decision__" from a submission)."""
    return Q(**{f"{prefix}release__release_at__lte": timezone.now()})


def release_of(decision: Decision | None) -> ResultRelease | None:
    if decision is None:
        return None
    try:
        return decision.release
    except ResultRelease.DoesNotExist:
        return None


def is_released(decision: Decision | None) -> bool:
    """Whether the candidate and mentor may read ``decision`` now."""
    release = release_of(decision)
    return release is not None and release.is_released


def decision_seen_by(decision: Decision | None, role) -> Decision | None:
    """The decision as a reader in ``role`` may see it: the examiners once
    it is recorded, the candidate and the mentor once it is released (until
    then, for them, the submission is "with the examiners")."""
    if decision is None or role in (Role.CANDIDATE, Role.MENTOR) and not is_released(decision):
        return None
    return decision


@transaction.atomic
def release_set(
    *, decision: Decision, by: User, at: datetime.datetime | None = None
) -> ResultRelease:
    """Release ``decision`` now (``at`` None) or at ``at``; a release not yet
    passed may be moved. Refused for a time in the past and for a result
    already out."""
    _refuse_past(at)
    release = _set(decision, by=by, at=at)
    if at is None:
        transaction.on_commit(tell_due)
    return release


def cohort_release_set(*, cohort: Cohort, by: User, at: datetime.datetime | None = None) -> int:
    """Every recorded, unreleased decision of the cohort released together
    (now or at ``at``); returns how many. Results already out are left."""
    _refuse_past(at)
    decisions = (
        Decision.objects.filter(submission__enrolment__cohort=cohort)
        .exclude(released_q())
        .select_related("submission__enrolment__candidate")
    )
    with transaction.atomic():
        count = sum(1 for decision in decisions if _set(decision, by=by, at=at))
        if at is None and count:
            transaction.on_commit(tell_due)  # one run tells them all
    return count


def _refuse_past(at: datetime.datetime | None) -> None:
    if at is not None and at <= timezone.now():
        raise ValidationError({"release_at": PAST})


def _set(decision: Decision, *, by: User, at: datetime.datetime | None) -> ResultRelease:
    """The release row written (locked, so two coordinators at once are
    taken one after the other) and audited; telling is the caller's."""
    now = timezone.now()
    release = ResultRelease.objects.select_for_update().filter(decision=decision).first()
    if release is not None and release.release_at <= now:
        raise ValidationError(ALREADY_RELEASED)
    when = at or now
    if release is None:
        release = ResultRelease.objects.create(decision=decision, release_at=when, set_by=by)
    else:
        release.release_at, release.set_by, release.set_at = when, by, now
        release.save(update_fields=["release_at", "set_by", "set_at"])
    submission = decision.submission
    audit.record(
        actor=by,
        action=AuditAction.RELEASED,
        subject=submission.enrolment.candidate,
        detail=f"version {submission.version}: "
        + ("released now" if at is None else f"to be released {when:%Y-%m-%d %H:%M} UTC"),
        role="coordinator",
    )
    return release


def tell_due(*, now: datetime.datetime | None = None) -> int:
    """Tell the candidate and mentor of each result whose time has come and
    who were not told yet; returns how many results. Each release is marked
    told in its own transaction, so two runs at once never tell twice."""
    now = now or timezone.now()
    told = 0
    due = ResultRelease.objects.filter(notified_at__isnull=True, release_at__lte=now)
    for pk in due.order_by("release_at").values_list("pk", flat=True)[:TELL_AT_MOST]:
        with transaction.atomic():
            release = (
                ResultRelease.objects.select_for_update(skip_locked=True, of=("self",))
                .filter(pk=pk, notified_at__isnull=True)
                .select_related("decision__submission__enrolment__candidate")
                .select_related("decision__submission__enrolment__mentor")
                .first()
            )
            if release is None:
                continue
            _tell(release)
            release.notified_at = now
            release.save(update_fields=["notified_at"])
            told += 1
    return told


STATUS_AFTER = {
    Outcome.ACCREDITED: EnrolmentStatus.ACCREDITED,
    Outcome.DISTINCTION: EnrolmentStatus.ACCREDITED,
    Outcome.RESUBMIT: EnrolmentStatus.ACTIVE,
    Outcome.NOT_ACCREDITED: EnrolmentStatus.ACTIVE,
}


def _tell(release: ResultRelease) -> None:
    """The result takes effect: the enrolment's status follows it (after
    "Resubmission required" the logbook is open for the next version), and
    a notice (with the email it brings) says only that the result is out:
    no outcome, mark or feedback leaves the site by email."""
    submission = release.decision.submission
    enrolment = submission.enrolment
    Enrolment.objects.filter(pk=enrolment.pk, status=EnrolmentStatus.SUBMITTED).update(
        status=STATUS_AFTER[release.decision.outcome]
    )
    # The line that unseals the examination on "Who has read my logbook".
    audit.record(
        actor=release.set_by,
        action=AuditAction.RESULT_OUT,
        subject=enrolment.candidate,
        detail=f"version {submission.version}",
        role="coordinator",
    )
    url = reverse("examinations:result", args=[submission.public_id])
    notify(
        recipient=enrolment.candidate,
        actor=release.set_by,
        kind=NotificationKind.DECISION,
        message=f"Your examination result (version {submission.version}) is released. "
        "Sign in to read it.",
        url=url,
    )
    notify(
        recipient=enrolment.mentor,
        actor=release.set_by,
        kind=NotificationKind.DECISION,
        message=f"The examination result of {submission.candidate_name} "
        f"(version {submission.version}) is released.",
        url=url,
    )

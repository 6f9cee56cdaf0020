"""Demo examinations (content/examinations.toml): an earlier intake whose
programme is over, one submission awaiting its examiner and one assessed
and accredited. An enrolment that already has a submission or entries is
left alone. Submissions are frozen, so their dates are the day of seeding.
"""

import datetime

from django.utils import timezone

from demo.content import load
from demo.people import cohort_start, person
from entries import services as entry_services
from entries.models import Entry, Partnership
from entries.vocabulary import BrokerPosition
from examinations import assessing, marking, release, services
from examinations.models import MarkingScheme, Outcome
from pbas_logbook.models import Cohort, Enrolment


def _written_at(enrolment: Enrolment, week: int) -> datetime.datetime:
    """The evening after the week's last day: written in good time."""
    day = enrolment.week_start(week) + datetime.timedelta(days=7)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(20, 0)))


def _backdate(entry: Entry, when: datetime.datetime) -> None:
    Entry.objects.filter(pk=entry.pk).update(
        created_at=when, updated_at=when, shared_at=when, first_shared_at=when
    )


def _write(enrolment, week: dict, number: int, partnerships: dict, *, share=True) -> Entry:
    return entry_services.entry_save(
        enrolment=enrolment,
        text=entry_services.EntryText(
            week=number,
            title=week["title"],
            aims=week["aims"],
            bodies=list(week["bodies"]),
            partnerships=[partnerships[k] for k in week.get("partnerships", [])],
            phases=list(week["phases"]),
            tools=list(week["tools"]),
        ),
        share=share,
    )


def _by_criterion(submission, values: list) -> dict:
    """Values (notes or marks) against the cohort's criteria, in their order."""
    criteria = marking.scheme_criteria(marking.scheme_of(submission.enrolment.cohort))
    return {str(c.pk): value for c, value in zip(criteria, values, strict=False)}


def _logbook(enrolment: Enrolment, candidate: dict, *, edit: dict | None = None) -> dict:
    """Headings, partnerships and shared weekly entries; returns the partnerships."""
    entry_services.headings_apply_preset(enrolment=enrolment, key=candidate["headings_preset"])
    partnerships = {
        p["key"]: Partnership.objects.create(
            enrolment=enrolment,
            name=p["name"],
            sector_mix=p["sector_mix"],
            position=BrokerPosition(p["position"]),
        )
        for p in candidate["partnerships"]
    }
    for week in candidate["weeks"]:
        entry = _write(enrolment, week, week["week"], partnerships)
        if edit and week["week"] == edit["week"]:
            text = entry_services.EntryText.from_entry(entry)
            headings = [s.heading_title for s in entry.sections.all()]
            text.bodies[headings.index(edit["heading"])] = edit["body"]
            entry = entry_services.entry_save(
                enrolment=enrolment, text=text, entry=entry, version=entry.version
            )
        _backdate(entry, _written_at(enrolment, week["week"]))
    paper = candidate["paper"]
    services.paper_save(enrolment=enrolment, title=paper["title"], body=paper["body"], version=None)
    return partnerships


def _mentor_report(submission, enrolment: Enrolment, report: dict) -> None:
    assessing.mentor_report_save(
        submission=submission,
        mentor=enrolment.mentor,
        body=report["body"],
        criterion_marks=_by_criterion(submission, report["criterion_marks"]),
        criterion_notes=_by_criterion(submission, report["criterion_notes"]),
    )


def _seed_priya(demo, enrolment: Enrolment, priya: dict) -> None:
    _logbook(enrolment, priya, edit=priya["edit_after_sharing"])
    submission = services.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=1
    )
    services.examiner_assign(
        submission=submission,
        examiner=demo.people[priya["examiner"]],
        by=demo.people["coordinator@example.org"],
    )
    _mentor_report(submission, enrolment, priya["mentor_report"])


def _seed_tomas(demo, enrolment: Enrolment, tomas: dict) -> None:
    partnerships = _logbook(enrolment, tomas)
    submission = services.submission_create(
        enrolment=enrolment, by=enrolment.candidate, expected_version=1
    )
    coordinator = demo.people["coordinator@example.org"]
    for assessment in tomas["assessments"]:
        services.examiner_assign(
            submission=submission, examiner=demo.people[assessment["examiner"]], by=coordinator
        )
    _mentor_report(submission, enrolment, tomas["mentor_report"])
    for assessment in tomas["assessments"]:
        assessing.assessment_record(
            submission=submission,
            examiner=demo.people[assessment["examiner"]],
            outcome=Outcome(assessment["outcome"]),
            criterion_marks=_by_criterion(submission, assessment["criterion_marks"]),
            feedback=assessment["feedback"],
            criterion_notes=_by_criterion(submission, assessment["criterion_notes"]),
        )
    decision = tomas["decision"]
    recorded = assessing.decision_record(
        submission=submission,
        by=coordinator,
        outcome=Outcome(decision["outcome"]),
        mark=decision["mark"],
        feedback=decision["feedback"],
    )
    release.release_set(decision=recorded, by=coordinator)
    release.tell_due()
    # The logbook is his: a draft in whatever week it is now.
    week = enrolment.current_week(demo.today)
    _write(enrolment, tomas["after_the_programme"], week, partnerships, share=False)


def seed(demo) -> None:
    content = load("examinations")
    cohort_content = content["cohort"]
    cohort, created = Cohort.objects.get_or_create(
        name=cohort_content["name"],
        defaults={"start_date": cohort_start(demo, cohort_content["started_weeks_ago"])},
    )
    if created:
        MarkingScheme.objects.filter(cohort=cohort).update(
            examiners_required=cohort_content["examiners_required"]
        )
    mentor = demo.people[cohort_content["mentor"]]
    for candidate, fill in ((content["priya"], _seed_priya), (content["tomas"], _seed_tomas)):
        email = candidate["email"]
        demo.people[email] = person(email, candidate["full_name"])
        enrolment, _ = Enrolment.objects.get_or_create(
            candidate=demo.people[email],
            cohort=cohort,
            defaults={
                "mentor": mentor,
                "start_date": cohort.start_date,
                "length_weeks": cohort_content["length_weeks"],
            },
        )
        demo.enrolments[email] = enrolment
        if enrolment.submissions.exists() or enrolment.entries.exists():
            continue
        fill(demo, enrolment, candidate)

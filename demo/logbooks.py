"""The demo cohort's logbooks (content/logbooks.toml). A logbook that already
has headings or entries is left alone."""

import datetime

from django.utils import timezone

from demo.content import load
from entries import services
from entries.models import Entry, Heading, Partnership
from entries.vocabulary import BrokerPosition


def _backdate(entry: Entry, *, written: datetime.datetime, shared: bool) -> None:
    Entry.objects.filter(pk=entry.pk).update(
        created_at=written,
        updated_at=written,
        shared_at=written if shared else None,
        first_shared_at=written if shared else None,
    )


def _week_end_evening(enrolment, week: int, days_late: int) -> datetime.datetime:
    day = enrolment.week_start(week) + datetime.timedelta(days=6 + days_late)
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(19, 30)))


def _seed_logbook(enrolment, logbook: dict) -> None:
    if Heading.objects.filter(enrolment=enrolment).exists() or enrolment.entries.exists():
        return
    if "headings_preset" in logbook:
        services.headings_apply_preset(enrolment=enrolment, key=logbook["headings_preset"])
    for i, heading in enumerate(logbook.get("headings", [])):
        Heading.objects.create(
            enrolment=enrolment, position=i, title=heading["title"], prompt=heading["prompt"]
        )
    partnerships = {
        p["key"]: Partnership.objects.create(
            enrolment=enrolment,
            name=p["name"],
            sector_mix=p["sector_mix"],
            position=BrokerPosition(p["position"]),
        )
        for p in logbook.get("partnerships", [])
    }
    for week in logbook["weeks"]:
        entry = services.entry_save(
            enrolment=enrolment,
            text=services.EntryText(
                week=week["week"],
                title=week["title"],
                aims=week["aims"],
                bodies=list(week["bodies"]),
                partnerships=[partnerships[k] for k in week.get("partnerships", [])],
                phases=list(week["phases"]),
                tools=list(week["tools"]),
            ),
            share=week["shared"],
        )
        written = _week_end_evening(enrolment, week["week"], week["days_late"])
        _backdate(entry, written=written, shared=week["shared"])


def seed(demo) -> None:
    for logbook in load("logbooks")["logbooks"]:
        _seed_logbook(demo.enrolments[logbook["candidate"]], logbook)

"""When the writer's zone matters: ``{{ entry.created_at|written_in:entry.enrolment.zone }}``
is "Sun 23:40 in Auckland" for a reader whose own zone shows that moment at
another time, and empty for everyone else (the candidate reading their own
entry among them); ``written_on_in`` adds the date, for pages that show no
other ("Sun 12 Jan 2025, 23:40 in Auckland")."""

from django import template

from library.zones import differs_from_reader, in_zone

register = template.Library()


@register.filter
def written_in(moment, zone) -> str:
    if moment is None or zone is None or not differs_from_reader(moment, zone):
        return ""
    return in_zone(moment, zone)


@register.filter
def written_on_in(moment, zone) -> str:
    if moment is None or zone is None or not differs_from_reader(moment, zone):
        return ""
    return in_zone(moment, zone, with_date=True)

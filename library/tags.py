"""Filtering by the logbook's tags. Phases, tools and broker positions are
array columns wherever they are kept (an entry, a research extract); asking
for one tag means rows whose array holds it, the same rule on every page."""


def with_tags(queryset, **tags):
    """``queryset`` narrowed to rows whose array field holds each tag given,
    named by field (``phases="planning"``); an empty tag narrows nothing, as
    an empty filter on a search form means "any"."""
    for field, tag in tags.items():
        if tag:
            queryset = queryset.filter(**{f"{field}__contains": [tag]})
    return queryset

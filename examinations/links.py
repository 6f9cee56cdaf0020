"""Whether the examination links in notices still open (see
notifications/notices.py, ``link_check``): an examiner removed from a
submission, or a mentor replaced, keeps a notice that would lead to a 404."""

from examinations.models import Submission
from notifications.notices import link_check

NO_LONGER_YOURS = (
    "This submission is no longer open to you: you were removed from it as examiner, "
    "or you no longer mentor this candidate."
)


def _submission_links(user, links: list[dict]) -> list[str | None]:
    ids = [link.get("public_id") for link in links]
    still_open = set(
        Submission.objects.visible_to(user)
        .filter(public_id__in=ids)
        .values_list("public_id", flat=True)
    )
    return [None if i in still_open else NO_LONGER_YOURS for i in ids]


for _name in ("examinations:reading", "examinations:mentor_report", "examinations:result"):
    link_check(_name)(_submission_links)

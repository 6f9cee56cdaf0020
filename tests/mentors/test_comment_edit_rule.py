"""One rule for editing a comment, used by the review page and comment_edit."""

import datetime
from types import SimpleNamespace

from mentors.services import comment_can_edit

T0 = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
AUTHOR, OTHER = SimpleNamespace(pk=1), SimpleNamespace(pk=2)


def comment(pk, *, by=AUTHOR, minutes=0):
    created_at = T0 + datetime.timedelta(minutes=minutes)
    return SimpleNamespace(pk=pk, author_id=by.pk, created_at=created_at)


class TestCommentCanEdit:
    def test_the_author_may_edit_a_thread_nobody_replied_to(self):
        assert comment_can_edit(comment(1), AUTHOR, thread_replies=[])

    def test_nobody_else_may_edit_it(self):
        assert not comment_can_edit(comment(1), OTHER, thread_replies=[])

    def test_a_reply_closes_the_thread_start_to_edits(self):
        root = comment(1)

        assert not comment_can_edit(root, AUTHOR, thread_replies=[comment(2, by=OTHER, minutes=5)])

    def test_the_last_reply_stays_editable_and_earlier_ones_do_not(self):
        first, last = comment(2, minutes=5), comment(3, by=OTHER, minutes=9)
        replies = [first, last]

        assert comment_can_edit(last, OTHER, thread_replies=replies)
        assert not comment_can_edit(first, AUTHOR, thread_replies=replies)

    def test_a_comment_is_not_a_reply_after_itself(self):
        only = comment(2, minutes=5)

        assert comment_can_edit(only, AUTHOR, thread_replies=[only])

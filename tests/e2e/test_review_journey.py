"""Mentor review in a real browser (issue 4), as a new user would try it.

mentor@example.org (Mateo Alvarez) sees who is behind, comments on a
section of a shared entry of candidate@example.org (Camille Laurent), she
replies, he marks the entry reviewed, and both hear of it in the app and by
email. The demo data is the starting point: Camille has shared weeks 1 to 8
(1 to 5 already reviewed, week 6 written late and not commented on); Kwame
Owusu, the mentor's other mentee, shared weeks 1 and 2 only.

Mentor and candidate each get a browser context of their own, so the two
people are signed in side by side.
"""

import re
import time

import pytest
from django.core import mail
from django.urls import reverse
from playwright.sync_api import expect

from entries.models import Entry
from mentors import services as mentors_services
from mentors.models import Comment
from pbas_logbook.models import EmailFrequency, NotificationPreference, User
from tests.e2e.conftest import (
    check_accessibility,
    field_label,
    login,
    screenshot,
    watch_for_problems,
)

MENTOR = "mentor@example.org"
CANDIDATE = "candidate@example.org"
WEEK_6_TITLE = "Late write-up of a hard week"
PURPOSE = "Keeping the primary purpose in view"
PRACTICE = "Improving my brokering practice"
# Text of Camille's week 6 entry, which no email may quote.
WEEK_6_TEXT = "The logo question is about credit"


def nav(page):
    return page.get_by_role("navigation", name="Main")


def bell(page):
    return nav(page).get_by_role("link", name=re.compile(r"^Notifications"))


def unread_count(page):
    """The number on the bell (0 when it shows none)."""
    found = re.search(r"(\d+)\s+unread", bell(page).text_content())
    return int(found.group(1)) if found else 0


def messages(page):
    return page.locator(".messages")


def section(page, heading):
    """A section of the entry with the comments beside it (a labelled region)."""
    return page.get_by_role("region", name=heading, exact=True)


def whole_entry(page):
    return page.get_by_role("region", name="Comments on the whole entry")


def open_notice(page, notice):
    """Press "Open" on the notice that says ``notice``."""
    item = page.get_by_role("listitem").filter(has_text=notice)
    item.get_by_role("button", name=re.compile(r"^Open\b")).click()


def week_6():
    return Entry.objects.get(enrolment__candidate__email=CANDIDATE, week=6)


def review_path(entry):
    return reverse("mentors:entry_review", args=[entry.public_id])


@pytest.fixture
def candidate_page(new_context):
    """A second browser (own cookies), watched for problems like ``page``."""
    page = new_context().new_page()
    problems = watch_for_problems(page)
    yield page
    assert not problems, "The candidate's browser saw problems:\n" + "\n".join(problems)


@pytest.fixture
def emails_immediately(demo_data, settings, live_server):
    """Both people want email at once; links in emails point at the live server."""
    settings.SITE_URL = live_server.url
    for email in (MENTOR, CANDIDATE):
        NotificationPreference.objects.update_or_create(
            user=User.objects.get(email=email),
            defaults={"email_frequency": EmailFrequency.IMMEDIATE},
        )
    mail.outbox.clear()


def emails_to(address):
    return [m for m in mail.outbox if m.to == [address]]


def email_texts(message):
    """Subject, plain text and HTML of an email, as one string to search."""
    parts = [message.subject, message.body]
    parts += [content for content, _ in getattr(message, "alternatives", [])]
    return "\n".join(parts)


def open_week_6_as_mentor(page, live_server):
    """From the dashboard to Camille's week 6, the way a mentor would click."""
    nav(page).get_by_role("link", name="My mentees").click()
    page.get_by_role("link", name="Camille Laurent").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Camille Laurent's logbook")
    page.get_by_role("link", name=f"Week 6: {WEEK_6_TITLE}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(WEEK_6_TITLE)
    expect(page).to_have_url(live_server.url + review_path(week_6()))


def comment_on_section(page, heading, text):
    region = section(page, heading)
    region.get_by_role("button", name="Comment on this section").click()
    # Wait for Bootstrap's collapse to finish opening: a click on "Post
    # comment" while the form is still sliding open was lost once on a busy
    # CI machine (the text typed, no post sent).
    expect(region.locator(".collapse.show form.comment-form")).to_be_visible()
    box = region.get_by_label(field_label(f"Comment on “{heading}”"))
    expect(box).to_be_visible()
    box.fill(text)
    region.get_by_role("button", name="Post comment").click()
    expect(messages(page)).to_contain_text("Comment posted.")


class TestDashboard:
    def test_mentor_sees_who_is_behind_first(self, page, live_server, demo_data):
        login(page, live_server, MENTOR)

        expect(page.get_by_role("heading", level=1)).to_have_text("My mentees")
        expect(nav(page).get_by_role("link", name="My mentees")).to_have_attribute(
            "aria-current", "page"
        )
        table = page.get_by_role("table", name="Your mentees, attention first")
        rows = table.locator("tbody").get_by_role("row")
        # His two mentees only (Sofia Haddad is mentor2's); Kwame, who has
        # shared nothing for eight weeks, before Camille (two weeks), although
        # the alphabet would put Camille first.
        expect(rows).to_have_count(2)
        kwame, camille = rows.nth(0), rows.nth(1)
        expect(kwame.get_by_role("link")).to_have_text("Kwame Owusu")
        expect(kwame).to_contain_text("Falling behind")
        expect(kwame).to_contain_text("no shared entry for 8 weeks")
        expect(camille.get_by_role("link")).to_have_text("Camille Laurent")
        expect(camille).to_contain_text("no shared entry for 2 weeks")
        expect(table).not_to_contain_text("Sofia Haddad")
        # What waits for him: Camille's weeks 6 to 8 to review, and her reply
        # on week 7 that he has not answered.
        to_review, replies_waiting = (
            camille.get_by_role("cell").nth(2),
            camille.get_by_role("cell").nth(3),
        )
        expect(to_review).to_have_text("3")
        expect(replies_waiting).to_have_text("1")
        check_accessibility(page)
        screenshot(page, "review-dashboard")


class TestCommenting:
    def test_mentor_comments_on_one_section_in_markdown(self, page, live_server, demo_data):
        login(page, live_server, MENTOR)
        open_week_6_as_mentor(page, live_server)
        purpose = section(page, PURPOSE)
        expect(purpose.get_by_role("article")).to_have_count(0)
        check_accessibility(page)

        comment_on_section(
            page, PURPOSE, "You name **credit** as the real question. Who else wants it?"
        )

        # The comment sits beside its own section, Markdown rendered.
        expect(page.get_by_role("heading", level=1)).to_have_text(WEEK_6_TITLE)
        thread = purpose.get_by_role("article", name="Comment thread by Mateo Alvarez")
        expect(thread).to_be_visible()
        expect(thread.locator(".markdown strong")).to_have_text("credit")
        expect(thread).to_contain_text("You name credit as the real question. Who else wants it?")
        expect(thread).not_to_contain_text("**")
        text_box = purpose.locator(".markdown").first.bounding_box()
        thread_box = thread.bounding_box()
        assert thread_box["x"] >= text_box["x"] + text_box["width"], "comment is not beside"
        assert thread_box["y"] < text_box["y"] + text_box["height"], "comment is below the text"
        # ... and nowhere else.
        expect(section(page, PRACTICE).get_by_role("article")).to_have_count(0)
        expect(whole_entry(page)).to_contain_text("No comments on the whole entry yet.")
        (comment,) = Comment.objects.filter(entry=week_6())
        assert comment.section.heading_title == PURPOSE
        check_accessibility(page)
        screenshot(page, "review-section-comment")

    def test_double_click_posts_one_comment_and_empty_is_refused(
        self, page, live_server, demo_data, monkeypatch
    ):
        login(page, live_server, MENTOR)
        page.goto(live_server.url + review_path(week_6()))
        form = whole_entry(page)
        box = form.get_by_label(field_label("Add a comment"))
        post = form.get_by_role("button", name="Post comment")

        # Empty: the browser stops the form, naming what is missing.
        post.click()
        assert box.evaluate("el => el.validationMessage"), "no message for an empty comment"
        expect(page).to_have_url(live_server.url + review_path(week_6()))
        # Only spaces: the server refuses it with a clear message.
        box.fill("   ")
        post.click()
        expect(messages(page)).to_contain_text(
            "Write something before posting: the comment is empty."
        )
        assert not Comment.objects.filter(entry=week_6()).exists()

        posts = []
        page.on(
            "request",
            lambda request: posts.append(request) if request.method == "POST" else None,
        )
        box.fill("Thank you for writing it up, late or not.")
        # A real double click: the second click lands while the first post
        # is on its way, so the server gets the same form twice. The server
        # (a thread of this process) is held back a little after saving, as a
        # busy one would be; answering within the 50 ms between the clicks, it
        # would let the second click land on the next page instead.
        post_comment = mentors_services.comment_post

        def slow_comment_post(**kwargs):
            comment = post_comment(**kwargs)
            time.sleep(0.5)
            return comment

        monkeypatch.setattr(mentors_services, "comment_post", slow_comment_post)
        post.dblclick(delay=50)

        # One comment, announced once (not once per click).
        expect(messages(page).get_by_text("Comment posted.")).to_have_count(1)
        # The page drops ?posted= from the address: a reload says nothing again.
        expect(page).not_to_have_url(re.compile(r"posted="))
        page.reload()
        expect(messages(page)).to_have_count(0)
        expect(form.get_by_role("article")).to_have_count(1)
        expect(form.get_by_role("article")).to_contain_text("late or not")
        assert len(posts) == 2, f"the double click sent {len(posts)} posts, not 2"
        assert Comment.objects.filter(entry=week_6(), section=None).count() == 1
        screenshot(page, "review-entry-comment")


class TestConversation:
    def test_candidate_replies_and_mentor_marks_reviewed(
        self, page, candidate_page, live_server, emails_immediately
    ):
        entry = week_6()
        mentor_page = page
        login(mentor_page, live_server, MENTOR)
        mentor_page.goto(live_server.url + review_path(entry))
        comment_on_section(mentor_page, PRACTICE, "Which **one** habit would you try first?")
        mentor_unread = unread_count(mentor_page)
        assert mentor_unread > 0, "the demo mentor has unread notices"
        comment = Comment.objects.get(entry=entry)

        # The candidate hears of it: an email with a link, and the bell.
        (email,) = emails_to(CANDIDATE)
        assert email.subject == "PBAS Logbook: Mateo Alvarez commented on week 6 of your logbook"
        link = f"{live_server.url}{review_path(entry)}#comment-{comment.public_id}"
        assert link in email.body
        assert f'href="{link}"' in email.alternatives[0][0]
        for private in ("habit", WEEK_6_TITLE, WEEK_6_TEXT):
            assert private not in email_texts(email), f"the email quotes {private!r}"

        login(candidate_page, live_server, CANDIDATE)
        expect(candidate_page.get_by_role("heading", level=1)).to_have_text("My logbook")
        # Mateo's older comment on week 8 (demo) and this one.
        expect(bell(candidate_page)).to_have_accessible_name("Notifications 2 unread")
        bell(candidate_page).click()
        expect(candidate_page.get_by_role("heading", level=1)).to_have_text("Notifications")
        notice = "Mateo Alvarez commented on week 6 of your logbook"
        expect(candidate_page.get_by_role("listitem").filter(has_text=notice)).to_contain_text(
            "New"
        )
        check_accessibility(candidate_page)
        screenshot(candidate_page, "review-notifications-candidate")
        open_notice(candidate_page, notice)

        expect(candidate_page).to_have_url(link)
        expect(bell(candidate_page)).to_have_accessible_name("Notifications 1 unread")
        thread = section(candidate_page, PRACTICE).get_by_role(
            "article", name="Comment thread by Mateo Alvarez"
        )
        expect(thread.locator(".markdown strong")).to_have_text("one")
        thread.get_by_role("button", name="Reply").click()
        thread.get_by_label("Reply to Mateo Alvarez").fill(
            "Writing *straight after* each meeting, even for ten minutes."
        )
        thread.locator("form").filter(
            has=candidate_page.get_by_label("Reply to Mateo Alvarez")
        ).get_by_role("button", name="Reply").click()
        expect(messages(candidate_page)).to_contain_text("Reply posted.")
        reply = thread.locator(".reply")
        expect(reply).to_contain_text("Camille Laurent")
        expect(reply.locator(".markdown em")).to_have_text("straight after")
        check_accessibility(candidate_page)
        screenshot(candidate_page, "review-candidate-reply")

        (email,) = emails_to(MENTOR)
        assert email.subject == (
            "PBAS Logbook: Camille Laurent replied to a comment on week 6 of their logbook"
        )
        assert "ten minutes" not in email_texts(email)

        # The mentor sees the reply's notice and follows it to the reply.
        mentor_page.goto(live_server.url + "/")
        expect(bell(mentor_page)).to_have_accessible_name(
            f"Notifications {mentor_unread + 1} unread"
        )
        bell(mentor_page).click()
        notice = "Camille Laurent replied to a comment on week 6 of their logbook"
        check_accessibility(mentor_page)
        open_notice(mentor_page, notice)
        expect(mentor_page).to_have_url(re.compile(re.escape(review_path(entry)) + "#comment-"))
        mentor_thread = section(mentor_page, PRACTICE).get_by_role("article")
        expect(mentor_thread.locator(".reply")).to_contain_text("even for ten minutes")

        mentor_page.get_by_role("button", name="Mark reviewed").click()
        expect(messages(mentor_page)).to_contain_text("Week 6 marked reviewed.")
        expect(mentor_page.get_by_role("heading", level=1)).to_have_text(
            "Camille Laurent's logbook"
        )
        week_6_card = mentor_page.get_by_role("listitem").filter(
            has=mentor_page.get_by_role("link", name=f"Week 6: {WEEK_6_TITLE}")
        )
        expect(week_6_card).to_contain_text("Reviewed")
        screenshot(mentor_page, "review-marked-reviewed")

        # The candidate sees it on her timeline and on the entry.
        reviewed_notice = "Mateo Alvarez marked week 6 of your logbook as reviewed"
        (email,) = [m for m in emails_to(CANDIDATE) if reviewed_notice in m.subject]
        assert WEEK_6_TITLE not in email_texts(email)
        candidate_page.goto(live_server.url + "/")
        expect(bell(candidate_page)).to_have_accessible_name("Notifications 2 unread")
        row = candidate_page.get_by_role("listitem").filter(
            has=candidate_page.get_by_role("link", name=f"Week 6: {WEEK_6_TITLE}")
        )
        expect(row).to_contain_text("Reviewed")
        screenshot(candidate_page, "review-candidate-timeline")
        row.get_by_role("link", name=f"Week 6: {WEEK_6_TITLE}").click()
        expect(candidate_page.get_by_text("Reviewed by your mentor")).to_be_visible()

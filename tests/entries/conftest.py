import pytest

from entries.services import headings_apply_preset


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The cast sets nine passwords; the default hasher costs ~0.3 s each on
    purpose. These tests check the logbook, not how strongly passwords hash."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@pytest.fixture
def headed(cast):
    """The cast with both candidates writing under the "short" headings."""
    headings_apply_preset(enrolment=cast.enrolment, key="short")
    headings_apply_preset(enrolment=cast.enrolment2, key="short")
    return cast

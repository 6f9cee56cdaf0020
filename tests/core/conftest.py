import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The default hasher costs ~0.3 s per password on purpose; the cast alone
    sets eight. Tests check which password works, not how strongly it is hashed."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

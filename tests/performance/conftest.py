"""A generated programme (bench.scale) inside the test's transaction, and
the bench app installed as ``bench.settings`` installs it."""

import pytest

from bench import scale
from bench import settings as bench_settings


def seed(candidates: int) -> dict:
    """Seed ``candidates`` generated candidates in this process and connection."""
    return scale.seed(candidates, workers=1, batch_size=50, out=lambda line: None)


@pytest.fixture
def generated(db):
    return seed


@pytest.fixture
def bench_installed(settings):
    """The settings ``make bench`` runs with: the bench app (seed_scale) and
    its URLs (the trivial page), which the product's settings leave out."""
    settings.INSTALLED_APPS = bench_settings.INSTALLED_APPS
    settings.ROOT_URLCONF = bench_settings.ROOT_URLCONF

"""A generated programme (bench.scale) inside the test's transaction."""

import pytest

from bench import scale


def seed(candidates: int) -> dict:
    """Seed ``candidates`` generated candidates in this process and connection."""
    return scale.seed(candidates, workers=1, batch_size=50, out=lambda line: None)


@pytest.fixture
def generated(db):
    return seed

"""Performance tooling: the volume generator behind ``manage.py seed_scale``
(``bench.scale``) and the benchmark harness behind ``make bench``
(``python -m bench``). See docs/performance.md.

A Django app installed only by ``bench.settings`` (the project's settings
plus this app and ``bench.urls``, the trivial reference page); no product
app imports it (tests/core/test_no_scaffolding_imports.py)."""

"""Performance tooling: the volume generator behind ``manage.py seed_scale``
(``bench.scale``) and the benchmark harness behind ``make bench``
(``python -m bench``). See docs/performance.md."""

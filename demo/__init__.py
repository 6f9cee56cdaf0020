"""Demo content for ``make run`` and the browser tests: the people, logbooks,
reviews, examinations and enquiry of ``manage.py seed_demo``.

Scaffolding, not product: no product app imports this package
(tests/core/test_no_scaffolding_imports.py). The words are data under
``content/``; the modules here only put them into the database through the
apps' services, in ``seed.STEPS`` order.
"""

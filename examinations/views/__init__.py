"""Examination pages, one module per audience.

- ``candidate``: the final paper and submitting;
- ``reading``: a frozen submission as its readers see it (candidate, mentor,
  assigned examiners): reading view, receipt, result, PDF, comparison;
- ``examiner``: the examiner's queue and assessment;
- ``mentor``: the mentor's submissions and report;
- ``coordinator``: examiners, decisions and criteria (records, never text).

``_common`` holds the few helpers they share.
"""

"""Released results and stored PDFs are guarded in PostgreSQL itself.

- A recorded decision is final: no UPDATE or DELETE.
- Once a submission's decision is recorded, its assessments and the
  mentor's report are part of the result: no INSERT, UPDATE or DELETE
  (examinations.services refuses the same with a message; this is for
  whatever bypasses the services).
- A stored PDF is the frozen submission laid out: never updated; deleted
  only when a copy in a newer layout of the same submission and paper
  order stands beside it (examinations/pdf.py replaces them so).
- TRUNCATE is refused on every table of the examination, the frozen copies
  of 0002 included (their row triggers never fired for it).

Each guard here steps aside in a maintenance session
(pbas_logbook/db_guards.py); the row triggers of 0002 on the frozen copies
never do.
"""

from django.db import migrations

from pbas_logbook.db_guards import allow_truncate, refuse_truncate

TABLES = [
    "examinations_submission",
    "examinations_submittedentry",
    "examinations_submittedsection",
    "examinations_submissionpdf",
    "examinations_mentorreport",
    "examinations_assessment",
    "examinations_decision",
    "examinations_finalpaper",
]

FUNCTIONS = """
CREATE OR REPLACE FUNCTION examinations_decision_is_final() RETURNS trigger AS $$
BEGIN
    IF pbas_maintenance_on() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    RAISE EXCEPTION 'the final decision is recorded: % is not allowed', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION examinations_result_is_released() RETURNS trigger AS $$
BEGIN
    IF NOT pbas_maintenance_on() AND EXISTS (
        SELECT 1 FROM examinations_decision
        WHERE submission_id IN (
            CASE WHEN TG_OP = 'INSERT' THEN NULL ELSE OLD.submission_id END,
            CASE WHEN TG_OP = 'DELETE' THEN NULL ELSE NEW.submission_id END
        )
    ) THEN
        RAISE EXCEPTION 'the final decision on this submission is recorded: % on % is not allowed',
            TG_OP, TG_TABLE_NAME
            USING ERRCODE = 'integrity_constraint_violation';
    END IF;
    RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
END;
$$ LANGUAGE plpgsql;

CREATE OR REPLACE FUNCTION examinations_stored_pdf_kept() RETURNS trigger AS $$
BEGIN
    IF pbas_maintenance_on() THEN
        RETURN CASE WHEN TG_OP = 'DELETE' THEN OLD ELSE NEW END;
    END IF;
    IF TG_OP = 'DELETE' AND EXISTS (
        SELECT 1 FROM examinations_submissionpdf
        WHERE submission_id = OLD.submission_id
          AND paper_first = OLD.paper_first
          AND layout <> OLD.layout
    ) THEN
        RETURN OLD;  -- superseded by a copy in a newer layout
    END IF;
    RAISE EXCEPTION 'a stored PDF of a submission is kept as laid out: % is not allowed', TG_OP
        USING ERRCODE = 'integrity_constraint_violation';
END;
$$ LANGUAGE plpgsql;
"""

TRIGGERS = [
    "CREATE TRIGGER examinations_decision_final BEFORE UPDATE OR DELETE ON examinations_decision "
    "FOR EACH ROW EXECUTE FUNCTION examinations_decision_is_final();",
    *(
        f"CREATE TRIGGER {table}_released BEFORE INSERT OR UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION examinations_result_is_released();"
        for table in ("examinations_assessment", "examinations_mentorreport")
    ),
    "CREATE TRIGGER examinations_submissionpdf_kept BEFORE UPDATE OR DELETE "
    "ON examinations_submissionpdf FOR EACH ROW EXECUTE FUNCTION examinations_stored_pdf_kept();",
]

BACKWARDS = [
    "DROP TRIGGER IF EXISTS examinations_decision_final ON examinations_decision;",
    "DROP TRIGGER IF EXISTS examinations_assessment_released ON examinations_assessment;",
    "DROP TRIGGER IF EXISTS examinations_mentorreport_released ON examinations_mentorreport;",
    "DROP TRIGGER IF EXISTS examinations_submissionpdf_kept ON examinations_submissionpdf;",
    "DROP FUNCTION IF EXISTS examinations_decision_is_final();",
    "DROP FUNCTION IF EXISTS examinations_result_is_released();",
    "DROP FUNCTION IF EXISTS examinations_stored_pdf_kept();",
    *allow_truncate(TABLES),
]


class Migration(migrations.Migration):
    dependencies = [
        ("examinations", "0005_stored_submission_pdfs"),
        ("pbas_logbook", "0010_refuse_truncate"),
    ]

    operations = [migrations.RunSQL([FUNCTIONS, *TRIGGERS, *refuse_truncate(TABLES)], BACKWARDS)]

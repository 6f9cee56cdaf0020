"""The programme as coordinators run it: cohorts, people and their roles,
invitations, enrolments and mentor assignments, and the audit trail page.
No models: Cohort and Enrolment live in pbas_logbook.models."""

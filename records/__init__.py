"""The programme's records of what happened: the append-only audit trail of
who read or did what (records.audit). Model-free code over
pbas_logbook.models; not an app. (Every text's earlier versions are kept by
PostgreSQL triggers, built from pbas_logbook.history_sql.)"""

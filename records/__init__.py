"""The programme's records of what happened: the append-only audit trail of
who read or did what (audit), and the history of every text's versions
(text_history). Model-free code over pbas_logbook.models; not an app."""

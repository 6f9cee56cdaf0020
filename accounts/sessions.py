"""Sessions in the database, saved with one statement per request.

Every request saves the session (SESSION_SAVE_EVERY_REQUEST restarts the
idle clock), so the save is paid on every page. Django's database store
wraps each save in a transaction (BEGIN, UPDATE, COMMIT: three round trips)
because a *new* session's INSERT may collide with an existing key and must
not break an outer transaction. Saving an existing session is a single
UPDATE, atomic on its own, so here it is sent alone. New sessions still go
through Django's own code.
"""

from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import DatabaseError


class SessionStore(DatabaseSessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        data = self._get_session()
        try:
            updated = self.model.objects.filter(session_key=self.session_key).update(
                session_data=self.encode(data), expire_date=self.get_expiry_date()
            )
        except DatabaseError:
            raise UpdateError from None
        if not updated:
            # Deleted meanwhile (signed out in another tab): as Django does.
            raise UpdateError

"""Backups of the whole database (pg_dump custom format) and their restore:
manage.py backup_db and restore_db, make backup and make restore."""

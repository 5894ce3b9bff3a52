"""Alembic revisions of the store, one file each (Alembic skips this ``__init__``)."""

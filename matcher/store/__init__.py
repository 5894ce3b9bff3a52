"""The store layer: the only source of truth and what reads and writes it.

``database`` (tables and queries), ``migrations`` (Alembic revisions), ``ingest`` (validated,
all-or-nothing import and export), ``accounts`` (service accounts and passwords) and
``history`` (interactions collapsed into graded pairs, semesters, popularity statistics).
"""

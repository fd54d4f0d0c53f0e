"""Settings from the environment (pydantic-settings), one class for the whole service."""

from __future__ import annotations

from functools import lru_cache

from pydantic import AliasChoices, Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    """Every knob of the service. Environment variables are prefixed `DATELINE_`, except `DATABASE_URL`."""

    model_config = SettingsConfigDict(env_prefix="DATELINE_", env_file=".env", extra="ignore", populate_by_name=True)

    database_url: str = Field(
        "sqlite:///./dateline.db",
        validation_alias=AliasChoices("DATABASE_URL", "DATELINE_DATABASE_URL"),
        description="SQLAlchemy URL: sqlite:///path.db or postgresql+psycopg://user@host:port/db.",
    )
    api_keys: str = Field("", description="Comma-separated API keys; when set, POST and DELETE need one.")
    read_auth: bool = Field(False, description="When true (and keys are set), reads need a key too.")
    allow_open_writes: bool = Field(
        False, description="Bind to DATELINE_HOST even without API keys (e.g. in a container behind its own network)."
    )
    max_text_bytes: int = Field(1_000_000, ge=1, description="Largest article text, in UTF-8 bytes.")
    max_body_bytes: int | None = Field(
        None,
        ge=1,
        description="Largest request body; default: six times max_text_bytes (the most a text of that many "
        "bytes takes escaped as JSON) plus 64 KiB for the other fields. The text itself is held to max_text_bytes once "
        "decoded.",
    )
    max_batch: int = Field(100, ge=1, description="Most articles in one batch request.")
    extract_budget_s: float = Field(
        300,
        ge=0,
        description="Most seconds the extraction of one article (or one parse request) may take before it is "
        "stopped and answered with a 422 that says so; 0: no budget (extraction then runs in the server process).",
    )
    worker_nice: int = Field(
        10,
        ge=0,
        le=19,
        description="How far `dateline worker` lowers the CPU priority of its extraction child processes "
        "(Unix niceness): queued extraction is background work, so on a machine that also serves the API or runs "
        "PostgreSQL, reads and the database's work come first; on a machine of its own it changes nothing. 0 keeps the "
        "normal priority. Applies when extraction runs in a child (extract_budget_s > 0).",
    )
    export_max: int = Field(10_000, ge=1, description="Most events in one CSV or TimelineJS export.")
    cors_origins: str = Field(
        "",
        description="Comma-separated origins a browser may call the API from (`https://dash.example.org`, or `*`); "
        "none by default.",
    )
    public_url: str | None = Field(
        None, description="The server's URL as clients see it, for the OpenAPI `servers` entry."
    )
    host: str = "127.0.0.1"
    port: int = Field(8000, ge=0, le=65535)

    @field_validator("database_url")
    @classmethod
    def _normalise_pg(cls, v: str) -> str:
        # Plain postgres URLs name the psycopg (v3) driver, the one installed.
        for prefix in ("postgres://", "postgresql://"):
            if v.startswith(prefix):
                v = "postgresql+psycopg://" + v[len(prefix) :]
        from sqlalchemy.engine import make_url
        from sqlalchemy.exc import ArgumentError

        try:
            backend = make_url(v).get_backend_name()
        except ArgumentError:
            raise ValueError(f"not a database URL: {v!r} (sqlite:///path.db or postgresql+psycopg://...)") from None
        if backend not in ("sqlite", "postgresql"):
            raise ValueError(f"unsupported database {backend!r}: use SQLite or PostgreSQL")
        return v

    @field_validator("api_keys")
    @classmethod
    def _printable_keys(cls, v: str) -> str:
        # a key travels in an HTTP header: one with other characters could never be sent, so it could never match
        for n, k in enumerate((k.strip() for k in v.split(",")), 1):
            bad = sorted({c for c in k if not 0x21 <= ord(c) <= 0x7E})
            if bad:
                shown = ", ".join(f"U+{ord(c):04X}" for c in bad[:5])
                raise ValueError(f"key {n} has characters no Authorization header can carry ({shown}): "
                                 "use printable ASCII without spaces")
        return v

    @property
    def keys(self) -> list[str]:
        return [k.strip() for k in self.api_keys.split(",") if k.strip()]

    @property
    def cors(self) -> list[str]:
        return [o.strip().rstrip("/") for o in self.cors_origins.split(",") if o.strip()]

    @property
    def server_url(self) -> str:
        return (self.public_url or f"http://{self.host}:{self.port}").rstrip("/")

    @property
    def body_limit(self) -> int:
        return self.max_body_bytes or 6 * self.max_text_bytes + 65_536


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return Settings()

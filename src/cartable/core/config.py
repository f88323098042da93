"""Which storage and which queue an instance uses, read from the environment.

Pure module (no Zope import): parsed and tested in milliseconds, shared by
the instance renderer, the worker and the status service.
"""

from dataclasses import dataclass
from urllib.parse import parse_qs, unquote, urlsplit


class ConfigError(ValueError):
    """A configuration value is wrong; the message is bilingual, one line."""


@dataclass(frozen=True)
class PostgresDSN:
    dbname: str
    user: str = ""
    password: str = ""
    host: str = ""
    port: int | None = None

    def libpq(self) -> str:
        """The DSN in libpq key=value form, as RelStorage's <postgresql> wants it."""
        parts = [f"dbname='{_escape(self.dbname)}'"]
        if self.user:
            parts.append(f"user='{_escape(self.user)}'")
        if self.password:
            parts.append(f"password='{_escape(self.password)}'")
        if self.host:
            parts.append(f"host='{_escape(self.host)}'")
        if self.port:
            parts.append(f"port={self.port}")
        return " ".join(parts)


def _escape(value: str) -> str:
    return value.replace("\\", "\\\\").replace("'", "\\'")


def _bad(fr: str, en: str) -> ConfigError:
    return ConfigError(f"{fr} / {en}")


def parse_database_url(url: str | None) -> PostgresDSN | None:
    """``None`` (embedded SQLite) when unset, else a validated PostgreSQL DSN.

    Accepted: ``postgresql://[user[:password]@]host[:port]/dbname``
    (``postgres://`` too). Anything else raises ConfigError.
    """
    if url is None or not url.strip():
        return None
    url = url.strip()
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError as exc:
        raise _bad(
            f"CARTABLE_DB invalide ({url!r}) : port incorrect",
            f"invalid CARTABLE_DB ({url!r}): bad port ({exc})",
        ) from None
    if parts.scheme not in ("postgresql", "postgres"):
        raise _bad(
            f"CARTABLE_DB invalide ({url!r}) : seul postgresql://utilisateur@hôte/base est accepté",
            f"invalid CARTABLE_DB ({url!r}): only postgresql://user@host/dbname is accepted",
        )
    dbname = unquote(parts.path.lstrip("/"))
    if not dbname or "/" in dbname:
        raise _bad(
            f"CARTABLE_DB invalide ({url!r}) : nom de base manquant (…/nom_de_la_base)",
            f"invalid CARTABLE_DB ({url!r}): database name missing (…/dbname)",
        )
    host = parts.hostname or ""
    query = parse_qs(parts.query)
    if not host and "host" in query:  # postgresql:///db?host=/run/postgresql
        host = query["host"][0]
    return PostgresDSN(
        dbname=dbname,
        user=unquote(parts.username or ""),
        password=unquote(parts.password or ""),
        host=host,
        port=port,
    )


def parse_redis_url(url: str | None) -> str | None:
    """``None`` (SQLite queue) when unset, else a validated ``redis://`` URL."""
    if url is None or not url.strip():
        return None
    url = url.strip()
    parts = urlsplit(url)
    if parts.scheme not in ("redis", "rediss", "unix") or not (parts.hostname or parts.path):
        raise _bad(
            f"CARTABLE_REDIS_URL invalide ({url!r}) : attendu redis://hôte:port/numéro",
            f"invalid CARTABLE_REDIS_URL ({url!r}): expected redis://host:port/db",
        )
    return url


def parse_port(value: str | int | None, default: int = 8080) -> int:
    if value in (None, ""):
        return default
    try:
        port = int(value)
    except (TypeError, ValueError):
        port = -1
    if not 0 < port < 65536:
        raise _bad(
            f"PORT invalide ({value!r}) : un entier entre 1 et 65535",
            f"invalid PORT ({value!r}): an integer between 1 and 65535",
        )
    return port

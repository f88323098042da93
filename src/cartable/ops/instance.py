"""Render instance/templates/* into a Zope instance for the chosen storage.

Pure module (no Zope import). ``cartable-instance`` is what ``make`` runs:

    cartable-instance [--etc instance/etc] [--var var] [--port 8080]

The storage comes from ``CARTABLE_DB`` (unset: embedded SQLite under var/;
``postgresql://user@host/db``: RelStorage on PostgreSQL) and the queue from
``CARTABLE_REDIS_URL`` (unset: SQLite file under var/).
"""

import argparse
import os
import sys
from dataclasses import dataclass
from pathlib import Path

from cartable.core.config import ConfigError, parse_database_url, parse_port, parse_redis_url
from cartable.core.site import REPO, dossier_var
from cartable.regles import corps

TEMPLATES = REPO / "instance" / "templates"


@dataclass(frozen=True)
class InstanceSettings:
    etc_dir: Path
    var_dir: Path
    port: int = 8080
    host: str = "127.0.0.1"
    threads: int = 4
    database_url: str | None = None
    redis_url: str | None = None
    # addresses whose X-Forwarded-For Zope believes (the load balancer's)
    trusted_proxies: tuple[str, ...] = ()

    @property
    def storage(self) -> str:
        return "postgresql" if parse_database_url(self.database_url) else "sqlite"

    @property
    def queue(self) -> str:
        return "redis" if parse_redis_url(self.redis_url) else "sqlite"


def adapter_section(settings: InstanceSettings) -> str:
    dsn = parse_database_url(settings.database_url)
    if dsn is None:
        # the plain driver, named: with gevent installed (locust's dependency) RelStorage's 'auto' picks
        # 'sqlite3' or 'gevent sqlite3' at random per process (equal priority), and the gevent one yields to a
        # hub every 100 SQLite instructions and hands writes to its threadpool, in a threaded server
        return (
            "        <sqlite3>\n"
            f"            data-dir {settings.var_dir}/sqlite\n"
            "            driver sqlite3\n"
            "        </sqlite3>"
        )
    return (
        "        <postgresql>\n"
        f"            dsn {dsn.libpq()}\n"
        "        </postgresql>"
    )


def render(template: str, values: dict[str, str]) -> str:
    for key, value in values.items():
        template = template.replace("{{%s}}" % key, value)
    if "{{" in template:
        raise ConfigError(f"gabarit incomplet / unfilled template: {template[template.index('{{'):][:40]}")
    return template


def render_instance(settings: InstanceSettings, templates: Path = TEMPLATES) -> list[Path]:
    """Write zope.conf, zope.ini and site.zcml; create the var/ folders. Idempotent."""
    redis_url = parse_redis_url(settings.redis_url)
    values = {
        "instance_home": str(settings.etc_dir.parent),
        "etc_dir": str(settings.etc_dir),
        "var_dir": str(settings.var_dir),
        "host": settings.host,
        "port": str(settings.port),
        "threads": str(settings.threads),
        "max_request_body_size": str(corps.plafond_serveur()),
        "trusted_proxy_lines": "".join(f"trusted-proxy {p}\n" for p in settings.trusted_proxies),
        "storage": settings.storage,
        "queue": settings.queue,
        "queue_file": str(settings.var_dir / "queue.sqlite3"),
        "redis_line": f"    CARTABLE_REDIS_URL {redis_url}" if redis_url else "",
        "adapter": adapter_section(settings),
        # PostgreSQL only: the cache is saved on shutdown so that a restart
        # starts warm (RelStorage ignores it on SQLite, where reads are local).
        "cache_dir_line": (
            f"        cache-local-dir {settings.var_dir}/cache\n" if settings.storage == "postgresql" else ""
        ),
    }
    # RelStorage wants the parent of data-dir to exist, and its caches' folders.
    for sub in ("sqlite", "blobcache", "cache", "log"):
        (settings.var_dir / sub).mkdir(parents=True, exist_ok=True)
    settings.etc_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in ("zope.conf", "zope.ini", "site.zcml"):
        text = render((templates / f"{name}.in").read_text(encoding="utf-8"), values)
        target = settings.etc_dir / name
        if not target.exists() or target.read_text(encoding="utf-8") != text:
            target.write_text(text, encoding="utf-8")
        written.append(target)
    return written


THREADS = 4  # waitress threads per Zope process when CARTABLE_THREADS does not say (the benchmarks serve the same)


def threads_par_defaut() -> int:
    return int(os.environ.get("CARTABLE_THREADS") or THREADS)


def settings_from_env(etc: str | None = None, var: str | None = None, port=None, host=None) -> InstanceSettings:
    """Settings from the command line and the environment; raises ConfigError."""
    database_url = os.environ.get("CARTABLE_DB") or None
    redis_url = os.environ.get("CARTABLE_REDIS_URL") or None
    parse_database_url(database_url)
    parse_redis_url(redis_url)
    return InstanceSettings(
        etc_dir=Path(etc or REPO / "instance" / "etc").resolve(),
        var_dir=Path(var or dossier_var()).resolve(),
        port=parse_port(port if port is not None else os.environ.get("PORT")),
        host=host or os.environ.get("HOST") or "127.0.0.1",
        threads=threads_par_defaut(),
        database_url=database_url,
        redis_url=redis_url,
        trusted_proxies=parse_trusted_proxies(os.environ.get("CARTABLE_TRUSTED_PROXIES")),
    )


def parse_trusted_proxies(value: str | None) -> tuple[str, ...]:
    """Space-separated IP addresses (CARTABLE_TRUSTED_PROXIES); raises ConfigError."""
    import ipaddress

    adresses = tuple((value or "").split())
    for adresse in adresses:
        try:
            ipaddress.ip_address(adresse)
        except ValueError:
            raise ConfigError(
                f"CARTABLE_TRUSTED_PROXIES invalide ({adresse!r}) : adresses IP séparées par des espaces"
                f" / invalid CARTABLE_TRUSTED_PROXIES ({adresse!r}): space-separated IP addresses"
            ) from None
    return adresses


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--etc", help="dossier de configuration rendue (défaut : instance/etc)")
    parser.add_argument("--var", help="dossier des données (défaut : var/)")
    parser.add_argument("--port", help="port HTTP (défaut : $PORT ou 8080)")
    parser.add_argument("--host", help="adresse d'écoute (défaut : 127.0.0.1)")


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description="Rend la configuration de l'instance Zope.")
    add_arguments(parser)
    args = parser.parse_args(argv)
    try:
        settings = settings_from_env(args.etc, args.var, args.port, args.host)
        render_instance(settings)
    except ConfigError as exc:
        print(f"cartable: {exc}", file=sys.stderr)
        return 2
    print(f"instance: {settings.etc_dir} (stockage {settings.storage}, file {settings.queue})")
    return 0


if __name__ == "__main__":
    sys.exit(main())

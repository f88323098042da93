"""CARTABLE_DB, CARTABLE_REDIS_URL and PORT parsing (pure, no Zope)."""

import pytest

from cartable.core.config import ConfigError, parse_database_url, parse_port, parse_redis_url


@pytest.mark.parametrize("value", [None, "", "   "])
def test_unset_database_means_embedded_sqlite(value):
    assert parse_database_url(value) is None


def test_full_postgresql_url():
    dsn = parse_database_url("postgresql://cartable:s3cr%27t@db.example:5433/region")
    assert dsn.dbname == "region"
    assert dsn.user == "cartable"
    assert dsn.password == "s3cr't"
    assert dsn.host == "db.example"
    assert dsn.port == 5433
    assert dsn.libpq() == (
        "dbname='region' user='cartable' password='s3cr\\'t' host='db.example' port=5433"
    )


def test_postgres_scheme_and_socket_host():
    dsn = parse_database_url("postgres:///cartable?host=/run/postgresql")
    assert dsn.libpq() == "dbname='cartable' host='/run/postgresql'"


@pytest.mark.parametrize(
    "value, fragment",
    [
        ("mysql://root@localhost/cartable", "seul postgresql://"),
        ("sqlite:///var/data.db", "seul postgresql://"),
        ("postgresql://root@localhost", "nom de base manquant"),
        ("postgresql://root@localhost/", "nom de base manquant"),
        ("postgresql://root@localhost/a/b", "nom de base manquant"),
        ("postgresql://root@localhost:notaport/db", "port incorrect"),
        ("localhost:5432", "seul postgresql://"),
    ],
)
def test_bad_database_url_is_one_bilingual_line(value, fragment):
    with pytest.raises(ConfigError) as info:
        parse_database_url(value)
    message = str(info.value)
    assert fragment in message
    assert " / invalid CARTABLE_DB" in message
    assert "\n" not in message


def test_redis_url():
    assert parse_redis_url(None) is None
    assert parse_redis_url("redis://127.0.0.1:6379/3") == "redis://127.0.0.1:6379/3"
    with pytest.raises(ConfigError, match="CARTABLE_REDIS_URL invalide"):
        parse_redis_url("http://127.0.0.1:6379")


@pytest.mark.parametrize("value, expected", [(None, 8080), ("", 8080), ("8123", 8123), (9000, 9000)])
def test_port(value, expected):
    assert parse_port(value) == expected


@pytest.mark.parametrize("value", ["0", "65536", "http", "-1"])
def test_bad_port(value):
    with pytest.raises(ConfigError, match="PORT invalide"):
        parse_port(value)

"""The rendered instance: what Zope and RelStorage will actually read."""

import subprocess
import sys
from pathlib import Path

import pytest

from cartable.ops.instance import InstanceSettings, render_instance


def load_zope_conf(path):
    """Parse with Zope's own WSGI schema and the RelStorage component, as Zope does."""
    from Zope2.Startup.options import ZopeWSGIOptions

    return ZopeWSGIOptions(str(path))().configroot


def relstorage_config(config):
    (db,) = [db for db in config.databases if db.name == "main"]
    return db.config.storage.config


def test_sqlite_instance(tmp_path):
    settings = InstanceSettings(etc_dir=tmp_path / "etc", var_dir=tmp_path / "var", port=8123)
    render_instance(settings)
    storage = relstorage_config(load_zope_conf(tmp_path / "etc" / "zope.conf"))
    assert storage.keep_history is False
    assert storage.shared_blob_dir is False
    assert storage.blob_dir == str(tmp_path / "var" / "blobcache")
    assert storage.adapter.config.data_dir == str(tmp_path / "var" / "sqlite")
    assert storage.adapter.config.driver == "sqlite3"  # never the gevent driver 'auto' may pick
    assert (tmp_path / "var" / "sqlite").is_dir()  # RelStorage needs it to exist
    assert storage.cache_local_dir is None  # ignored by RelStorage on SQLite
    ini = (tmp_path / "etc" / "zope.ini").read_text()
    assert "listen = 127.0.0.1:8123" in ini
    assert "CARTABLE_REDIS_URL" not in (tmp_path / "etc" / "zope.conf").read_text()


def test_postgresql_instance(tmp_path):
    settings = InstanceSettings(
        etc_dir=tmp_path / "etc",
        var_dir=tmp_path / "var",
        database_url="postgresql://cartable@db.example:5433/region",
        redis_url="redis://127.0.0.1:6379/2",
    )
    render_instance(settings)
    conf = tmp_path / "etc" / "zope.conf"
    storage = relstorage_config(load_zope_conf(conf))
    assert storage.keep_history is False
    assert storage.adapter.config.dsn == "dbname='region' user='cartable' host='db.example' port=5433"
    assert storage.cache_local_dir == str(tmp_path / "var" / "cache")
    assert "CARTABLE_REDIS_URL redis://127.0.0.1:6379/2" in conf.read_text()
    assert settings.storage == "postgresql" and settings.queue == "redis"


def test_rendering_twice_changes_nothing(tmp_path):
    settings = InstanceSettings(etc_dir=tmp_path / "etc", var_dir=tmp_path / "var")
    first = {p: p.stat().st_mtime_ns for p in render_instance(settings)}
    second = {p: p.stat().st_mtime_ns for p in render_instance(settings)}
    assert first == second


@pytest.mark.parametrize("command", ["cartable-instance", "cartable-start"])
def test_bad_database_url_starts_nothing(tmp_path, command):
    env = {"CARTABLE_DB": "mysql://root@localhost/cartable", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [str(Path(sys.executable).parent / command), "--etc", str(tmp_path / "etc"), "--var", str(tmp_path / "var")],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 2
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert lines == [
        "cartable: CARTABLE_DB invalide ('mysql://root@localhost/cartable') : seul "
        "postgresql://utilisateur@hôte/base est accepté / invalid CARTABLE_DB "
        "('mysql://root@localhost/cartable'): only postgresql://user@host/dbname is accepted"
    ]
    assert not (tmp_path / "etc").exists() and not (tmp_path / "var").exists()

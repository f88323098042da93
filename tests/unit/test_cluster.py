"""The cluster's pure parts: ports, HAProxy configuration, pid file, trusted proxies."""

import os

import pytest

from cartable.core.config import ConfigError
from cartable.ops.cluster import (
    ErreurCluster,
    Processus,
    comptes_demo,
    config_haproxy,
    debut_processus,
    ecrire_pids,
    lire_pids,
    plan_ports,
    vivant,
)
from cartable.ops.instance import InstanceSettings, parse_trusted_proxies, render_instance


def test_ports():
    ports = plan_ports(8080, 3)
    assert (ports.haproxy, ports.instances, ports.statistiques) == (8080, (8081, 8082, 8083), 8084)
    for mauvais in (0, 33):
        with pytest.raises(ConfigError, match="INSTANCES invalide"):
            plan_ports(8080, mauvais)
    with pytest.raises(ConfigError, match="PORT trop haut"):
        plan_ports(65534, 2)


def test_config_haproxy(tmp_path):
    texte = config_haproxy(plan_ports(9000, 2), tmp_path / "h.sock", maxconn_instance=6)
    lignes = [ligne.strip() for ligne in texte.splitlines()]
    for attendu in ("option httpchk GET /cartable/@cartable-status", "http-check send hdr Accept application/json",
                    "retries 3", "option redispatch", "balance leastconn", "default-server inter 2s fall 2 rise 2",
                    "bind 127.0.0.1:9000", "bind 127.0.0.1:9003", "option forwardfor",
                    "http-request disable-l7-retry if !METH_GET", f"stats socket {tmp_path / 'h.sock'} mode 600 level admin"):
        assert attendu in lignes, attendu
    assert [ligne for ligne in lignes if ligne.startswith("server ")] == [
        "server instance1 127.0.0.1:9001 check maxconn 6", "server instance2 127.0.0.1:9002 check maxconn 6"]
    assert {ligne.split()[1] for ligne in lignes if ligne.startswith("timeout")} >= {"connect", "client", "server"}


def test_fichier_pids(tmp_path):
    chemin = tmp_path / "pids"
    assert lire_pids(chemin) == []
    moi = Processus("cluster", os.getpid(), debut_processus(os.getpid()))
    autre = Processus("redis", os.getpid(), debut_processus(os.getpid()) + 1)  # same pid, another start: reused
    ecrire_pids(chemin, [moi, autre])
    assert lire_pids(chemin) == [moi, autre]
    assert vivant(moi) and not vivant(autre)
    chemin.write_text("redis douze 3\n")
    with pytest.raises(ErreurCluster, match="ligne 1 illisible"):
        lire_pids(chemin)


def test_comptes_demo(tmp_path):
    journal = tmp_path / "instance1.log"
    assert "voir" in comptes_demo(journal)
    journal.write_text("bruit\nComptes de démonstration (identifiant / mot de passe) :\n  admin  admin\nArrêt : Ctrl+C\nfin\n")
    assert comptes_demo(journal) == "Comptes de démonstration (identifiant / mot de passe) :\n  admin  admin"


def test_mandataires_de_confiance(tmp_path):
    assert parse_trusted_proxies(None) == ()
    assert parse_trusted_proxies(" 127.0.0.1  ::1 ") == ("127.0.0.1", "::1")
    with pytest.raises(ConfigError, match="CARTABLE_TRUSTED_PROXIES invalide"):
        parse_trusted_proxies("127.0.0.1 haproxy.local")
    avec = InstanceSettings(etc_dir=tmp_path / "a" / "etc", var_dir=tmp_path / "a" / "var", trusted_proxies=("127.0.0.1",))
    sans = InstanceSettings(etc_dir=tmp_path / "b" / "etc", var_dir=tmp_path / "b" / "var")
    render_instance(avec)
    render_instance(sans)
    assert "\ntrusted-proxy 127.0.0.1\n" in (avec.etc_dir / "zope.conf").read_text()
    assert "trusted-proxy" not in (sans.etc_dir / "zope.conf").read_text()


def test_ports_are_picked_outside_the_ephemeral_range_and_a_self_connection_is_not_a_listener():
    """A wait on a port of Linux's ephemeral range that nothing listens on can connect the waiting socket to
    itself: the cluster and the tests pick their ports below it, and ``ecoute`` does not count such a socket."""
    from cartable.ops import cluster

    bas, haut = (int(x) for x in open("/proc/sys/net/ipv4/ip_local_port_range").read().split())
    for _ in range(20):
        base = cluster.port_au_hasard(4)
        assert all(cluster.port_libre(p) for p in range(base, base + 4))
        assert base + 4 <= bas or base > haut
    assert not cluster.ecoute(cluster.port_au_hasard())
    assert not cluster.statut_ok(f"http://127.0.0.1:{cluster.port_au_hasard()}/cartable/@cartable-status")

"""HAProxy's own 503s carry Retry-After (issue 19: faults seen from the page).

The cluster's HAProxy configuration (``cartable.ops.cluster.config_haproxy``), started by itself on ports
of its own, no instance behind it (nothing listens on the instances' ports): once its health checks have
marked every instance down, a read gets the page that reloads itself, a REST call the JSON error, a form
sent the page that does not resend, each with ``Retry-After``, as an instance answers while its storage
is away (``cartable.core.indisponible``). No database, no Redis: nothing shared with the other tests.
"""

import json
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import requests

from cartable.core import indisponible
from cartable.ops.cluster import config_haproxy, plan_ports, port_au_hasard, port_libre
from tests.system.test_cluster import stats_haproxy

MESSAGE = "Cartable est momentanément indisponible, réessayez dans un instant."


def binaire_haproxy():
    binaire = shutil.which("haproxy") or ("/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None)
    assert binaire, "haproxy introuvable : lancez scripts/ensure-haproxy"
    return binaire


def attendre(condition, delai, message):
    fin = time.monotonic() + delai
    while not condition():
        assert time.monotonic() < fin, message()
        time.sleep(0.2)


@pytest.fixture
def haproxy_sans_instance(tmp_path):
    ports = plan_ports(port_au_hasard(4), 2)
    config = tmp_path / "haproxy.cfg"
    config.write_text(config_haproxy(ports, tmp_path / "haproxy.sock"), encoding="utf-8")
    verification = subprocess.run([binaire_haproxy(), "-c", "-f", str(config)], capture_output=True, text=True)
    assert verification.returncode == 0, verification.stdout + verification.stderr
    journal = open(tmp_path / "haproxy.log", "w")
    processus = subprocess.Popen([binaire_haproxy(), "-db", "-f", str(config)], stdout=journal, stderr=subprocess.STDOUT)
    try:
        attendre(lambda: not port_libre(ports.haproxy) or processus.poll() is not None, 30, lambda: "HAProxy ne démarre pas")
        assert processus.poll() is None, (tmp_path / "haproxy.log").read_text()
        # its checks (every 2 s, down after 2 failures) find nothing behind it
        attendre(lambda: stats_haproxy(tmp_path / "haproxy.sock") == {"instance1": "DOWN", "instance2": "DOWN"}, 60,
                 lambda: f"backends : {stats_haproxy(tmp_path / 'haproxy.sock')}")
        yield f"http://127.0.0.1:{ports.haproxy}"
    finally:
        processus.terminate()
        processus.wait(timeout=30)
        journal.close()


def verifier_entetes(reponse, type_):
    assert reponse.status_code == 503, (reponse.status_code, reponse.text[:300])
    assert reponse.headers["Retry-After"] == str(indisponible.RETRY_AFTER)
    assert reponse.headers["Content-Type"] == f"{type_}; charset=utf-8"
    assert reponse.headers["Cache-Control"] == "no-store"
    assert reponse.headers["Content-Security-Policy"] == indisponible.POLITIQUE


def test_les_503_de_haproxy_disent_quand_revenir(haproxy_sans_instance):
    url = haproxy_sans_instance
    lecture = requests.get(f"{url}/cartable/0139101x/@@appel", headers={"Accept": "text/html"}, timeout=30)
    verifier_entetes(lecture, "text/html")
    assert lecture.text == "".join(indisponible.page("GET").splitlines())  # the page that reloads itself
    assert MESSAGE in lecture.text and 'http-equiv="refresh"' in lecture.text

    for appel in (requests.post(f"{url}/cartable/0139101x/@appel/cle", json={"marques": {}},
                                headers={"Accept": "application/json", "Idempotency-Key": "k"}, timeout=30),
                  requests.get(f"{url}/cartable/@mon-profil", timeout=30),  # a REST service, whatever Accept says
                  requests.get(f"{url}/cartable/++api++/0139101x", timeout=30)):
        verifier_entetes(appel, "application/json")
        assert json.loads(appel.text) == {"error": {"type": "StockageIndisponible", "message": MESSAGE}}

    envoi = requests.post(f"{url}/cartable/login", data={"__ac_name": "x"}, headers={"Accept": "text/html"}, timeout=30)
    verifier_entetes(envoi, "text/html")  # HAProxy's « no server available », by http-error
    assert envoi.text == "".join(indisponible.page("POST").splitlines()) and "refresh" not in envoi.text

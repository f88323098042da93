"""access.log has a line for the 503 the instance's WSGI guard answers (issue 19: faults seen from the page).

The guard (``cartable.core.indisponible.garde``, in the ``entetes`` filter) answers 503 when Zope raises
« storage unavailable » outside its publication. The access log is written by Paste's translogger; placed
inside the guard, it never saw those answers (Zope raised through it). The instance's pipeline, as the
rendered zope.ini declares it, filter by filter, around a stand-in for Zope: the 503 is logged like the 200.
"""

import configparser
import logging

import psycopg2
import pytest
from paste.deploy import loadfilter

from cartable.ops.instance import InstanceSettings, render_instance


class Releve(logging.Handler):
    def __init__(self):
        super().__init__(logging.DEBUG)
        self.lignes = []

    def emit(self, record):
        self.lignes.append(record.getMessage())


def pipeline_de_l_instance(tmp_path, zope):
    """``zope`` wrapped by the filters of the rendered zope.ini's [pipeline:main], in its order."""
    render_instance(InstanceSettings(etc_dir=tmp_path / "etc", var_dir=tmp_path / "var", port=8123))
    ini = tmp_path / "etc" / "zope.ini"
    lecteur = configparser.ConfigParser(interpolation=None)
    lecteur.read(ini, encoding="utf-8")
    *filtres, application = lecteur["pipeline:main"]["pipeline"].split()
    assert application == "zope"
    app = zope
    for nom in reversed(filtres):
        app = (loadfilter(nom) if nom.startswith("egg:") else loadfilter(f"config:{ini}", name=nom))(app)
    return app


def appeler(app, chemin):
    environ = {"REQUEST_METHOD": "GET", "PATH_INFO": chemin, "SCRIPT_NAME": "", "QUERY_STRING": "",
               "SERVER_NAME": "localhost", "SERVER_PORT": "8123", "SERVER_PROTOCOL": "HTTP/1.1",
               "REMOTE_ADDR": "127.0.0.1", "HTTP_ACCEPT": "application/json", "wsgi.url_scheme": "http"}
    vu = {}

    def start_response(status, headers, exc_info=None):
        vu["status"] = status

    b"".join(app(environ, start_response))
    return vu["status"]


@pytest.fixture
def releve():
    journal = logging.getLogger("wsgi")  # translogger's logger: access.log (zope.ini's logger_wsgi)
    handler = Releve()
    journal.addHandler(handler)
    yield handler
    journal.removeHandler(handler)


def test_le_503_du_garde_est_dans_le_journal_des_acces(tmp_path, releve):
    panne = [True]

    def zope(environ, start_response):
        if panne[0]:  # what Zope raises when it cannot open the request's connection
            raise psycopg2.OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", "2")])
        return [b"{}"]

    app = pipeline_de_l_instance(tmp_path, zope)
    assert appeler(app, "/cartable/0139101x/@appels").startswith("503")
    panne[0] = False
    assert appeler(app, "/cartable/@cartable-status").startswith("200")
    assert [ligne.split('"')[1] for ligne in releve.lignes] == ["GET /cartable/0139101x/%40appels HTTP/1.1",
                                                                "GET /cartable/%40cartable-status HTTP/1.1"]
    assert [ligne.split('"')[2].split()[0] for ligne in releve.lignes] == ["503", "200"]  # the status, after the request

"""The region's SAML configuration (a JSON file) and the pysaml2 service provider built from it.

The file is ``$CARTABLE_SAML_CONFIG``, else ``$CARTABLE_VAR/saml.json`` (docs/sso.md gives its form); no
file, no SAML (the login page stays the password form). It is read again when it changes (its
modification time), and checked by ``cartable.regles.saml.lire_configuration``: a wrong file is logged
and SAML stays off rather than half on.

pysaml2 checks what the protocol asks (saml2.client.Saml2Client): the signature of each assertion
(``want_assertions_signed``) with the certificate of the identity provider's metadata file, the
audience (Cartable's entity id), the destination (the Assertion Consumer Service), ``InResponseTo``
against the request this browser was sent with (``allow_unsolicited`` off), and the time window with
``accepted_time_diff`` = ``saml.MARGE`` seconds. Requests and logout requests are signed with Cartable's key;
an encrypted assertion is decrypted with it.
"""

import json
import logging
import os
import threading

from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.client import Saml2Client
from saml2.config import SPConfig
from saml2.metadata import entity_descriptor
from saml2.saml import NAMEID_FORMAT_PERSISTENT, NAMEID_FORMAT_TRANSIENT
from saml2.sigver import get_xmlsec_binary

from cartable.core.site import dossier_var
from cartable.regles import saml

logger = logging.getLogger("cartable.annuaire.saml")

_verrou = threading.Lock()
_configurations = {}
_clients = {}


def chemin():
    return os.environ.get("CARTABLE_SAML_CONFIG") or str(dossier_var() / "saml.json")


def _etat():
    path = chemin()
    try:
        return path, os.stat(path).st_mtime_ns
    except OSError:
        return path, None


def configuration():
    """The region's ``saml.Configuration``, or None (no file, or a file refused: logged)."""
    path, version = _etat()
    if version is None:
        return None
    with _verrou:
        if (path, version) not in _configurations:
            try:
                with open(path, encoding="utf-8") as fichier:
                    lue = saml.lire_configuration(json.load(fichier))
                fichiers = [lue.cle, lue.certificat] + [f.metadonnees for f in lue.fournisseurs.values()]
                absents = [f for f in fichiers if not os.access(f, os.R_OK)]
                if absents:
                    raise saml.ConfigurationInvalide(f"fichiers illisibles : {', '.join(absents)}")
                Saml2Client(config=config_pysaml2(lue, "http://verification.invalid"))  # keys and metadata parse
            except Exception as erreur:  # OSError, JSON, ConfigurationInvalide, pysaml2's own refusals
                logger.error("configuration SAML %s refusée : %s", path, erreur)
                lue = None
            _configurations.clear()
            _configurations[(path, version)] = lue
        return _configurations[(path, version)]


def config_pysaml2(conf, site_url):
    """The pysaml2 SP configuration for the site seen at ``site_url`` (its endpoints are under it)."""
    config = SPConfig()
    config.load({
        "entityid": conf.entity_id,
        "xmlsec_binary": get_xmlsec_binary(),
        "key_file": conf.cle,
        "cert_file": conf.certificat,
        "encryption_keypairs": [{"key_file": conf.cle, "cert_file": conf.certificat}],
        "metadata": {"local": [f.metadonnees for f in conf.fournisseurs.values()]},
        "accepted_time_diff": saml.MARGE,
        "allow_unknown_attributes": True,
        "service": {"sp": {
            "name": "Cartable",
            "endpoints": {
                "assertion_consumer_service": [(f"{site_url}/saml/acs", BINDING_HTTP_POST)],
                "single_logout_service": [(f"{site_url}/saml/sls", BINDING_HTTP_REDIRECT)],
            },
            "authn_requests_signed": True,
            "logout_requests_signed": True,
            "want_assertions_signed": True,
            "want_response_signed": False,
            "allow_unsolicited": False,
            "name_id_format": [NAMEID_FORMAT_TRANSIENT, NAMEID_FORMAT_PERSISTENT],
        }},
    })
    return config


def client(site_url):
    """The pysaml2 client of the current configuration for ``site_url`` (None without configuration)."""
    conf = configuration()
    if conf is None:
        return None
    cle = (_etat(), site_url)
    with _verrou:
        if cle not in _clients:
            _clients.clear()
            _clients[cle] = Saml2Client(config=config_pysaml2(conf, site_url))
        return _clients[cle]


def metadonnees(site_url):
    """Cartable's SP metadata (XML text) for the identity providers' administrators."""
    conf = configuration()
    return str(entity_descriptor(config_pysaml2(conf, site_url))) if conf is not None else None

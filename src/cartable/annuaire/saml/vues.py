"""The SAML service provider's endpoints on the site root (one view, ``saml``, that takes the rest of the path):

- ``saml/metadata``: Cartable's metadata (entity id, certificate, ACS and logout addresses), for the
  identity providers' administrators;
- ``saml/login/<educonnect|agents>?came_from=…``: a signed AuthnRequest (HTTP-Redirect) to that
  provider; the request's id is remembered outside the ZODB (``magasin.py``) with where to go after
  (a page of the site only: ``saml.destination_sure``) and a random key this browser also gets in a
  cookie, so that only the browser that started a login can finish it (no login CSRF);
- ``saml/acs`` (POST, HTTP-POST binding): the answer. Its ``InResponseTo`` must name a request sent and
  not yet answered (taken from the store: a second post of the same answer finds nothing), started in this
  browser (``saml.meme_navigateur``); pysaml2 checks the signature of the assertion, the audience, the destination and the time window; the
  window again with ``saml.verifier_fenetre`` (60 s of skew, 1 h of lifetime at most) and the
  assertion's id is remembered until its end (a replay is refused); then ``saml.designer`` finds the
  person in the directory, never by name. Any refusal: a French page (403), nothing written to the ZODB or
  the directory (the request is spent in the store), nobody logged in. Success: Plone's session (plone.session's cookie, as after the password form), and the
  page asked for, else Mon bureau;
- ``saml/logout``: ends the Cartable session and, where the provider offers single logout, sends a
  signed LogoutRequest there (Plone's own ``logout`` does the same: ``deconnexion_plone``);
- ``saml/sls``: where the provider sends the browser back after single logout: « Vous êtes déconnecté »;
  and where a provider asks Cartable to end a session (IdP-initiated single logout, signature checked).

The login page shows the choices (``ChoixConnexion``) only when providers are configured.
"""

import base64
import binascii
import logging
import secrets
from datetime import datetime, timezone
from urllib.parse import urlencode

from AccessControl.SecurityManagement import newSecurityManager
from defusedxml import ElementTree as SafeET
from plone import api
from plone.app.layout.viewlets.common import ViewletBase
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile
from saml2 import BINDING_HTTP_POST, BINDING_HTTP_REDIRECT
from saml2.ident import code as code_name_id
from saml2.ident import decode as decode_name_id
from saml2.s_utils import UnsupportedBinding
from saml2.sigver import verify_redirect_signature
from saml2.xmldsig import DIGEST_SHA256, SIG_RSA_SHA256
from zope.globalrequest import getRequest

from cartable.annuaire.saml import magasin, reglages
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.chemin import VueAChemin
from cartable.regles import saml

logger = logging.getLogger("cartable.annuaire.saml")

COOKIE_SESSION = "cartable_saml"
COOKIE_DEMANDE = "cartable_saml_demande"
CLE_REQUETE = "cartable.saml.deconnexion"
DUREE_SESSION = 10 * 60 * 60  # as plone.session's tickets (policy/session.py): a working day
TAILLE_MAX = 512 * 1024  # bytes of a SAMLResponse, base64


def _fiche(annuaire, jointure):
    personne = annuaire.personne(jointure) if annuaire is not None else None
    if personne is None:
        return None
    return saml.Fiche(id=personne.id, login=personne.login or "", actif=bool(personne.actif),
                      categorie=personne.categorie)


def url_logout_fournisseur(site_url, session):
    """The signed LogoutRequest's address at the provider of ``session`` (a record of ``magasin``), or None
    when the provider offers no single logout (or the region turned it off)."""
    conf, client = reglages.configuration(), reglages.client(site_url)
    fournisseur = conf.fournisseur(session.get("fournisseur")) if conf is not None else None
    if fournisseur is None or client is None or not fournisseur.deconnexion:
        return None
    try:
        services = client.metadata.single_logout_service(fournisseur.entity_id, BINDING_HTTP_REDIRECT, "idpsso")
    except UnsupportedBinding:  # the provider offers no single logout by redirect
        return None
    if not services:
        return None
    destination = services[0]["location"]
    _id, requete = client.create_logout_request(destination, fournisseur.entity_id,
                                                name_id=decode_name_id(session["name_id"]),
                                                session_indexes=session.get("session_index") or None, sign=False)
    info = client.apply_binding(BINDING_HTTP_REDIRECT, str(requete), destination, relay_state="", sign=True,
                                sigalg=SIG_RSA_SHA256)
    return dict(info["headers"])["Location"]


def deconnexion_plone(event):
    """Plone's ``logout`` (IUserLoggedOutEvent): with a SAML session in this browser, the provider's single
    logout address is noted on the request; ``apres_deconnexion`` sends the browser there once the logout view
    has set its own redirect (a redirect's lock keeps the status only, not the address)."""
    request = getRequest()
    cle = request.cookies.get(COOKIE_SESSION) if request is not None else None
    if not cle:
        return
    request.response.expireCookie(COOKIE_SESSION, path="/")
    session = magasin.fermer_session(cle)
    if session is None:
        return
    try:
        url = url_logout_fournisseur(api.portal.get().absolute_url(), session)
    except Exception:
        logger.exception("déconnexion unique SAML impossible")
        return
    if url:
        request.set(CLE_REQUETE, url)


def apres_deconnexion(event):
    """At the end of the request (IPubBeforeCommit), after the logout view's own redirect: on to the provider."""
    # request.other only: request.get would also read the form and the cookies (an open redirect)
    url = getattr(event.request, "other", {}).get(CLE_REQUETE)
    if url:
        event.request.response.redirect(url, status=302)


class VueSaml(VueAChemin):
    modele = ViewPageTemplateFile("templates/saml_page.pt")

    def __call__(self):
        self.request.response.setHeader("Cache-Control", "no-store")
        chemin = tuple(self.chemin)
        if chemin == ("metadata",):
            return self._metadata()
        if len(chemin) == 2 and chemin[0] == "login":
            return self._login(chemin[1])
        if chemin == ("acs",):
            return self._acs()
        if chemin == ("logout",):
            return self._logout()
        if chemin == ("sls",):
            return self._sls()
        return self.html(404, "Page introuvable", "Cette adresse de la connexion par ÉduConnect n'existe pas.")

    # -- helpers ------------------------------------------------------------------------------------

    @property
    def site_url(self):
        return api.portal.get().absolute_url()

    def html(self, status, titre, texte, lien=None):
        self.request.response.setStatus(status)
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        self.titre, self.texte = titre, texte
        self.lien = lien or (f"{self.site_url}/login", "Revenir à la page de connexion")
        return self.modele()

    def refus(self, titre, texte, raison=""):
        if raison:
            logger.warning("connexion SAML refusée : %s", raison)
        return self.html(403, titre, texte)

    def rediriger(self, url):
        self.request.response.redirect(url, status=302, lock=True)
        return ""

    # -- saml/metadata ------------------------------------------------------------------------------

    def _metadata(self):
        xml = reglages.metadonnees(self.site_url)
        if xml is None:
            return self.html(404, "Connexion par ÉduConnect non configurée",
                             "La région n'a pas configuré de fournisseur d'identité.")
        self.request.response.setHeader("Content-Type", "application/samlmetadata+xml; charset=utf-8")
        return xml

    # -- saml/login/<fournisseur> ---------------------------------------------------------------------

    def _login(self, nom):
        conf = reglages.configuration()
        fournisseur = conf.fournisseur(nom) if conf is not None else None
        if fournisseur is None:
            return self.html(404, "Service d'identification inconnu",
                             "Ce service d'identification n'est pas proposé par la région.")
        came_from = self.request.form.get("came_from")
        destination = saml.destination_sure(came_from if isinstance(came_from, str) else "", self.site_url)
        client = reglages.client(self.site_url)
        try:
            identifiant, info = client.prepare_for_authenticate(
                entityid=fournisseur.entity_id, relay_state="", binding=BINDING_HTTP_REDIRECT, sign=True,
                sigalg=SIG_RSA_SHA256, digest_alg=DIGEST_SHA256)
        except Exception:  # metadata without a redirect SSO address, an unreadable key…: the region's setup
            logger.exception("demande d'authentification SAML impossible vers %s", fournisseur.entity_id)
            return self.html(503, "Service d'identification indisponible",
                             "La connexion par ce service d'identification est momentanément impossible. "
                             "Réessayez plus tard ou utilisez un autre moyen de connexion.")
        navigateur = secrets.token_urlsafe(32)
        magasin.demande_emise(identifiant, {"fournisseur": nom, "destination": destination, "navigateur": navigateur,
                                            "cree": horloge.horodatage()}, saml.DUREE_DEMANDE)
        # this browser's proof that it started the login: the answer comes back as a cross-site POST, so on https
        # the cookie is SameSite=None (and Secure); on http (a developer's machine) Lax, same-site only
        https = self.request.get("SERVER_URL", "").startswith("https:")
        self.request.response.setCookie(COOKIE_DEMANDE, navigateur, path="/", http_only=True, secure=https,
                                        same_site="None" if https else "Lax", max_age=saml.DUREE_DEMANDE)
        return self.rediriger(dict(info["headers"])["Location"])

    # -- saml/acs -------------------------------------------------------------------------------------

    def _acs(self):
        if self.request.get("REQUEST_METHOD") != "POST":
            return self.html(405, "Adresse réservée au service d'identification",
                             "Cette adresse reçoit la réponse du service d'identification ; "
                             "commencez par la page de connexion.")
        brut = self.request.form.get("SAMLResponse")
        if not isinstance(brut, str) or not brut or len(brut) > TAILLE_MAX:
            return self.html(400, "Réponse absente", "La réponse du service d'identification manque ou est trop "
                                                     "grande.")
        try:
            racine = SafeET.fromstring(base64.b64decode(brut, validate=True))
        except (binascii.Error, ValueError, SafeET.ParseError) as erreur:
            logger.warning("réponse SAML illisible : %s", erreur)
            return self.html(400, "Réponse illisible", "La réponse du service d'identification est illisible.")
        except Exception as erreur:  # defusedxml's refusals (entities, DTD…)
            logger.warning("réponse SAML refusée à la lecture : %r", erreur)
            return self.html(400, "Réponse illisible", "La réponse du service d'identification est illisible.")
        en_reponse_a = racine.get("InResponseTo")
        demande = magasin.demande_reprise(en_reponse_a) if saml.identifiant_saml_valide(en_reponse_a) else None
        expiree = demande is not None and horloge.horodatage() - demande.get("cree", 0) > saml.DUREE_DEMANDE
        if demande is None or expiree:
            return self.refus("Connexion expirée",
                              "Cette réponse du service d'identification ne correspond à aucune connexion en cours : "
                              "elle a déjà servi ou elle a expiré. Aucune connexion n'a été ouverte. Recommencez "
                              "depuis la page de connexion.", f"InResponseTo inconnu ou déjà utilisé : {en_reponse_a!r}")
        self.request.response.expireCookie(COOKIE_DEMANDE, path="/")
        if not saml.meme_navigateur(self.request.cookies.get(COOKIE_DEMANDE), demande.get("navigateur")):
            return self.refus("Connexion commencée ailleurs",
                              "Cette connexion n'a pas été commencée dans ce navigateur : aucune connexion n'a été "
                              "ouverte. Recommencez depuis la page de connexion.", "réponse postée par un autre "
                                                                                   "navigateur que celui de la demande")
        conf, client = reglages.configuration(), reglages.client(self.site_url)
        fournisseur = conf.fournisseur(demande.get("fournisseur")) if conf is not None else None
        if fournisseur is None or client is None:
            return self.refus("Service d'identification inconnu",
                              "Ce service d'identification n'est plus proposé par la région.")
        verifiee = "La réponse du service d'identification n'a pas pu être vérifiée : aucune connexion n'a été ouverte."
        try:
            reponse = client.parse_authn_request_response(brut, BINDING_HTTP_POST,
                                                          outstanding={en_reponse_a: demande["destination"]})
        except Exception as erreur:  # pysaml2's refusals: signature, audience, destination, time, status…
            return self.refus("Connexion refusée", verifiee, f"{type(erreur).__name__}: {erreur}")
        if reponse is not None and reponse.name_id is not None:
            # pysaml2 keeps every person's session in the client's memory (for its own logout); Cartable keeps its
            # own record (garder_session): forgotten here, or each login would grow the process
            client.users.remove_person(reponse.name_id)
        if reponse is None or reponse.assertion is None:
            return self.refus("Connexion refusée", verifiee, "réponse sans assertion")
        if reponse.issuer() != fournisseur.entity_id:
            return self.refus("Connexion refusée", verifiee, f"émetteur {reponse.issuer()!r} au lieu de "
                                                             f"{fournisseur.entity_id!r}")
        assertion = reponse.assertion
        conditions = assertion.conditions
        maintenant = datetime.now(timezone.utc)  # the provider's timestamps: the machine's real clock
        fin = conditions.not_on_or_after if conditions is not None else None
        fenetre = saml.verifier_fenetre(assertion.issue_instant, conditions.not_before if conditions else None,
                                        fin, maintenant)
        if fenetre is not None:
            return self.refus("Connexion refusée", verifiee, fenetre)
        if not saml.identifiant_saml_valide(assertion.id) or \
                not magasin.premiere_fois(assertion.id, saml.garde_rejeu(fin, maintenant)):
            return self.refus("Connexion refusée", "Cette réponse du service d'identification a déjà servi : aucune "
                                                   "connexion n'a été ouverte.", f"assertion rejouée {assertion.id!r}")
        annuaire = lire_annuaire(api.portal.get())
        decision = saml.designer(fournisseur, reponse.ava, lambda jointure: _fiche(annuaire, jointure))
        if decision.refus:
            logger.info("connexion SAML (%s) refusée : %s", fournisseur.nom, decision.refus)
            return self.html(403, decision.titre, decision.texte)
        if not self.connecter(decision.fiche.login):
            return self.html(403, *saml.REFUS[saml.DESACTIVE])
        self.garder_session(fournisseur, reponse)
        return self.rediriger(demande["destination"])

    def connecter(self, login):
        """Plone's session for ``login``, as after the password form: plone.session's cookie."""
        acl_users = api.portal.get().acl_users
        utilisateur = acl_users.getUserById(login)
        if utilisateur is None:  # the user folder does not know this login (no longer active): no session
            return False
        newSecurityManager(self.request, utilisateur)
        acl_users.updateCredentials(self.request, self.request.response, login, "")
        return True

    def garder_session(self, fournisseur, reponse):
        """The name id and session index, for single logout, under a key this browser keeps in a cookie."""
        if not fournisseur.deconnexion or reponse.name_id is None:
            return
        index = [s.session_index for s in reponse.assertion.authn_statement or [] if s.session_index]
        cle = secrets.token_urlsafe(32)
        magasin.ouvrir_session(cle, {"fournisseur": fournisseur.nom, "name_id": code_name_id(reponse.name_id),
                                     "session_index": index}, DUREE_SESSION)
        self.request.response.setCookie(COOKIE_SESSION, cle, path="/", http_only=True, same_site="Lax",
                                        secure=self.request.get("SERVER_URL", "").startswith("https:"))

    # -- saml/logout, saml/sls ----------------------------------------------------------------------------

    def _logout(self):
        site = api.portal.get()
        cle = self.request.cookies.get(COOKIE_SESSION)
        site.acl_users.resetCredentials(self.request, self.request.response)
        self.request.response.expireCookie(COOKIE_SESSION, path="/")
        session = magasin.fermer_session(cle)
        try:
            url = url_logout_fournisseur(self.site_url, session) if session is not None else None
        except Exception:
            logger.exception("déconnexion unique SAML impossible")
            url = None
        if url:
            return self.rediriger(url)
        return self._deconnecte()

    def _sls(self):
        """With ``SAMLResponse``: the provider's answer to Cartable's LogoutRequest (the Cartable session ended
        before the browser went there). With ``SAMLRequest``: the provider asks (IdP-initiated single logout):
        its signature is checked with the provider's certificate, this browser's Cartable session ends if it is
        the one the request names, and the browser goes back with a signed LogoutResponse."""
        if not isinstance(self.request.form.get("SAMLRequest"), str):
            return self._deconnecte()
        conf, client = reglages.configuration(), reglages.client(self.site_url)
        if conf is None or client is None:
            return self._deconnecte()
        refus = ("Demande de déconnexion refusée",
                 "Cette demande de déconnexion n'a pas pu être vérifiée : rien n'a été fait.")
        try:
            requete = client.parse_logout_request(self.request.form["SAMLRequest"], BINDING_HTTP_REDIRECT)
            message = requete.message
            fournisseur = conf.par_entity_id(message.issuer.text.strip() if message.issuer is not None else "")
        except Exception as erreur:
            return self.refus(*refus, f"LogoutRequest illisible : {erreur!r}")
        if fournisseur is None or not self._signature_redirect_valide(client, fournisseur):
            return self.refus(*refus, "LogoutRequest non signée, mal signée ou d'un fournisseur inconnu")
        cle = self.request.cookies.get(COOKIE_SESSION)
        session = magasin.fermer_session(cle)
        if session is not None:
            nomme = message.name_id is not None and code_name_id(message.name_id) == session.get("name_id")
            if nomme and session.get("fournisseur") == fournisseur.nom:
                api.portal.get().acl_users.resetCredentials(self.request, self.request.response)
                self.request.response.expireCookie(COOKIE_SESSION, path="/")
            else:  # another person's or another provider's session: this browser's stays
                magasin.ouvrir_session(cle, session, DUREE_SESSION)
        try:
            destination = client.metadata.single_logout_service(fournisseur.entity_id, BINDING_HTTP_REDIRECT,
                                                                 "idpsso")[0]["location"]
        except (UnsupportedBinding, IndexError, KeyError):
            return self._deconnecte()
        reponse = client.create_logout_response(message, [BINDING_HTTP_REDIRECT], sign=False)
        relay = self.request.form.get("RelayState")
        info = client.apply_binding(BINDING_HTTP_REDIRECT, str(reponse), destination,
                                    relay_state=relay if isinstance(relay, str) else "", response=True, sign=True,
                                    sigalg=SIG_RSA_SHA256)
        return self.rediriger(dict(info["headers"])["Location"])

    def _signature_redirect_valide(self, client, fournisseur):
        """The HTTP-Redirect signature (SigAlg, Signature over the query) with one of the provider's signing
        certificates from its metadata file."""
        form = self.request.form
        message = {k: form[k] for k in ("SAMLRequest", "RelayState", "SigAlg", "Signature")
                   if isinstance(form.get(k), str)}
        if "SigAlg" not in message or "Signature" not in message:
            return False
        for _nom, certificat in client.metadata.certs(fournisseur.entity_id, "idpsso", use="signing"):
            try:
                if verify_redirect_signature(message, client.sec.sec_backend, cert=certificat):
                    return True
            except Exception:  # an unknown algorithm, a malformed signature: not valid
                continue
        return False

    def _deconnecte(self):
        return self.html(200, "Vous êtes déconnecté", "Vous êtes déconnecté de Cartable.",
                         (f"{self.site_url}/login", "Se connecter"))


class ChoixConnexion(ViewletBase):
    """Above the login form, when the region configured identity providers: « Élève ou parent (ÉduConnect) »,
    « Personnel de l'Éducation nationale », then « Autre compte » (the password form below)."""

    index = ViewPageTemplateFile("templates/choix_connexion.pt")

    def update(self):
        super().update()
        site_url = api.portal.get().absolute_url()
        came_from = self.request.form.get("came_from")
        suite = f"?{urlencode({'came_from': came_from})}" if isinstance(came_from, str) and came_from else ""
        self.choix = [{"libelle": libelle, "url": f"{site_url}/saml/login/{nom}{suite}" if nom else "#login-form",
                       "id": f"connexion-{nom or 'autre'}"}
                      for nom, libelle in saml.choix_de_connexion(reglages.configuration())]

    def render(self):
        return self.index() if self.choix else ""

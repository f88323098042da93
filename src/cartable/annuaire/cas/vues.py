"""The CAS endpoints on the site root: ``cas/login``, ``cas/serviceValidate``, ``cas/p3/serviceValidate``,
``cas/logout`` (one view, ``cas``, that takes the rest of the path).

Thin: the decisions are ``cartable.regles.cas``'s, the tickets live outside the ZODB
(``tickets.py``), the services on the site (``services.py``). Nothing here writes to the ZODB.

- ``cas/login?service=…``: an unregistered service gets a French refusal page (403), never a
  redirect; a person logged into Cartable (its session cookie) goes back to the service with a
  ticket at once; otherwise Cartable's login form, then back here. ``gateway=true`` never asks
  (back to the service without a ticket); ``renew=true`` ends the session and asks for the
  password again: the proof that it was typed is a one-time key kept in the tickets' store and in a
  cookie of this browser (``RN-…``), so that neither a link nor another browser's key counts.
  Only an active person of the directory gets a ticket (a deactivated one cannot log in at all;
  the regional administrator, who is not in the directory, gets the refusal page).
- ``cas/serviceValidate`` (2.0: the login) and ``cas/p3/serviceValidate`` (3.0: with the attributes
  the service was registered for): the ticket is taken from the store first, so that it is spent
  whatever the answer; the person is read again (deactivated in between: refused).
- ``cas/logout``: ends the Cartable session; ``service=`` redirects only to a registered service.
"""

from urllib.parse import urlencode

from plone import api
from Products.Five.browser.pagetemplatefile import ViewPageTemplateFile

from cartable.annuaire.cas import services as services_cas
from cartable.annuaire.cas import tickets
from cartable.annuaire.lecteur import Lecteur
from cartable.annuaire.stockage import lire_annuaire
from cartable.core import horloge
from cartable.core.chemin import VueAChemin
from cartable.regles import cas

COOKIE_RENOUVELLEMENT = "cartable_cas_renouvellement"
CHEMINS = {("login",): "login", ("serviceValidate",): "v2", ("p3", "serviceValidate"): "v3", ("logout",): "logout"}


def attributs_de(annuaire, personne) -> dict:
    """Every attribute Cartable can release about a person (``cas.ATTRIBUTS``)."""
    uai = []
    for structure in personne.rattachements:
        enregistrement = annuaire.structures.get(structure)
        if enregistrement is not None and enregistrement.uai and enregistrement.uai not in uai:
            uai.append(enregistrement.uai)
    classes = []
    for structure, classe in personne.classes:
        enregistrement = annuaire.structures.get(structure)
        code = f"{enregistrement.uai if enregistrement is not None else structure}${classe}"
        if code not in classes:
            classes.append(code)
    return {"login": personne.login, "aaf_id": personne.id, "profil": personne.categorie, "uai": uai,
            "classes": classes}


class VueCas(VueAChemin):
    modele = ViewPageTemplateFile("templates/cas_page.pt")  # a sentence in Cartable's pages

    def __call__(self):
        reponse = self.request.response
        reponse.setHeader("Cache-Control", "no-store")
        quoi = CHEMINS.get(tuple(self.chemin)) or ("login" if not self.chemin else None)
        if quoi is None:
            return self.html(404, "Page introuvable", "Cette adresse du service d'authentification n'existe pas.")
        return getattr(self, "_" + quoi)()

    # -- helpers ---------------------------------------------------------------------------------

    def param(self, nom):
        valeur = self.request.form.get(nom)
        return valeur.strip() if isinstance(valeur, str) else ""

    def html(self, status, titre, texte, lien=None):
        self.request.response.setStatus(status)
        self.request.response.setHeader("Content-Type", "text/html; charset=utf-8")
        self.titre, self.texte, self.lien = titre, texte, lien
        return self.modele()

    def xml(self, contenu):
        self.request.response.setHeader("Content-Type", "application/xml; charset=utf-8")
        return contenu

    def rediriger(self, url):
        self.request.response.redirect(url, status=302, lock=True)
        return ""

    def url_retour(self, **params):
        """Where Cartable's login form sends the person back: ``cas`` itself, which is ``cas/login`` (Plone's
        form refuses a ``came_from`` with a ``login`` segment, and checks that the path traverses)."""
        return f"{api.portal.get().absolute_url()}/cas?{urlencode({k: v for k, v in params.items() if v})}"

    # -- cas/login ---------------------------------------------------------------------------------

    def _login(self):
        site = api.portal.get()
        service_url = self.param("service")
        renew, gateway = cas.vrai(self.param("renew")), cas.vrai(self.param("gateway"))
        lecteur = Lecteur(site)
        services = services_cas.lire_services(site)
        renouvele = False
        cle = self.request.cookies.get(COOKIE_RENOUVELLEMENT)
        if renew and not lecteur.anonyme and isinstance(cle, str) and cle.startswith("RN-"):
            preuve = tickets.consommer(cle)
            renouvele = preuve is not None and not cas.expire(preuve["cree"], horloge.horodatage(),
                                                              cas.DUREE_RENOUVELLEMENT)
            self.request.response.expireCookie(COOKIE_RENOUVELLEMENT, path="/")
        decision = cas.decision_login(service_url=service_url, services=services, connecte=not lecteur.anonyme,
                                      personne_active=lecteur.personne is not None, renew=renew, gateway=gateway,
                                      renouvele=renouvele)
        if decision == cas.REFUS_SERVICE:
            return self.html(403, "Application non autorisée",
                             "Cette application n'est pas enregistrée auprès de Cartable par la région : "
                             "Cartable ne peut pas vous y connecter. Prévenez l'établissement ou l'éditeur de "
                             "l'application.")
        if decision == cas.REFUS_PERSONNE:
            return self.html(403, "Connexion impossible",
                             "Votre compte ne permet pas de vous connecter à d'autres applications par Cartable.")
        if decision == cas.SANS_TICKET:
            return self.rediriger(service_url)
        if decision == cas.DEJA_CONNECTE:
            return self.html(200, "Vous êtes connecté", "Vous êtes connecté à Cartable.",
                             (site.absolute_url(), "Aller à Mon bureau"))
        retour = self.url_retour(service=service_url, renew="true" if renew else "")
        if decision == cas.RENOUVELER:
            cle = "RN-" + cas.nouveau_ticket()[3:]
            tickets.magasin().poser(cle, {"cree": horloge.horodatage()}, tickets.GARDE)
            site.acl_users.resetCredentials(self.request, self.request.response)
            self.request.response.setCookie(COOKIE_RENOUVELLEMENT, cle, path="/", http_only=True, same_site="Lax",
                                            secure=self.request.get("SERVER_URL", "").startswith("https:"))
            return self.rediriger(f"{site.absolute_url()}/login?{urlencode({'came_from': retour})}")
        if decision == cas.DEMANDER_CONNEXION:
            return self.rediriger(f"{site.absolute_url()}/login?{urlencode({'came_from': retour})}")
        ticket = cas.nouveau_ticket()
        tickets.emettre(ticket, service=service_url, login=lecteur.personne.login, renouvele=renouvele)
        return self.rediriger(cas.url_avec_ticket(service_url, ticket))

    # -- cas/serviceValidate, cas/p3/serviceValidate ------------------------------------------------

    def _v2(self):
        return self._valider(avec_attributs=False)

    def _v3(self):
        return self._valider(avec_attributs=True)

    def _valider(self, avec_attributs):
        site = api.portal.get()
        service_url, ticket = self.param("service"), self.param("ticket")
        enregistrement = tickets.consommer(ticket) if cas.ticket_bien_forme(ticket) else None
        refus = cas.verifier_validation(service_url=service_url, ticket=ticket, enregistrement=enregistrement,
                                        maintenant=horloge.horodatage(), renew=cas.vrai(self.param("renew")))
        service = cas.service_enregistre(service_url, services_cas.lire_services(site))
        if refus is None and service is None:
            refus = cas.INVALID_SERVICE, "Ce service n'est plus enregistré auprès de Cartable."
        annuaire = lire_annuaire(site)
        personne = annuaire.par_login(enregistrement["login"]) if refus is None and annuaire is not None else None
        if refus is None and (personne is None or not personne.actif):
            refus = cas.INVALID_TICKET, f"Le compte du ticket {ticket} n'est plus actif."
        if refus is not None:
            return self.xml(cas.reponse_echec(*refus))
        attributs = cas.attributs_publies(attributs_de(annuaire, personne), service) if avec_attributs else None
        return self.xml(cas.reponse_succes(personne.login, attributs))

    # -- cas/logout ----------------------------------------------------------------------------------

    def _logout(self):
        site = api.portal.get()
        site.acl_users.resetCredentials(self.request, self.request.response)
        service_url = self.param("service")
        if service_url and cas.service_enregistre(service_url, services_cas.lire_services(site)) is not None:
            return self.rediriger(service_url)
        return self.html(200, "Vous êtes déconnecté", "Vous êtes déconnecté de Cartable.",
                         (f"{site.absolute_url()}/login", "Se connecter"))

"""@@services-cas: the region's administrator sees, registers and removes the CAS services (the page beside
``@cas-services``, reached from Mon bureau's menu « Services CAS »). A POST carries Plone's CSRF token; a
refused registration writes nothing and says why in French (400)."""

from plone import api
from plone.protect import CheckAuthenticator, PostOnly
from Products.Five import BrowserView
from zope.interface import implementer

from cartable.annuaire.cas import services
from cartable.annuaire.lecteur import Lecteur
from cartable.core.bureau import IEntreesMenu
from cartable.regles import cas


class ServicesCasView(BrowserView):
    message = erreur = None

    def __call__(self):
        site = api.portal.get()
        lecteur = Lecteur(site)
        lecteur.exiger(lecteur.admin)
        if self.request.method == "POST":
            PostOnly(self.request)
            CheckAuthenticator(self.request)
            self.traiter(site)
        self.services = [
            {"nom": s.nom, "motif": s.motif,
             "attributs": ", ".join(s.attributs) if s.attributs else "aucun (l'identifiant seulement)"}
            for s in services.lire_services(site)]
        self.attributs = [{"nom": nom, "description": description} for nom, description in cas.ATTRIBUTS.items()]
        self.adresse_cas = f"{site.absolute_url()}/cas/"
        return self.index()

    def traiter(self, site):
        form = self.request.form
        if isinstance(form.get("retirer"), str):
            if services.retirer(site, form["retirer"]):
                self.message = "Service retiré : Cartable ne connectera plus personne à cette application."
            else:
                self.erreur = "Ce service n'est plus enregistré."
                self.request.response.setStatus(404)
            return
        attributs = form.get("attributs", [])
        attributs = [attributs] if isinstance(attributs, str) else attributs
        try:
            service = cas.lire_service({"motif": form.get("motif"), "nom": form.get("nom"), "attributs": attributs})
        except cas.ServiceInvalide as erreur:
            self.erreur = str(erreur)
            self.request.response.setStatus(400)
            return
        nouveau = services.enregistrer(site, service)
        self.message = f"Service « {service.nom} » " + ("enregistré." if nouveau else "mis à jour.")


@implementer(IEntreesMenu)
class Menu:
    """Mon bureau's menu: « Services CAS » for the region's administrator."""

    def entrees(self, site, lecteur):
        if lecteur.anonyme or not lecteur.admin:
            return []
        return [{"texte": "Services CAS", "lien": f"{site.absolute_url()}/@@services-cas", "ordre": 98}]

"""@cas-services: the region's administrator lists, registers and removes the CAS services.

GET → ``{"services": [...], "attributs": {nom: description}}``; POST ``{"motif", "nom",
"attributs"}`` registers one (201 when new, 200 when it replaced the one with that pattern);
DELETE ``{"motif"}`` removes one (404 when there is none). Everyone else: 401/403.
"""

from plone import api

from cartable.annuaire.cas import services
from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import Introuvable, RequeteInvalide, interdit
from cartable.core.services.base import ServiceCartable
from cartable.regles import cas

RESERVE = "Les services CAS sont réservés à l'administrateur de la région."


class _Base(ServiceCartable):
    def arguments(self):
        site = api.portal.get()
        if not Lecteur(site).admin:
            raise interdit(Lecteur(site), RESERVE)
        return (site,)

    def liste(self, site):
        return {"services": [s.en_dict() for s in services.lire_services(site)], "attributs": cas.ATTRIBUTS}


class CasServicesGet(_Base):
    def repondre(self, site):
        return self.liste(site)


class CasServicesPost(_Base):
    def repondre(self, site):
        try:
            service = cas.lire_service(self.corps())
        except cas.ServiceInvalide as erreur:
            raise RequeteInvalide(str(erreur)) from None
        nouveau = services.enregistrer(site, service)
        self.request.response.setStatus(201 if nouveau else 200)
        return self.liste(site)


class CasServicesDelete(_Base):
    def repondre(self, site):
        motif = self.corps().get("motif")
        if not isinstance(motif, str) or not services.retirer(site, motif):
            raise Introuvable("Aucun service CAS enregistré avec ce motif.")
        return self.liste(site)

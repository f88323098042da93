"""Pages: « Mes données » (@@mes-donnees, with its PDF and JSON downloads) and the direction's log of reads (@@journal-acces)."""

import json

from plone import api
from zope.publisher.browser import BrowserView

from cartable.annuaire.lecteur import Lecteur
from cartable.core.refus import Refus
from cartable.policy.rgpd import journal
from cartable.policy.rgpd.export import REFUS, exporter, sujet
from cartable.policy.rgpd.pdf import pdf_export
from cartable.regles import acces
from cartable.regles.dates_fr import date_fr


class MesDonneesView(BrowserView):
    """@@mes-donnees[?eleve=][&format=pdf|json]: the page says what is exported; the links download it."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(not self.lecteur.anonyme)
        eleve = self.request.form.get("eleve") or None
        try:
            sujet(self.lecteur, self.lecteur.annuaire, eleve)
        except Refus:
            self.request.response.setStatus(403)
            return REFUS
        format_ = self.request.form.get("format")
        if format_ in ("pdf", "json"):
            export = exporter(api.portal.get(), self.lecteur, eleve)
            nom = f"mes-donnees-{export['genere_le'][:10]}"
            reponse = self.request.response
            if format_ == "pdf":
                reponse.setHeader("Content-Type", "application/pdf")
                reponse.setHeader("Content-Disposition", f'attachment; filename="{nom}.pdf"')
                return pdf_export(export)
            reponse.setHeader("Content-Type", "application/json; charset=utf-8")
            reponse.setHeader("Content-Disposition", f'attachment; filename="{nom}.json"')
            return json.dumps(export, ensure_ascii=False, indent=2)
        return self.index()

    def choix(self):
        """[{"nom", "pdf", "json"}]: oneself, then each child a legal responsable holds authority over."""
        base = f"{api.portal.get().absolute_url()}/@@mes-donnees"
        personne = self.lecteur.personne
        nom = personne.nom_complet if personne is not None else "Mon compte"
        liens = [{"nom": f"Mes données ({nom})", "pdf": f"{base}?format=pdf", "json": f"{base}?format=json"}]
        for enfant in acces.enfants_visibles(self.lecteur.annuaire, personne) if personne is not None else ():
            liens.append({"nom": f"Les données de {enfant.nom_complet}", "pdf": f"{base}?eleve={enfant.id}&format=pdf",
                          "json": f"{base}?eleve={enfant.id}&format=json"})
        return liens

    def aujourd_hui(self):
        from cartable.core import horloge

        return date_fr(horloge.aujourd_hui())


class JournalAccesView(BrowserView):
    """@@journal-acces[?eleve=] on an establishment: who read which student's sensitive records (the direction, the region)."""

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        structure = self.context.jointure
        self.lecteur.exiger(acces.est_direction(self.lecteur.personne, structure))
        eleve = self.request.form.get("eleve")
        self.items = journal.lire(structure, eleve if isinstance(eleve, str) and eleve else None)
        return self.index()


class DureesConservationView(BrowserView):
    """@@durees-de-conservation: the region's administrator reads the durations in force and what tonight's
    tour would remove (the dry run: a GET that writes nothing)."""

    def __call__(self):
        from cartable.policy.rgpd.retention import appliquer
        from cartable.regles import retention as regles_retention

        self.lecteur = Lecteur(api.portal.get())
        self.lecteur.exiger(self.lecteur.admin)
        bilan = appliquer(api.portal.get(), essai=True)
        self.regles = regles_retention.regles_fr(bilan["regles"])
        self.bilan = regles_retention.bilan_fr(bilan)
        self.journal_acces = bilan["journal_acces"]
        self.courriels_abandonnes = bilan["courriels_abandonnes"]
        return self.index()

    def aujourd_hui(self):
        from cartable.core import horloge

        return date_fr(horloge.aujourd_hui(), 0)

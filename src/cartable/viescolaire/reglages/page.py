"""@@reglages-decompte: the direction chooses how its establishment counts absences; a plain form (no script needed).

The CPE read the page (no form); the direction and the region change a setting from a date, or
withdraw a change not yet in force. Each form carries plone.protect's token and an idempotency key:
a form sent twice (a double click, a reload) is applied once.
"""

import uuid

from plone import api
from plone.protect import CheckAuthenticator, PostOnly
from Products.Five.browser import BrowserView

from cartable.annuaire.lecteur import Lecteur
from cartable.core import horloge
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.regles.dates_fr import date_fr, moment_fr
from cartable.viescolaire import idempotence
from cartable.viescolaire.reglages import reglages
from cartable.viescolaire.stockage import lire_vie_scolaire, vie_scolaire_pour_ecrire

SERVICE = "@@reglages-decompte"


class ReglagesDecompteView(BrowserView):
    message = erreur = None

    def __call__(self):
        self.lecteur = Lecteur(api.portal.get())
        structure = self.context.jointure
        self.lecteur.exiger(acces.est_vie_scolaire(self.lecteur.personne, structure))
        if self.request.method == "POST":
            PostOnly(self.request)
            CheckAuthenticator(self.request)
            self.enregistrer(structure)
        self.etat = reglages.lire(self.context, self.lecteur, structure)
        return self.index()

    def enregistrer(self, structure):
        form = self.request.form
        cle = form.get("idempotence") if isinstance(form.get("idempotence"), str) and form.get("idempotence") else None
        if cle is not None and idempotence.reponse_connue(lire_vie_scolaire(self.context), self.lecteur.login, cle, SERVICE):
            self.message = "Ce changement est déjà enregistré."
            return
        if form.get("annuler"):
            donnees = {"annuler": form.get("annuler")}
        else:
            # the form sends the whole settings from its date (what the person sees is what applies)
            donnees = {c: form.get(c) for c in ("a_partir_du", "limite", "mode", "seuil") if form.get(c) not in (None, "")}
        try:
            reponse = reglages.changer(self.context, self.lecteur, structure, donnees)
        except Refus as refus:
            self.erreur = refus.message
            self.request.response.setStatus(refus.status)
            return
        if cle is not None:
            idempotence.retenir(vie_scolaire_pour_ecrire(self.context), self.lecteur.login, cle, SERVICE, 200, {})
        self.message = reponse["message"]

    def cle(self):
        return uuid.uuid4().hex

    def valeur(self, champ):
        """What the form shows: what was sent (after an error), else today's settings (the date: today)."""
        envoye = self.request.form.get(champ)
        if self.erreur and isinstance(envoye, str) and envoye:
            return envoye
        if champ == "a_partir_du":
            return self.etat["aujourd_hui"]
        return str(self.etat["en_vigueur"][champ])

    def aujourd_hui_fr(self):
        return date_fr(horloge.maintenant().date())

    def journal(self):
        """The audit in words: « mardi 17 novembre à 10 h — Stéphane Lemoine : à partir du … »."""
        from datetime import date, datetime

        lignes = []
        for e in self.etat["journal"]:
            quand = moment_fr(datetime.fromisoformat(e["quand"]))
            depuis = date_fr(date.fromisoformat(e["a_partir_du"]))
            verbe = "a annulé le changement prévu" if e["action"] == "annuler" else "a changé les réglages"
            lignes.append({"quand": quand, "qui": e["nom"], "quoi": f"{verbe} à partir du {depuis}",
                           "avant": self.resume(e["avant"]), "apres": self.resume(e["apres"])})
        return lignes

    @staticmethod
    def resume(r):
        from cartable.regles.reglages_decompte import MODES, heure_en_mots

        return f"{MODES[r['mode']]}, limite {heure_en_mots(r['limite'])}, alerte à {r['seuil']}"

"""« Mes notifications par courriel »: each kind, its mode (tout de suite, résumé du jour, jamais); a plain form.

An HTML form (plone.protect's token), so it works without JavaScript; the same choices as
``@preferences-notifications``.
"""

from AccessControl import getSecurityManager
from plone.protect import CheckAuthenticator, PostOnly
from Products.Five.browser import BrowserView

from cartable.annuaire.courriels import etablissement_de, heures_calmes_etablissement
from cartable.annuaire.lecteur import Lecteur
from cartable.core import notifications
from cartable.core.services.commun import titulaire
from cartable.regles import envoi_notifications as envoi
from cartable.regles.dates_fr import heure_fr


class PreferencesNotifications(BrowserView):
    message = erreur = None

    def __call__(self):
        self.lecteur = Lecteur(self.context)
        self.lecteur.exiger(not self.lecteur.anonyme)
        self.boite = titulaire(self.context, getSecurityManager().getUser().getId())
        if self.request.method == "POST":
            PostOnly(self.request)
            CheckAuthenticator(self.request)
            choix = {g: self.request.form.get(f"mode-{g}") for g in envoi.GENRES if self.request.form.get(f"mode-{g}")}
            try:
                propres = envoi.valider_preferences(choix)
            except envoi.PreferenceInvalide as refus:
                self.erreur = str(refus)
                self.request.response.setStatus(400)
            else:
                notifications.ecrire_preferences(self.context, self.boite,
                                                 {**notifications.lire_preferences(self.context, self.boite), **propres})
                self.message = "Vos préférences sont enregistrées."
        return self.index()

    def genres(self):
        return envoi.preferences_completes(notifications.lire_preferences(self.context, self.boite))

    def modes(self):
        return list(envoi.MODES.items())

    def a_une_adresse(self):
        return bool(self.lecteur.personne is not None and self.lecteur.personne.mail)

    def heures_calmes(self):
        etab = None
        if self.lecteur.personne is not None:
            etab = etablissement_de(self.context, self.lecteur.annuaire, self.lecteur.personne)
        debut, fin = heures_calmes_etablissement(etab)
        return f"Aucun courriel n'est envoyé entre {heure_fr(debut)} et {heure_fr(fin)} : ils partent à {heure_fr(fin)}."

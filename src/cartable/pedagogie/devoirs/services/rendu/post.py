from cartable.core import horloge
from cartable.pedagogie.devoirs import rendus
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir
from cartable.regles import corps, devoirs


class RenduPost(ServiceDevoir):
    """POST @rendu {"fichiers": [{"nom", "contenu"}], "texte", "retirer": [noms], "remettre"} (the space's students)."""

    def limite_corps(self):
        """What this Devoir accepts in one request: its number of files at its size, in base64 (the
        server's own ceiling, ``corps.plafond_serveur()``, holds one file at a Devoir's largest size)."""
        fichiers = (getattr(self.context, "max_fichiers", None) or 5) * (getattr(self.context, "taille_max_mo", None) or 10)
        return corps.limite_pour_fichiers(fichiers * devoirs.MO)

    def repondre(self, acces):
        acces.exiger_eleve()
        donnees = self.corps()

        def faire():
            reponse = rendus.modifier(acces, donnees, horloge.instant())
            return 200, reponse, rendus.rendu_de(self.context, acces.qui)

        # the answers are kept on the student's own Rendu: students never write to a shared object for this
        return self.rejouer_ou(rendus.rendu_de(self.context, acces.qui), acces.lecteur.login, "@rendu", faire)

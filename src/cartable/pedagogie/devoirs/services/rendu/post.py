from cartable.core import horloge
from cartable.pedagogie.devoirs import rendus
from cartable.pedagogie.devoirs.services.commun import ServiceDevoir


class RenduPost(ServiceDevoir):
    """POST @rendu {"fichiers": [{"nom", "contenu"}], "texte", "retirer": [noms], "remettre"} (the space's students)."""

    def repondre(self, acces):
        acces.exiger_eleve()
        donnees = self.corps()

        def faire():
            reponse = rendus.modifier(acces, donnees, horloge.instant())
            return 200, reponse, rendus.rendu_de(self.context, acces.qui)

        # the answers are kept on the student's own Rendu: students never write to a shared object for this
        return self.rejouer_ou(rendus.rendu_de(self.context, acces.qui), acces.lecteur.login, "@rendu", faire)

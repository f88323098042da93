from cartable.messagerie import lecture
from cartable.messagerie.services.commun import ServiceMessagerie


class MessagerieGet(ServiceMessagerie):
    """GET @messagerie?dossier=reception&debut=0: one folder of the reader's mail, newest first; ?q=mots: the
    reader's conversations holding those words (never writes)."""

    def repondre(self, site, lecteur, personne):
        q = self.request.form.get("q")
        if isinstance(q, str) and q.strip():
            return lecture.recherche(site, lecteur.annuaire, personne.id, q)
        debut = self.request.form.get("debut") or "0"
        debut = int(debut) if str(debut).isdigit() else 0
        return lecture.dossier(site, lecteur.annuaire, personne.id, self.request.form.get("dossier") or "reception", debut)

from cartable.messagerie import destinataires
from cartable.messagerie.services.commun import ServiceMessagerie


class DestinatairesGet(ServiceMessagerie):
    """GET @messagerie-destinataires?q=nom: the people the reader may write to (by name, or their usual contacts
    when nothing is typed) and the groups they may address. Only those allowed are offered."""

    def repondre(self, site, lecteur, personne):
        return destinataires.offerts(site, lecteur.annuaire, personne, self.request.form.get("q") or "")

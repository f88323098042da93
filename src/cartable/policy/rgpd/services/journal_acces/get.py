from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import interdit
from cartable.policy.rgpd import journal
from cartable.regles import acces


class JournalAccesGet(ServiceEtablissement):
    """@journal-acces[?eleve=]: who read a student's sensitive records here (the direction, the region)."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.est_direction(lecteur.personne, structure)):
            raise interdit(lecteur, "Le journal des accès est réservé à la direction.")
        eleve = self.request.form.get("eleve") or None
        return {"etablissement": structure, "eleve": eleve if isinstance(eleve, str) else None,
                "items": journal.lire(structure, eleve if isinstance(eleve, str) else None)}

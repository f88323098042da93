from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core.refus import Refus
from cartable.regles import acces
from cartable.viescolaire.stockage import lire_vie_scolaire


class MotifsGet(ServiceEtablissement):
    """@motifs: the establishment's motives (families get those they may use or see)."""

    def repondre(self, lecteur, annuaire, structure):
        if not (lecteur.admin or acces.membre_etablissement(annuaire, lecteur.personne, structure)):
            raise Refus(401 if lecteur.anonyme else 403, "Unauthorized", "Réservé aux membres de l'établissement.")
        vs = lire_vie_scolaire(self.context)
        tout = lecteur.est_vie_scolaire(structure) or (
            lecteur.personne is not None and lecteur.personne.categorie == "PersEducNat"
        )
        items = [
            {"code": code, **dict(m)}
            for code, m in (vs.motifs.items() if vs is not None else ())
            if tout or m["utilisable_familles"] or m["visible_familles"]
        ]
        return {"items": items}

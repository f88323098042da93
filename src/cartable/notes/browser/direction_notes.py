"""The direction's pages: @@bulletins (generate with progress, list, publish) and @@transfert-notes (export, import).

Both read and write through the REST services (@bulletins, @cartable-tasks,
@notes-export, @notes-import); the views only give the choices to the template.
"""

import json

from cartable.annuaire.browser.pages import PageLecteur
from cartable.notes import droits, evaluations
from cartable.notes.stockage import lire_carnet
from cartable.regles import transfert_notes as format_


class _PageDirection(PageLecteur):
    def autorise(self):
        return droits.est_direction(self.lecteur.personne, self.context.jointure)


class BulletinsView(_PageDirection):
    """@@bulletins?periode=: choose a period and a class (or every class), generate, follow, list, publish."""

    def periodes(self):
        carnet = lire_carnet(self.context)
        return sorted(carnet.periodes.values(), key=lambda p: p["du"]) if carnet is not None else []

    def periode(self):
        return self.request.form.get("periode") or evaluations.periode_du_jour(lire_carnet(self.context)) or ""

    def classes(self):
        annuaire = self.lecteur.annuaire
        return [{"code": code, "libelle": libelle or code}
                for code, libelle in sorted(annuaire.divisions_de(self.context.jointure, "classe").items())]

    def eleves(self):
        """{id: "NOM Prénom"} of the establishment's classes and of every student with a bulletin here (one who
        left the class since keeps their name), as JSON: the list names each bulletin's student."""
        annuaire, structure = self.lecteur.annuaire, self.context.jointure
        idents = [i for classe in self.classes() for i in annuaire.eleves(structure, classe["code"])]
        carnet = lire_carnet(self.context)
        if carnet is not None:
            idents += [eleve for _, eleve in carnet.bulletins.keys()]
        noms = {}
        for ident in dict.fromkeys(idents):
            personne = annuaire.personne(ident)
            if personne is not None:
                noms[ident] = f"{personne.nom} {personne.prenom}"
        return json.dumps(noms, ensure_ascii=False)


class TransfertNotesView(_PageDirection):
    """@@transfert-notes: export links and the import (dry run, then confirmation)."""

    formats = ("csv", "json", "xlsx")

    def taille_max(self):
        return format_.TAILLE_MAX

    def taille_max_texte(self):
        return f"{format_.TAILLE_MAX // 2**20} Mo"

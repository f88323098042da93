from cartable.annuaire.services.base import ServiceEtablissement
from cartable.core import horloge
from cartable.notes import publication
from cartable.notes.services.commun import exiger_direction
from cartable.notes.stockage import lire_carnet


class BulletinsGet(ServiceEtablissement):
    """@bulletins?periode=&division=: which bulletins exist and are published, and each class's state (direction)."""

    def repondre(self, lecteur, annuaire, structure):
        exiger_direction(lecteur, structure, "Les bulletins sont générés et publiés par la direction.")
        carnet, periode = lire_carnet(self.context), self.request.form.get("periode", "")
        division = self.request.form.get("division")
        items = []
        for (p, eleve), b in (carnet.bulletins.items(min=(periode, ""), max=(periode, "\uffff")) if carnet is not None else ()):
            if division and b["division"] != division:
                continue
            items.append({"eleve": eleve, "division": b["division"], "genere_le": b["genere_le"], "publie": b["publie"],
                          "@id": f"{self.context.absolute_url()}/@bulletin?eleve={eleve}&periode={p}"})
        classes = []
        if carnet is not None and periode in carnet.periodes:
            divisions = [division] if division else sorted(annuaire.divisions_de(structure, "classe"))
            classes = [{k: v for k, v in c.items() if k != "date_conseil"}
                       for c in publication.classes(carnet, annuaire, structure, periode, divisions, horloge.aujourd_hui())]
        return {"periode": periode, "items": items, "classes": classes}

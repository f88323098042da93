"""The timetable import's report says each line in words (issue 15): the slot it reads — subject's and
class's names, day and hours, teachers' full names — never the file's codes; the raw line is only given
for a line that could not be read as a slot (the page folds it under « Ligne du fichier »)."""

import base64

from cartable.annuaire.stockage import lire_annuaire
from tests.integration.requetes import client
from tests.integration.test_emploi_du_temps import COLONNES, importer, vie_scolaire


def test_dry_run_lines_in_words(functional_demo, site):
    vs = vie_scolaire(functional_demo, site)
    annuaire = lire_annuaire(functional_demo["portal"])
    creneau = next(c for c in sorted(vs.creneaux.values(), key=lambda c: c.id) if c.matiere and c.enseignants)
    enseignant = annuaire.personne(creneau.enseignants[0])
    fichier = "\n".join([
        COLONNES,
        f"lundi;08:00;09:00;{creneau.division[1]};{creneau.matiere};{'|'.join(creneau.enseignants)};;",
        f"mardi;10:00;11:00;{creneau.division[1]};999999;{creneau.enseignants[0]}|inconnu.x;;",
        f"mercredi;25:00;11:00;{creneau.division[1]};{creneau.matiere};;;",
    ])
    reponse = importer(site, "direction", base64.b64encode(fichier.encode()).decode(), False)
    assert reponse.status_code == 200, reponse.text
    juste, inconnus, illisible = reponse.json()["lignes"]

    assert juste["statut"] == "retenue"
    assert f"de la {creneau.division[1]} le lundi de 8 h à 9 h" in juste["contenu"]
    assert enseignant.nom_complet in juste["contenu"] and creneau.matiere not in juste["contenu"]
    assert creneau.enseignants[0] not in juste["contenu"]

    assert inconnus["statut"] == "erreur"
    assert inconnus["contenu"].startswith("matière inconnue de la ") and "mardi de 10 h à 11 h" in inconnus["contenu"]
    assert f"{enseignant.nom_complet} et un enseignant inconnu" in inconnus["contenu"]
    assert "matière inconnue : 999999" in inconnus["erreurs"] and "enseignant inconnu : inconnu.x" in inconnus["erreurs"]

    assert illisible["statut"] == "erreur" and illisible["contenu"] == "" and illisible["source"].startswith("mercredi;25:00")

    script = client(site, "direction").page(f"{site['url']}/++resource++cartable.viescolaire/gestion_edt.js").text
    assert "ligne.contenu" in script  # the page shows the words; the raw line only folded (« Ligne du fichier »)
    print(juste["contenu"], "|", inconnus["contenu"])

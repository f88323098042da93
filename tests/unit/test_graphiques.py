"""Statistics charts: drawn without pyplot, same SVG for the same figures, even from several threads at once."""

import subprocess
import sys
import threading

from cartable.viescolaire import graphiques

RESULTAT = {"mois": ["2026-10", "2026-11"], "lignes": [
    {"classe": "3A", "mois": "2026-10", "taux": 2.5, "minutes_retard": 10},
    {"classe": "3A", "mois": "2026-11", "taux": 4.0, "minutes_retard": 3},
    {"classe": "4B", "mois": "2026-11", "taux": 1.0, "minutes_retard": 7},
]}


def test_text_stays_text_and_the_svg_is_inline():
    svg = graphiques.taux_absence(RESULTAT)
    assert svg.startswith("<svg") and "<text" in svg and "nov. 2026" in svg and "Taux d'absence par mois" in svg
    assert "DejaVu Sans" in svg and "4B" in svg


def test_concurrent_charts_are_identical_to_one_drawn_alone():
    seul = {"taux": graphiques.taux_absence(RESULTAT), "retards": graphiques.retards(RESULTAT)}
    assert seul["taux"] != seul["retards"]
    dessins, erreurs = [], []

    def dessiner(genre):
        try:
            for _ in range(3):
                dessins.append((genre, graphiques.taux_absence(RESULTAT) if genre == "taux" else graphiques.retards(RESULTAT)))
        except Exception as exc:  # noqa: BLE001 — reported by the assertion below
            erreurs.append(exc)

    fils = [threading.Thread(target=dessiner, args=(genre,)) for genre in ("taux", "retards") * 4]
    for f in fils:
        f.start()
    for f in fils:
        f.join()
    assert erreurs == [] and len(dessins) == 24
    assert all(svg == seul[genre] for genre, svg in dessins)


def test_pyplot_is_never_imported():
    code = "import sys, cartable.viescolaire.graphiques as g; g.retards({'mois': ['2026-11'], 'lignes': []}); " \
           "print('matplotlib.pyplot' in sys.modules)"
    sortie = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert sortie.stdout.strip() == "False"

"""Server-side SVG charts of the statistics (matplotlib, no browser code).

Request threads draw at once: each chart is its own ``Figure`` on its own SVG
canvas (no pyplot, whose current figure is global, no ``rc_context``, which
swaps the global settings under other threads). Fonts are set on each text of
the figure. The two SVG settings the backend reads from the process-wide
parameters — text kept as text (``svg.fonttype = 'none'``: small, searchable,
read by screen readers) and a fixed ``svg.hashsalt`` (the same figures give
the same SVG) — are set once, at import, and never change afterwards.
"""

import io

import matplotlib
from matplotlib.backends.backend_svg import FigureCanvasSVG
from matplotlib.figure import Figure

matplotlib.rcParams.update({"svg.fonttype": "none", "svg.hashsalt": "cartable-statistiques"})
POLICE = {"family": "DejaVu Sans", "size": 9}
NOMS_MOIS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def libelle_mois(mois: str) -> str:
    """"2026-11" → "nov. 2026"."""
    annee, numero = mois.split("-")
    return f"{NOMS_MOIS[int(numero) - 1]} {annee}"


def _series(lignes, mois, cle):
    par_classe = {}
    for ligne in lignes:
        par_classe.setdefault(ligne["classe"], {})[ligne["mois"]] = ligne[cle]
    return {classe: [valeurs.get(m) for m in mois] for classe, valeurs in sorted(par_classe.items())}


def _svg(titre, axe_y, mois, series, barres=False):
    figure = Figure(figsize=(7.5, 3.6))
    FigureCanvasSVG(figure)
    axes = figure.add_subplot()
    positions = range(len(mois))
    largeur = 0.8 / max(len(series), 1)
    for rang, (classe, valeurs) in enumerate(series.items()):
        propres = [v if v is not None else 0 for v in valeurs]
        if barres:
            axes.bar([p + rang * largeur - 0.4 + largeur / 2 for p in positions], propres, width=largeur, label=classe)
        else:
            axes.plot(list(positions), [v for v in valeurs], marker="o", label=classe)
    axes.set_title(titre, fontdict={**POLICE, "size": 10})
    axes.set_ylabel(axe_y, fontdict=POLICE)
    axes.set_xticks(list(positions), [libelle_mois(m) for m in mois], **POLICE)
    for etiquette in axes.get_yticklabels():
        etiquette.set(**POLICE)
    axes.set_ylim(bottom=0)
    axes.grid(axis="y", alpha=0.3)
    if series:
        axes.legend(title="Classe", prop={**POLICE, "size": 8}, title_fontproperties=POLICE, loc="upper left",
                    bbox_to_anchor=(1.01, 1))
    figure.tight_layout()
    sortie = io.StringIO()
    figure.savefig(sortie, format="svg", bbox_inches="tight", metadata={"Date": None, "Creator": None})  # the legend inside
    texte = sortie.getvalue()
    return texte[texte.index("<svg"):]  # inline in the page: no XML declaration nor DOCTYPE


def taux_absence(resultat) -> str:
    """Absence rate (%) per month, one line per class."""
    return _svg("Taux d'absence par mois", "Taux d'absence (%)", resultat["mois"], _series(resultat["lignes"], resultat["mois"], "taux"))


def retards(resultat) -> str:
    """Minutes of lateness per month, one bar per class."""
    return _svg("Retards par mois", "Minutes de retard", resultat["mois"],
                _series(resultat["lignes"], resultat["mois"], "minutes_retard"), barres=True)

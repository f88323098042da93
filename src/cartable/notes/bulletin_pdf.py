"""Le bulletin d'un élève pour une période, rendu en PDF.

Module pur : bibliothèque standard et ReportLab seulement, rien de Zope ni de
Plone. Le côté Zope rassemble les données (moyennes, appréciations, décompte
des demi-journées) et appelle ``rendre`` ou ``rendre_lot`` ; ce module ne
calcule rien, il met en page.

API
---
``rendre(bulletin, *, edite_le=None) -> bytes``
    Le PDF (A4 portrait) d'un bulletin.
``rendre_lot(bulletins, *, edite_le=None) -> bytes``
    Un seul PDF pour plusieurs bulletins (toute une classe, pour l'impression) :
    chaque bulletin commence sur une nouvelle page et a sa propre numérotation
    « Page n / N ».
``BulletinInvalide`` (``ValueError``)
    Levée, avec un message en français, quand l'entrée ne convient pas ; rien
    n'est produit.

``edite_le`` (``datetime.date``, par défaut aujourd'hui) est la date imprimée
en pied de page. Pour une même entrée et une même date, le PDF est identique
octet pour octet (ReportLab ``invariant=1``).

Entrée : un dict (les nombres arrivent déjà formatés à la française, en
chaînes ; ``None`` s'affiche « — ») ::

    {"etablissement": {"nom": str, "uai": str, "adresse": str (facultatif),
                       "academie": str (facultatif)},
     "annee": "2026-2027",
     "periode": {"libelle": "Trimestre 1", "du": "2026-09-01", "au": "2026-11-30"},
     "eleve": {"nom": str, "prenom": str, "classe": str,
               "date_naissance": "2012-03-14" (facultatif)},
     "professeur_principal": "Mme Laetitia Chevalier" ou None,
     "matieres": [{"libelle": str, "enseignants": [str], "coefficient": "1" ou "2,5",
                   "moyenne": "12,50" ou None,
                   "classe": {"moyenne": "11,02", "min": "4,50", "max": "18,00"},
                   "appreciation": str}],
     "moyenne_generale": "12,34" ou None,
     "classe_generale": {"moyenne": str, "min": str, "max": str},
     "appreciation_generale": str,
     "conseil": {"date": "2026-12-08" ou None, "avis": str,
                 "mention": "Félicitations" | "Compliments" | "Encouragements"
                            | "Mise en garde" | None},
     "vie_scolaire": {"demi_journees_justifiees": "2",
                      "demi_journees_non_justifiees": "1,5",
                      "retards": 3, "heures_manquees": 7}}

Sont obligatoires : ``etablissement.nom``, ``annee``, ``periode.libelle``,
``eleve.nom``, ``eleve.prenom``, ``eleve.classe`` et, pour chaque matière,
son ``libelle``. Tout le reste peut manquer ou valoir ``None``.

Le texte saisi par les utilisateurs est échappé (``<``, ``&`` s'impriment tels
quels). Les polices Bitstream Vera livrées avec ReportLab couvrent le français
(œ, ’, « », €) ; un caractère qu'elles n'ont pas est remplacé par un proche
équivalent plutôt que de s'imprimer en carré vide.
"""

import datetime
import functools
import io
import os
import re
import unicodedata
from collections import Counter
from xml.sax.saxutils import escape

import reportlab
from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_RIGHT
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, KeepTogether, PageBreak, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle
from reportlab.platypus.doctemplate import LayoutError

TIRET = "—"
POLICE = "CartableVera"
POLICE_GRAS = "CartableVera-Gras"
MARGE = 15 * mm
MARGE_BAS = 20 * mm  # place du pied de page
LARGEUR_UTILE = A4[0] - 2 * MARGE
HAUTEUR_UTILE = A4[1] - MARGE - MARGE_BAS
# Colonnes du tableau des matières : matière, coef., élève, classe, min, max, appréciation.
COLONNES = [96, 30, 40, 40, 32, 32]
COLONNES.append(LARGEUR_UTILE - sum(COLONNES))
# Une ligne de matière ne se coupe pas entre deux pages : elle doit tenir sur une page.
HAUTEUR_MAX_LIGNE = HAUTEUR_UTILE * 0.8
LARGEUR_APPRECIATION = COLONNES[-1] - 6  # moins les marges intérieures de la cellule

# Caractères absents des polices Vera → équivalent proche (typographie française courante).
EQUIVALENTS = {
    "\u202f": "\u00a0",  # espace fine insécable (avant ; : ! ? et dans « »)
    "\u2009": " ", "\u200a": " ", "\u2007": "\u00a0", "\u2002": " ", "\u2003": " ",
    "\u200b": "", "\u2060": "", "\ufeff": "",
    "\u2010": "-", "\u2011": "-", "\u2012": "–", "\u2212": "-",
    "\u2024": ".", "\u2027": "·",
}
REMPLACEMENT = "?"


class BulletinInvalide(ValueError):
    """Le message est en français, destiné à la personne qui lance l'édition."""


# ---------------------------------------------------------------- polices


@functools.cache
def _polices() -> frozenset:
    """Enregistre une fois les Vera livrées avec ReportLab ; rend les points de code couverts."""
    dossier = os.path.join(os.path.dirname(reportlab.__file__), "fonts")
    variantes = {POLICE: "Vera.ttf", POLICE_GRAS: "VeraBd.ttf", POLICE + "-Italique": "VeraIt.ttf", POLICE + "-GrasItalique": "VeraBI.ttf"}
    for nom, fichier in variantes.items():
        if nom not in pdfmetrics.getRegisteredFontNames():
            pdfmetrics.registerFont(TTFont(nom, os.path.join(dossier, fichier)))
    pdfmetrics.registerFontFamily(POLICE, normal=POLICE, bold=POLICE_GRAS, italic=POLICE + "-Italique", boldItalic=POLICE + "-GrasItalique")
    return frozenset(pdfmetrics.getFont(POLICE).face.charToGlyph)


def imprimable(texte: str) -> str:
    """Le texte, chaque caractère absent de la police remplacé par un équivalent proche."""
    couverts = _polices()
    return "".join(_caractere_imprimable(c, couverts) for c in texte)


def _caractere_imprimable(c: str, couverts: frozenset) -> str:
    if c == "\n" or ord(c) in couverts:
        return c
    if c in EQUIVALENTS:
        return EQUIVALENTS[c]
    if unicodedata.category(c).startswith("C"):  # caractères de contrôle : rien à imprimer
        return " " if c in "\t\r\v\f" else ""
    decompose = "".join(x for x in unicodedata.normalize("NFKD", c) if not unicodedata.combining(x))
    if decompose and all(ord(x) in couverts for x in decompose):
        return decompose
    return REMPLACEMENT


def balisage(texte) -> str:
    """Texte utilisateur → balisage de Paragraph : échappé, retours à la ligne conservés."""
    propre = imprimable(str(texte)).replace("\r\n", "\n")
    propre = re.sub(r"\n{3,}", "\n\n", propre.strip())
    return escape(propre).replace("\n", "<br/>")


# ---------------------------------------------------------------- lecture de l'entrée


def _dict(valeur, champ: str) -> dict:
    if valeur is None:
        return {}
    if not isinstance(valeur, dict):
        raise BulletinInvalide(f"« {champ} » doit être un dictionnaire.")
    return valeur


def _obligatoire(donnees: dict, cle: str, champ: str) -> str:
    valeur = donnees.get(cle)
    if not isinstance(valeur, str) or not valeur.strip():
        raise BulletinInvalide(f"« {champ} » est obligatoire.")
    return valeur.strip()


def _valeur(valeur, champ: str) -> str:
    """Un nombre déjà formaté, un texte ou None (« — »)."""
    if valeur is None or (isinstance(valeur, str) and not valeur.strip()):
        return TIRET
    if isinstance(valeur, bool) or not isinstance(valeur, (str, int)):
        raise BulletinInvalide(f"« {champ} » doit être un texte ou un nombre entier, pas {type(valeur).__name__}.")
    return str(valeur).strip()


def _texte(valeur, champ: str) -> str:
    if valeur is None:
        return ""
    if not isinstance(valeur, str):
        raise BulletinInvalide(f"« {champ} » doit être un texte.")
    return valeur


def _date(valeur, champ: str) -> str:
    """AAAA-MM-JJ → JJ/MM/AAAA ; None → « — »."""
    if valeur is None or valeur == "":
        return TIRET
    try:
        return datetime.date.fromisoformat(valeur).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        raise BulletinInvalide(f"« {champ} » : date attendue au format AAAA-MM-JJ, reçu « {valeur} ».") from None


def _stats_classe(valeur, champ: str) -> tuple:
    stats = _dict(valeur, champ)
    return tuple(_valeur(stats.get(cle), f"{champ}.{cle}") for cle in ("moyenne", "min", "max"))


def lire(bulletin) -> dict:
    """Vérifie l'entrée et la met en forme pour l'impression ; BulletinInvalide sinon."""
    if not isinstance(bulletin, dict):
        raise BulletinInvalide("Le bulletin doit être un dictionnaire.")
    etablissement = _dict(bulletin.get("etablissement"), "etablissement")
    periode = _dict(bulletin.get("periode"), "periode")
    eleve = _dict(bulletin.get("eleve"), "eleve")
    conseil = _dict(bulletin.get("conseil"), "conseil")
    vie = _dict(bulletin.get("vie_scolaire"), "vie_scolaire")
    matieres = bulletin.get("matieres") or []
    if not isinstance(matieres, list):
        raise BulletinInvalide("« matieres » doit être une liste.")
    return {
        "etablissement": {
            "nom": _obligatoire(etablissement, "nom", "etablissement.nom"),
            "uai": _texte(etablissement.get("uai"), "etablissement.uai"),
            "adresse": _texte(etablissement.get("adresse"), "etablissement.adresse"),
            "academie": _texte(etablissement.get("academie"), "etablissement.academie"),
        },
        "annee": _obligatoire(bulletin, "annee", "annee"),
        "periode": {
            "libelle": _obligatoire(periode, "libelle", "periode.libelle"),
            "du": _date(periode.get("du"), "periode.du"),
            "au": _date(periode.get("au"), "periode.au"),
        },
        "eleve": {
            "nom": _obligatoire(eleve, "nom", "eleve.nom"),
            "prenom": _obligatoire(eleve, "prenom", "eleve.prenom"),
            "classe": _obligatoire(eleve, "classe", "eleve.classe"),
            "date_naissance": _date(eleve.get("date_naissance"), "eleve.date_naissance"),
        },
        "professeur_principal": _texte(bulletin.get("professeur_principal"), "professeur_principal"),
        "matieres": [_matiere(m, i) for i, m in enumerate(matieres, start=1)],
        "moyenne_generale": _valeur(bulletin.get("moyenne_generale"), "moyenne_generale"),
        "classe_generale": _stats_classe(bulletin.get("classe_generale"), "classe_generale"),
        "appreciation_generale": _texte(bulletin.get("appreciation_generale"), "appreciation_generale"),
        "conseil": {
            "date": _date(conseil.get("date"), "conseil.date"),
            "avis": _texte(conseil.get("avis"), "conseil.avis"),
            "mention": _valeur(conseil.get("mention"), "conseil.mention"),
        },
        "vie_scolaire": {
            cle: _valeur(vie.get(cle), f"vie_scolaire.{cle}")
            for cle in ("demi_journees_justifiees", "demi_journees_non_justifiees", "retards", "heures_manquees")
        },
    }


def _matiere(matiere, rang: int) -> dict:
    champ = f"matieres[{rang}]"
    matiere = _dict(matiere, champ)
    enseignants = matiere.get("enseignants") or []
    if not isinstance(enseignants, list) or not all(isinstance(e, str) for e in enseignants):
        raise BulletinInvalide(f"« {champ}.enseignants » doit être une liste de noms.")
    return {
        "libelle": _obligatoire(matiere, "libelle", f"{champ}.libelle"),
        "enseignants": enseignants,
        "coefficient": _valeur(matiere.get("coefficient"), f"{champ}.coefficient"),
        "moyenne": _valeur(matiere.get("moyenne"), f"{champ}.moyenne"),
        "classe": _stats_classe(matiere.get("classe"), f"{champ}.classe"),
        "appreciation": _texte(matiere.get("appreciation"), f"{champ}.appreciation"),
    }


# ---------------------------------------------------------------- styles


@functools.cache
def _styles() -> dict:
    _polices()
    base = ParagraphStyle("base", fontName=POLICE, fontSize=8.5, leading=10.5)
    return {
        "base": base,
        "petit": ParagraphStyle("petit", parent=base, fontSize=7, leading=8.5, textColor=colors.HexColor("#555555")),
        "cellule": ParagraphStyle("cellule", parent=base, fontSize=8, leading=10),
        "nombre": ParagraphStyle("nombre", parent=base, fontSize=8, leading=10, alignment=TA_CENTER),
        "nombre_gras": ParagraphStyle("nombre_gras", parent=base, fontName=POLICE_GRAS, fontSize=8.5, leading=10, alignment=TA_CENTER),
        "entete": ParagraphStyle("entete", parent=base, fontName=POLICE_GRAS, fontSize=7.5, leading=9, alignment=TA_CENTER, textColor=colors.white),
        "etablissement": ParagraphStyle("etablissement", parent=base, fontName=POLICE_GRAS, fontSize=11, leading=14),
        "titre": ParagraphStyle("titre", parent=base, fontName=POLICE_GRAS, fontSize=14, leading=18, alignment=TA_RIGHT),
        "droite": ParagraphStyle("droite", parent=base, alignment=TA_RIGHT),
        "rubrique": ParagraphStyle("rubrique", parent=base, fontName=POLICE_GRAS, fontSize=9.5, leading=12, spaceBefore=8, spaceAfter=3),
        "texte": ParagraphStyle("texte", parent=base, fontSize=9, leading=11.5),
    }


BLEU = colors.HexColor("#1f3a5f")
GRIS_CLAIR = colors.HexColor("#eef1f5")
GRIS_TRAIT = colors.HexColor("#9aa5b1")


# ---------------------------------------------------------------- mise en page


def _p(texte: str, style: str) -> Paragraph:
    return Paragraph(balisage(texte), _styles()[style])


def _en_tete(b: dict) -> list:
    etab, periode, eleve = b["etablissement"], b["periode"], b["eleve"]
    gauche = [_p(etab["nom"], "etablissement")]
    if etab["adresse"]:
        gauche.append(_p(etab["adresse"], "base"))
    details = [f"Académie de {etab['academie']}" if etab["academie"] else "", f"UAI {etab['uai']}" if etab["uai"] else ""]
    if any(details):
        gauche.append(_p(" · ".join(d for d in details if d), "petit"))
    droite = [
        _p(f"Bulletin du {periode['libelle']}", "titre"),
        _p(f"Année scolaire {b['annee']}", "droite"),
        _p(f"Du {periode['du']} au {periode['au']}", "droite"),
    ]
    haut = Table([[gauche, droite]], colWidths=[LARGEUR_UTILE * 0.55, LARGEUR_UTILE * 0.45])
    haut.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"), ("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]))
    identite = Table(
        [[
            Paragraph(f"<b>Élève :</b> {balisage(eleve['nom'].upper())} {balisage(eleve['prenom'])}", _styles()["texte"]),
            Paragraph(f"<b>Classe :</b> {balisage(eleve['classe'])}", _styles()["texte"]),
        ], [
            # from the directory, or nothing (never « Né(e) le : — »)
            Paragraph(f"<b>Né(e) le :</b> {balisage(eleve['date_naissance'])}" if eleve["date_naissance"] != TIRET else "",
                      _styles()["texte"]),
            Paragraph(f"<b>Professeur principal :</b> {balisage(b['professeur_principal'] or TIRET)}", _styles()["texte"]),
        ]],
        colWidths=[LARGEUR_UTILE * 0.55, LARGEUR_UTILE * 0.45],
    )
    identite.setStyle(TableStyle([("BOX", (0, 0), (-1, -1), 0.8, BLEU), ("BACKGROUND", (0, 0), (-1, -1), GRIS_CLAIR), ("TOPPADDING", (0, 0), (-1, -1), 3)]))
    return [haut, Spacer(1, 4 * mm), identite, Spacer(1, 4 * mm)]


LARGEUR_MATIERE = COLONNES[0] - 6  # minus the cell's inner padding


def libelle_coupe(libelle: str, taille: float = 8) -> tuple[str, float]:
    """(markup, font size) of a subject name that fits its column: a word too wide is cut after its hyphens
    (« HISTOIRE-<br/>GEOGRAPHIE », never « HISTOIRE-GEOGRAP/HIE »); a piece still too wide shrinks the font."""
    _polices()
    morceaux, plus_large = [], 0.0
    for mot in libelle.split(" "):
        largeur = pdfmetrics.stringWidth(imprimable(mot), POLICE_GRAS, taille)
        if largeur > LARGEUR_MATIERE and "-" in mot.strip("-"):
            parties = mot.split("-")
            morceaux.append("-<br/>".join(balisage(p) for p in parties))
            largeur = max(pdfmetrics.stringWidth(imprimable(p + "-"), POLICE_GRAS, taille) for p in parties)
        else:
            morceaux.append(balisage(mot))
        plus_large = max(plus_large, largeur)
    if plus_large > LARGEUR_MATIERE:
        taille = max(5.0, taille * LARGEUR_MATIERE / plus_large)
    return " ".join(morceaux), taille


def _cellule_matiere(matiere: dict) -> Paragraph:
    texte, taille = libelle_coupe(matiere["libelle"])
    libelle = f"<b>{texte}</b>" if taille == 8 else f"<font size='{taille:.1f}'><b>{texte}</b></font>"
    if matiere["enseignants"]:
        noms = balisage(", ".join(matiere["enseignants"]))
        libelle += f"<br/><font size='7' color='#555555'>{noms}</font>"
    return Paragraph(libelle, _styles()["cellule"])


def _appreciation(matiere: dict, eleve: dict) -> Paragraph:
    paragraphe = _p(matiere["appreciation"], "cellule")
    if _peut_etre_trop_haute(matiere["appreciation"]) and paragraphe.wrap(LARGEUR_APPRECIATION, HAUTEUR_UTILE)[1] > HAUTEUR_MAX_LIGNE:
        raise BulletinInvalide(
            f"L'appréciation de {matiere['libelle']} ({eleve['prenom']} {eleve['nom']}) est trop longue "
            "pour tenir sur une page du bulletin : raccourcissez-la."
        )
    return paragraphe


def _peut_etre_trop_haute(texte: str) -> bool:
    """Majorant bon marché de la hauteur : la vraie mise en lignes (coûteuse) n'est faite que s'il dépasse.

    Un retour à la ligne glouton remplit chaque paire de lignes consécutives au-delà
    de la largeur, d'où au plus 2 × largeur du texte / largeur de colonne lignes.
    """
    style = _styles()["cellule"]
    largeur = pdfmetrics.stringWidth(imprimable(texte), style.fontName, style.fontSize)
    lignes = 2 * largeur / LARGEUR_APPRECIATION + texte.count("\n") + 1
    return lignes * style.leading > HAUTEUR_MAX_LIGNE


def _tableau_matieres(b: dict) -> Table:
    titres = ["Matière", "Coef.", "Moy. élève", "Moy. classe", "Min", "Max", "Appréciation"]
    lignes = [[_p(t, "entete") for t in titres]]
    for m in b["matieres"]:
        moyenne_classe, minimum, maximum = m["classe"]
        lignes.append([
            _cellule_matiere(m), _p(m["coefficient"], "nombre"), _p(m["moyenne"], "nombre_gras"),
            _p(moyenne_classe, "nombre"), _p(minimum, "nombre"), _p(maximum, "nombre"), _appreciation(m, b["eleve"]),
        ])
    moyenne_classe, minimum, maximum = b["classe_generale"]
    lignes.append([
        Paragraph("<b>Moyenne générale</b>", _styles()["cellule"]), "", _p(b["moyenne_generale"], "nombre_gras"),
        _p(moyenne_classe, "nombre"), _p(minimum, "nombre"), _p(maximum, "nombre"), "",
    ])
    tableau = Table(lignes, colWidths=COLONNES, repeatRows=1)
    derniere = len(lignes) - 1
    style = [
        ("BACKGROUND", (0, 0), (-1, 0), BLEU),
        ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("VALIGN", (-1, 1), (-1, -1), "TOP"),
        ("GRID", (0, 0), (-1, -1), 0.4, GRIS_TRAIT),
        ("BOX", (0, 0), (-1, -1), 0.8, BLEU),
        ("LINEABOVE", (0, derniere), (-1, derniere), 1.2, BLEU),
        ("BACKGROUND", (0, derniere), (-1, derniere), GRIS_CLAIR),
        ("SPAN", (0, derniere), (1, derniere)),
        ("TOPPADDING", (0, 0), (-1, -1), 3),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 3),
        ("LEFTPADDING", (0, 0), (-1, -1), 3),
        ("RIGHTPADDING", (0, 0), (-1, -1), 3),
    ]
    style += [("BACKGROUND", (0, i), (-1, i), colors.HexColor("#f7f9fb")) for i in range(2, derniere, 2)]
    tableau.setStyle(TableStyle(style))
    return tableau


def _bloc_appreciation_generale(b: dict) -> KeepTogether:
    contenu = [_p("Appréciation générale", "rubrique"), _p(b["appreciation_generale"] or TIRET, "texte")]
    if b["professeur_principal"]:
        contenu.append(_p(f"{b['professeur_principal']}, professeur principal", "droite"))
    return KeepTogether(contenu)


def _bloc_conseil(b: dict) -> KeepTogether:
    conseil = b["conseil"]
    lignes = [
        Paragraph(f"<b>Date du conseil :</b> {balisage(conseil['date'])}", _styles()["texte"]),
        Paragraph(f"<b>Mention :</b> {balisage(conseil['mention'])}", _styles()["texte"]),
        Paragraph(f"<b>Avis :</b> {balisage(conseil['avis'] or TIRET)}", _styles()["texte"]),
    ]
    return KeepTogether([_p("Décision du conseil de classe", "rubrique"), *lignes])


def _bloc_vie_scolaire(b: dict) -> KeepTogether:
    vie = b["vie_scolaire"]
    titres = ["Demi-journées justifiées", "Demi-journées non justifiées", "Retards", "Heures manquées"]
    valeurs = [vie["demi_journees_justifiees"], vie["demi_journees_non_justifiees"], vie["retards"], vie["heures_manquees"]]
    tableau = Table(
        [[_p(t, "entete") for t in titres], [_p(v, "nombre_gras") for v in valeurs]],
        colWidths=[LARGEUR_UTILE / 4] * 4,
    )
    tableau.setStyle(TableStyle([
        ("BACKGROUND", (0, 0), (-1, 0), BLEU), ("GRID", (0, 0), (-1, -1), 0.4, GRIS_TRAIT),
        ("BOX", (0, 0), (-1, -1), 0.8, BLEU), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
    ]))
    return KeepTogether([_p("Vie scolaire", "rubrique"), tableau])


class _Pied:
    """Ce que le pied de page d'un bulletin imprime ; chaque bulletin d'un lot a le sien."""

    def __init__(self, b: dict, edite_le: datetime.date):
        eleve = b["eleve"]
        self.gauche = imprimable(f"{eleve['nom'].upper()} {eleve['prenom']} · {eleve['classe']} · {b['periode']['libelle']} {b['annee']}")
        self.edition = f"Édité le {edite_le.strftime('%d/%m/%Y')}"


class _DebutBulletin(Flowable):
    """Repère invisible : les pages suivantes appartiennent à ce bulletin (numérotation, pied)."""

    def __init__(self, pied: _Pied):
        super().__init__()
        self.pied = pied

    def wrap(self, largeur, hauteur):
        return 0, 0

    def draw(self):
        self.canv.commencer_bulletin(self.pied)


class _CanevasNumerote(Canvas):
    """Garde les pages jusqu'à la fin pour imprimer « Page n / N » par bulletin."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._pages = []
        self._pied = None

    def commencer_bulletin(self, pied: _Pied):
        self._pied = pied

    def showPage(self):
        self._pages.append((dict(self.__dict__), self._pied))
        self._startPage()

    def save(self):
        totaux = Counter(id(pied) for _, pied in self._pages)
        numeros = Counter()
        for etat, pied in self._pages:
            self.__dict__.update(etat)
            numeros[id(pied)] += 1
            self._dessiner_pied(pied, numeros[id(pied)], totaux[id(pied)])
            super().showPage()
        super().save()

    def _dessiner_pied(self, pied: _Pied, numero: int, total: int):
        self.saveState()
        self.setStrokeColor(GRIS_TRAIT)
        self.setLineWidth(0.5)
        self.line(MARGE, MARGE_BAS - 4 * mm, A4[0] - MARGE, MARGE_BAS - 4 * mm)
        self.setFont(POLICE, 7.5)
        self.setFillColor(colors.HexColor("#444444"))
        y = MARGE_BAS - 8 * mm
        if pied is not None:
            self.drawString(MARGE, y, pied.gauche)
            self.drawCentredString(A4[0] / 2, y - 9, pied.edition)
        self.drawRightString(A4[0] - MARGE, y, f"Page {numero} / {total}")
        self.restoreState()


def _histoire(b: dict, edite_le: datetime.date) -> list:
    """Les éléments d'un bulletin, dans l'ordre de la page."""
    return [
        _DebutBulletin(_Pied(b, edite_le)),
        *_en_tete(b),
        _tableau_matieres(b),
        _bloc_appreciation_generale(b),
        _bloc_conseil(b),
        _bloc_vie_scolaire(b),
    ]


def _titre(bulletins: list) -> str:
    if len(bulletins) == 1:
        eleve = bulletins[0]["eleve"]
        return f"Bulletin – {eleve['nom']} {eleve['prenom']} – {bulletins[0]['periode']['libelle']}"
    classes = {b["eleve"]["classe"] for b in bulletins}
    periodes = {b["periode"]["libelle"] for b in bulletins}
    parties = ["Bulletins"] + ([classes.pop()] if len(classes) == 1 else []) + ([periodes.pop()] if len(periodes) == 1 else [])
    return " – ".join(parties)


def _auteur(bulletins: list) -> str:
    noms = {b["etablissement"]["nom"] for b in bulletins}
    return noms.pop() if len(noms) == 1 else "Cartable"


def _composer(bulletins: list, edite_le: datetime.date | None) -> bytes:
    edite_le = edite_le or datetime.date.today()
    histoire = []
    for rang, b in enumerate(bulletins):
        if rang:
            histoire.append(PageBreak())
        histoire += _histoire(b, edite_le)
    sortie = io.BytesIO()
    document = SimpleDocTemplate(
        sortie, pagesize=A4, leftMargin=MARGE, rightMargin=MARGE, topMargin=MARGE, bottomMargin=MARGE_BAS,
        title=imprimable(_titre(bulletins)), author=imprimable(_auteur(bulletins)), subject="Bulletin scolaire",
        creator="Cartable", lang="fr-FR", invariant=1, pageCompression=1,
    )
    try:
        document.build(histoire, canvasmaker=_CanevasNumerote)
    except LayoutError:
        # Filet : _appreciation refuse déjà les lignes trop hautes ; un autre bloc pourrait l'être.
        raise BulletinInvalide("Un élément du bulletin est trop grand pour tenir sur une page : raccourcissez les textes saisis.") from None
    return sortie.getvalue()


def rendre(bulletin: dict, *, edite_le: datetime.date | None = None) -> bytes:
    """Le PDF du bulletin d'un élève pour une période."""
    return _composer([lire(bulletin)], edite_le)


def rendre_lot(bulletins, *, edite_le: datetime.date | None = None) -> bytes:
    """Un seul PDF de plusieurs bulletins, chacun sur ses propres pages, dans l'ordre donné."""
    if not isinstance(bulletins, (list, tuple)) or not bulletins:
        raise BulletinInvalide("Aucun bulletin à imprimer : la liste est vide.")
    lus = []
    for rang, bulletin in enumerate(bulletins, start=1):
        try:
            lus.append(lire(bulletin))
        except BulletinInvalide as erreur:
            raise BulletinInvalide(f"Bulletin n° {rang} : {erreur}") from None
    return _composer(lus, edite_le)

"""A demo region written as a full ("Complet") AAF file set.

The demo site is filled through the real importer, so the demo data is not
created by hand: this module writes the same XML files an académie would
send (grammar ``ficAlimMENESR.dtd``), for three establishments of the
académie d'Aix-Marseille, and returns a manifest naming the demo logins.

Pure Python (stdlib + lxml): no Zope/Plone import here, so it can run in a
plain test, a script or a task.  Same ``graine``, same bytes: every draw
comes from one ``random.Random(graine)``, nothing reads the clock and
nothing iterates over a set.
"""

from __future__ import annotations

import datetime
import importlib.resources
import json
import pathlib
import random
import unicodedata

from lxml import etree

DATE_EXTRACTION = "20260901"
PREFIXE = f"FULL_CARTABLE_Complet_{DATE_EXTRACTION}"
NOM_DTD = "ficAlimMENESR.dtd"
ENTETE = (
    b'<?xml version="1.0" encoding="UTF-8"?>\n'
    b'<!DOCTYPE ficAlimMENESR SYSTEM "ficAlimMENESR.dtd">\n'
)
ACADEMIE = "AIX-MARSEILLE"
CLES_CONTROLE = "ABCDEFGHJKLMNPRSTUVWXYZ"  # 23 letters: no I, O, Q

# Category -> (operational attribute, its value); order = import order.
CATEGORIES = {
    "EtabEducNat": ("categorieStructure", "EtabEducNat"),
    "MatiereEducNat": ("categorieMatiere", "MatEducNat"),
    "MefEducNat": ("categorieMef", "MefEducNat"),
    "Eleve": ("categoriePersonne", "Eleve"),
    "PersRelEleve": ("categoriePersonne", "PersRelEleve"),
    "PersEducNat": ("categoriePersonne", "PersEducNat"),
}


def nom_fichier(categorie: str) -> str:
    return f"{PREFIXE}_{categorie}_0000.xml"


def cle_controle(chiffres: str) -> str:
    """Check letter of a UAI (7 digits) or of an INE (10 digits)."""
    return CLES_CONTROLE[int(chiffres) % 23]


# --------------------------------------------------------------------------
# Nomenclatures
# --------------------------------------------------------------------------

# National subject codes (BCN).  Two are not taught here (LV1 ESP/ALL): real
# files carry the whole nomenclature, not only what is taught.
MATIERES = [
    ("020700", "FRANCAIS"),
    ("061300", "MATHEMATIQUES"),
    ("030201", "ANGLAIS LV1"),
    ("030601", "ESPAGNOL LV1"),
    ("030101", "ALLEMAND LV1"),
    ("030602", "ESPAGNOL LV2"),
    ("030102", "ALLEMAND LV2"),
    ("040300", "HISTOIRE-GEOGRAPHIE"),
    ("041400", "EDUCATION CIVIQUE"),
    ("100100", "EDUCATION PHYSIQUE ET SPORTIVE"),
    ("062700", "PHYSIQUE-CHIMIE"),
    ("062900", "SCIENCES VIE & TERRE"),
    ("071100", "TECHNOLOGIE"),
    ("080100", "ARTS PLASTIQUES"),
    ("090100", "EDUCATION MUSICALE"),
    ("020100", "LATIN"),
    ("006600", "ACCOMPAGNEMENT PERSONNALISE"),
    ("010300", "PHILOSOPHIE"),
    ("050700", "SCIENCES ECONOMIQUES ET SOCIALES"),
    ("434300", "MANAGEMENT DES ORGANISATIONS"),
    ("380400", "ECONOMIE ET GESTION"),
    ("061700", "MATHS SCIENCES"),
    ("212800", "TECHNOLOGIE & INTERVENTION SUR VEHICULES"),
    ("312800", "PREVENTION-SANTE-ENVIRONNEMENT"),
    ("278300", "ARTS APPLIQUES ET CULTURES ARTISTIQUES"),
]
LIBELLE_MATIERE = dict(MATIERES)

FR, MATHS, ANG, HG, EMC, EPS = "020700", "061300", "030201", "040300", "041400", "100100"
PC, SVT, TECHNO, ARTS, MUS, AP = "062700", "062900", "071100", "080100", "090100", "006600"
ESP2, ALL2, LATIN, PHILO, SES = "030602", "030102", "020100", "010300", "050700"
MGT, ECOGEST, MSC, TIV, PSE, ARTAPP = "434300", "380400", "061700", "212800", "312800", "278300"

COLLEGE_5_3 = [FR, MATHS, ANG, HG, EMC, EPS, SVT, PC, TECHNO, ARTS, MUS]
COLLEGE_6 = COLLEGE_5_3 + [AP]
SECONDE_PREMIERE = [FR, MATHS, ANG, HG, EMC, EPS, PC, SVT, SES]
TERMINALE = [PHILO, MATHS, ANG, HG, EMC, EPS, PC, SVT, SES]
PREMIERE_STMG = [FR, MATHS, ANG, HG, EMC, EPS, MGT, ECOGEST]
TERMINALE_STMG = [PHILO, MATHS, ANG, HG, EMC, EPS, MGT, ECOGEST]
VOIE_PRO = [FR, HG, EMC, MSC, ANG, EPS, TIV, PSE, ARTAPP]

# Level -> MEF code, MEF label, niveau de formation, birth year of a pupil
# "à l'heure" at the 2026 rentrée, subjects, class size range.
NIVEAUX = {
    "6EME": ("10010012110", "6EME", "6EME", 2015, COLLEGE_6, (26, 30)),
    "5EME": ("10110001110", "5EME", "5EME", 2014, COLLEGE_5_3, (26, 30)),
    "4EME": ("10210001110", "4EME", "4EME", 2013, COLLEGE_5_3, (26, 30)),
    "3EME": ("10310019110", "3EME", "3EME", 2012, COLLEGE_5_3, (26, 30)),
    "2NDE": ("20010018110", "2NDE GENERALE ET TECHNOLOGIQUE",
             "2NDE GENERALE ET TECHNOLOGIQUE", 2011, SECONDE_PREMIERE, (31, 34)),
    "1G": ("20110019110", "PREMIERE GENERALE", "1ERE GENERALE", 2010,
           SECONDE_PREMIERE, (31, 34)),
    "TG": ("20210019110", "TERMINALE GENERALE", "TERMINALE GENERALE", 2009,
           TERMINALE, (31, 34)),
    "1STMG": ("21131016110", "PREMIERE STMG", "1ERE TECHNOLOGIQUE", 2010,
              PREMIERE_STMG, (31, 34)),
    "TSTMG": ("21231018110", "TERMINALE STMG MERCATIQUE", "TERMINALE TECHNOLOGIQUE",
              2009, TERMINALE_STMG, (31, 34)),
    "2MVA": ("24725207310", "2NDPRO MAINT.VEHIC.AUTO : VOIT.PARTICUL.",
             "2NDE PROFESSIONNELLE", 2011, VOIE_PRO, (22, 25)),
    "1MVA": ("24725207320", "1ERPRO MAINT.VEHIC.AUTO : VOIT.PARTICUL.",
             "1ERE PROFESSIONNELLE", 2010, VOIE_PRO, (22, 25)),
    "TMVA": ("24725207330", "TLEPRO MAINT.VEHIC.AUTO : VOIT.PARTICUL.",
             "TERMINALE PROFESSIONNELLE", 2009, VOIE_PRO, (22, 25)),
    "1CAP": ("24125214210", "1CAP2  MAINT.VEHIC.AUTO OPT. VEHIC.PART.",
             "CAP EN 2 ANS : 1ERE ANNEE", 2011, VOIE_PRO, (15, 18)),
    "2CAP": ("24125214220", "2CAP2  MAINT.VEHIC.AUTO OPT. VEHIC.PART.",
             "CAP EN 2 ANS : 2EME ANNEE", 2010, VOIE_PRO, (15, 18)),
}

# Establishments: UAIs are made up (département 13, check letter computed).
ETABLISSEMENTS = [
    {
        "jointure": "61001",
        "uai7": "0139101",
        "nom": "COLLEGE JEAN MOULIN",
        "type": "CLG",
        "rue": "12 AVENUE DES ECOLES",
        "cp": "13400",
        "ville": "AUBAGNE",
        "telephone": "0465710101",
        "classes": [
            ("6A", "6EME A", "6EME"), ("6B", "6EME B", "6EME"),
            ("5A", "5EME A", "5EME"), ("5B", "5EME B", "5EME"),
            ("4A", "4EME A", "4EME"), ("4B", "4EME B", "4EME"),
            ("3A", "3EME A", "3EME"), ("3B", "3EME B", "3EME"), ("3C", "3EME C", "3EME"),
        ],
        # group code, label, levels, subject
        "groupes": [
            ("5LV2ESP", "5EME ESPAGNOL LV2", ["5EME"], ESP2),
            ("5LV2ALL", "5EME ALLEMAND LV2", ["5EME"], ALL2),
            ("4LV2ESP", "4EME ESPAGNOL LV2", ["4EME"], ESP2),
            ("4LV2ALL", "4EME ALLEMAND LV2", ["4EME"], ALL2),
            ("3LV2ESP", "3EME ESPAGNOL LV2", ["3EME"], ESP2),
            ("3LV2ALL", "3EME ALLEMAND LV2", ["3EME"], ALL2),
            ("LATIN5", "OPTION LATIN 5EME", ["5EME"], LATIN),
            ("LATIN4", "OPTION LATIN 4EME", ["4EME"], LATIN),
            ("LATIN3", "OPTION LATIN 3EME", ["3EME"], LATIN),
        ],
    },
    {
        "jointure": "61002",
        "uai7": "0139102",
        "nom": "LYCEE MARIE CURIE",
        "type": "LYC",
        "rue": "1 BOULEVARD DES LYCEES",
        "cp": "13400",
        "ville": "AUBAGNE",
        "telephone": "0465710202",
        "classes": [
            ("2NDE1", "SECONDE 1", "2NDE"), ("2NDE2", "SECONDE 2", "2NDE"),
            ("2NDE3", "SECONDE 3", "2NDE"), ("2NDE4", "SECONDE 4", "2NDE"),
            ("1G1", "PREMIERE GENERALE 1", "1G"), ("1G2", "PREMIERE GENERALE 2", "1G"),
            ("1STMG", "PREMIERE STMG", "1STMG"),
            ("TG1", "TERMINALE GENERALE 1", "TG"), ("TG2", "TERMINALE GENERALE 2", "TG"),
            ("TSTMG", "TERMINALE STMG", "TSTMG"),
        ],
        "groupes": [
            ("2LV2ESP", "SECONDE ESPAGNOL LV2", ["2NDE"], ESP2),
            ("2LV2ALL", "SECONDE ALLEMAND LV2", ["2NDE"], ALL2),
            ("1LV2ESP", "PREMIERE ESPAGNOL LV2", ["1G", "1STMG"], ESP2),
            ("1LV2ALL", "PREMIERE ALLEMAND LV2", ["1G", "1STMG"], ALL2),
            ("TLV2ESP", "TERMINALE ESPAGNOL LV2", ["TG", "TSTMG"], ESP2),
            ("TLV2ALL", "TERMINALE ALLEMAND LV2", ["TG", "TSTMG"], ALL2),
            ("2LATIN", "OPTION LATIN SECONDE", ["2NDE"], LATIN),
        ],
    },
    {
        "jointure": "61003",
        "uai7": "0139103",
        "nom": "LYCEE PROFESSIONNEL GUSTAVE EIFFEL",
        "type": "LP",
        "rue": "40 ROUTE DE MARSEILLE",
        "cp": "13600",
        "ville": "LA CIOTAT",
        "telephone": "0465710303",
        "classes": [
            ("2MVA", "2NDE PRO MAINTENANCE VEHICULES", "2MVA"),
            ("1MVA", "1ERE PRO MAINTENANCE VEHICULES", "1MVA"),
            ("TMVA", "TERMINALE PRO MAINTENANCE VEHICULES", "TMVA"),
            ("1CAPA", "1ERE ANNEE CAP MAINTENANCE VEHICULES A", "1CAP"),
            ("1CAPB", "1ERE ANNEE CAP MAINTENANCE VEHICULES B", "1CAP"),
            ("2CAP", "2EME ANNEE CAP MAINTENANCE VEHICULES", "2CAP"),
        ],
        "groupes": [
            ("2MVA_GA", "ATELIER 2NDE PRO GROUPE A", ["2MVA"], TIV),
            ("2MVA_GB", "ATELIER 2NDE PRO GROUPE B", ["2MVA"], TIV),
            ("1MVA_GA", "ATELIER 1ERE PRO GROUPE A", ["1MVA"], TIV),
            ("1MVA_GB", "ATELIER 1ERE PRO GROUPE B", ["1MVA"], TIV),
            ("TMVA_GA", "ATELIER TERMINALE PRO GROUPE A", ["TMVA"], TIV),
            ("TMVA_GB", "ATELIER TERMINALE PRO GROUPE B", ["TMVA"], TIV),
        ],
    },
]
COLLEGE, LYCEE, LP = (e["jointure"] for e in ETABLISSEMENTS)

# Teaching posts per establishment: discipline code and label (as in STS),
# subjects taught, number of teachers, kind of groups taken.  Classes of a
# discipline are shared out between its teachers, so that every class has a
# teacher for each of its subjects.
POSTES = {
    COLLEGE: [
        ("L0202", "LETTRES MODERNES", [FR], 3, LATIN),
        ("L1300", "MATHEMATIQUES", [MATHS, AP], 3, None),
        ("L0422", "ANGLAIS", [ANG], 3, None),
        ("L1000", "HISTOIRE GEOGRAPHIE", [HG, EMC], 3, None),
        ("L1900", "EDUCATION PHYSIQUE ET SPORTIVE", [EPS], 3, None),
        ("L1600", "SCIENCES DE LA VIE ET DE LA TERRE", [SVT], 2, None),
        ("L1500", "SCIENCES PHYSIQUES ET CHIMIQUES", [PC], 2, None),
        ("L1400", "TECHNOLOGIE", [TECHNO], 1, None),
        ("L1800", "ARTS PLASTIQUES", [ARTS], 1, None),
        ("L1700", "EDUCATION MUSICALE", [MUS], 1, None),
        ("L0426", "ESPAGNOL", [], 1, ESP2),
        # German: the lycée's teacher also takes the collège groups.
    ],
    LYCEE: [
        ("L0202", "LETTRES MODERNES", [FR], 3, LATIN),
        ("L0100", "PHILOSOPHIE", [PHILO], 1, None),
        ("L1300", "MATHEMATIQUES", [MATHS], 4, None),
        ("L0422", "ANGLAIS", [ANG], 3, None),
        ("L1000", "HISTOIRE GEOGRAPHIE", [HG, EMC], 3, None),
        ("L1900", "EDUCATION PHYSIQUE ET SPORTIVE", [EPS], 3, None),
        ("L1500", "SCIENCES PHYSIQUES ET CHIMIQUES", [PC], 3, None),
        ("L1600", "SCIENCES DE LA VIE ET DE LA TERRE", [SVT], 2, None),
        ("L1100", "SCIENCES ECONOMIQUES ET SOCIALES", [SES], 2, None),
        ("L8011", "ECO ET GEST.OPTION COMM, ORG, GRH", [MGT], 1, None),
        ("L8012", "ECO-GEST.OPTION COMPTABILITE ET FINANCE", [ECOGEST], 1, None),
        ("L0426", "ESPAGNOL", [], 2, ESP2),
        ("L0421", "ALLEMAND", [], 1, ALL2),
    ],
    LP: [
        ("P0210", "LETTRES HISTOIRE GEOGRAPHIE", [FR, HG, EMC], 2, None),
        ("P1315", "MATH.SCIENCES PHYSIQUES", [MSC], 2, None),
        ("P0222", "LETTRES ANGLAIS", [ANG], 1, None),
        ("L1900", "EDUCATION PHYSIQUE ET SPORTIVE", [EPS], 2, None),
        ("P4500", "GENIE MECANIQUE-MAINTENANCE VEHICULES", [TIV], 4, TIV),
        ("P7200", "BIOTECHNOLOGIES SANTE-ENVIRONNEMENT", [PSE], 1, None),
        ("P6500", "ENSEIGNEMENTS ARTISTIQUES ET ARTS APPLIQ", [ARTAPP], 1, None),
    ],
}
# Non-teaching staff, as coded in real files (the odd spacing is theirs).
FONCTION_CPE = "EDU$EDUCATION$E0030$EDUCATION  (CE ,CPE)"
FONCTION_CHEF = "DIR$DIRECTION$D0010$DIRECTION CHEF D'ETABLISSEMENT"
FONCTION_ADJOINT = "DIR$DIRECTION$D0011$DIRECTION ADJOINT AU CHEF ETABLISSEMENT"
FONCTION_DOC = "DOC$DOCUMENTATION$L0080$DOCUMENTATION"
FONCTION_ADF = "ADF$PERSONNELS ADMINISTRATIFS$P9101$FONCTION ADMINISTRATIVE"
NB_CPE = {COLLEGE: 2, LYCEE: 3, LP: 1}
NB_ADF = {COLLEGE: 1, LYCEE: 2, LP: 1}

REGIME_DP = "DEMI-PENSIONNAIRE DANS L'ETABLISSEMENT"
REGIME_EXTERNE = "EXTERNE LIBRE"
REGIME_INTERNE = "INTERNE DANS L'ETABLISSEMENT"

# --------------------------------------------------------------------------
# Names and places
# --------------------------------------------------------------------------

PRENOMS_GARCONS = [
    "Gabriel", "Léo", "Raphaël", "Louis", "Noah", "Jules", "Arthur", "Adam",
    "Lucas", "Hugo", "Maël", "Tom", "Sacha", "Nathan", "Éthan", "Théo",
    "Paul", "Nolan", "Timéo", "Aaron", "Mathis", "Enzo", "Axel", "Baptiste",
    "Clément", "Maxime", "Noël", "Antoine", "Yanis", "Ibrahim", "Rayan",
    "Kylian", "Valentin", "Romain", "Thomas", "Alexandre", "Victor", "Martin",
    "Mathéo", "Elias",
]
PRENOMS_FILLES = [
    "Jade", "Louise", "Emma", "Alice", "Ambre", "Lina", "Rose", "Chloé",
    "Léa", "Mia", "Anna", "Inès", "Julia", "Léna", "Manon", "Camille", "Zoé",
    "Lou", "Juliette", "Agathe", "Sarah", "Clémence", "Maëlys", "Océane",
    "Lucie", "Eva", "Mathilde", "Romane", "Nina", "Héloïse", "Salomé",
    "Margaux", "Elsa", "Yasmine", "Noémie", "Anaïs", "Lily", "Capucine",
    "Éloïse", "Justine",
]
PRENOMS_HOMMES = [
    "Stéphane", "Sébastien", "Nicolas", "Christophe", "Frédéric", "Julien",
    "David", "Laurent", "Olivier", "Jérôme", "Cédric", "Éric", "Philippe",
    "Thierry", "Karim", "Franck", "Vincent", "Pascal", "Emmanuel", "Fabrice",
    "Mickaël", "Grégory", "Sylvain", "Arnaud", "Benoît", "Hervé", "Didier",
    "Patrick", "Yannick", "Mehdi",
]
PRENOMS_FEMMES = [
    "Nathalie", "Sandrine", "Céline", "Stéphanie", "Isabelle", "Sophie",
    "Aurélie", "Virginie", "Émilie", "Caroline", "Valérie", "Laetitia",
    "Karine", "Audrey", "Séverine", "Delphine", "Hélène", "Christelle",
    "Julie", "Élodie", "Marion", "Anne", "Véronique", "Myriam", "Nadia",
    "Samia", "Agnès", "Florence", "Gaëlle", "Patricia",
]
NOMS = [
    "Martin", "Bernard", "Thomas", "Petit", "Robert", "Richard", "Durand",
    "Dubois", "Moreau", "Laurent", "Simon", "Michel", "Lefèvre", "Leroy",
    "Roux", "David", "Bertrand", "Morel", "Fournier", "Girard", "Bonnet",
    "Dupont", "Lambert", "Fontaine", "Rousseau", "Vincent", "Muller",
    "Lefebvre", "Faure", "André", "Mercier", "Blanc", "Guérin", "Boyer",
    "Garnier", "Chevalier", "François", "Legrand", "Gauthier", "Garcia",
    "Perrin", "Robin", "Clément", "Morin", "Nicolas", "Henry", "Roussel",
    "Mathieu", "Masson", "Marchand", "Duval", "Denis", "Dumont", "Lemaire",
    "Noël", "Meyer", "Dufour", "Meunier", "Brun", "Blanchard", "Giraud",
    "Joly", "Rivière", "Lucas", "Brunet", "Gaillard", "Barbier", "Arnaud",
    "Martinez", "Gérard", "Roche", "Renard", "Schmitt", "Roy", "Leroux",
    "Colin", "Vidal", "Caron", "Picard", "Roger", "Fabre", "Aubert",
    "Lemoine", "Renaud", "Dumas", "Lacroix", "Olivier", "Bourgeois",
    "Pierre", "Benoît", "Rey", "Leclerc", "Rolland", "Guillaume", "Lecomte",
    "Lopez", "Dupuy", "Hubert", "Berger", "Carpentier", "Moulin",
    "Deschamps", "Perez", "Boucher", "Fleury", "Klein", "Marty", "Carré",
    "Ménard", "Maillard", "Bertin", "Le Gall", "Léger", "Prévost", "Lévêque",
    "Benali", "Haddad", "Nguyen", "Ferreira", "Bensaïd", "Santoni",
]
RUES = [
    "RUE DE LA REPUBLIQUE", "AVENUE JEAN JAURES", "CHEMIN DES VIGNES",
    "BOULEVARD GAMBETTA", "RUE DES OLIVIERS", "AVENUE DES PINS",
    "RUE VICTOR HUGO", "CHEMIN DE LA COLLINE", "ALLEE DES CIGALES",
    "RUE DU MOULIN", "AVENUE DE LA GARE", "IMPASSE DES LAVANDES",
    "RUE PASTEUR", "TRAVERSE DES ROMARINS", "BOULEVARD DE LA MER",
    "RUE FREDERIC MISTRAL", "CHEMIN DU PUITS", "AVENUE DU 8 MAI 1945",
]
VILLES = {  # where each establishment's families live
    COLLEGE: [("13400", "AUBAGNE")] * 4 + [("13390", "AURIOL"), ("13360", "ROQUEVAIRE")],
    LYCEE: [("13400", "AUBAGNE")] * 3 + [("13420", "GEMENOS"), ("13390", "AURIOL"),
                                         ("13821", "LA PENNE-SUR-HUVEAUNE")],
    LP: [("13600", "LA CIOTAT")] * 3 + [("13260", "CASSIS"),
                                        ("13470", "CARNOUX-EN-PROVENCE")],
}
DOMAINES_MAIL = ["example.com", "example.net", "example.org"]
# Staff addresses on a reserved TLD: a demo must never mail a real person.
DOMAINE_ACADEMIQUE = "ac-aix-marseille.example"


def _ascii(texte: str) -> str:
    sans_accent = unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode()
    return "".join(c for c in sans_accent.lower() if c.isalnum() or c == "-")


def _majuscules(texte: str) -> str:
    return texte.upper()


# --------------------------------------------------------------------------
# Generation
# --------------------------------------------------------------------------


class _Generateur:
    def __init__(self, graine: int):
        self.rng = random.Random(graine)
        self.graine = graine
        self.mails: set[str] = set()  # membership only, never iterated
        self.ines: set[str] = set()

    # -- small helpers --------------------------------------------------

    def suite_ids(self, depart: int):
        courant = depart
        while True:
            courant += self.rng.randint(1, 9)  # gaps: ids are not a counter
            yield str(courant)

    def date(self, annee: int) -> str:
        jour = datetime.date(annee, 1, 1) + datetime.timedelta(
            days=self.rng.randrange(366 if annee % 4 == 0 else 365))
        return jour.strftime("%d/%m/%Y")

    def telephone(self, prefixe: str) -> str:
        # ARCEP ranges reserved for fiction (04 65 71, 06 39 98): never a real line.
        return f"{prefixe}{self.rng.randrange(10000):04d}"

    def mail(self, prenom: str, nom: str, domaine: str) -> str:
        base = f"{_ascii(prenom)}.{_ascii(nom)}"
        adresse, n = f"{base}@{domaine}", 1
        while adresse in self.mails:
            n += 1
            adresse = f"{base}{n}@{domaine}"
        self.mails.add(adresse)
        return adresse

    def ine(self) -> str:
        while True:
            chiffres = f"{self.rng.randrange(10**10):010d}"
            ine = chiffres + cle_controle(chiffres)
            if ine not in self.ines:
                self.ines.add(ine)
                return ine

    def adresse(self, etab: str) -> tuple[str, str, str]:
        cp, ville = self.rng.choice(VILLES[etab])
        return f"{self.rng.randint(1, 120)} {self.rng.choice(RUES)}", cp, ville

    @staticmethod
    def repartir(elements: list, k: int) -> list[list]:
        """Cut `elements` into k slices of near-equal size, in order."""
        taille, reste = divmod(len(elements), k)
        tranches, debut = [], 0
        for i in range(k):
            fin = debut + taille + (1 if i < reste else 0)
            tranches.append(elements[debut:fin])
            debut = fin
        return tranches

    # -- the region -----------------------------------------------------

    def eleves(self):
        ids = self.suite_ids(3100000)
        rattach_ids = self.rng.sample(range(100000, 1000000), 2000)
        self.liste_eleves, self.eleves_par_classe = [], {}
        for etab in ETABLISSEMENTS:
            j = etab["jointure"]
            groupes_par_niveau: dict[str, list] = {}
            for groupe in etab["groupes"]:
                for niveau in groupe[2]:
                    groupes_par_niveau.setdefault(niveau, []).append(groupe)
            for code_classe, _libelle, niveau in etab["classes"]:
                mef, _lib, _niv, annee, matieres, (mini, maxi) = NIVEAUX[niveau]
                classe = []
                for rang in range(self.rng.randint(mini, maxi)):
                    fille = self.rng.random() < 0.5
                    prenoms = PRENOMS_FILLES if fille else PRENOMS_GARCONS
                    # ~8 % one year behind (redoublement), ~1 % one ahead
                    tirage = self.rng.random()
                    decalage = -1 if tirage < 0.08 else (1 if tirage > 0.99 else 0)
                    groupes = self.groupes_eleve(j, groupes_par_niveau.get(niveau, []), rang)
                    if j == LP:
                        tirage = self.rng.random()
                        regime = (REGIME_INTERNE if tirage < 0.1 else
                                  REGIME_DP if tirage < 0.65 else REGIME_EXTERNE)
                    else:
                        regime = REGIME_DP if self.rng.random() < 0.62 else REGIME_EXTERNE
                    prenom = self.rng.choice(prenoms)
                    autres = [p for p in prenoms if p != prenom]
                    eleve = {
                        "id": next(ids),
                        "rattach_id": str(rattach_ids[len(self.liste_eleves)]),
                        "etab": j,
                        "classe": code_classe,
                        "niveau": niveau,
                        "fille": fille,
                        "prenom": prenom,
                        "autres_prenoms": self.rng.sample(autres, self.rng.choice((0, 1, 1, 2))),
                        "annee": annee + decalage,
                        "naissance": self.date(annee + decalage),
                        "ine": self.ine(),
                        "groupes": groupes,
                        "matieres": list(matieres) + [g[3] for g in groupes
                                                      if g[3] not in matieres],
                        "regime": regime,
                        "boursier": "O" if self.rng.random() < 0.15 else "N",
                        "transport": "O" if self.rng.random() < 0.12 else "N",
                    }
                    classe.append(eleve)
                    self.liste_eleves.append(eleve)
                self.eleves_par_classe[(j, code_classe)] = classe

    def groupes_eleve(self, etab: str, groupes: list, rang: int) -> list:
        if not groupes:
            return []
        if etab == LP:  # workshop half-groups: A then B down the class list
            return [groupes[rang % 2]]
        choisis = []
        lv2 = [g for g in groupes if g[3] in (ESP2, ALL2)]
        if lv2:
            espagnol = self.rng.random() < 0.65
            choisis += [g for g in lv2 if (g[3] == ESP2) == espagnol]
        latin = [g for g in groupes if g[3] == LATIN]
        if latin and self.rng.random() < (0.2 if etab == COLLEGE else 0.1):
            choisis += latin
        return choisis

    def familles(self):
        """Group pupils into families; ~10 % of families have 2 or 3 children."""
        rng = self.rng
        pris: set[str] = set()
        melange = list(self.liste_eleves)
        rng.shuffle(melange)
        par_etab = {e["jointure"]: [x for x in melange if x["etab"] == e["jointure"]]
                    for e in ETABLISSEMENTS}

        def prendre(candidats, annees_prises):
            for eleve in candidats:
                if eleve["id"] not in pris and eleve["annee"] not in annees_prises:
                    pris.add(eleve["id"])
                    return eleve
            raise RuntimeError("no pupil left for a family")

        fratries = []
        # A few families on purpose across establishments (collège + lycée,
        # collège + LP): the parent account must show both.
        for autre in [LYCEE] * 5 + [LP] * 3:
            aine = prendre(par_etab[autre], [])
            fratries.append([aine, prendre(par_etab[COLLEGE], [aine["annee"]])])
        n = len(self.liste_eleves)
        for taille in [3] * round(n * 0.017) + [2] * (round(n * 0.07) - 8):
            fratrie = []
            for _ in range(taille):
                fratrie.append(prendre(melange, [e["annee"] for e in fratrie]))
            fratries.append(fratrie)
        fratries += [[e] for e in melange if e["id"] not in pris]
        # Families in pupil-file order, so ids follow a natural order.
        ordre = {e["id"]: i for i, e in enumerate(self.liste_eleves)}
        fratries.sort(key=lambda f: min(ordre[e["id"]] for e in f))
        # Household kinds by quota, not by draw, so the number of parents
        # stays in the expected range whatever the seed.
        nombre = len(fratries)
        recomposees, seules = round(nombre * 0.08), round(nombre * 0.29)
        sortes = (["recomposee"] * recomposees + ["seul"] * seules
                  + ["deux"] * (nombre - recomposees - seules))
        rng.shuffle(sortes)
        self.liste_familles = [self.famille(f, sorte) for f, sorte in zip(fratries, sortes)]

    def famille(self, enfants: list, sorte: str) -> dict:
        rng = self.rng
        nom = rng.choice(NOMS)
        etab = enfants[0]["etab"]
        maison = self.adresse(etab)
        separes = sorte == "recomposee" or (sorte == "deux" and rng.random() < 0.15)

        def adulte(homme, sn, patro, adresse):
            prenom = rng.choice(PRENOMS_HOMMES if homme else PRENOMS_FEMMES)
            return {
                "homme": homme,
                "prenom": prenom,
                "sn": sn,
                "patro": patro,
                "adresse": adresse,
                "mobile": self.telephone("063998") if rng.random() < 0.9 else None,
                "fixe": self.telephone("046571") if rng.random() < 0.4 else None,
                "mail": (self.mail(prenom, sn, rng.choice(DOMAINES_MAIL))
                         if rng.random() < 0.8 else None),
            }

        def mere(adresse):
            naissance = rng.choice(NOMS)
            usage = nom if rng.random() < 0.6 else naissance  # married name or not
            return adulte(False, usage, naissance, adresse)

        liens = []  # (person, lien, legal?)
        if sorte == "seul":
            if rng.random() < 0.7:
                liens.append((mere(maison), "2", True))
            else:
                liens.append((adulte(True, nom, nom, maison), "1", True))
        else:
            pere = adulte(True, nom, nom, maison)
            maman = mere(self.adresse(etab) if separes else maison)
            liens += [(pere, "1", True), (maman, "2", True)]
            rng.shuffle(liens)  # either parent may be representant legal 1
            if sorte == "recomposee":
                # the parent's new partner: a contact, no parental authority
                hote = liens[0][0] if rng.random() < 0.6 else liens[1][0]
                conjoint_nom = rng.choice(NOMS)
                liens.append((adulte(not hote["homme"], conjoint_nom, conjoint_nom,
                                     hote["adresse"]), "90", False))
        for enfant in enfants:
            enfant["sn"] = nom
        return {"enfants": enfants, "liens": liens, "sorte": sorte}

    def responsables(self):
        ids = self.suite_ids(3400000)
        self.liste_parents = []
        for famille in self.liste_familles:
            for personne, _lien, _legal in famille["liens"]:
                personne["id"] = next(ids)
                self.liste_parents.append(personne)
            rang_legal = 0
            rels = []
            for personne, lien, legal in famille["liens"]:
                rang_legal += 1 if legal else 0
                representant = str(rang_legal) if legal else "0"
                financier = paiement = "1" if representant == "1" else "0"
                rels.append((personne, lien, legal,
                             f"{personne['id']}${lien}${financier}${representant}$1${paiement}"))
            for enfant in famille["enfants"]:
                enfant["famille"] = famille
                enfant["rels"] = rels

    def personnels(self):
        rng = self.rng
        ids = self.suite_ids(3700000)
        self.liste_personnels = []
        self.direction, self.cpe, self.autres = {}, {}, {}
        classes_etab = {e["jointure"]: [c[0] for c in e["classes"]] for e in ETABLISSEMENTS}
        niveau_classe = {(e["jointure"], c[0]): c[2] for e in ETABLISSEMENTS for c in e["classes"]}
        groupes_etab = {e["jointure"]: e["groupes"] for e in ETABLISSEMENTS}

        def personne(etab, fonctions, enseigne=False):
            homme = rng.random() < (0.45 if enseigne else 0.5)
            prenom = rng.choice(PRENOMS_HOMMES if homme else PRENOMS_FEMMES)
            sn = rng.choice(NOMS)
            p = {
                "id": next(ids), "homme": homme, "prenom": prenom, "sn": sn,
                "naissance": self.date(rng.randint(1964, 1997)),
                "mail": self.mail(prenom, sn, DOMAINE_ACADEMIQUE),
                "etab": etab, "fonctions": [f"{etab}${f}" for f in fonctions],
                "disciplines": [], "classes": [], "groupes": [], "classes_matieres": [],
                "groupes_matieres": [], "pp": [], "enseigne": enseigne,
            }
            self.liste_personnels.append(p)
            return p

        def ajouter(liste, valeur):
            if valeur not in liste:
                liste.append(valeur)

        for etab in ETABLISSEMENTS:
            j = etab["jointure"]
            chef = personne(j, [FONCTION_CHEF])
            adjoint = personne(j, [FONCTION_ADJOINT])
            self.direction[j] = [chef["id"], adjoint["id"]]
            self.cpe[j] = [personne(j, [FONCTION_CPE])["id"] for _ in range(NB_CPE[j])]
            for disc, libelle, matieres, nombre, matiere_groupes in POSTES[j]:
                fonction = f"ENS$ENSEIGNEMENT${disc}${libelle}"
                classes = [c for c in classes_etab[j]
                           if set(matieres) & set(NIVEAUX[niveau_classe[(j, c)]][4])]
                melange = list(classes)
                rng.shuffle(melange)  # a teacher takes several levels
                tranches = self.repartir(melange, nombre)
                groupes = [g for g in groupes_etab[j] if g[3] == matiere_groupes]
                if matiere_groupes == LATIN:  # latin: one lettres classiques teacher
                    tranches_g = [groupes] + [[] for _ in range(nombre - 1)]
                else:
                    tranches_g = self.repartir(groupes, nombre)
                for rang in range(nombre):
                    prof = personne(j, [], enseigne=True)
                    discipline, lib = disc, libelle
                    if tranches_g[rang] and matiere_groupes == LATIN:
                        discipline, lib = "L0201", "LETTRES CLASSIQUES"
                    prof["fonctions"].append(
                        f"{j}$ENS$ENSEIGNEMENT${discipline}${lib}")
                    prof["disciplines"].append(f"{lib}${discipline[1:3]}")
                    a_enseigner = [(j, c) for c in sorted(tranches[rang], key=classes.index)]
                    a_enseigner_g = [(j, g) for g in tranches_g[rang]]
                    if disc == "L0421" and j == LYCEE:
                        # complément de service: the collège's German groups
                        a_enseigner_g += [(COLLEGE, g) for g in groupes_etab[COLLEGE]
                                          if g[3] == ALL2]
                        prof["fonctions"].append(f"{COLLEGE}${fonction}")
                    for s, c in a_enseigner:
                        ajouter(prof["classes"], (s, c))
                        for m in NIVEAUX[niveau_classe[(s, c)]][4]:
                            if m in matieres:
                                ajouter(prof["classes_matieres"], (s, c, m))
                    for s, g in a_enseigner_g:
                        ajouter(prof["groupes"], (s, g[0]))
                        ajouter(prof["groupes_matieres"], (s, g[0], g[3]))
            self.autres[j] = [personne(j, [FONCTION_DOC])["id"]]
            self.autres[j] += [personne(j, [FONCTION_ADF])["id"] for _ in range(NB_ADF[j])]

        # Exactly one professeur principal per class; a teacher is PP of one
        # class at most as long as the team allows it.
        for etab in ETABLISSEMENTS:
            j = etab["jointure"]
            for code, _lib, _niv in etab["classes"]:
                equipe = [p for p in self.liste_personnels if (j, code) in p["classes"]]
                libres = [p for p in equipe if not p["pp"]] or equipe
                rng.choice(libres)["pp"].append((j, code))

    def personas(self) -> tuple[dict, dict]:
        """Demo logins, chosen by rule (first match in file order)."""
        def legaux(eleve):
            return [p for p, _lien, legal, _v in eleve["rels"] if legal]

        classe = self.eleves_par_classe[(COLLEGE, "3A")]
        eleve = next(e for e in classe
                     if len(e["famille"]["enfants"]) == 1 and e["famille"]["sorte"] == "deux"
                     and all(p["mail"] for p in legaux(e)))
        parent = legaux(eleve)[0]

        def enfants_de(personne):
            return [e for f in self.liste_familles if any(p is personne for p, *_ in f["liens"])
                    for e in f["enfants"]]

        autre = next(p for e in classe if e is not eleve
                     for p in legaux(e)[:1]
                     if p["mail"] and not set(x["id"] for x in enfants_de(p))
                     & set(x["id"] for x in enfants_de(parent)))
        deux_etabs = next(
            p for f in self.liste_familles
            if len({e["etab"] for e in f["enfants"]}) > 1
            and COLLEGE in {e["etab"] for e in f["enfants"]}
            for p, _lien, legal in f["liens"] if legal and p["mail"])
        profs_3a = [p for p in self.liste_personnels if (COLLEGE, "3A") in p["classes"]]
        pp = next(p for p in profs_3a if (COLLEGE, "3A") in p["pp"])
        enseignant = next(p for p in profs_3a if p is not pp)
        autre_prof = next(
            p for p in self.liste_personnels
            if p["enseigne"] and p["etab"] == COLLEGE and (COLLEGE, "3A") not in p["classes"]
            and (COLLEGE, "3B") in p["classes"])
        choix = {
            "eleve": eleve, "parent": parent, "parent_autre_famille": autre,
            "parent_deux_etablissements": deux_etabs, "enseignant": enseignant,
            "professeur_principal": pp, "enseignant_autre_classe": autre_prof,
        }
        personas = {role: p["id"] for role, p in choix.items()}
        personas["cpe"] = list(self.cpe[COLLEGE])
        personas["cpe_lycee"] = list(self.cpe[LYCEE])
        personas["direction"] = self.direction[COLLEGE][0]
        personas["direction_lycee"] = self.direction[LYCEE][0]
        personas["documentaliste"] = self.autres[COLLEGE][0]  # the collège's documentaliste (FONCTION_DOC)
        tous = {p["id"]: p for p in self.liste_eleves + self.liste_parents + self.liste_personnels}

        def detail(ident):
            p = tous[ident]
            fiche = {"id": ident, "givenName": p["prenom"], "sn": p["sn"]}
            if p.get("mail"):
                fiche["mail"] = p["mail"]
            return fiche

        details = {role: [detail(i) for i in v] if isinstance(v, list) else detail(v)
                   for role, v in personas.items()}
        return personas, details

    # -- records ----------------------------------------------------------

    def enregistrements_etab(self):
        for e in ETABLISSEMENTS:
            uai = e["uai7"] + cle_controle(e["uai7"])
            yield e["jointure"], [
                ("ENTStructureJointure", [e["jointure"]]),
                ("ENTStructureUAI", [uai]),
                ("ENTEtablissementUAI", [uai]),
                ("ENTStructureSIREN", []),
                ("ENTStructureNomCourant", [e["nom"]]),
                ("ENTStructureTypeStruct", [e["type"]]),
                ("ENTEtablissementMinistereTutelle", []),
                ("ENTEtablissementContrat", ["PU"]),
                ("postOfficeBox", []),
                ("street", [e["rue"]]),
                ("postalCode", [e["cp"]]),
                ("l", [e["ville"]]),
                ("telephoneNumber", [e["telephone"]]),
                ("facsimileTelephoneNumber", []),
                ("ENTEtablissementStructRattachFctl", []),
                ("ENTEtablissementBassin", []),
                ("ENTServAcAcademie", [ACADEMIE]),
                ("ENTStructureClasses", [f"{c}${lib}" for c, lib, _n in e["classes"]]),
                ("ENTStructureGroupes", [f"{g[0]}${g[1]}" for g in e["groupes"]]),
            ]

    def enregistrements_matieres(self):
        for code, libelle in MATIERES:
            yield code, [("ENTMatJointure", [code]), ("ENTLibelleMatiere", [libelle])]

    def enregistrements_mef(self):
        for mef, libelle, *_reste in NIVEAUX.values():
            yield mef, [("ENTMefJointure", [mef]), ("ENTLibelleMef", [libelle]),
                        ("ENTMEFRattach", [mef])]

    def enregistrements_eleves(self):
        for e in self.liste_eleves:
            mef, libelle_mef, niveau_formation, *_reste = NIVEAUX[e["niveau"]]
            rels = e["rels"]
            pere = [p["id"] for p, lien, _l, _v in rels if lien == "1"]
            mere = [p["id"] for p, lien, _l, _v in rels if lien == "2"]
            yield e["id"], [
                ("ENTPersonJointure", [e["id"]]),
                ("ENTEleveStructRattachId", [e["rattach_id"]]),
                ("ENTPersonDateNaissance", [e["naissance"]]),
                ("ENTPersonNomPatro", [_majuscules(e["sn"])]),
                ("sn", [e["sn"]]),
                ("givenName", [e["prenom"]]),
                ("ENTPersonAutresPrenoms", e["autres_prenoms"]),
                ("personalTitle", ["Mlle" if e["fille"] else "M."]),
                ("ENTEleveINE", [e["ine"]]),
                ("ENTEleveParents", [p["id"] for p, lien, _l, _v in rels if lien in ("1", "2")]),
                ("ENTElevePere", pere),
                ("ENTEleveMere", mere),
                ("ENTEleveAutoriteParentale", [p["id"] for p, _lien, legal, _v in rels if legal]),
                ("ENTElevePersRelEleve1", []),
                ("ENTEleveQualitePersRelEleve1", []),
                ("ENTElevePersRelEleve2", []),
                ("ENTEleveQualitePersRelEleve2", []),
                ("ENTElevePersRelEleve", [v for *_r, v in rels]),
                ("ENTEleveBoursier", [e["boursier"]]),
                ("ENTEleveRegime", [e["regime"]]),
                ("ENTEleveTransport", [e["transport"]]),
                ("ENTEleveStatutEleve", ["SCOLAIRE"]),
                ("ENTEleveMEF", [mef]),
                ("ENTEleveLibelleMEF", [libelle_mef]),
                ("ENTEleveNivFormation", [niveau_formation]),
                ("ENTEleveFiliere", [niveau_formation]),
                ("ENTEleveEnseignements", [LIBELLE_MATIERE[m] for m in e["matieres"]]),
                ("ENTEleveCodeEnseignements", list(e["matieres"])),
                ("ENTPersonStructRattach", [e["etab"]]),
                ("ENTEleveClasses", [f"{e['etab']}${e['classe']}"]),
                ("ENTEleveGroupes", [f"{e['etab']}${g[0]}" for g in e["groupes"]]),
            ]

    def enregistrements_parents(self):
        for p in self.liste_parents:
            rue, cp, ville = p["adresse"]
            yield p["id"], [
                ("ENTPersonJointure", [p["id"]]),
                ("ENTPersonDateNaissance", []),
                ("ENTPersonNomPatro", [_majuscules(p["patro"])]),
                ("sn", [p["sn"]]),
                ("givenName", [p["prenom"]]),
                ("personalTitle", ["M." if p["homme"] else "Mme"]),
                ("homePhone", [p["fixe"]]),
                ("telephoneNumber", [p["mobile"]]),
                ("mail", [p["mail"]]),
                ("ENTPersonAdresse", [rue]),
                ("ENTPersonCodePostal", [cp]),
                ("ENTPersonVille", [ville]),
                ("ENTPersonPays", ["FRANCE"]),
            ]

    def enregistrements_personnels(self):
        niveau_classe = {(e["jointure"], c[0]): c[2] for e in ETABLISSEMENTS for c in e["classes"]}
        niveaux_groupe = {(e["jointure"], g[0]): g[2] for e in ETABLISSEMENTS for g in e["groupes"]}
        for p in self.liste_personnels:
            mefs, matieres_etab = [], []
            niveaux = [(s, niveau_classe[(s, c)]) for s, c in p["classes"]]
            niveaux += [(s, n) for s, g in p["groupes"] for n in niveaux_groupe[(s, g)]]
            for s, niveau in niveaux:
                mef, libelle, *_r = NIVEAUX[niveau]
                if f"{s}${mef}${libelle}" not in mefs:
                    mefs.append(f"{s}${mef}${libelle}")
            for s, _c, m in p["classes_matieres"] + p["groupes_matieres"]:
                if f"{s}${LIBELLE_MATIERE[m]}" not in matieres_etab:
                    matieres_etab.append(f"{s}${LIBELLE_MATIERE[m]}")
            yield p["id"], [
                ("ENTPersonJointure", [p["id"]]),
                ("ENTPersonDateNaissance", [p["naissance"]]),
                ("ENTPersonNomPatro", [_majuscules(p["sn"])]),
                ("sn", [p["sn"]]),
                ("givenName", [p["prenom"]]),
                ("personalTitle", ["M." if p["homme"] else "Mme"]),
                ("mail", [p["mail"]]),
                ("ENTPersonStructRattach", [p["etab"]]),
                ("ENTAuxEnsCategoDiscipline", []),
                ("ENTAuxEnsDisciplinesPoste", p["disciplines"]),
                ("ENTAuxEnsMEF", mefs),
                ("ENTAuxEnsMatiereEnseignEtab", matieres_etab),
                ("ENTAuxEnsClasses", [f"{s}${c}" for s, c in p["classes"]]),
                ("ENTAuxEnsGroupes", [f"{s}${g}" for s, g in p["groupes"]]),
                ("ENTAuxEnsClassesMatieres", [f"{s}${c}${m}" for s, c, m in p["classes_matieres"]]),
                ("ENTAuxEnsGroupesMatieres", [f"{s}${g}${m}" for s, g, m in p["groupes_matieres"]]),
                ("ENTAuxEnsClassesPrincipal", [f"{s}${c}" for s, c in p["pp"]]),
                ("ENTPersonFonctions", p["fonctions"]),
                ("PersEducNatPresenceDevantEleves", ["O" if p["enseigne"] else "N"]),
            ]


def _xml(categorie: str, enregistrements, graine: int) -> tuple[bytes, int]:
    """One AAF file, laid out like the académie's (one attr per line)."""
    nom_op, valeur_op = CATEGORIES[categorie]
    racine = etree.Element("ficAlimMENESR")
    racine.text = "\n"
    commentaire = etree.Comment(f" Cartable : region de demonstration, graine {graine} ")
    commentaire.tail = "\n\n"
    racine.append(commentaire)
    nombre = 0
    for ident, attributs in enregistrements:
        nombre += 1
        requete = etree.SubElement(racine, "addRequest")
        requete.text, requete.tail = "\n", "\n\n"
        operationnels = etree.SubElement(requete, "operationalAttributes")
        operationnels.tail = "\n"
        attr = etree.SubElement(operationnels, "attr", name=nom_op)
        etree.SubElement(attr, "value").text = valeur_op
        identifiant = etree.SubElement(requete, "identifier")
        identifiant.tail = "\n"
        etree.SubElement(identifiant, "id").text = ident
        bloc = etree.SubElement(requete, "attributes")
        bloc.text, bloc.tail = "\n", "\n"
        for nom, valeurs in attributs:
            attr = etree.SubElement(bloc, "attr", name=nom)
            attr.tail = "\n"
            # the DTD wants at least one <value>: "none" is an empty <value/>
            for valeur in valeurs or [None]:
                etree.SubElement(attr, "value").text = valeur
    corps = etree.tostring(racine, encoding="UTF-8", xml_declaration=False)
    return ENTETE + corps + b"\n", nombre


def ecrire_region_demo(dossier: pathlib.Path, graine: int = 2026) -> dict:
    """Write the AAF files into `dossier` (created if missing) and return a manifest."""
    dossier = pathlib.Path(dossier)
    dossier.mkdir(parents=True, exist_ok=True)
    g = _Generateur(graine)
    g.eleves()
    g.familles()
    g.responsables()
    g.personnels()
    personas, details = g.personas()

    sources = {
        "EtabEducNat": g.enregistrements_etab(),
        "MatiereEducNat": g.enregistrements_matieres(),
        "MefEducNat": g.enregistrements_mef(),
        "Eleve": g.enregistrements_eleves(),
        "PersRelEleve": g.enregistrements_parents(),
        "PersEducNat": g.enregistrements_personnels(),
    }
    comptes, fichiers = {}, {}
    for categorie, enregistrements in sources.items():
        contenu, nombre = _xml(categorie, enregistrements, graine)
        (dossier / nom_fichier(categorie)).write_bytes(contenu)
        comptes[categorie] = nombre
        fichiers[categorie] = nom_fichier(categorie)
    dtd = importlib.resources.files(__package__).joinpath(NOM_DTD).read_bytes()
    (dossier / NOM_DTD).write_bytes(dtd)

    etablissements = []
    for e in ETABLISSEMENTS:
        j = e["jointure"]
        etablissements.append({
            "jointure": j,
            "uai": e["uai7"] + cle_controle(e["uai7"]),
            "name": e["nom"],
            "type": e["type"],
            "town": e["ville"],
            "classes": [c[0] for c in e["classes"]],
            "groups": [gr[0] for gr in e["groupes"]],
            "pupils": sum(1 for x in g.liste_eleves if x["etab"] == j),
            "teachers": sum(1 for p in g.liste_personnels if p["enseigne"]
                            and any(f.startswith(f"{j}$ENS$") for f in p["fonctions"])),
        })
    manifest = {
        "seed": graine,
        "extraction_date": DATE_EXTRACTION,
        "files": fichiers,
        "dtd": NOM_DTD,
        "counts": comptes,
        "details": {
            "classes": sum(len(e["classes"]) for e in ETABLISSEMENTS),
            "groups": sum(len(e["groupes"]) for e in ETABLISSEMENTS),
            "families": len(g.liste_familles),
            "teachers": sum(1 for p in g.liste_personnels if p["enseigne"]),
            "cpe": sum(len(v) for v in g.cpe.values()),
            "direction": sum(len(v) for v in g.direction.values()),
            "other_staff": sum(len(v) for v in g.autres.values()),
        },
        "establishments": etablissements,
        "personas": personas,
        "personas_details": details,
    }
    (dossier / "manifest.json").write_text(
        json.dumps(manifest, sort_keys=True, ensure_ascii=False, indent=2) + "\n",
        encoding="utf-8")
    return manifest

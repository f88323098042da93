"""The starter référentiel of skills a collège may load (issue 17): a few skills per subject and cycle, each linked
to its socle components (``cartable.regles.socle``). The demo collège ships with it; the direction of any
establishment loads it with POST @referentiel-competences {"depart": true} (the skills it already has are kept),
then edits it or replaces it by CSV. Subject codes are the national BCN codes.
"""

from cartable.regles.socle import CODES_COMPOSANTES

FR, MATHS, ANG, HG, EMC, EPS = "020700", "061300", "030201", "040300", "041400", "100100"
PC, SVT, TECHNO, ARTS, MUS = "062700", "062900", "071100", "080100", "090100"

# (subject, cycle, short id, label, components)
REFERENTIEL = (
    (FR, 3, "lire", "Lire avec fluidité et comprendre un texte", "CPD_FRA"),
    (FR, 3, "ecrire", "Écrire un texte d'une à deux pages adapté à son destinataire", "CPD_FRA"),
    (FR, 3, "oral", "S'exprimer à l'oral de façon claire et organisée", "CPD_FRA MET_APP"),
    (FR, 4, "lire", "Lire des textes variés et en construire l'interprétation", "CPD_FRA REP_MND"),
    (FR, 4, "ecrire", "Écrire pour argumenter et réfléchir", "CPD_FRA"),
    (FR, 4, "langue", "Maîtriser le fonctionnement de la langue", "CPD_FRA"),
    (MATHS, 3, "nombres", "Utiliser et représenter les grands nombres et les fractions", "CPD_SCI"),
    (MATHS, 3, "problemes", "Résoudre des problèmes en utilisant des fractions et des décimaux", "CPD_SCI MET_APP"),
    (MATHS, 3, "geometrie", "Reconnaître et construire des figures géométriques", "CPD_SCI SYS_NAT"),
    (MATHS, 4, "chercher", "Chercher et modéliser une situation", "CPD_SCI SYS_NAT"),
    (MATHS, 4, "calculer", "Calculer avec des nombres rationnels", "CPD_SCI"),
    (MATHS, 4, "raisonner", "Raisonner et démontrer", "CPD_SCI MET_APP"),
    (ANG, 3, "comprendre", "Comprendre l'oral et l'écrit", "CPD_ETR"),
    (ANG, 3, "parler", "Parler en continu et réagir", "CPD_ETR"),
    (ANG, 4, "comprendre", "Comprendre des documents oraux et écrits authentiques", "CPD_ETR"),
    (ANG, 4, "parler", "S'exprimer à l'oral en continu et en interaction", "CPD_ETR"),
    (ANG, 4, "culture", "Découvrir les aspects culturels d'une langue vivante", "CPD_ETR REP_MND"),
    (HG, 3, "temps", "Se repérer dans le temps : construire des repères historiques", "REP_MND"),
    (HG, 3, "espace", "Se repérer dans l'espace : construire des repères géographiques", "REP_MND"),
    (HG, 4, "temps", "Se repérer dans le temps et dans l'espace", "REP_MND"),
    (HG, 4, "documents", "Analyser et comprendre un document", "REP_MND MET_APP"),
    (HG, 4, "raisonner", "Raisonner et justifier une démarche", "REP_MND FRM_CIT"),
    (EMC, 3, "regles", "Comprendre les règles et le droit", "FRM_CIT"),
    (EMC, 4, "jugement", "Développer son jugement et argumenter", "FRM_CIT"),
    (EMC, 4, "engagement", "S'engager dans un projet collectif", "FRM_CIT MET_APP"),
    (SVT, 3, "demarche", "Pratiquer des démarches scientifiques", "SYS_NAT"),
    (SVT, 4, "demarche", "Pratiquer des démarches scientifiques", "SYS_NAT CPD_SCI"),
    (SVT, 4, "vivant", "Expliquer le fonctionnement du vivant", "SYS_NAT"),
    (PC, 4, "demarche", "Pratiquer des démarches scientifiques", "SYS_NAT CPD_SCI"),
    (PC, 4, "langage", "Utiliser le langage scientifique", "CPD_SCI"),
    (TECHNO, 3, "objets", "Décrire le fonctionnement d'objets techniques", "SYS_NAT"),
    (TECHNO, 4, "concevoir", "Concevoir, créer, réaliser un objet", "SYS_NAT MET_APP"),
    (TECHNO, 4, "numerique", "Écrire, mettre au point et exécuter un programme", "CPD_SCI SYS_NAT"),
    (ARTS, 3, "pratiquer", "Expérimenter, produire, créer", "CPD_ART"),
    (ARTS, 4, "pratiquer", "Expérimenter, produire, créer", "CPD_ART"),
    (ARTS, 4, "regard", "Se repérer dans les domaines liés aux arts plastiques", "CPD_ART REP_MND"),
    (MUS, 3, "chanter", "Chanter et interpréter", "CPD_ART"),
    (MUS, 4, "chanter", "Réaliser des projets musicaux d'interprétation", "CPD_ART"),
    (MUS, 4, "ecouter", "Écouter, comparer, construire une culture musicale", "CPD_ART REP_MND"),
    (EPS, 3, "performance", "Produire une performance optimale, mesurable", "CPD_ART"),
    (EPS, 3, "cooperer", "Conduire et maîtriser un affrontement collectif", "FRM_CIT CPD_ART"),
    (EPS, 4, "performance", "Produire une performance optimale, mesurable", "CPD_ART"),
    (EPS, 4, "cooperer", "Conduire et maîtriser un affrontement collectif", "FRM_CIT MET_APP"),
)


def items_de_depart():
    return [{"id": f"c{cycle}-{matiere}-{court}", "matiere": matiere, "cycle": cycle, "libelle": libelle,
             "composantes": tuple(c for c in CODES_COMPOSANTES if c in composantes.split())}
            for matiere, cycle, court, libelle, composantes in REFERENTIEL]

from datetime import datetime, timedelta, timezone
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cartable.regles.devoirs import (
    MO,
    Devoir,
    DevoirInvalide,
    Prolongation,
    Rendu,
    TransitionRefusee,
    appliquer,
    changer_etat_devoir,
    date_lisible,
    doit_etre_clos,
    duree_lisible,
    nettoyer_nom,
    noms_uniques,
    peut_remettre,
    retard,
    retard_texte,
    tableau_de_correction,
    transitions_possibles,
    verifier_fichiers,
    verifier_rendu,
    verifier_texte,
    visible_par_l_eleve,
)

PARIS = ZoneInfo("Europe/Paris")
S = timedelta(seconds=1)
OUVERTURE = datetime(2026, 11, 16, 8, 0, tzinfo=PARIS)
ECHEANCE = datetime(2026, 11, 20, 18, 0, tzinfo=PARIS)
LIMITE = datetime(2026, 11, 22, 23, 59, tzinfo=PARIS)
PROLONGEE = Prolongation(datetime(2026, 11, 25, 18, 0, tzinfo=PARIS), datetime(2026, 11, 26, 8, 0, tzinfo=PARIS))
PDF = b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n" + b"0" * 100


def devoir(**changes):
    valeurs = dict(ouverture=OUVERTURE, echeance=ECHEANCE, date_limite=LIMITE, prolongations={"lea": PROLONGEE},
                   enseignants=frozenset({"prof"}))
    return Devoir(**(valeurs | changes))


# --- peut_remettre at its boundaries ----------------------------------------

@pytest.mark.parametrize("eleve, instant, permis, en_retard", [
    ("tom", OUVERTURE - S, False, False),
    ("tom", OUVERTURE, True, False),
    ("tom", ECHEANCE, True, False),
    ("tom", ECHEANCE + S, True, True),
    ("tom", LIMITE, True, True),
    ("tom", LIMITE + S, False, False),
    # the extension: the devoir's dates no longer apply to Léa
    ("lea", OUVERTURE - S, False, False),
    ("lea", ECHEANCE + S, True, False),
    ("lea", LIMITE + S, True, False),
    ("lea", PROLONGEE.echeance, True, False),
    ("lea", PROLONGEE.echeance + S, True, True),
    ("lea", PROLONGEE.date_limite, True, True),
    ("lea", PROLONGEE.date_limite + S, False, False),
])
def test_peut_remettre_one_second_either_side(eleve, instant, permis, en_retard):
    possible, raison = peut_remettre(devoir(), eleve, instant)
    assert possible is permis
    assert ("en retard" in raison) is en_retard
    if not permis:
        assert "ouvre" in raison or "date limite est passée" in raison


def test_peut_remettre_says_when_it_opens_in_paris_time():
    assert peut_remettre(devoir(), "tom", OUVERTURE - S) == (False, "La remise ouvre le lundi 16 novembre à 8 h.")


def test_no_cut_off_means_late_forever():
    d = devoir(date_limite=None, prolongations={})
    assert peut_remettre(d, "tom", ECHEANCE + timedelta(days=400))[0] is True


def test_extension_without_cut_off_for_that_student_only():
    d = devoir(prolongations={"lea": Prolongation(ECHEANCE + timedelta(days=1))})
    assert peut_remettre(d, "lea", LIMITE + timedelta(days=30))[0] is True
    assert peut_remettre(d, "tom", LIMITE + S)[0] is False


def test_state_of_the_devoir_comes_first():
    assert peut_remettre(devoir(etat="brouillon"), "tom", ECHEANCE) == (False, "Ce devoir n'est pas encore publié.")
    assert peut_remettre(devoir(etat="clos"), "lea", ECHEANCE)[0] is False


def test_aware_datetimes_in_any_zone_are_the_same_instant():
    utc = ECHEANCE.astimezone(timezone.utc)
    assert peut_remettre(devoir(), "tom", utc + S)[1].startswith("Remise possible, mais en retard")
    with pytest.raises(DevoirInvalide, match="fuseau"):
        peut_remettre(devoir(), "tom", datetime(2026, 11, 20, 18, 0))


# --- devoir validation -------------------------------------------------------

@pytest.mark.parametrize("changes, message", [
    ({"echeance": OUVERTURE - S}, "précède la date d'ouverture"),
    ({"date_limite": ECHEANCE - S}, "date limite précède"),
    ({"prolongations": {"lea": Prolongation(ECHEANCE - S)}}, "ne peut que la reculer"),
    ({"prolongations": {"lea": Prolongation(ECHEANCE, ECHEANCE - S)}}, "prolongation de lea précède"),
    ({"fichiers_attendus": False, "texte_attendu": False}, "fichiers, un texte en ligne"),
    ({"max_fichiers": 0}, "entier positif"),
    ({"taille_max_octets": True}, "entier positif"),
    ({"types_autorises": frozenset({"exe"})}, "Types de fichiers autorisés"),
    ({"ouverture": datetime(2026, 11, 16, 8)}, "fuseau horaire manque"),
    ({"etat": "archive"}, "État de devoir inconnu"),
])
def test_invalid_devoir_is_refused_in_french(changes, message):
    with pytest.raises(DevoirInvalide, match=message):
        devoir(**changes)


def test_boundaries_equal_are_accepted():
    d = devoir(ouverture=ECHEANCE, date_limite=ECHEANCE, prolongations={"lea": Prolongation(ECHEANCE, ECHEANCE)})
    assert peut_remettre(d, "lea", ECHEANCE)[0] is True


# --- lateness ----------------------------------------------------------------

def test_retard_boundaries_and_extension():
    d = devoir()
    assert retard(d, "tom", ECHEANCE) is None
    assert retard(d, "tom", ECHEANCE + S) == S
    assert retard(d, "lea", ECHEANCE + timedelta(days=2)) is None
    assert retard(d, "lea", PROLONGEE.echeance + timedelta(hours=2, minutes=5)) == timedelta(hours=2, minutes=5)


def test_retard_is_a_true_duration_across_the_end_of_summer_time():
    # 25 October 2026: 03:00 CEST becomes 02:00 CET. 01:30 → 03:30 on the clock is 3 hours.
    d = Devoir(ouverture=datetime(2026, 10, 20, tzinfo=PARIS), echeance=datetime(2026, 10, 25, 1, 30, tzinfo=PARIS))
    assert retard(d, "tom", datetime(2026, 10, 25, 3, 30, tzinfo=PARIS)) == timedelta(hours=3)


@pytest.mark.parametrize("duree, texte", [
    (timedelta(seconds=1), "en retard de moins d'une minute"),
    (timedelta(minutes=12, seconds=59), "en retard de 12 min"),
    (timedelta(hours=2, minutes=5), "en retard de 2 h 05"),
    (timedelta(hours=2, minutes=5, seconds=59), "en retard de 2 h 05"),
    (timedelta(days=1, hours=4, minutes=30), "en retard de 1 jour 4 h"),
    (timedelta(days=3), "en retard de 3 jours"),
    (timedelta(days=3, minutes=59), "en retard de 3 jours"),
])
def test_retard_texte(duree, texte):
    d = devoir(date_limite=None)
    assert retard_texte(d, "tom", ECHEANCE + duree) == texte
    assert retard_texte(d, "tom", ECHEANCE) is None


@given(st.integers(min_value=1, max_value=10**8))
def test_duree_lisible_never_overstates(secondes):
    texte = duree_lisible(timedelta(seconds=secondes))
    nombres = [int(n) for n in texte.split() if n.isdigit()]
    if texte == "moins d'une minute":
        dit, pas = 0, 60
    elif "jour" in texte:
        dit, pas = nombres[0] * 86400 + (nombres[1] * 3600 if len(nombres) > 1 else 0), 3600
    elif " h " in texte:
        dit, pas = nombres[0] * 3600 + nombres[1] * 60, 60
    else:
        dit, pas = nombres[0] * 60, 60
    assert dit <= secondes < dit + pas  # rounded down to its last unit, never up


def test_date_lisible_is_paris_time_summer_and_winter():
    assert date_lisible(datetime(2026, 7, 1, 16, 5, tzinfo=timezone.utc)) == "mercredi 1er juillet à 18 h 05"
    assert date_lisible(datetime(2026, 12, 1, 16, 5, tzinfo=timezone.utc)) == "mardi 1er décembre à 17 h 05"


# --- files -------------------------------------------------------------------

def test_size_limit_exact_accepted_one_byte_more_refused():
    d = devoir(taille_max_octets=2 * MO)
    assert verifier_fichiers(d, [("copie.pdf", 2 * MO, PDF)]) == []
    erreurs = verifier_fichiers(d, [("copie.pdf", 2 * MO + 1, PDF)])
    assert erreurs == ["« copie.pdf » pèse 2 Mo : la limite est de 2 Mo par fichier."]


def test_file_count_limit():
    d = devoir(max_fichiers=2)
    assert verifier_fichiers(d, [("a.pdf", 10, PDF)] * 2) == []
    assert verifier_fichiers(d, [("a.pdf", 10, PDF)] * 3) == ["3 fichiers envoyés : ce devoir en accepte 2 au plus."]


SIGNATURES_VRAIES = {
    "scan.png": b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR",
    "photo.JPG": b"\xff\xd8\xff\xe0\x00\x10JFIF",
    "anim.gif": b"GIF89a\x01\x00",
    "image.webp": b"RIFF\x24\x00\x00\x00WEBPVP8 ",
    "expose.docx": b"PK\x03\x04\x14\x00\x06\x00",
    "ancien.doc": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00",
    "redaction.odt": b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.text",
    "tableur.ods": b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet",
    "lettre.rtf": b"{\\rtf1\\ansi",
    "notes.txt": "Énoncé : réponse à la question 1.\r\n\tSuite".encode("utf-8"),
    "notes-windows.txt": "Réponse".encode("cp1252"),
    "copie.pdf": PDF,
}


@pytest.mark.parametrize("nom", sorted(SIGNATURES_VRAIES))
def test_real_files_of_every_family_accepted(nom):
    assert verifier_fichiers(devoir(), [(nom, 1000, SIGNATURES_VRAIES[nom])]) == []


@pytest.mark.parametrize("nom, octets", [
    ("copie.pdf", b"MZ\x90\x00\x03\x00"),  # a Windows executable renamed
    ("copie.pdf", b""),
    ("scan.png", b"\xff\xd8\xff\xe0"),  # a JPEG is not a PNG
    ("image.webp", b"RIFX\x24\x00\x00\x00WEBP"),
    ("redaction.odt", b"PK\x03\x04" + b"\x00" * 26 + b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"),
    ("expose.docx", b"PK\x05\x06"),  # an empty zip
    ("notes.txt", b"\x7fELF\x02\x01\x01\x00"),
])
def test_content_not_matching_extension_refused(nom, octets):
    erreurs = verifier_fichiers(devoir(), [(nom, 1000, octets)])
    assert len(erreurs) == 1 and "son contenu ne correspond pas à son extension" in erreurs[0]


@pytest.mark.parametrize("nom", ["virus.exe", "script.sh", "sans_extension", ".pdf", "archive.zip"])
def test_unknown_types_refused(nom):
    erreurs = verifier_fichiers(devoir(), [(nom, 1000, PDF)])
    assert len(erreurs) == 1 and ("type de fichier n'est pas accepté" in erreurs[0] or "utilisable" in erreurs[0])


def test_types_restricted_by_family():
    d = devoir(types_autorises=frozenset({"pdf"}))
    assert verifier_fichiers(d, [("copie.pdf", 10, PDF)]) == []
    assert verifier_fichiers(d, [("scan.png", 10, SIGNATURES_VRAIES["scan.png"])]) == [
        "« scan.png » : ce type de fichier n'est pas accepté. Types acceptés : PDF."]


def test_empty_file_and_bad_names_refused():
    assert verifier_fichiers(devoir(), [("copie.pdf", 0, b"")]) == ["« copie.pdf » est vide."]
    assert verifier_fichiers(devoir(), [("../..", 10, PDF)]) == [
        "Le nom de fichier « ../.. » n'est pas utilisable : renommez le fichier."]


def test_files_when_only_text_expected():
    d = devoir(fichiers_attendus=False, texte_attendu=True)
    assert verifier_fichiers(d, [("copie.pdf", 10, PDF)]) == [
        "Ce devoir n'attend pas de fichier : rédigez votre réponse en ligne."]


@pytest.mark.parametrize("nom, propre", [
    ("C:\\Users\\Léa\\Devoir maths.pdf", "Devoir maths.pdf"),
    ("../../etc/passwd", "passwd"),
    ("e\u0301te\u0301.pdf", "\u00e9t\u00e9.pdf"),  # decomposed accents (macOS) → composed
    ('a<b>c:"d|e?f*.pdf', "a_b_c__d_e_f_.pdf"),
    ("  .cache.pdf. ", "cache.pdf"),
    ("CON.txt", "_CON.txt"),
    ("nul\x00.pdf", "nul_.pdf"),
    ("...", ""),
])
def test_nettoyer_nom(nom, propre):
    assert nettoyer_nom(nom) == propre


@given(st.text(max_size=300))
def test_nettoyer_nom_is_always_safe(nom):
    propre = nettoyer_nom(nom)
    assert len(propre) <= 120
    assert not any(c in propre for c in '/\\<>:"|?*\x00')
    assert not propre.startswith(".") and propre == propre.strip()
    assert nettoyer_nom(propre) == propre


def test_noms_uniques_for_the_zip():
    assert noms_uniques(["a.pdf", "dossier/a.pdf", "A.PDF", "..", "b"]) == [
        "a.pdf", "a (2).pdf", "A (3).PDF", "fichier", "b"]


def test_online_text_length_boundary_in_characters():
    d = devoir(texte_attendu=True, texte_max_caracteres=10)
    assert verifier_texte(d, "é" * 10) == []  # 20 bytes in UTF-8, 10 characters
    assert verifier_texte(d, "é" * 11) == ["Le texte compte 11 caractères : la limite est de 10."]
    assert verifier_texte(devoir(), "bonjour") == ["Ce devoir n'attend pas de texte en ligne : déposez des fichiers."]


def test_verifier_rendu_refuses_an_empty_hand_in():
    d = devoir(texte_attendu=True)
    assert verifier_rendu(d, [], "  ") == ["Le rendu est vide : ajoutez un fichier ou un texte avant de le remettre."]
    assert verifier_rendu(d, [], "Ma réponse") == []
    assert verifier_rendu(d, [("a.pdf", 0, b"")], "x" * 20_001) == [
        "« a.pdf » est vide.", "Le texte compte 20001 caractères : la limite est de 20000."]


# --- Rendu workflow ------------------------------------------------------------

def test_full_path_of_a_late_hand_in():
    d = devoir()
    r = appliquer(d, Rendu("tom"), "remettre", "tom", ECHEANCE + timedelta(hours=2, minutes=5))
    assert (r.etat, r.en_retard, r.retard) == ("remis", True, timedelta(hours=2, minutes=5))
    r = appliquer(d, r, "rouvrir", "prof", ECHEANCE + timedelta(hours=3))
    assert r.etat == "rouvert"
    r = appliquer(d, r, "remettre", "tom", ECHEANCE + timedelta(days=1))
    assert (r.etat, r.remis_le, r.retard) == ("remis", (ECHEANCE + timedelta(days=1)).astimezone(timezone.utc),
                                             timedelta(days=1))
    r = appliquer(d, r, "corriger", "prof", LIMITE, appreciation=" Bien. ", note="14,5")
    assert (r.etat, r.appreciation, r.note) == ("corrige", "Bien.", Decimal("14.5"))
    r = appliquer(d, r, "corriger", "prof", LIMITE, appreciation="Très bien.", note=None)
    assert (r.appreciation, r.note) == ("Très bien.", None)
    r = appliquer(d, r, "restituer", "prof", LIMITE)
    assert r.etat == "restitue"
    assert [t for t, _qui, _quand in r.historique] == [
        "remettre", "rouvrir", "remettre", "corriger", "corriger", "restituer"]


def test_on_time_hand_in_at_the_due_second():
    r = appliquer(devoir(), Rendu("tom"), "remettre", "tom", ECHEANCE)
    assert (r.en_retard, r.retard) == (False, None)


# who may do what, from which state: every transition × every kind of person
ETATS = ["brouillon", "remis", "rouvert", "corrige", "restitue"]
PERSONNES = {"auteur": "tom", "autre_eleve": "lea", "enseignant": "prof", "autre": "direction"}
PERMIS = {
    ("remettre", "auteur"): {"brouillon", "rouvert"},
    ("rouvrir", "enseignant"): {"remis"},
    ("corriger", "enseignant"): {"remis", "corrige"},
    ("restituer", "enseignant"): {"corrige"},
}


@pytest.mark.parametrize("transition", ["remettre", "rouvrir", "corriger", "restituer"])
@pytest.mark.parametrize("personne", sorted(PERSONNES))
@pytest.mark.parametrize("etat", ETATS)
def test_transitions_per_role_and_state(transition, personne, etat):
    d, rendu = devoir(), Rendu("tom", etat=etat)
    attendu = etat in PERMIS.get((transition, personne), set())
    assert (transition in transitions_possibles(d, rendu, PERSONNES[personne], ECHEANCE)) is attendu
    if attendu:
        assert appliquer(d, rendu, transition, PERSONNES[personne], ECHEANCE, appreciation="Vu").etat != "brouillon"
    else:
        with pytest.raises(TransitionRefusee):
            appliquer(d, rendu, transition, PERSONNES[personne], ECHEANCE, appreciation="Vu")


def test_refusals_in_french():
    d = devoir()
    with pytest.raises(TransitionRefusee, match="Seul l'élève auteur"):
        appliquer(d, Rendu("tom"), "remettre", "lea", ECHEANCE)
    with pytest.raises(TransitionRefusee, match="Seul un enseignant de cet espace"):
        appliquer(d, Rendu("tom", etat="remis"), "corriger", "tom", ECHEANCE, appreciation="x")
    with pytest.raises(TransitionRefusee, match="date limite est passée"):
        appliquer(d, Rendu("tom"), "remettre", "tom", LIMITE + S)
    with pytest.raises(TransitionRefusee, match="appréciation"):
        appliquer(d, Rendu("tom", etat="remis"), "corriger", "prof", ECHEANCE, appreciation=" ")
    with pytest.raises(TransitionRefusee, match="Action inconnue"):
        appliquer(d, Rendu("tom"), "supprimer", "tom", ECHEANCE)


@pytest.mark.parametrize("note", ["-1", "20.01", "abc", "NaN", True, "Infinity"])
def test_bad_marks_refused_and_nothing_changes(note):
    rendu = Rendu("tom", etat="remis")
    with pytest.raises(TransitionRefusee):
        appliquer(devoir(), rendu, "corriger", "prof", ECHEANCE, appreciation="Bien", note=note)
    assert rendu.etat == "remis" and rendu.note is None


@pytest.mark.parametrize("note, valeur", [(0, Decimal(0)), ("20", Decimal(20)), (12.5, Decimal("12.5")), ("", None)])
def test_marks_accepted_at_the_bounds(note, valeur):
    r = appliquer(devoir(), Rendu("tom", etat="remis"), "corriger", "prof", ECHEANCE, appreciation="Bien", note=note)
    assert r.note == valeur


def test_reopening_does_not_bypass_the_cut_off_an_extension_does():
    d = devoir()
    rouvert = Rendu("tom", etat="rouvert")
    with pytest.raises(TransitionRefusee):
        appliquer(d, rouvert, "remettre", "tom", LIMITE + S)
    prolonge = devoir(prolongations={"tom": PROLONGEE})
    assert appliquer(prolonge, rouvert, "remettre", "tom", LIMITE + S).en_retard is False


# --- Devoir workflow ---------------------------------------------------------

def test_devoir_workflow_teacher_only():
    d = devoir(etat="brouillon")
    publie = changer_etat_devoir(d, "publier", "prof")
    assert publie.etat == "publie" and changer_etat_devoir(publie, "clore", "prof").etat == "clos"
    for qui in ("tom", "direction"):
        with pytest.raises(TransitionRefusee, match="Seul un enseignant"):
            changer_etat_devoir(d, "publier", qui)
    with pytest.raises(TransitionRefusee, match="Impossible de clore"):
        changer_etat_devoir(d, "clore", "prof")
    with pytest.raises(TransitionRefusee, match="Impossible de publier"):
        changer_etat_devoir(publie, "publier", "prof")


def test_closed_automatically_after_the_last_cut_off():
    d = devoir()
    assert doit_etre_clos(d, LIMITE + S) is False  # Léa's extension still runs
    assert doit_etre_clos(d, PROLONGEE.date_limite) is False
    assert doit_etre_clos(d, PROLONGEE.date_limite + S) is True
    sans_prolongation = devoir(prolongations={})
    assert doit_etre_clos(sans_prolongation, LIMITE) is False
    assert doit_etre_clos(sans_prolongation, LIMITE + S) is True
    assert doit_etre_clos(devoir(date_limite=None, prolongations={}), LIMITE + timedelta(days=999)) is False
    assert doit_etre_clos(devoir(prolongations={"lea": Prolongation(ECHEANCE)}), LIMITE + timedelta(days=9)) is False
    assert doit_etre_clos(devoir(etat="brouillon", prolongations={}), LIMITE + S) is False


# --- marking table ---------------------------------------------------------------

def test_tableau_de_correction():
    d = devoir()
    eleves = {"tom": "MARTIN Tom", "lea": "ÉTIENNE Léa", "zoe": "ABEL Zoé", "eva": "EMERY Eva"}
    tard = appliquer(d, Rendu("tom"), "remettre", "tom", ECHEANCE + timedelta(hours=2, minutes=5))
    corrige = appliquer(d, tard, "corriger", "prof", LIMITE, appreciation="Soigné", note=15)
    a_l_heure = appliquer(d, Rendu("lea"), "remettre", "lea", ECHEANCE + timedelta(days=1))  # extended: on time
    parti = appliquer(d, Rendu("max"), "remettre", "max", ECHEANCE)
    lignes = tableau_de_correction(d, eleves, [corrige, a_l_heure, Rendu("eva"), parti])
    assert [ligne["nom"] for ligne in lignes] == ["ABEL Zoé", "EMERY Eva", "ÉTIENNE Léa", "MARTIN Tom", "max"]
    zoe, eva, lea, tom, max_ = lignes
    assert (zoe["etat_libelle"], zoe["remis_le"], zoe["retard_texte"], zoe["note"]) == ("Non rendu", None, "", None)
    assert (eva["etat_libelle"], eva["remis_le_texte"], eva["en_retard"]) == ("Brouillon (non remis)", "", False)
    assert (lea["etat"], lea["en_retard"], lea["retard_texte"]) == ("remis", False, "")
    assert lea["echeance_texte"] == "mercredi 25 novembre à 18 h"
    assert tom == {
        "eleve": "tom", "nom": "MARTIN Tom", "etat": "corrige", "etat_libelle": "Corrigé",
        "remis_le": (ECHEANCE + timedelta(hours=2, minutes=5)).astimezone(timezone.utc),
        "remis_le_texte": "vendredi 20 novembre à 20 h 05", "en_retard": True, "retard_texte": "en retard de 2 h 05",
        "note": Decimal(15), "appreciation": "Soigné", "echeance_texte": "vendredi 20 novembre à 18 h",
    }
    assert max_["etat"] == "remis"


def test_a_lone_string_is_not_a_list_of_teachers():
    with pytest.raises(DevoirInvalide, match="une liste est attendue"):
        devoir(enseignants="prof")


@pytest.mark.parametrize("taille", [-1, "12", None, True])
def test_unreadable_size_refused(taille):
    assert verifier_fichiers(devoir(), [("copie.pdf", taille, PDF)]) == ["« copie.pdf » : taille illisible."]


def test_missing_first_bytes_refused():
    assert "son contenu ne correspond pas" in verifier_fichiers(devoir(), [("copie.pdf", 10, None)])[0]


def test_student_reads_feedback_only_once_restituted():
    d = devoir()
    corrige = appliquer(d, Rendu("tom", etat="remis"), "corriger", "prof", ECHEANCE, appreciation="Bien", note=12)
    assert visible_par_l_eleve(corrige)["appreciation"] is None and visible_par_l_eleve(corrige)["note"] is None
    restitue = appliquer(d, corrige, "restituer", "prof", ECHEANCE)
    assert (visible_par_l_eleve(restitue)["appreciation"], visible_par_l_eleve(restitue)["note"]) == ("Bien", 12)


def test_lateness_in_the_table_is_the_one_recorded_at_hand_in():
    tard = appliquer(devoir(), Rendu("tom"), "remettre", "tom", ECHEANCE + timedelta(minutes=12))
    prolonge_apres = devoir(prolongations={"tom": PROLONGEE})
    (ligne,) = tableau_de_correction(prolonge_apres, {"tom": "MARTIN Tom"}, [tard])
    assert (ligne["en_retard"], ligne["retard_texte"]) == (True, "en retard de 12 min")

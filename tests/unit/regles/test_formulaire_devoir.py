"""The « nouveau devoir » form read without Zope: values, French errors, the hand-in rules' own checks."""

from datetime import datetime

import pytest

from cartable.regles import devoirs
from cartable.regles.formulaire_devoir import PIECE_MAX_OCTETS, lire_date, lire_formulaire, verifier_pieces_jointes

PDF = b"%PDF-1.7\n" + b"0" * 100


def formulaire(**champs):
    return {"titre": "Rédaction", "ouverture": "2026-11-16T08:00", "echeance": "2026-11-20T18:00",
            "fichiers_attendus": "on", "types_autorises": ["pdf", "texte"], "action": "publier", **champs}


def test_a_complete_form_gives_naive_paris_dates_and_defaults():
    valeurs, erreurs = lire_formulaire(formulaire(date_limite="2026-11-22T18:00", bareme="10"))
    assert erreurs == []
    assert valeurs["ouverture"] == datetime(2026, 11, 16, 8) and valeurs["echeance"] == datetime(2026, 11, 20, 18)
    assert valeurs["date_limite"] == datetime(2026, 11, 22, 18) and valeurs["echeance"].tzinfo is None
    assert valeurs["publier"] is True and valeurs["bareme"] == 10 and valeurs["max_fichiers"] == 5
    assert valeurs["types_autorises"] == ["pdf", "texte"] and valeurs["texte_attendu"] is False


def test_draft_and_single_type_as_a_string():
    valeurs, erreurs = lire_formulaire(formulaire(action="brouillon", types_autorises="image"))
    assert erreurs == [] and valeurs["publier"] is False and valeurs["types_autorises"] == ["image"]


@pytest.mark.parametrize("champs, message", [
    ({"titre": "  "}, "Le titre est obligatoire."),
    ({"echeance": ""}, "Date de remise : obligatoire."),
    ({"echeance": "20/11/2026"}, "Date de remise : date et heure illisibles (attendu : JJ/MM/AAAA HH:MM)."),
    ({"echeance": "2026-11-16T07:59"}, "La date de remise précède la date d'ouverture."),
    ({"date_limite": "2026-11-20T17:59"}, "La date limite précède la date de remise."),
    ({"max_fichiers": "0"}, "Nombre maximal de fichiers : entre 1 et 50."),
    ({"taille_max_mo": "201"}, "Taille maximale d'un fichier (Mo) : entre 1 et 200."),
    ({"bareme": "vingt"}, "Noté sur : un nombre entier est attendu."),
    ({"types_autorises": ["pdf", "exe"]}, "Type de fichier inconnu : exe."),
    ({"types_autorises": []}, "Choisissez au moins un type de fichier accepté."),
    ({"fichiers_attendus": ""}, "Le devoir doit attendre des fichiers, un texte en ligne, ou les deux."),
])
def test_bad_input_is_refused_in_french(champs, message):
    _, erreurs = lire_formulaire(formulaire(**champs))
    assert message in erreurs


def test_boundaries_of_the_dates_are_those_of_the_rules():
    # due at the opening minute, cut-off at the due minute: allowed (inclusive boundaries)
    _, erreurs = lire_formulaire(formulaire(echeance="2026-11-16T08:00", date_limite="2026-11-16T08:00"))
    assert erreurs == []


def test_text_only_devoir_needs_no_file_type():
    valeurs, erreurs = lire_formulaire(formulaire(fichiers_attendus="", texte_attendu="on", types_autorises=[]))
    assert erreurs == [] and valeurs["types_autorises"] == []


def test_lire_date_refuses_a_zone_and_drops_seconds():
    assert lire_date("2026-11-20T18:00:59") == datetime(2026, 11, 20, 18)
    assert lire_date("2026-11-20T18:00+01:00") is None and lire_date("demain") is None


def test_attachments_are_checked_by_signature_and_size():
    assert verifier_pieces_jointes([]) == []
    assert verifier_pieces_jointes([("sujet.pdf", len(PDF), PDF)]) == []
    assert verifier_pieces_jointes([("sujet.pdf", PIECE_MAX_OCTETS, PDF)]) == []
    (erreur,) = verifier_pieces_jointes([("sujet.pdf", PIECE_MAX_OCTETS + 1, PDF)])
    assert "la limite est de 50 Mo par fichier" in erreur
    (erreur,) = verifier_pieces_jointes([("sujet.pdf", 10, b"MZ\x90\x00")])
    assert erreur == "« sujet.pdf » n'est pas un vrai fichier .pdf : son contenu ne correspond pas à son extension."
    assert devoirs.MO == 1024 * 1024

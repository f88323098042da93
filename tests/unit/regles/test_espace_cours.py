"""The course space's page rules: who sees which item, the hand-in counts, a student's own hand-in in words."""

from datetime import date, datetime, timezone
from decimal import Decimal

from cartable.regles import espace_cours as r


def el(chemin, type_, etat, titre=None):
    return r.Element(chemin=chemin, type=type_, titre=titre or chemin, etat=etat, url=f"http://x/{chemin}")


ELEMENTS = [
    el("cahier-de-textes", "CahierDeTextes", "ouvert"),
    el("seq", "Sequence", "visible", "Séquence 1"),
    el("seq/cours", "Document", "visible", "Cours"),
    el("seq/brouillon", "Document", "prive", "Brouillon du prof"),
    el("seq/dm", "Devoir", "publie", "DM dans la séquence"),
    el("cachee", "Sequence", "prive", "Séquence cachée"),
    el("cachee/doc", "Document", "visible", "Doc d'une séquence cachée"),
    el("fiche", "Document", "visible", "Fiche"),
    el("notes", "Document", "programme", "Notes"),
    el("devoir", "Devoir", "publie", "Rédaction"),
    el("devoir/consigne", "File", "visible", "Consigne"),
    el("devoir/e1", "Rendu", "remis", "Rendu"),
    el("projet", "Devoir", "brouillon", "Projet"),
]


def titres(liste):
    return [c.titre for c in liste]


def test_a_student_sees_only_what_the_workflows_show_a_reader():
    vu = r.organiser(ELEMENTS, enseignant=False)
    assert titres(vu["sequences"]) == ["Séquence 1"]
    assert titres(vu["sequences"][0].enfants) == ["Cours", "DM dans la séquence"]
    assert titres(vu["contenus"]) == ["Fiche"]  # not the scheduled one, not what a hidden séquence holds
    assert titres(vu["devoirs"]) == ["DM dans la séquence", "Rédaction"]  # not the draft
    assert vu["cahier"].titre == "cahier-de-textes"
    tout = str(vu)
    assert "Consigne" not in tout and "Rendu" not in tout and "Doc d'une séquence cachée" not in tout


def test_a_teacher_sees_everything_with_its_state_in_words():
    vu = r.organiser(ELEMENTS, enseignant=True)
    assert titres(vu["sequences"]) == ["Séquence 1", "Séquence cachée"]
    assert [c.etat_libelle for c in vu["sequences"]] == ["Visible des élèves", "Privé (enseignants seulement)"]
    assert titres(vu["contenus"]) == ["Fiche", "Notes"]
    assert vu["contenus"][1].etat_libelle == "Publication programmée"
    assert {c.titre: c.etat_libelle for c in vu["devoirs"]}["Projet"] == "Brouillon (non publié)"
    assert "Consigne" not in str(vu)  # a Devoir's attachments are the Devoir's page's


def test_hand_in_counts():
    comptes = r.comptes_rendus(["remis", "brouillon", "corrige", "restitue", "rouvert", "remis"], 28)
    assert (comptes.remis, comptes.attendus, comptes.a_corriger) == (4, 28, 2)
    assert comptes.texte == "4 remis sur 28, 2 à corriger"
    assert r.comptes_rendus([], 3).texte == "0 remis sur 3"


def test_own_hand_in_in_words_and_the_mark_only_once_restituted():
    remis_le = datetime(2026, 12, 3, 9, 5, tzinfo=timezone.utc)
    ligne = r.mon_rendu("corrige", remis_le, Decimal("14.50"), 20)
    assert ligne["etat_libelle"] == "Corrigé" and ligne["note_texte"] == ""
    assert ligne["remis_le_texte"] == "Remis le jeudi 3 décembre à 10 h 05"  # Paris time
    assert r.mon_rendu("restitue", remis_le, "14.50", 20)["note_texte"] == "14,5 / 20"
    assert r.mon_rendu("restitue", remis_le, Decimal("15"), 10)["note_texte"] == "15 / 10"
    assert r.mon_rendu("non rendu", None, None, 20) == {"etat": "non rendu", "etat_libelle": "Non rendu",
                                                        "remis_le_texte": "", "note_texte": ""}
    assert r.mon_rendu("brouillon", remis_le, None, 20)["remis_le_texte"] == ""


def test_titles_and_dates_in_words():
    assert r.titre_espace("MATHEMATIQUES", "3A", False, "3A — MATHEMATIQUES") == "Mathematiques — 3A"
    assert r.titre_espace("Histoire-géographie", "3A", False, "x") == "Histoire-géographie — 3A"
    assert r.titre_espace("Club", None, True, "Club théâtre") == "Club théâtre"
    assert r.titre_espace(None, "3A", False, "3A — 020700") == "3A — 020700"  # no subject name: the title, as made
    assert r.echeance_texte(date(2026, 12, 3), date(2026, 11, 17)) == "À rendre pour jeudi 3 décembre"
    assert r.echeance_texte(date(2026, 11, 18), date(2026, 11, 17)) == "À rendre pour demain"
    assert r.enseignants_texte(["Paul Martin", "Paul Martin"]) == "Enseignant : Paul Martin"
    assert r.enseignants_texte(["B", "A"]) == "Enseignants : A, B"
    assert r.enseignants_texte([]) == ""

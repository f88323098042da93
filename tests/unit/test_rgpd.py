"""cartable.regles.rgpd: what « Mes données » says, which reads are logged, when a record is old enough to purge."""

from datetime import date, datetime

from cartable.regles import rgpd


def test_dates_and_states_are_said_in_french_words():
    assert rgpd.quand_fr("2026-11-17T10:30") == "mardi 17 novembre 2026 à 10 h 30"
    assert rgpd.quand_fr("2026-12-01") == "mardi 1er décembre 2026"
    assert rgpd.quand_fr(datetime(2026, 11, 17, 0, 0)) == "mardi 17 novembre 2026"
    assert rgpd.quand_fr(None) == "" and rgpd.quand_fr("pas une date") == "pas une date"
    assert rgpd.etat_rendu("restitue") == "Restitué" and rgpd.etat_rendu(None) == "Non rendu"
    assert rgpd.etat_declaration("a_traiter") == "À traiter"
    assert rgpd.genre_marque("depart") == "Départ anticipé"


def test_a_mark_and_its_appreciation_only_once_restituted():
    fiche = {"devoir": "Rédaction", "etat": "corrige", "note": "14", "appreciation": "Bien", "remis_le": "2026-11-16T18:00",
             "fichiers": ["copie.pdf"]}
    assert rgpd.rendu(fiche)["note"] is None and rgpd.rendu(fiche)["appreciation"] is None
    restitue = rgpd.rendu({**fiche, "etat": "restitue"})
    assert (restitue["note"], restitue["appreciation"], restitue["etat_libelle"]) == ("14", "Bien", "Restitué")
    assert restitue["fichiers"] == ["copie.pdf"]


def test_only_this_students_mark_of_a_register():
    occurrence = {"quand": "2026-11-16T08:00", "matiere": "Français", "motif": None,
                  "marques": {"e1": {"type": "retard", "minutes": 10}, "e2": {"type": "absence"}}}
    assert rgpd.marque(occurrence, "e1") == {"quand": "2026-11-16T08:00", "genre": "retard", "genre_libelle": "Retard",
                                              "minutes": 10, "matiere": "Français", "motif": None}
    assert rgpd.marque(occurrence, "e3") is None


def export_minimal():
    enfant = {"id": "e1", "nom": "Léa Durand", "notes_confidentielles": rgpd.NOTES_CPE_EXCLUES,
              "vie_scolaire": [{"etablissement": "Collège Jean Moulin",
                                "marques": [{"quand": "2026-11-16T08:00", "genre_libelle": "Absence", "minutes": None, "motif": None}],
                                "declarations": [{"declaree_le": "2026-11-16T09:00:00", "du": "2026-11-16T08:00", "au": "2026-11-16T12:00",
                                                  "motif": "Maladie", "statut": "acceptee", "pieces": ["certificat.pdf"]}],
                                "dispenses": [], "punitions": []}],
              "notes": [{"etablissement": "Collège Jean Moulin", "periode": "Trimestre 1", "bulletin_publie": True,
                         "matieres": [{"matiere": "Mathématiques", "moyenne": "12,5", "appreciation": None,
                                       "evaluations": [{"date": "2026-11-10", "titre": "Fractions", "note": "12,5", "bareme": 20}]}]}],
              "rendus": [{"devoir": "Rédaction", "etat_libelle": "Remis", "remis_le": "2026-11-16T18:00", "en_retard": False,
                          "note": None, "appreciation": None}],
              "travaux_faits": []}
    return {"genere_le": "2026-11-17T10:00:00", "demande_par": "Paul Durand", "personne": {"id": "p1", "nom": "Paul Durand"},
            "identite": {"nom": "Paul Durand", "categorie": "Responsable légal", "actif": True, "etablissements": [],
                         "responsables": [], "historique": [{"quand": "2026-09-01T08:00:00", "evenement": "créé"}]},
            "notifications": {"items": [], "preferences": {"devoir": "immediat"}}, "eleves": [enfant]}


def test_the_pdf_lines_say_every_section_in_words_without_iso_dates():
    lignes = rgpd.lignes_export(export_minimal())
    texte = "\n".join(t for _, t in lignes)
    sections = [t for g, t in lignes if g == "section"]
    assert sections[0] == "Identité et comptes" and "Vie scolaire — Léa Durand" in sections
    assert "Notes, appréciations et bulletins — Léa Durand" in sections and "Travail et devoirs rendus — Léa Durand" in sections
    assert "lundi 16 novembre 2026 à 8 h" in texte and "pièce(s) : certificat.pdf" in texte and "Acceptée" in texte
    assert "12,5 / 20" in texte and "Bulletin publié." in texte and "Aucune notification." in texte
    assert "confidentielles" in texte  # the export says what it leaves out
    assert "2026-11-16" not in texte and "T08:00" not in texte


def test_the_pdf_says_the_messages_and_a_rendus_online_text():
    export = export_minimal()
    export["messagerie"] = [{"sujet": "Sortie au musée", "dossier": "reception", "messages": [
        {"de": "Paul Durand", "a": ["Anne Martin"], "groupes": [], "envoye": "2026-11-16T18:30:00", "texte": "Bonjour, une question."},
        {"de": "Anne Martin", "a": [], "groupes": ["Parents de la 3A"], "envoye": "2026-11-17T08:05:00", "texte": "Réponse à tous."}]}]
    export["eleves"][0]["rendus"][0]["texte"] = "Ma rédaction en ligne"
    lignes = rgpd.lignes_export(export)
    texte = "\n".join(t for _, t in lignes)
    assert ("section", "Messages") in lignes and ("sous_section", "Sortie au musée") in lignes
    assert "lundi 16 novembre 2026 à 18 h 30 — de Paul Durand — à Anne Martin" in texte
    assert "de Anne Martin — à Parents de la 3A" in texte and "Bonjour, une question." in texte
    assert "Texte rendu : Ma rédaction en ligne" in texte
    assert "2026-11-1" not in texte
    assert ("section", "Messages") not in rgpd.lignes_export(export_minimal())  # none: no section


def test_which_reads_are_logged():
    assert rgpd.lecture_a_journaliser(True, False, True, "suivi")
    assert rgpd.lecture_a_journaliser(True, False, True, "incidents")
    assert not rgpd.lecture_a_journaliser(True, False, True, "notes")  # their own class
    assert rgpd.lecture_a_journaliser(True, False, False, "notes")  # outside their classes
    assert not rgpd.lecture_a_journaliser(False, False, False, "suivi")  # a family
    assert not rgpd.lecture_a_journaliser(True, True, False, "suivi")  # oneself


def test_retention_arithmetic():
    historique = [("2020-09-01T08:00:00", "créé", "aaf"), ("2022-07-10T03:00:00", "désactivé", "aaf")]
    assert rgpd.depart(historique) == date(2022, 7, 10)
    assert rgpd.depart(historique + [("2023-09-01T03:00:00", "réactivé", "aaf")]) is None
    assert rgpd.depart([]) is None
    # when a record is aged: cartable.regles.retention (tests/unit/test_retention.py)

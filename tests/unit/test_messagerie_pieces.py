"""A message's attachments (issue 16): checked like a Devoir's hand-ins, names cleaned and unique, sizes in words."""

from cartable.regles import messagerie as m

PDF = b"%PDF-1.7\n"


def test_real_files_within_the_limits_pass():
    assert m.verifier_pieces([("cr.pdf", 10, PDF), ("photo.jpg", 10, b"\xff\xd8\xff\xe0"), ("notes.txt", 5, b"bonjour")]) == []
    assert m.verifier_pieces([("gros.pdf", m.TAILLE_MAX_PIECE, PDF)]) == []  # the limit itself is accepted


def test_a_renamed_file_a_type_not_accepted_a_size_or_a_count_past_the_limit_are_refused():
    assert "n'est pas un vrai fichier .pdf" in m.verifier_pieces([("cr.pdf", 10, b"MZ\x90\x00")])[0]
    assert "ce type de fichier n'est pas accepté" in m.verifier_pieces([("jeu.exe", 10, b"MZ")])[0]
    assert "la limite est de 5 Mo" in m.verifier_pieces([("gros.pdf", m.TAILLE_MAX_PIECE + 1, PDF)])[0]
    assert m.verifier_pieces([("a.pdf", 10, PDF)] * (m.PIECES_MAX + 1))[0] == "4 fichiers envoyés : un message en accepte 3 au plus."
    assert "est vide" in m.verifier_pieces([("vide.pdf", 0, b"")])[0]
    assert "binaire" not in " ".join(m.verifier_pieces([("t.txt", 3, b"\x00\x01\x02")])) and m.verifier_pieces([("t.txt", 3, b"\x00\x01\x02")])


def test_names_are_cleaned_and_unique_within_a_message():
    assert m.noms_pieces(["cr.pdf", "cr.pdf", "../../etc/passwd.txt"]) == ["cr.pdf", "cr (2).pdf", "passwd.txt"]
    assert m.piece_en_mots("cr.pdf", 1536 * 1024) == "cr.pdf (1,5 Mo)"

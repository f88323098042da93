"""How large a request body may be, decided before it is read (issue 13, item 5).

A JSON service reads a small object; the services that carry files in base64
(a timetable, a grade file, a hand-in, a session's attachments, a parent's
piece) accept what their own rules accept, times base64's 4/3, plus room for
the rest of the object. Pure: the REST base asks ``refus_de_longueur``.
"""

from cartable.regles import formulaire_devoir, import_edt, transfert_notes
from cartable.regles.devoirs import MO, taille_lisible

LIMITE_JSON = 1 * MO  # an object of fields, a grid of marks or a register: a few hundred kB at most
MARGE = LIMITE_JSON  # the other fields of an object that carries files (a text, a list), as much as a JSON service


def en_base64(octets: int) -> int:
    """Length of ``octets`` bytes once in base64 (4 characters for every 3 bytes, padded)."""
    return 4 * -(-octets // 3)


def limite_pour_fichiers(octets: int, marge: int = MARGE) -> int:
    """The body limit of a service that carries at most ``octets`` bytes of files in base64."""
    return en_base64(octets) + marge


def message_trop_volumineux(limite: int) -> str:
    return f"Corps de la requête trop volumineux : la limite de ce service est de {taille_lisible(limite)}."


LONGUEUR_ILLISIBLE = "Longueur du corps (Content-Length) absente ou illisible : la requête est refusée."


def refus_de_longueur(content_length, a_un_corps: bool, limite: int):
    """None when the body may be read; else ``(status, message)``: 413 past the limit, 400 when a body
    comes without a readable length (it would be read blind)."""
    texte = str(content_length).strip() if content_length is not None else ""
    if not texte:
        return (400, LONGUEUR_ILLISIBLE) if a_un_corps else None
    if not texte.isdigit() or not texte.isascii():
        return 400, LONGUEUR_ILLISIBLE
    if int(texte) > limite:
        return 413, message_trop_volumineux(limite)
    return None


# --- The server's own ceiling (waitress's max_request_body_size) ---------------

FICHIER_RENDU_MAX = 200 * MO  # the largest file a Devoir may accept: the maximum of its « taille_max_mo » field
MARGE_SERVEUR = 8 * MO  # multipart boundaries and headers, the other fields of a form


def plafond_serveur() -> int:
    """waitress's ``max_request_body_size``: the largest legitimate body of any way in, plus a margin.

    The largest are the Devoir form (its attachments, multipart: not base64) and one hand-in file
    at a Devoir's largest size (base64, @rendu). A hand-in of several large files then comes in
    several requests (@rendu adds files to those already handed in)."""
    candidats = (
        formulaire_devoir.PIECES_MAX * formulaire_devoir.PIECE_MAX_OCTETS,
        limite_pour_fichiers(FICHIER_RENDU_MAX),
        limite_pour_fichiers(transfert_notes.TAILLE_MAX),
        limite_pour_fichiers(import_edt.TAILLE_MAX),
    )
    return max(candidats) + MARGE_SERVEUR

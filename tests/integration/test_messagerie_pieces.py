"""Messagerie (issue 16): attachments checked like a Devoir's hand-ins (extension and first bytes, size, count),
stored as blobs with their message, listed in the conversation, downloaded by its participants only."""

import base64

import transaction

from cartable.annuaire.stockage import lire_annuaire
from cartable.messagerie.stockage import lire_messagerie
from cartable.regles import messagerie as regles
from tests.integration.requetes import client

PDF = b"%PDF-1.4\n" + b"compte rendu " * 200 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 4


def en_base64(nom, octets):
    return {"nom": nom, "contenu": base64.b64encode(octets).decode()}


def ecrire(site, role, destinataires, pieces, cle=None):
    return client(site, role).post("@messagerie-envoyer", {"sujet": "Compte rendu", "texte": "Ci-joint le compte rendu.",
                                                           "destinataires": destinataires, "pieces_jointes": pieces}, cle=cle)


def nombre_de_conversations(functional_demo):
    transaction.begin()
    messagerie = lire_messagerie(functional_demo["portal"])
    return len(messagerie.conversations) if messagerie is not None else 0


def test_attachments_are_checked_listed_and_downloaded_by_the_participants_only(site, functional_demo):
    parent = lire_annuaire(functional_demo["portal"]).par_login(site["logins"]["parent"])
    # refused, nothing written: a renamed executable, a type not accepted, too large, too many, not base64
    refus = {
        "renomme": ([en_base64("devoir.pdf", b"MZ\x90\x00" + bytes(200))], "n'est pas un vrai fichier .pdf"),
        "type": ([en_base64("jeu.exe", b"MZ\x90\x00")], "ce type de fichier n'est pas accepté"),
        "taille": ([en_base64("gros.pdf", b"%PDF-" + bytes(regles.TAILLE_MAX_PIECE))], "la limite est de 5 Mo"),
        "nombre": ([en_base64(f"p{i}.pdf", PDF) for i in range(regles.PIECES_MAX + 1)], "un message en accepte 3 au plus"),
        "base64": ([{"nom": "a.pdf", "contenu": "%%%"}], "contenu illisible"),
    }
    for cas, (pieces, motif) in refus.items():
        reponse = ecrire(site, "enseignant", [parent.id], pieces)
        assert reponse.status_code == 400, (cas, reponse.text)
        assert motif in reponse.json()["error"]["message"], (cas, reponse.text)
    assert nombre_de_conversations(functional_demo) == 0

    envoye = ecrire(site, "enseignant", [parent.id], [en_base64("compte rendu.pdf", PDF), en_base64("photo.png", PNG),
                                                      en_base64("compte rendu.pdf", PDF)], cle="pieces-1")
    assert envoye.status_code == 200, envoye.text
    conversation = envoye.json()["conversation"]
    lu = client(site, "parent").get(f"@messagerie-conversation/{conversation}").json()
    pieces = lu["messages"][0]["pieces"]
    assert [p["id"] for p in pieces] == ["compte rendu.pdf", "photo.png", "compte rendu (2).pdf"]
    assert pieces[1]["texte"] == "photo.png (1 Ko)"
    page = client(site, "parent").page(f"@@messagerie-conversation?id={conversation}").text
    assert "photo.png (1 Ko)" in page and "@@messagerie-piece?conversation=" in page

    # the participants download it, byte for byte
    for role in ("parent", "enseignant"):
        fichier = client(site, role).page(pieces[0]["url"])
        assert fichier.status_code == 200 and fichier.content == PDF, role
        assert fichier.headers["Content-Disposition"].startswith("attachment;")
        assert fichier.headers["X-Content-Type-Options"] == "nosniff"
    assert client(site, "parent").page(pieces[1]["url"]).content == PNG
    # nobody else, whatever they know of its address: 404, not said whether it exists
    for role in ("parent_autre", "enseignant_autre", "cpe", "direction", "eleve", "cpe_autre"):
        refuse = client(site, role).page(pieces[0]["url"], allow_redirects=False)
        assert refuse.status_code == 404 and refuse.content != PDF, role
    assert client(site, "admin").page(pieces[0]["url"], allow_redirects=False).status_code in (401, 403)
    assert client(site, "anonyme").page(pieces[0]["url"], allow_redirects=False).status_code in (302, 401)
    inconnue = pieces[0]["url"].replace("compte%20rendu.pdf", "autre.pdf")
    assert client(site, "parent").page(inconnue, allow_redirects=False).status_code == 404

    # a reply carries its own attachment; the message it answers keeps its own
    reponse = client(site, "parent").post(f"@messagerie-repondre/{conversation}",
                                          {"texte": "Merci, voici le mot signé.", "pieces_jointes": [en_base64("mot.txt", b"Lu et approuve.\n")]})
    assert reponse.status_code == 200, reponse.text
    vu = client(site, "enseignant").get(f"@messagerie-conversation/{conversation}").json()
    assert [len(m["pieces"]) for m in vu["messages"]] == [3, 1]
    assert client(site, "enseignant").page(vu["messages"][1]["pieces"][0]["url"]).content == b"Lu et approuve.\n"
    transaction.begin()
    message = lire_messagerie(functional_demo["portal"]).conversations[conversation].chronologie()[0]
    assert message.fichiers["photo.png"]._blob is not None  # a blob, not bytes in the record

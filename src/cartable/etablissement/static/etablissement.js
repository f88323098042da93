/* The establishment's editors (@@editeurs) and free spaces (@@espaces-libres-gestion): each write goes to
   its REST service with an Idempotency-Key (kept until the server answers), then the page reloads. */
(function () {
  "use strict";
  const C = window.Cartable;

  function brancher(racine, selecteurMessage) {
    const message = racine.querySelector(selecteurMessage);
    const url = racine.dataset.url;
    return async function envoyer(methode, adresse, corps, bouton) {
      if (bouton) bouton.disabled = true;
      message.textContent = "Enregistrement…";
      const cle = C.nouvelleCle();
      const r = await C.appeler(adresse || url, {methode: methode, corps: corps, cle: cle});
      if (r.ok) { message.textContent = "Enregistré."; window.location.reload(); return; }
      message.textContent = r.message;
      if (bouton) bouton.disabled = false;
    };
  }

  const editeurs = document.getElementById("editeurs");
  if (editeurs) {
    const envoyer = brancher(editeurs, ".editeurs-message");
    editeurs.querySelector("form.editeur-nommer").addEventListener("submit", (e) => {
      e.preventDefault();
      const choix = e.target.elements.personne.value;
      if (choix) envoyer("POST", null, {personne: choix}, e.submitter);
    });
    editeurs.querySelectorAll(".editeur-retirer").forEach((b) => b.addEventListener("click", () =>
      envoyer("DELETE", editeurs.dataset.url + "/" + encodeURIComponent(b.dataset.id), undefined, b)));
  }

  const espaces = document.getElementById("espaces-libres");
  if (espaces) {
    const envoyer = brancher(espaces, ".espaces-message");
    espaces.querySelector("form.espace-creer").addEventListener("submit", (e) => {
      e.preventDefault();
      const f = e.target.elements;
      const membres = Array.from(e.target.querySelectorAll("input[name=membres]:checked"), (c) => c.value);
      envoyer("POST", null, {titre: f.titre.value, editeurs: f.animateur.value ? [f.animateur.value] : [], membres: membres}, e.submitter);
    });
    espaces.querySelectorAll(".espace-archiver").forEach((b) => b.addEventListener("click", () =>
      envoyer("POST", null, {espace: b.dataset.id, archive: true}, b)));
  }

  // the establishment's home page: publish (an editor) or propose (a teacher) a draft, publish a proposal
  const publication = document.getElementById("publication");
  const messagePublication = document.getElementById("publication-message");
  if (publication && messagePublication) {
    publication.querySelectorAll(".publication-transition").forEach((b) => b.addEventListener("click", async () => {
      b.disabled = true;
      messagePublication.textContent = "Enregistrement…";
      const r = await C.appeler(b.dataset.url + "/@workflow/" + b.dataset.transition, {methode: "POST", corps: {}, cle: C.nouvelleCle()});
      if (r.ok) { messagePublication.textContent = "Enregistré."; window.location.reload(); return; }
      messagePublication.textContent = r.message;
      b.disabled = false;
    }));
  }
})();

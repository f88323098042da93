/* The agenda's "fait" ticks: a POST to @agenda (cartable.commun) with an Idempotency-Key kept
   until the server answers (a lost answer sends the same key again: ticked once);
   without JavaScript the same forms post to the page. */
(function () {
  "use strict";
  const racine = document.getElementById("agenda");
  if (!racine || !racine.dataset.moi || !window.fetch || !window.Cartable) return;
  const portal = racine.dataset.portal, eleve = racine.dataset.eleve;

  async function envoyer(form, essai) {
    const li = form.closest("li"), bouton = form.querySelector("button");
    const champ = form.querySelector('[name="fait"]'), fait = champ.value === "1";
    form.dataset.cle = form.dataset.cle || Cartable.nouvelleCle();
    bouton.disabled = true;
    try {
      const r = await Cartable.requete(portal + "/@agenda", {cle: form.dataset.cle,
        corps: {travail: form.querySelector('[name="travail"]').value, fait: fait, eleve: eleve}});
      if (!r.ok) throw new Error(String(r.status));
      delete form.dataset.cle;
      li.classList.toggle("fait", fait);
      champ.value = fait ? "0" : "1";
      bouton.textContent = fait ? "✓" : " ";
      bouton.setAttribute("aria-pressed", fait ? "true" : "false");
      bouton.title = fait ? "Marquer comme à faire" : "Marquer comme fait";
      li.querySelectorAll(".retard").forEach((el) => (el.hidden = fait));
    } catch (e) {
      if (essai < 3) { setTimeout(() => envoyer(form, essai + 1), 2000); return; }
      bouton.title = "Non enregistré : vérifiez la connexion et réessayez.";
    } finally {
      bouton.disabled = false;
    }
  }

  racine.addEventListener("submit", function (ev) {
    const form = ev.target.closest("form.coche");
    if (!form) return;
    ev.preventDefault();
    envoyer(form, 0);
  });
})();

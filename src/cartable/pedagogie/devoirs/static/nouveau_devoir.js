/* « Nouveau devoir »: the class's workload on the chosen due date (GET {etab}/@charge-de-travail), as a
   warning beside the date. The service may be missing or fail: the form works the same without it. */
(function () {
  "use strict";
  const root = document.getElementById("nouveau-devoir");
  if (!root) return;
  const charge = JSON.parse(root.dataset.charge || "{}");
  const echeance = document.getElementById("echeance"), zone = document.getElementById("charge");
  const formulaire = document.getElementById("formulaire-devoir");

  async function montrer() {
    zone.textContent = "";
    zone.className = "form-text mt-2";
    if (!charge.url || !echeance.value) return;
    const jour = echeance.value.slice(0, 10);
    const params = new URLSearchParams({division: charge.division, du: jour, au: jour});
    const r = await Cartable.appeler(charge.url + "?" + params.toString());
    if (!r.ok) return;  // no workload shown: the form does not depend on it
    const j = (r.donnees.jours || []).find((x) => x.date === jour);
    if (!j) return;
    const texte = "Ce jour-là, la classe a déjà " + j.minutes + " min de travail prévues et " +
      j.evaluations + " évaluation(s).";
    zone.textContent = j.alerte ? j.alerte + " " + texte : texte;
    if (j.alerte) zone.className = "alert alert-warning mt-2 mb-0";
  }

  echeance.addEventListener("change", montrer);
  montrer();
  // one submission per display of the form (the server also refuses a second one with the same key)
  formulaire.addEventListener("submit", () => {
    setTimeout(() => formulaire.querySelectorAll("button[type=submit]").forEach((b) => { b.disabled = true; }), 0);
  });
})();

/* Statistics page: a long period is computed in the background; show its progress, then the result. */
(function () {
  "use strict";
  const bloc = document.getElementById("calcul-long");
  if (!bloc) return;
  const base = document.getElementById("statistiques").dataset.base;
  const json = {Accept: "application/json", "Content-Type": "application/json"};
  const etat = document.getElementById("etat-calcul");
  const barre = document.getElementById("progression");

  async function suivre(tache) {
    const reponse = await fetch(base + "/@statistiques?tache=" + encodeURIComponent(tache), {headers: json, credentials: "same-origin"});
    const data = await reponse.json();
    if (!reponse.ok) { etat.textContent = "Erreur : " + data.error.message; return; }
    if (data.etat === "failed") { etat.textContent = "Le calcul a échoué : " + data.erreur; return; }
    if (data.resultat) {
      const params = new URLSearchParams({du: bloc.dataset.du, au: bloc.dataset.au, tache: tache});
      for (const classe of bloc.dataset.classes.split(",").filter(Boolean)) params.append("classes:list", classe);
      window.location.href = base + "/@@statistiques-vie-scolaire?" + params.toString();
      return;
    }
    barre.hidden = false;
    const pourcent = data.total ? Math.round(100 * data.fait / data.total) : 0;
    barre.firstElementChild.style.width = pourcent + "%";
    etat.textContent = data.etat === "queued" ? "En attente…" : "Calcul en cours : " + (data.message || pourcent + " %");
    setTimeout(() => suivre(tache), 1500);
  }

  document.getElementById("lancer-calcul").addEventListener("click", async (event) => {
    event.target.disabled = true;
    const corps = {du: bloc.dataset.du, au: bloc.dataset.au, classes: bloc.dataset.classes.split(",").filter(Boolean)};
    const reponse = await fetch(base + "/@statistiques", {method: "POST", headers: {...json, "Idempotency-Key": crypto.randomUUID()},
                                                          credentials: "same-origin", body: JSON.stringify(corps)});
    const data = await reponse.json();
    if (!reponse.ok) { etat.textContent = "Erreur : " + data.error.message; event.target.disabled = false; return; }
    suivre(data.tache);
  });
})();

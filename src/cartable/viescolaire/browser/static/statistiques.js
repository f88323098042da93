/* Statistics page: a long period is computed in the background; show its progress, then the result. */
(function () {
  "use strict";
  const bloc = document.getElementById("calcul-long");
  if (!bloc) return;
  const base = document.getElementById("statistiques").dataset.base;
  const etat = document.getElementById("etat-calcul");
  const barre = document.getElementById("progression");

  // @statistiques?tache= answers {etat, fait, total, message, resultat, erreur}: done once it has a result.
  async function suivre(tache) {
    let data;
    try {
      data = await Cartable.suivreTache(base + "/@statistiques?tache=" + encodeURIComponent(tache), {
        intervalle: 1500,
        fini: (d) => d.etat === "failed" || !!d.resultat,
        progression: (d) => {
          barre.hidden = false;
          const pourcent = Cartable.avancer(barre, d.fait, d.total);
          etat.textContent = d.etat === "queued" ? "En attente…" : "Calcul en cours : " + (d.message || pourcent + " %");
        },
      });
    } catch (e) { etat.textContent = "Erreur : " + e.message; return; }
    if (data.etat === "failed") { etat.textContent = "Le calcul a échoué : " + data.erreur; return; }
    const params = new URLSearchParams({du: bloc.dataset.du, au: bloc.dataset.au, tache: tache});
    for (const classe of bloc.dataset.classes.split(",").filter(Boolean)) params.append("classes:list", classe);
    window.location.href = base + "/@@statistiques-vie-scolaire?" + params.toString();
  }

  document.getElementById("lancer-calcul").addEventListener("click", async (event) => {
    event.target.disabled = true;
    const corps = {du: bloc.dataset.du, au: bloc.dataset.au, classes: bloc.dataset.classes.split(",").filter(Boolean)};
    const r = await Cartable.appeler(base + "/@statistiques", {corps: corps, cle: Cartable.nouvelleCle()});
    if (!r.ok) { etat.textContent = "Erreur : " + r.message; event.target.disabled = false; return; }
    suivre(r.donnees.tache);
  });
})();

/* The establishment's staff search (see the page template that loads it), through cartable.commun. */
(function () {
  "use strict";
  const champ = document.getElementById("recherche-personnel");
  const liste = document.getElementById("resultats-personnel");
  let minuterie;
  champ.addEventListener("input", () => {
    clearTimeout(minuterie);
    minuterie = setTimeout(async () => {
      liste.replaceChildren();
      if (champ.value.trim().length < 2) return;
      const r = await Cartable.appeler(champ.dataset.url + "?q=" + encodeURIComponent(champ.value));
      if (!r.ok) return;
      for (const item of r.donnees.items) {
        const li = document.createElement("li");
        li.className = "list-group-item";
        li.textContent = item.nom_complet + " — " + item.fonctions.join(", ");
        liste.append(li);
      }
    }, 200);
  });
})();

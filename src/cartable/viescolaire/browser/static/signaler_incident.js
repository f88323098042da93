/* The staff's incident form: students picked from the directory, posted as JSON to @incidents. */
(function () {
  "use strict";
  const racine = document.getElementById("signaler");
  const base = racine.dataset.base;
  const natures = JSON.parse(racine.dataset.natures || "{}");
  const choisis = new Map();
  const type = document.getElementById("type");
  const message = document.getElementById("signaler-message");

  function montrerNatures() {
    const liste = natures[type.value] || [];
    document.getElementById("bloc-nature").hidden = !liste.length;
    const select = document.getElementById("nature");
    select.replaceChildren(...liste.map((n) => new Option(n, n)));
  }

  function afficherChoisis() {
    const ul = document.getElementById("eleves-choisis");
    ul.replaceChildren();
    for (const [id, nom] of choisis) {
      const li = document.createElement("li");
      li.className = "list-inline-item badge text-bg-secondary";
      li.textContent = nom + " ✕";
      li.title = "Retirer";
      li.addEventListener("click", () => { choisis.delete(id); afficherChoisis(); });
      ul.append(li);
    }
  }

  const champ = document.getElementById("cherche-eleve");
  const resultats = document.getElementById("resultats-eleve");
  let minuterie;
  champ.addEventListener("input", () => {
    clearTimeout(minuterie);
    minuterie = setTimeout(async () => {
      resultats.replaceChildren();
      if (champ.value.trim().length < 2) return;
      const data = (await Cartable.appeler(base + "/@annuaire-recherche?type=eleve&q=" + encodeURIComponent(champ.value))).donnees;
      for (const item of data.items || []) {
        const bouton = document.createElement("button");
        bouton.type = "button";
        bouton.className = "list-group-item list-group-item-action";
        bouton.textContent = item.nom_complet + (item.fonctions.length ? " — " + item.fonctions.join(", ") : "");
        bouton.addEventListener("click", () => {
          choisis.set(item.id, item.nom_complet);
          afficherChoisis();
          resultats.replaceChildren();
          champ.value = "";
        });
        resultats.append(bouton);
      }
    }, 200);
  });

  // One key per submission, kept until it succeeds: a form sent again after a lost answer
  // is recognised by the server, which gives the first answer and records nothing twice
  // (a refused submission stores nothing, so the corrected form goes through with the same key).
  let cleEnvoi = null;
  const nouvelleCle = Cartable.nouvelleCle;

  document.getElementById("signaler-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    cleEnvoi = cleEnvoi || nouvelleCle();
    const corps = {
      type: type.value, eleves: [...choisis.keys()], quand: document.getElementById("quand").value,
      lieu: document.getElementById("lieu").value, description: document.getElementById("description").value,
    };
    if ((natures[type.value] || []).length) corps.nature = document.getElementById("nature").value;
    if (racine.dataset.incident && corps.nature) corps.incident = racine.dataset.incident;
    const reponse = await Cartable.appeler(base + "/@incidents", {corps: corps, entetes: {"Idempotency-Key": cleEnvoi}});
    if (!reponse.statut) {
      message.className = "text-danger";
      message.textContent = "Réseau indisponible : rien n'est perdu, envoyez de nouveau.";
      return;
    }
    message.className = reponse.ok ? "text-success" : "text-danger";
    message.textContent = reponse.ok ? "Enregistré (" + reponse.donnees.statut_libelle + ")." : "Erreur : " + reponse.message;
    if (reponse.ok) {
      cleEnvoi = null;
      choisis.clear();
      afficherChoisis();
      event.target.reset();
      montrerNatures();
    }
  });

  type.addEventListener("change", montrerNatures);
  montrerNatures();
})();

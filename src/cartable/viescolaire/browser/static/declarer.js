/* A parent declares an absence (@declarations) and follows what the vie scolaire decided. */
(function () {
  "use strict";
  const root = document.getElementById("declarer");
  const base = root.dataset.base, eleve = root.dataset.eleve;
  const statuts = {a_traiter: "à traiter", acceptee: "acceptée", refusee: "refusée"};

  async function motifs() {
    const data = (await Cartable.appeler(base + "/@motifs")).donnees;
    const select = document.getElementById("motif");
    for (const m of data.items.filter((m) => m.utilisable_familles)) {
      const option = document.createElement("option");
      option.value = m.code; option.textContent = m.libelle;
      select.append(option);
    }
  }

  async function liste() {
    const data = (await Cartable.appeler(base + "/@declarations?eleve=" + encodeURIComponent(eleve))).donnees;
    const list = document.getElementById("declarations");
    list.replaceChildren();
    for (const d of data.items) {
      const li = document.createElement("li");
      li.className = "list-group-item";
      li.textContent = "Du " + d.du.slice(0, 10) + " au " + d.au.slice(0, 10) + " — " + d.motif.libelle + " — " + statuts[d.statut] +
        (d.raison ? " (" + d.raison + ")" : "");
      list.append(li);
    }
  }

  document.getElementById("declarer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {eleve: eleve, du: document.getElementById("du").value, au: document.getElementById("au").value,
                  motif: document.getElementById("motif").value, commentaire: document.getElementById("commentaire").value};
    const file = document.getElementById("piece").files[0];
    if (file) body.piece = {filename: file.name, data: await Cartable.enBase64(file)};
    const r = await Cartable.appeler(base + "/@declarations", {corps: body});
    document.getElementById("declarer-message").textContent = r.ok
      ? "Déclaration envoyée : la vie scolaire va la traiter." : "Refusée : " + r.message;
    if (r.ok) { event.target.reset(); liste(); }
  });
  motifs();
  liste();
})();

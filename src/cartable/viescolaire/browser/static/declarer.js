/* A parent declares an absence (@declarations) and follows what the vie scolaire decided. */
(function () {
  "use strict";
  const root = document.getElementById("declarer");
  const base = root.dataset.base, eleve = root.dataset.eleve;
  const json = {Accept: "application/json", "Content-Type": "application/json"};
  const statuts = {a_traiter: "à traiter", acceptee: "acceptée", refusee: "refusée"};

  async function motifs() {
    const data = await (await fetch(base + "/@motifs", {headers: json, credentials: "same-origin"})).json();
    const select = document.getElementById("motif");
    for (const m of data.items.filter((m) => m.utilisable_familles)) {
      const option = document.createElement("option");
      option.value = m.code; option.textContent = m.libelle;
      select.append(option);
    }
  }

  async function liste() {
    const data = await (await fetch(base + "/@declarations?eleve=" + encodeURIComponent(eleve), {headers: json, credentials: "same-origin"})).json();
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

  function base64(file) {
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result.split(",", 2)[1]);
      reader.onerror = reject;
      reader.readAsDataURL(file);
    });
  }

  document.getElementById("declarer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const body = {eleve: eleve, du: document.getElementById("du").value, au: document.getElementById("au").value,
                  motif: document.getElementById("motif").value, commentaire: document.getElementById("commentaire").value};
    const file = document.getElementById("piece").files[0];
    if (file) body.piece = {filename: file.name, data: await base64(file)};
    const response = await fetch(base + "/@declarations", {method: "POST", headers: json, credentials: "same-origin", body: JSON.stringify(body)});
    const result = await response.json();
    document.getElementById("declarer-message").textContent = response.ok
      ? "Déclaration envoyée : la vie scolaire va la traiter." : "Refusée : " + result.error.message;
    if (response.ok) { event.target.reset(); liste(); }
  });
  motifs();
  liste();
})();

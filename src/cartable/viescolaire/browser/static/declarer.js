/* A parent declares an absence (@declarations): whole days, a half-day or a few hours, and follows
   what the vie scolaire decided. Every period is said by the server in words (« le jeudi 3 décembre, matin »). */
(function () {
  "use strict";
  const root = document.getElementById("declarer");
  const base = root.dataset.base, eleve = root.dataset.eleve;
  const statuts = {a_traiter: "à traiter", acceptee: "acceptée", refusee: "refusée"};
  const champ = (id) => document.getElementById(id);

  function forme() {
    const coche = document.querySelector('input[name="forme"]:checked');
    return coche ? coche.value : "jours";
  }

  function montrerForme() {
    const f = forme();
    for (const el of root.querySelectorAll("[data-forme]")) el.hidden = !el.dataset.forme.split(" ").includes(f);
    champ("au").required = f === "jours";
    champ("de").required = champ("a").required = f === "plage";
  }

  async function motifs() {
    const data = (await Cartable.appeler(base + "/@motifs")).donnees;
    const select = champ("motif");
    for (const m of (data.items || []).filter((m) => m.utilisable_familles)) {
      const option = document.createElement("option");
      option.value = m.code; option.textContent = m.libelle;
      select.append(option);
    }
  }

  async function liste() {
    const data = (await Cartable.appeler(base + "/@declarations?eleve=" + encodeURIComponent(eleve))).donnees;
    const list = champ("declarations");
    list.replaceChildren();
    for (const d of (data.items || []).slice().reverse()) {
      const li = document.createElement("li");
      li.className = "list-group-item";
      const periode = d.periode.charAt(0).toUpperCase() + d.periode.slice(1);
      li.textContent = periode + " — " + d.motif.libelle + " — " + statuts[d.statut] + (d.raison ? " (" + d.raison + ")" : "");
      list.append(li);
    }
  }

  for (const radio of document.querySelectorAll('input[name="forme"]')) radio.addEventListener("change", montrerForme);

  let cle = null;  // one key per declaration: a double tap or a replay after a cut declares once
  document.getElementById("declarer-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const f = forme(), jour = champ("du").value;
    const body = {eleve: eleve, motif: champ("motif").value, commentaire: champ("commentaire").value};
    if (f === "demi_journee") Object.assign(body, {jour: jour, demi_journee: champ("demi-journee").value});
    else if (f === "plage") Object.assign(body, {jour: jour, de: champ("de").value, a: champ("a").value});
    else Object.assign(body, {du: jour, au: champ("au").value || jour});
    const file = champ("piece").files[0];
    if (file) body.piece = {filename: file.name, data: await Cartable.enBase64(file)};
    cle = cle || Cartable.nouvelleCle();
    const bouton = event.target.querySelector("button[type=submit]");
    bouton.disabled = true;
    const r = await Cartable.appeler(base + "/@declarations", {corps: body, cle: cle});
    bouton.disabled = false;
    if (r.statut !== 0) cle = null;
    champ("declarer-message").textContent = r.ok
      ? "Déclaration envoyée (" + r.donnees.periode + ") : la vie scolaire va la traiter." : "Refusée : " + r.message;
    if (r.ok) { event.target.reset(); montrerForme(); liste(); }
  });
  montrerForme();
  motifs();
  liste();
})();

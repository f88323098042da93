/* recherche.js: see the page template that loads it. */
(function () {
    const input = document.getElementById("recherche-personnel");
    const list = document.getElementById("resultats-personnel");
    let timer;
    input.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(async () => {
        list.replaceChildren();
        if (input.value.trim().length < 2) return;
        const response = await fetch(input.dataset.url + "?q=" + encodeURIComponent(input.value), {
          headers: { Accept: "application/json" }, credentials: "same-origin" });
        if (!response.ok) return;
        for (const item of (await response.json()).items) {
          const li = document.createElement("li");
          li.className = "list-group-item";
          li.textContent = item.nom_complet + " — " + item.fonctions.join(", ");
          list.append(li);
        }
      }, 200);
    });
  })();

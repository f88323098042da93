/* Installable on a phone: registers the service worker (sw.js at the site root, data-sw of this script),
   and empties its caches at logout (the last-seen agenda and timetable are that person's). */
(function () {
  "use strict";
  if (!("serviceWorker" in navigator)) return;
  const script = document.currentScript;
  const url = script && script.dataset.sw;
  if (!url) return;
  const racine = url.slice(0, url.lastIndexOf("/") + 1);
  const deconnexion = /\/(logout|logged[-_]out)(\?|$)/.test(window.location.pathname + window.location.search);
  if (deconnexion) {
    if (window.caches) caches.keys().then((noms) => noms.filter((n) => n.startsWith("cartable-")).forEach((n) => caches.delete(n)));
    if (navigator.serviceWorker.controller) navigator.serviceWorker.controller.postMessage({type: "vider"});
    return;
  }
  window.addEventListener("load", () => {
    // the site's path without its trailing slash: the site root (Mon bureau) is in scope (Service-Worker-Allowed)
    const portee = new URL(racine).pathname.replace(/(.)\/$/, "$1");
    navigator.serviceWorker.register(url, {scope: portee}).catch(() => {});
  });
})();

// Keeps the packing stations' screens working when the hall's Wi-Fi drops: a station's page,
// the bundle and the styles come from the network while it answers and from this cache when it
// does not. The taps themselves wait in localStorage, not here. Every other request passes by.
const CACHE = "festplan-station-v1";
// A network that hangs is as good as none: after this long the kept copy answers.
const PATIENCE_MS = 4000;

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

const isStation = (url) => /^\/events\/[^/]+\/packing\/stations\/[^/]+$/.test(url.pathname);
const kept = (url) =>
  url.origin === self.location.origin &&
  (isStation(url) ||
    url.pathname.startsWith("/pkg/") ||
    url.pathname === "/favicon.ico" ||
    url.pathname === "/favicon.svg");

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET" || !kept(new URL(request.url))) return;
  const fromNetwork = fetch(request).then((response) => {
    // Only a station page that can run is kept: one carrying its own script nonce. A copy
    // under another policy would leave the screen dead on the next reload without a network.
    const runs = !isStation(new URL(request.url)) || (response.headers.get("content-security-policy") || "").includes("'nonce-");
    if (response.ok && response.type === "basic" && runs) {
      const copy = response.clone();
      event.waitUntil(caches.open(CACHE).then((cache) => cache.put(request, copy)));
    }
    return response;
  });
  const fromCache = () => caches.match(request, { ignoreVary: true });
  const slow = new Promise((resolve) => setTimeout(resolve, PATIENCE_MS)).then(fromCache);
  event.respondWith(
    Promise.race([fromNetwork.catch(() => null), slow.then((kept) => kept || fromNetwork)])
      .then((response) => response || fromCache())
      .then((response) => response || fromNetwork)
      .catch(() => Response.error()),
  );
});

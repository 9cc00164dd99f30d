// The kiosk's service worker: the app shell comes from the cache, so the app opens with no
// network; the ticket keys are fetched fresh when possible and served from the cache offline.
const CACHE = 'kiosk-shell-v1';
const SHELL = ['./', 'index.html', 'kiosk.css', 'kiosk.js', 'tickets.js', 'queue.js', 'manifest.json', 'icon.svg',
  'vendor/jsQR.js'];
const TICKET_KEYS = '/api/checkin/ticket-keys';

self.addEventListener('install', (event) => {
  event.waitUntil(caches.open(CACHE).then((cache) => cache.addAll(SHELL)).then(() => self.skipWaiting()));
});

self.addEventListener('activate', (event) => {
  event.waitUntil(caches.keys()
    .then((names) => Promise.all(names.filter((name) => name !== CACHE).map((name) => caches.delete(name))))
    .then(() => self.clients.claim()));
});

self.addEventListener('fetch', (event) => {
  const url = new URL(event.request.url);
  if (event.request.method !== 'GET' || url.origin !== self.location.origin) { return; }
  if (url.pathname === TICKET_KEYS) {
    event.respondWith(fetch(event.request).then((response) => {
      if (response.ok) { caches.open(CACHE).then((cache) => cache.put(TICKET_KEYS, response.clone())); }
      return response;
    }).catch(() => caches.match(TICKET_KEYS)));
    return;
  }
  if (url.pathname.startsWith('/kiosk/')) {
    // Shell: the cached copy at once, refreshed in the background for the next start.
    event.respondWith(caches.open(CACHE).then((cache) => cache.match(event.request, { ignoreSearch: true })
      .then((cached) => {
        const fresh = fetch(event.request).then((response) => {
          if (response.ok) { cache.put(event.request, response.clone()); }
          return response;
        }).catch(() => cached);
        return cached || fresh;
      })));
  }
});

// Pasar Lokal service worker. /sw.js prepends `PASARLOKAL` (version, shell URLs, offline pages,
// paths never cached). Pages: network first, the cached copy when offline, else the offline page.
// Images and static files: from the cache once seen. Nothing private or session-bound is stored.
"use strict";

const VERSION = PASARLOKAL.version;
const SHELL = "pl-shell-" + VERSION;
const PAGES = "pl-pages-" + VERSION;
const IMAGES = "pl-images-" + VERSION;
const MAX_PAGES = 40;
const MAX_IMAGES = 80;

self.addEventListener("install", function (event) {
    event.waitUntil(
        caches.open(SHELL)
            .then(function (cache) { return cache.addAll(PASARLOKAL.shell); })
            .then(function () { return self.skipWaiting(); })
    );
});

self.addEventListener("activate", function (event) {
    // A deploy changes VERSION: the previous caches go.
    const current = [SHELL, PAGES, IMAGES];
    event.waitUntil(
        caches.keys()
            .then(function (keys) {
                return Promise.all(keys.filter(function (key) {
                    return key.indexOf("pl-") === 0 && current.indexOf(key) === -1;
                }).map(function (key) { return caches.delete(key); }));
            })
            .then(function () { return self.clients.claim(); })
    );
});

function withoutLanguage(path) {
    for (const prefix of PASARLOKAL.languagePrefixes) {
        if (path.indexOf(prefix) === 0) { return path.slice(prefix.length - 1); }
    }
    return path;
}

function neverCached(url) {
    const path = withoutLanguage(url.pathname);
    return PASARLOKAL.neverCached.some(function (prefix) { return path.indexOf(prefix) === 0; });
}

function storable(response) {
    if (!response || !response.ok || response.type !== "basic" || response.redirected) {
        return false;
    }
    const control = (response.headers.get("Cache-Control") || "").toLowerCase();
    return control.indexOf("no-store") === -1 && control.indexOf("private") === -1;
}

function trim(cacheName, max) {
    return caches.open(cacheName).then(function (cache) {
        return cache.keys().then(function (keys) {
            if (keys.length <= max) { return null; }
            return cache.delete(keys[0]).then(function () { return trim(cacheName, max); });
        });
    });
}

function remember(cacheName, request, response, max) {
    if (!storable(response)) { return; }
    const copy = response.clone();
    caches.open(cacheName)
        .then(function (cache) { return cache.put(request, copy); })
        .then(function () { return trim(cacheName, max); });
}

function offlinePage(url) {
    const english = url.pathname.indexOf("/en/") === 0;
    const page = PASARLOKAL.offline[english ? "en" : "id"] || PASARLOKAL.offline.id;
    return caches.match(page);
}

self.addEventListener("fetch", function (event) {
    const request = event.request;
    const url = new URL(request.url);
    if (request.method !== "GET" || url.origin !== self.location.origin || neverCached(url)) {
        return; // the browser handles it as if there were no worker
    }
    if (request.mode === "navigate") {
        event.respondWith(
            fetch(request)
                .then(function (response) {
                    remember(PAGES, request, response, MAX_PAGES);
                    return response;
                })
                .catch(function () {
                    return caches.match(request, { ignoreVary: true }).then(function (cached) {
                        return cached || offlinePage(url);
                    });
                })
        );
        return;
    }
    if (request.destination === "image" || url.pathname.indexOf("/static/") === 0) {
        event.respondWith(
            caches.match(request).then(function (cached) {
                if (cached) { return cached; }
                return fetch(request).then(function (response) {
                    if (request.destination === "image") {
                        remember(IMAGES, request, response, MAX_IMAGES);
                    }
                    return response;
                });
            })
        );
    }
});

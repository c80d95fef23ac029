/* Kemitraan's service worker (served at /sw.js by kemitraan.views.service_worker, which puts
 * self.KEM in front of this file: version, assets, fallback, offline texts).
 *
 * - Static files: kept at install, served from the cache first (their names change with them).
 * - Pages (HTML): network first, always. A page the signed-in person asked to keep for offline
 *   use (offline.js puts it in the cache "kem-user-<id>") is refreshed whenever it loads again, and
 *   is served from that cache only when the network fails. Nothing else is cached: no other page,
 *   no POST, no download.
 * - Logout empties every cache (the Clear-Site-Data header, and offline.js before the POST).
 */
/* global KEM */
"use strict";

var SHELL = "kem-shell-" + KEM.version;
var USER_PREFIX = "kem-user-";

self.addEventListener("install", function (event) {
  event.waitUntil(
    caches.open(SHELL).then(function (cache) { return cache.addAll(KEM.assets); }).then(function () {
      return self.skipWaiting();
    })
  );
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (name) {
        return name.indexOf("kem-shell-") === 0 && name !== SHELL;
      }).map(function (name) { return caches.delete(name); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener("message", function (event) {
  if (event.data === "claim") event.waitUntil(self.clients.claim());
});

function userCache() {
  // offline.js keeps one user cache at a time (it deletes the others when someone else signs in).
  return caches.keys().then(function (names) {
    var name = names.filter(function (n) { return n.indexOf(USER_PREFIX) === 0; })[0];
    return name ? caches.open(name) : null;
  });
}

function offlinePage() {
  var html = "<!doctype html><meta charset='utf-8'><meta name='viewport' content='width=device-width, initial-scale=1'>" +
    "<title></title><body style='font-family:sans-serif;padding:1rem'><h1 style='font-size:1.3rem'></h1><p></p>" +
    "<p><a></a></p></body>";
  return new Response(html.replace("<title></title>", "<title>" + escapeHtml(KEM.offlineTitle) + "</title>")
    .replace("<h1 style='font-size:1.3rem'></h1>", "<h1 style='font-size:1.3rem'>" + escapeHtml(KEM.offlineTitle) + "</h1>")
    .replace("<p></p>", "<p>" + escapeHtml(KEM.offlineText) + "</p>")
    .replace("<a></a>", "<a href='" + KEM.fallback + "'>" + escapeHtml(KEM.fallback) + "</a>"),
  { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

function escapeHtml(text) {
  return String(text).replace(/[&<>"']/g, function (c) {
    return { "&": "&amp;", "<": "&lt;", ">": "&gt;", "\"": "&quot;", "'": "&#39;" }[c];
  });
}

function page(request) {
  return fetch(request).then(function (response) {
    // Refresh a page kept for offline use; a redirect (to the login page) or an error is never kept.
    if (response.ok && !response.redirected && response.type === "basic") {
      var copy = response.clone();
      userCache().then(function (cache) {
        if (!cache) return;
        return cache.match(request).then(function (kept) { if (kept) return cache.put(request, copy); });
      });
    }
    return response;
  }).catch(function () {
    return userCache().then(function (cache) {
      if (!cache) return offlinePage();
      return cache.match(request).then(function (kept) {
        if (kept) return kept;
        return cache.match(KEM.fallback).then(function (home) { return home || offlinePage(); });
      });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    event.respondWith(page(request));
    return;
  }
  if (KEM.assets.indexOf(url.pathname) !== -1) {
    event.respondWith(caches.match(request).then(function (hit) { return hit || fetch(request); }));
  }
});

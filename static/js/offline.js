/* Offline progress reporting (docs/reach.md, part 3). Plain JavaScript, no framework.
 *
 * - Registers the service worker (/sw.js) and keeps, for the signed-in person, the pages marked
 *   data-offline-keep on "My milestones" (each milestone and its report form) in the cache
 *   "kem-user-<id>"; the service worker serves them when the network fails.
 * - A form marked data-offline-form (the progress report, the result form) is saved on the device,
 *   in IndexedDB, when there is no connection (or on "Save on this device"). Each draft gets a
 *   client id (a UUID) and the version of the milestone it was written against.
 * - Back online, drafts are sent on their own (and with "Send now") to the form's sync endpoint:
 *   the same form and action as the page's own submit, with the session and a fresh CSRF token.
 *   "saved" / "already saved" deletes the draft; anything else is kept next to the draft with the
 *   server's message. Nothing is dropped without the person choosing "Discard".
 * - Photos over the upload cap are made smaller on the device (canvas, JPEG) before they are sent
 *   or saved; other files over the cap are refused with a message.
 * - The banner at the top of every page says whether the device is offline and how many drafts
 *   wait. Logging out deletes the drafts and the cached pages (after asking, if drafts wait).
 * Texts come from the Django catalogue through the banner's data attributes.
 */
(function () {
  "use strict";

  var root = document.getElementById("offline-status");
  if (!root || !window.indexedDB || !window.fetch) return;
  var T = root.dataset;
  var USER = T.user;
  var CACHE = "kem-user-" + USER;
  var DB_NAME = "kemitraan-offline";
  var STORE = "drafts";
  var MAX_SIDE = 2048;

  // IndexedDB ---------------------------------------------------------------------------------

  var dbPromise = null;

  function db() {
    if (!dbPromise) {
      dbPromise = new Promise(function (resolve, reject) {
        var request = indexedDB.open(DB_NAME, 1);
        request.onupgradeneeded = function () {
          request.result.createObjectStore(STORE, { keyPath: "id" });
        };
        request.onsuccess = function () { resolve(request.result); };
        request.onerror = function () { reject(request.error); };
      });
    }
    return dbPromise;
  }

  function store(mode, work) {
    return db().then(function (database) {
      return new Promise(function (resolve, reject) {
        var tx = database.transaction(STORE, mode);
        var result = work(tx.objectStore(STORE));
        tx.oncomplete = function () { resolve(result && "result" in result ? result.result : undefined); };
        tx.onerror = function () { reject(tx.error); };
        tx.onabort = function () { reject(tx.error); };
      });
    });
  }

  function drafts() {
    return store("readonly", function (s) { return s.getAll(); }).then(function (all) {
      return (all || []).filter(function (d) { return d.user === USER; }).sort(function (a, b) {
        return a.createdAt < b.createdAt ? -1 : 1;
      });
    });
  }

  function saveDraft(draft) { return store("readwrite", function (s) { s.put(draft); }); }
  function dropDraft(id) { return store("readwrite", function (s) { s.delete(id); }); }

  function forgetEverything() {
    var jobs = [];
    if (dbPromise) {
      jobs.push(dbPromise.then(function (database) { database.close(); }, function () {}));
    }
    dbPromise = null;
    jobs.push(new Promise(function (resolve) {
      var request = indexedDB.deleteDatabase(DB_NAME);
      request.onsuccess = request.onerror = request.onblocked = function () { resolve(); };
    }));
    if (window.caches) {
      jobs.push(caches.keys().then(function (names) {
        return Promise.all(names.map(function (name) { return caches.delete(name); }));
      }));
    }
    return Promise.all(jobs);
  }

  function uuid() {
    if (window.crypto && crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    var h = Array.prototype.map.call(b, function (x) { return (x + 0x100).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  // Pages kept for offline use --------------------------------------------------------------

  function keepPages() {
    if (!navigator.onLine || !window.caches) return Promise.resolve();
    var marked = document.querySelectorAll("[data-offline-keep]");
    if (!marked.length) return Promise.resolve();
    var urls = [location.pathname + location.search];
    marked.forEach(function (el) {
      var url = el.getAttribute("href");
      if (url && urls.indexOf(url) === -1) urls.push(url);
    });
    return caches.keys().then(function (names) {
      // One person's pages at a time: another account signed in on this device loses nothing of
      // its own (its drafts stay in IndexedDB under its id), but its pages are not kept beside ours.
      return Promise.all(names.filter(function (n) { return n.indexOf("kem-user-") === 0 && n !== CACHE; })
        .map(function (n) { return caches.delete(n); }));
    }).then(function () { return caches.open(CACHE); }).then(function (cache) {
      return urls.reduce(function (chain, url) {
        return chain.then(function () {
          return fetch(url, { credentials: "same-origin" }).then(function (response) {
            if (response.ok && !response.redirected) return cache.put(url, response);
          }).catch(function () {});
        });
      }, Promise.resolve());
    }).then(function () { root.setAttribute("data-pages-kept", "1"); });
  }

  // The banner ------------------------------------------------------------------------------

  var stateEl = root.querySelector("[data-offline-state]");
  var countEl = root.querySelector("[data-draft-count]");
  var syncButton = root.querySelector("[data-sync-now]");
  var listEl = root.querySelector("[data-draft-list]");
  var noticeEl = root.querySelector("[data-sync-notice]");

  function countText(n) {
    return n === 1 ? T.textDraftsOne : T.textDraftsMany.replace("__N__", String(n));
  }

  function el(tag, attrs, text) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (k) { node.setAttribute(k, attrs[k]); });
    if (text) node.textContent = text;
    return node;
  }

  function field(draft, name) {
    var pair = draft.fields.filter(function (f) { return f[0] === name; })[0];
    return pair ? pair[1] : "";
  }

  function draftCard(draft) {
    var card = el("li", { "class": "list-group-item", "data-draft": draft.id, "data-draft-status": draft.status });
    var head = el("div", { "class": "fw-semibold" }, draft.title);
    card.appendChild(head);
    var when = new Date(draft.createdAt);
    var meta = T.textWritten + " " + when.toLocaleString(document.documentElement.lang || undefined);
    if (draft.files.length) meta += " · " + T.textFiles.replace("__N__", String(draft.files.length));
    card.appendChild(el("div", { "class": "small text-muted" }, meta));
    var text = field(draft, "narrative");
    if (text) card.appendChild(el("div", { "class": "small text-break", "data-draft-text": "" }, text));
    if (draft.message) {
      var kind = draft.status === "waiting" ? "text-muted" : "text-danger";
      card.appendChild(el("div", { "class": "small " + kind, "data-draft-message": "", role: "alert" }, draft.message));
    }
    var actions = el("div", { "class": "d-flex flex-wrap gap-2 mt-1" });
    var final = draft.status === "refused" || draft.code === "closed";
    if (draft.status !== "waiting" && !final) {
      var retry = el("button", { type: "button", "class": "btn btn-sm btn-success", "data-retry": draft.id }, T.textRetry);
      actions.appendChild(retry);
    }
    if (draft.itemUrl) actions.appendChild(el("a", { href: draft.itemUrl, "class": "btn btn-sm btn-outline-secondary" }, T.textOpen));
    actions.appendChild(el("button", { type: "button", "class": "btn btn-sm btn-outline-danger", "data-discard": draft.id }, T.textDiscard));
    card.appendChild(actions);
    return card;
  }

  function render() {
    return drafts().then(function (list) {
      var online = navigator.onLine;
      root.hidden = online && !list.length && !noticeEl.textContent;
      root.classList.toggle("alert-warning", !online || list.some(function (d) { return d.status !== "waiting"; }));
      root.classList.toggle("alert-info", online && list.every(function (d) { return d.status === "waiting"; }));
      stateEl.textContent = online ? "" : T.textOffline;
      stateEl.hidden = online;
      countEl.textContent = list.length ? countText(list.length) : "";
      countEl.setAttribute("data-count", String(list.length));
      syncButton.hidden = !online || !list.length;
      listEl.textContent = "";
      list.forEach(function (d) { listEl.appendChild(draftCard(d)); });
      listEl.hidden = !list.length;
    }).catch(function () {});
  }

  listEl.addEventListener("click", function (event) {
    var retry = event.target.closest("[data-retry]");
    var discard = event.target.closest("[data-discard]");
    if (retry) {
      drafts().then(function (list) {
        var draft = list.filter(function (d) { return d.id === retry.dataset.retry; })[0];
        if (!draft) return;
        // "Send again" after a change to the milestone: the person has seen the new version.
        if (draft.code === "changed" && draft.currentVersion !== undefined) draft.seenVersion = String(draft.currentVersion);
        draft.status = "waiting";
        draft.code = "";
        draft.message = "";
        return saveDraft(draft);
      }).then(function () { return sync(); });
    }
    if (discard && window.confirm(T.textConfirmDiscard)) {
      dropDraft(discard.dataset.discard).then(render);
    }
  });

  syncButton.addEventListener("click", function () { sync(); });

  // Sending ---------------------------------------------------------------------------------

  var syncing = null;

  function mark(draft, status, message, extra) {
    draft.status = status;
    draft.message = message;
    Object.keys(extra || {}).forEach(function (k) { draft[k] = extra[k]; });
    return saveDraft(draft);
  }

  function send(draft, csrf) {
    var body = new FormData();
    draft.fields.forEach(function (pair) { body.append(pair[0], pair[1]); });
    draft.files.forEach(function (f) { body.append(f.field, f.file, f.file.name); });
    body.append("client_id", draft.id);
    if (draft.seenVersion !== "") body.append("seen_version", draft.seenVersion);
    return fetch(draft.url, {
      method: "POST",
      body: body,
      credentials: "same-origin",
      redirect: "manual",
      headers: { "X-CSRFToken": csrf, Accept: "application/json" }
    }).then(function (response) {
      if (response.type === "opaqueredirect") return mark(draft, "signed_out", T.textSignedOut);
      var type = response.headers.get("Content-Type") || "";
      if (type.indexOf("application/json") === -1) {
        return mark(draft, "error", response.status === 403 ? T.textRefusedToken : T.textServerError);
      }
      return response.json().then(function (answer) {
        if (answer.status === "saved" || answer.status === "already_saved") {
          noticeEl.textContent = answer.message + " (" + draft.title + ")";
          return dropDraft(draft.id);
        }
        return mark(draft, answer.status, answer.message, { code: answer.code || "", currentVersion: answer.current_version });
      });
    }, function () {
      return undefined; // the connection dropped again: the draft stays waiting
    });
  }

  function sync() {
    if (syncing) return syncing;
    if (!navigator.onLine) return Promise.resolve();
    syncing = drafts().then(function (list) {
      var todo = list.filter(function (d) { return d.status === "waiting"; });
      if (!todo.length) return;
      return fetch(T.tokenUrl, { credentials: "same-origin", redirect: "manual", headers: { Accept: "application/json" } })
        .then(function (response) {
          if (response.type === "opaqueredirect" || !response.ok) {
            return Promise.all(todo.map(function (d) { return mark(d, "signed_out", T.textSignedOut); }));
          }
          return response.json().then(function (token) {
            if (String(token.user) !== USER) return;
            return todo.reduce(function (chain, draft) {
              return chain.then(function () { return send(draft, token.csrf); });
            }, Promise.resolve());
          });
        }, function () {});
    }).catch(function () {}).then(function () {
      syncing = null;
      return render();
    });
    return syncing;
  }

  // Files: photos over the cap are made smaller, anything else over it is refused ---------------

  function shrink(file, max) {
    return createImageBitmap(file).then(function (bitmap) {
      function attempt(scale, quality) {
        var canvas = document.createElement("canvas");
        canvas.width = Math.max(1, Math.round(bitmap.width * scale));
        canvas.height = Math.max(1, Math.round(bitmap.height * scale));
        canvas.getContext("2d").drawImage(bitmap, 0, 0, canvas.width, canvas.height);
        return new Promise(function (resolve) { canvas.toBlob(resolve, "image/jpeg", quality); }).then(function (blob) {
          if (blob && blob.size <= max) {
            var name = file.name.replace(/\.[^.]*$/, "") + ".jpg";
            return new File([blob], name, { type: "image/jpeg", lastModified: Date.now() });
          }
          if (scale < 0.05) throw new Error("too large");
          return attempt(scale * 0.7, 0.75);
        });
      }
      return attempt(Math.min(1, MAX_SIDE / Math.max(bitmap.width, bitmap.height)), 0.85);
    });
  }

  // [{field, file}] for every file input of the form, photos made to fit; rejects with a message.
  function preparedFiles(form) {
    var max = parseInt(form.dataset.maxBytes, 10) || Infinity;
    var jobs = [];
    form.querySelectorAll("input[type=file]").forEach(function (input) {
      Array.prototype.forEach.call(input.files, function (file) {
        if (file.size <= max) {
          jobs.push(Promise.resolve({ field: input.name, file: file, input: input }));
        } else if (/^image\/(jpeg|png|webp|gif|bmp)$/.test(file.type)) {
          jobs.push(shrink(file, max).then(function (small) {
            return { field: input.name, file: small, input: input, resized: true };
          }, function () { throw new Error(T.textTooLarge.replace("__NAME__", file.name)); }));
        } else {
          jobs.push(Promise.reject(new Error(T.textTooLarge.replace("__NAME__", file.name))));
        }
      });
    });
    return Promise.all(jobs);
  }

  function formNotice(form, text, kind) {
    var box = form.querySelector("[data-offline-notice]");
    if (!box) {
      box = el("div", { "data-offline-notice": "", role: "status" });
      form.insertBefore(box, form.firstChild);
    }
    box.className = "alert alert-" + kind;
    box.textContent = text;
    box.scrollIntoView({ block: "nearest" });
  }

  function storeForm(form, files) {
    var fields = [];
    new FormData(form).forEach(function (value, name) {
      if (typeof value !== "string" || name === "csrfmiddlewaretoken" || name === "form_token") return;
      fields.push([name, value]);
    });
    var draft = {
      id: uuid(),
      user: USER,
      title: form.dataset.draftTitle || document.title,
      url: form.dataset.syncUrl,
      itemUrl: form.dataset.itemUrl || "",
      seenVersion: form.dataset.seenVersion || "",
      fields: fields,
      files: files.map(function (f) { return { field: f.field, file: f.file }; }),
      createdAt: new Date().toISOString(),
      status: "waiting",
      code: "",
      message: ""
    };
    return saveDraft(draft).then(function () {
      form.reset();
      formNotice(form, T.textSaved, "success");
      return render();
    });
  }

  function onSubmit(event) {
    var form = event.target;
    if (!form.matches("form[data-offline-form]")) return;
    if (form.dataset.checked === "1") { form.dataset.checked = ""; return; }
    var submitter = event.submitter || null;
    var toDevice = !navigator.onLine || (submitter && submitter.hasAttribute("data-save-offline"));
    var max = parseInt(form.dataset.maxBytes, 10) || Infinity;
    var oversize = Array.prototype.some.call(form.querySelectorAll("input[type=file]"), function (input) {
      return Array.prototype.some.call(input.files, function (f) { return f.size > max; });
    });
    if (!toDevice && !oversize) return;
    event.preventDefault();
    if (toDevice && !form.checkValidity()) { form.reportValidity(); return; }
    preparedFiles(form).then(function (files) {
      if (toDevice) return storeForm(form, files);
      // Online with a photo over the cap: send the smaller copy through the normal form.
      var perInput = new Map();
      files.forEach(function (f) {
        if (!perInput.has(f.input)) perInput.set(f.input, new DataTransfer());
        perInput.get(f.input).items.add(f.file);
      });
      perInput.forEach(function (transfer, input) { input.files = transfer.files; });
      form.dataset.checked = "1";
      form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
    }).catch(function (error) {
      formNotice(form, error.message, "danger");
    });
  }

  document.addEventListener("submit", onSubmit, true);

  document.querySelectorAll("form[data-offline-form] [data-save-offline]").forEach(function (button) {
    button.hidden = false;
  });

  // Logging out forgets the device's copy (the server's Clear-Site-Data header does it too).
  document.querySelectorAll("form[data-logout]").forEach(function (form) {
    form.addEventListener("submit", function (event) {
      if (form.dataset.cleared === "1") return;
      event.preventDefault();
      drafts().catch(function () { return []; }).then(function (list) {
        if (list.length && !window.confirm(countText(list.length) + " " + T.textLogoutDrafts)) return;
        return forgetEverything().then(function () {
          form.dataset.cleared = "1";
          form.submit();
        });
      });
    });
  });

  // Start -----------------------------------------------------------------------------------

  window.addEventListener("online", function () { render(); sync(); });
  window.addEventListener("offline", render);

  if ("serviceWorker" in navigator && T.sw) {
    var controlled = function () {
      if (navigator.serviceWorker.controller) root.setAttribute("data-sw-controls", "1");
    };
    navigator.serviceWorker.addEventListener("controllerchange", controlled);
    navigator.serviceWorker.register(T.sw, { scope: "/" }).then(controlled, function () {});
    // A page that loaded while the worker was still installing is not controlled until the worker
    // claims it again (its own claim at activation may have come before this page existed).
    navigator.serviceWorker.ready.then(function (registration) {
      if (!navigator.serviceWorker.controller && registration.active) registration.active.postMessage("claim");
    });
    controlled();
  }
  render().then(function () { return navigator.onLine ? sync() : null; }).then(keepPages);

  // For the browser tests and anyone debugging on a phone.
  window.kemOffline = { sync: sync, drafts: drafts, render: render, keepPages: keepPages };
})();

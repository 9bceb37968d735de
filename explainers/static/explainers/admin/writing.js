// Writing the explainer's body: a Markdown toolbar, a live preview rendered by
// the server with the public page's code, word count and reading time, a
// warning before leaving unsaved work, and local recovery of unsaved text.
// Without JavaScript the body stays a plain textarea.
"use strict";
function setUpWriting() {
  const body = document.getElementById("id_body");
  const form = body && body.form;
  if (!body || !form) {
    return;
  }
  const WORDS_PER_MINUTE = 230;
  const storageKey = "newsroom:unsaved:" + window.location.pathname;
  const versionField = form.querySelector("input[name=expected_version]");
  const version = versionField ? versionField.value : "";

  // --- Layout: toolbar above, preview beside ------------------------------
  const writing = document.createElement("div");
  writing.className = "writing";
  const editor = document.createElement("div");
  const preview = document.createElement("div");
  preview.className = "preview";
  preview.setAttribute("aria-live", "polite");
  preview.setAttribute("aria-label", "Preview");
  body.parentNode.insertBefore(writing, body);
  editor.appendChild(body);
  writing.appendChild(editor);
  writing.appendChild(preview);

  const toolbar = document.createElement("div");
  toolbar.className = "writing-toolbar";
  toolbar.setAttribute("role", "toolbar");
  toolbar.setAttribute("aria-label", "Formatting");
  const actions = [
    ["B", "Bold", (s) => "**" + (s || "bold text") + "**"],
    ["I", "Italic", (s) => "_" + (s || "italic text") + "_"],
    ["H2", "Heading", (s) => "\n## " + (s || "Heading") + "\n"],
    ["Link", "Link", (s) => "[" + (s || "link text") + "](https://)"],
    ["• List", "Bulleted list", (s) => lines(s || "item", "- ")],
    ["1. List", "Numbered list", (s) => lines(s || "item", "1. ")],
    ["❝ Quote", "Quotation", (s) => lines(s || "quotation", "> ")],
  ];
  function lines(text, mark) {
    return "\n" + text.split("\n").map((line) => mark + line).join("\n") + "\n";
  }
  actions.forEach(function ([label, title, wrap]) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "button";
    button.textContent = label;
    button.title = title;
    button.setAttribute("aria-label", title);
    button.addEventListener("click", function () {
      const start = body.selectionStart;
      const end = body.selectionEnd;
      const replaced = wrap(body.value.slice(start, end));
      body.value = body.value.slice(0, start) + replaced + body.value.slice(end);
      body.focus();
      body.selectionStart = start;
      body.selectionEnd = start + replaced.length;
      body.dispatchEvent(new Event("input", { bubbles: true }));
    });
    toolbar.appendChild(button);
  });
  editor.insertBefore(toolbar, body);

  const meta = document.createElement("div");
  meta.className = "writing-meta";
  meta.setAttribute("aria-live", "polite");
  editor.appendChild(meta);

  function countWords() {
    const text = body.value.replace(/\[\[(stat|image):[^\]]*\]\]/g, " figure ");
    const words = (text.match(/[\p{L}\p{N}]+(?:['’-][\p{L}\p{N}]+)*/gu) || []).length;
    const minutes = Math.max(1, Math.round(words / WORDS_PER_MINUTE));
    meta.textContent =
      words + " word" + (words === 1 ? "" : "s") + " · about " + minutes + " min read";
  }

  // --- Preview: the server renders, with the public page's code -----------
  const renderUrl = body.dataset.renderUrl;
  const csrf = form.querySelector("input[name=csrfmiddlewaretoken]");
  let timer = null;
  let sent = 0;
  function refreshPreview() {
    if (!renderUrl || !csrf) {
      return;
    }
    const ticket = ++sent;
    const data = new FormData();
    data.append("text", body.value);
    fetch(renderUrl, {
      method: "POST",
      body: data,
      headers: { "X-CSRFToken": csrf.value },
      credentials: "same-origin",
    })
      .then((response) => (response.ok ? response.text() : Promise.reject(response)))
      .then(function (html) {
        if (ticket === sent) {
          preview.innerHTML = html; // Sanitised by the server's renderer.
        }
      })
      .catch(function () {
        preview.textContent = "The preview is not available right now.";
      });
  }

  // --- Unsaved work: warn before leaving, keep a local copy ---------------
  let dirty = false;
  form.addEventListener("input", function () {
    dirty = true;
  });
  form.addEventListener("submit", function () {
    dirty = false;
    try {
      window.localStorage.removeItem(storageKey);
    } catch (e) {
      // Storage may be off; nothing to clean.
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  function keepLocally() {
    try {
      window.localStorage.setItem(
        storageKey,
        JSON.stringify({ text: body.value, version: version, at: Date.now() })
      );
    } catch (e) {
      // Full or disabled storage: the unsaved-work warning still protects.
    }
  }

  function offerRecovery() {
    let kept = null;
    try {
      kept = JSON.parse(window.localStorage.getItem(storageKey) || "null");
    } catch (e) {
      kept = null;
    }
    if (!kept || kept.text === body.value || kept.version !== version) {
      return;
    }
    const note = document.createElement("div");
    note.className = "lapse-warning recovery";
    note.setAttribute("role", "alert");
    const when = new Date(kept.at).toLocaleString();
    const text = document.createElement("span");
    text.textContent = "Unsaved text of this body from " + when + " was kept in this browser. ";
    const restore = document.createElement("button");
    restore.type = "button";
    restore.className = "button";
    restore.textContent = "Restore it";
    const discard = document.createElement("button");
    discard.type = "button";
    discard.className = "button";
    discard.textContent = "Discard it";
    restore.addEventListener("click", function () {
      body.value = kept.text;
      dirty = true;
      body.dispatchEvent(new Event("input", { bubbles: true }));
      note.remove();
    });
    discard.addEventListener("click", function () {
      window.localStorage.removeItem(storageKey);
      note.remove();
    });
    note.append(text, restore, " ", discard);
    writing.parentNode.insertBefore(note, writing);
  }

  body.addEventListener("input", function () {
    countWords();
    keepLocally();
    window.clearTimeout(timer);
    timer = window.setTimeout(refreshPreview, 400);
  });
  offerRecovery();
  countWords();
  refreshPreview();
}
// The admin loads form scripts in the head, before the body exists.
if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setUpWriting);
} else {
  setUpWriting();
}

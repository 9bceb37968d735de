// Inserts a statistic token at the cursor of the text field last edited.
// Without JavaScript the tokens stay visible as text to copy.
"use strict";
(function () {
  let target = null;
  document.addEventListener("focusin", function (event) {
    const el = event.target;
    if (el.tagName === "TEXTAREA" && /(^id_body$|-body$)/.test(el.id)) {
      target = el;
    }
  });
  document.addEventListener("click", function (event) {
    const button = event.target.closest("button.stat-token");
    if (!button) {
      return;
    }
    event.preventDefault();
    const field = target || document.getElementById("id_body");
    if (!field) {
      return;
    }
    const token = button.dataset.token;
    const start = field.selectionStart ?? field.value.length;
    const end = field.selectionEnd ?? start;
    field.value = field.value.slice(0, start) + token + field.value.slice(end);
    field.focus();
    field.selectionStart = field.selectionEnd = start + token.length;
    field.dispatchEvent(new Event("input", { bubbles: true }));
  });
})();

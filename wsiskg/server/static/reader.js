// The reader: a click on an operative verb opens its note (the link already jumps there).
(function () {
  "use strict";
  document.addEventListener("click", (event) => {
    const link = event.target.closest("a[data-note]");
    if (!link) return;
    const note = document.getElementById(link.dataset.note);
    if (note) note.open = true;
  });
  if (window.location.hash) {
    const target = document.getElementById(window.location.hash.slice(1));
    if (target && target.tagName === "DETAILS") target.open = true;
  }
})();

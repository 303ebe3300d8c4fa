// The SPARQL editor: YASGUI served by this app, one tab per research query, no outside requests.
(function () {
  "use strict";
  const examples = JSON.parse(document.getElementById("examples").textContent);
  const endpoint = new URL("/sparql", window.location.href).href;
  // No autocompleter may call prefix.cc or LOV: only local completions.
  Yasgui.Yasqe.defaults.autocompleters = ["variables"];
  Yasgui.Yasqe.defaults.prefixCcApi = null;
  const yasgui = new Yasgui(document.getElementById("yasgui"), {
    requestConfig: { endpoint: endpoint, method: "POST" },
    endpointCatalogueOptions: { getData: () => [{ endpoint: endpoint }] },
    copyEndpointOnNewTab: true,
    persistenceId: null,
    populateFromUrl: false,
    autoAddOnInit: false,
  });
  const wanted = window.location.hash.slice(1);
  const chosen = Math.max(0, examples.findIndex((example) => example.name === wanted));
  examples.forEach((example, index) => {
    yasgui.addTab(index === chosen, {
      name: example.name,
      yasqe: { value: example.text },
      requestConfig: { endpoint: endpoint, method: "POST" },
    });
  });
  if (examples.length === 0) {
    yasgui.addTab(true, { name: "Query", yasqe: { value: "SELECT * WHERE { ?s ?p ?o } LIMIT 10" } });
  }
  window.wsiskgYasgui = yasgui;
  // Results link to this server's pages, not to the public IRIs (which may not resolve yet).
  const box = document.getElementById("yasgui");
  const base = box.dataset.baseIri;
  const ontology = box.dataset.ontologyIri;
  function localPath(iri) {
    if (iri === ontology || iri.startsWith(ontology + "#") || iri.startsWith(ontology + "/")) {
      return "/ontology" + iri.slice(ontology.length);
    }
    for (const area of ["id/", "graph/"]) {
      if (iri.startsWith(base + area) && iri.length > (base + area).length) {
        return "/" + area + iri.slice((base + area).length).split("#").map(encodeURI).join("%23");
      }
    }
    return null;
  }
  function localise(root) {
    root.querySelectorAll("a[href]").forEach((link) => {
      const local = localPath(link.getAttribute("href"));
      if (local !== null) {
        link.setAttribute("href", local);
        link.removeAttribute("target");
      }
    });
  }
  // YASGUI's markup fails axe-core's serious checks; mend it in place (idempotent).
  function repair(root) {
    root.querySelectorAll(".tabsList").forEach((list) => {
      list.querySelectorAll(":scope > :not(.tab)").forEach((other) => list.after(other));
    });
    root.querySelectorAll("[aria-controls]").forEach((tab) => {
      if (!document.getElementById(tab.getAttribute("aria-controls"))) {
        tab.removeAttribute("aria-controls");
      }
    });
    root.querySelectorAll("input.autocomplete:not([aria-label])").forEach((input) => {
      input.setAttribute("aria-label", "SPARQL endpoint");
    });
    root.querySelectorAll(".tab input:not([aria-label])").forEach((input) => {
      input.setAttribute("aria-label", "Tab name");
    });
    root.querySelectorAll(".CodeMirror textarea:not([aria-label])").forEach((area) => {
      area.setAttribute("aria-label", "SPARQL query");
    });
    root.querySelectorAll(".CodeMirror-scroll[tabindex='-1']").forEach((scroll) => {
      scroll.setAttribute("tabindex", "0");
    });
  }
  repair(box);
  new MutationObserver(() => {
    localise(box);
    repair(box);
  }).observe(box, { childList: true, subtree: true });
})();

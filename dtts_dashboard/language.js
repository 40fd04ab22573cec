// The page's language (ui_look.style): <html lang>, and Streamlit's own English accessible names in
// the page's language. Only our constant texts (put in below) are used; nothing
// is parsed as markup. Installed once per browser tab; each run hands over the current language.
(() => {
  // run in a components.html frame of the same origin: the page is the parent
  const page = window.parent, document = page.document;
  page.dttsTexts = __TEXTS__;
  const swap = (value, rows) => {
    // rows: [vi, en, wanted]; a value equal to (or, for "Help for …", starting with) vi or en
    for (const [vi, en, wanted] of rows) {
      for (const known of [vi, en]) {
        if (!known) continue;
        if (value === known) return wanted;
        if (known.endsWith(" ") && value.startsWith(known)) return wanted + value.slice(known.length);
      }
    }
    return null;
  };
  const apply = () => {
    const texts = page.dttsTexts;
    if (document.documentElement.lang !== texts.lang) document.documentElement.lang = texts.lang;
    const names = texts.names;
    for (const element of document.querySelectorAll("[aria-label]")) {
      const now = element.getAttribute("aria-label");
      const wanted = swap(now, names);
      if (wanted !== null && wanted !== now) element.setAttribute("aria-label", wanted);
    }
    // the sidebar scrolls: reachable by keyboard so that it can be scrolled (axe: scrollable-region-focusable)
    const sidebar = document.querySelector('[data-testid="stSidebarContent"]');
    if (sidebar && !sidebar.hasAttribute("tabindex")) sidebar.setAttribute("tabindex", "0");
    for (const link of document.querySelectorAll("a[href^='#']")) {
      const wanted = swap(link.textContent, names);
      if (wanted !== null && wanted !== link.textContent) link.textContent = wanted;
    }
  };
  page.dttsApply = apply;
  if (!page.dttsObserver) {
    let queued = false;
    page.dttsObserver = new page.MutationObserver(() => {
      if (queued) return;
      queued = true;
      page.setTimeout(() => { queued = false; page.dttsApply(); }, 50);
    });
    page.dttsObserver.observe(document.body, { childList: true, subtree: true, characterData: true, attributes: true, attributeFilter: ["aria-label"] });
  }
  apply();
})();

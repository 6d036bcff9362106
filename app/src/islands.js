// Loads the browser bundle only on pages that have islands, and only a bundle of this page's
// own build; then brings each island to life. Pages without islands load no wasm at all, and
// guests' pages only the guests' bundle: staff pages name theirs (`<meta name=festplan-islands>`).
((prefix, build) => {
  const root = document.documentElement;
  const done = () => root.setAttribute("data-hydrated", "");
  // The phone menu, on every page (no wasm needed): the button opens and closes the navigation,
  // Escape closes it and gives the focus back to the button. The styles fold the links only on
  // small screens; without this script the button stays hidden and the links wrap.
  const toggle = document.querySelector("button.menu-toggle");
  const nav = document.getElementById("site-nav");
  if (toggle && nav) {
    const isOpen = () => toggle.getAttribute("aria-expanded") === "true";
    const set = (open) => {
      toggle.setAttribute("aria-expanded", String(open));
      nav.toggleAttribute("data-folded", !open);
    };
    set(false);
    toggle.hidden = false;
    toggle.addEventListener("click", () => set(!isOpen()));
    document.addEventListener("keydown", (e) => {
      if (e.key !== "Escape" || !isOpen()) return;
      const focus = document.activeElement;
      if (focus && focus !== document.body && focus !== toggle && !nav.contains(focus)) return;
      set(false);
      toggle.focus();
    });
  }
  if (!document.querySelector("leptos-island")) return done();
  const kind = document.querySelector('meta[name="festplan-islands"]')?.content;
  const pkg = kind ? `${prefix}_${kind}` : prefix;
  import(`${pkg}.js`)
    .then(async (mod) => {
      await mod.default({ module_or_path: `${pkg}_bg.wasm` });
      if (mod.build_id() !== build) {
        throw new Error(`the bundle is build ${mod.build_id()}, the page build ${build}: forms still work, the rest waits for a reload`);
      }
      mod.hydrate();
      // An island inside another one's children hydrates in its parent's reactive owner.
      const owners = [];
      const visit = (el) => {
        const tag = el.tagName;
        if (tag === "LEPTOS-ISLAND") {
          const island = mod[el.dataset.component];
          if (!island) throw new Error(`the bundle has no island ${el.dataset.component}`);
          owners.at(-1)?.();
          island(el);
        }
        if (tag === "LEPTOS-CHILDREN") owners.push(el.$$on_hydrate);
        for (const child of el.children) visit(child);
        if (tag === "LEPTOS-CHILDREN") owners.pop();
      };
      visit(document.body);
      // Once the router listens to clicks, the skip link would only change the address: move
      // the focus to the content ourselves, as the browser does without the wasm.
      document.querySelector("a.skip-link")?.addEventListener("click", (e) => {
        const main = document.getElementById("main");
        if (!main) return;
        e.preventDefault();
        main.focus();
        main.scrollIntoView();
      });
      done();
    })
    .catch((e) => console.error(`Festplan: the page stays without its interactive parts: ${e.message}`));
})

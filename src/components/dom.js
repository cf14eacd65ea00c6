// A tiny element builder for components: strings always become text nodes (never markup), so commit subjects,
// errors and logs from data files cannot inject HTML. Pages use Framework's `html`; components use this.

/**
 * h("p", {class: "x"}, "text", child, [more]) → <p class="x">text…</p>.
 * Attributes: strings/numbers set as attributes, `style` may be an object, `on*` functions become listeners,
 * null/false skip. Children: nodes, strings (text), numbers, arrays, null (skipped).
 */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs ?? {})) {
    if (v == null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") el.addEventListener(k.slice(2), v);
    else if (k === "style" && typeof v === "object") Object.assign(el.style, v);
    else el.setAttribute(k, v === true ? "" : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c == null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

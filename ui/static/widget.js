// The family-centre chat for another site: <script src="https://HOST/widget.js" data-lang="fi" defer></script>
// adds a button that opens the same chat (HOST/?embed=1) in a panel. The texts are filled in by the server.
(() => {
  "use strict";
  const TEXTS = __PK_TEXTS__;
  const script = document.currentScript;
  if (!script || document.getElementById("pk-widget-button")) return;
  const origin = new URL(script.src, location.href).origin;
  const lang = Object.prototype.hasOwnProperty.call(TEXTS, script.dataset.lang) ? script.dataset.lang : "fi";
  const text = TEXTS[lang];
  const BLUE = "#0b4a8b";

  const button = document.createElement("button");
  button.id = "pk-widget-button";
  button.type = "button";
  button.lang = lang;
  button.textContent = text.ui_widget_open;
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-controls", "pk-widget-panel");
  Object.assign(button.style, {
    position: "fixed", right: "16px", bottom: "16px", zIndex: "2147483000", background: BLUE, color: "#ffffff",
    border: "2px solid #ffffff", borderRadius: "24px", padding: "12px 18px", font: "600 16px system-ui, sans-serif",
    boxShadow: "0 2px 8px rgba(0,0,0,.35)", cursor: "pointer", minHeight: "48px",
  });

  const panel = document.createElement("div");
  panel.id = "pk-widget-panel";
  panel.setAttribute("role", "dialog");
  panel.setAttribute("aria-label", text.ui_title);
  panel.hidden = true;
  Object.assign(panel.style, {
    position: "fixed", right: "16px", bottom: "80px", width: "min(420px, calc(100vw - 32px))",
    height: "min(680px, calc(100dvh - 100px))", zIndex: "2147483000", background: "#ffffff",
    border: `2px solid ${BLUE}`, borderRadius: "10px", boxShadow: "0 4px 16px rgba(0,0,0,.35)",
    display: "none", flexDirection: "column", overflow: "hidden", boxSizing: "border-box",
  });
  const close = document.createElement("button");
  close.type = "button";
  close.id = "pk-widget-close";
  close.textContent = "×";
  close.setAttribute("aria-label", text.ui_widget_close);
  Object.assign(close.style, {
    alignSelf: "flex-end", background: "#ffffff", color: BLUE, border: "0", font: "700 28px system-ui, sans-serif",
    width: "48px", height: "44px", cursor: "pointer",
  });
  const frame = document.createElement("iframe");
  frame.id = "pk-widget-frame";
  frame.title = text.ui_title;
  Object.assign(frame.style, { border: "0", width: "100%", flex: "1 1 auto" });
  panel.append(close, frame);

  function phone() {
    return window.matchMedia("(max-width: 600px)").matches;
  }

  function open() {
    if (!frame.src) frame.src = `${origin}/?embed=1&lang=${encodeURIComponent(lang)}`;
    if (phone()) Object.assign(panel.style, { right: "0", bottom: "0", width: "100vw", height: "100dvh", borderRadius: "0" });
    panel.hidden = false;
    panel.style.display = "flex";
    button.setAttribute("aria-expanded", "true");
    button.style.display = "none";
    frame.focus();
  }

  function shut() {
    panel.hidden = true;
    panel.style.display = "none";
    button.setAttribute("aria-expanded", "false");
    button.style.display = "";
    button.focus();
  }

  button.addEventListener("click", open);
  close.addEventListener("click", shut);
  document.addEventListener("keydown", (event) => {
    if (event.key === "Escape" && !panel.hidden) shut();
  });
  const place = () => document.body.append(panel, button);
  if (document.body) place();
  else document.addEventListener("DOMContentLoaded", place);
})();

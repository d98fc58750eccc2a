// The family chat: ask, show each answer once with its question above it, the Pyydä apua form.
// Texts come from the page's data block (assistant/locales); answers arrive rendered and escaped.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("pk-data").textContent);
  const TEXTS = data.texts;
  const MAX = data.settings.max;
  const LANGS = Object.keys(TEXTS);
  const HISTORY_TURNS = 4;
  const narrow = window.matchMedia("(max-width: 600px)");

  let uiLang = document.documentElement.lang;
  let chosen = false; // the family picked a language: replies no longer switch it
  const history = [];

  const tx = (key, vars) => {
    let text = (TEXTS[uiLang] && TEXTS[uiLang][key]) || TEXTS.fi[key] || "";
    for (const [name, value] of Object.entries(vars || {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
  // An element whose text is a locale key follows the UI language.
  const setText = (el, key, vars) => {
    el.dataset.t = key;
    el.dataset.vars = JSON.stringify(vars || {});
    el.textContent = tx(key, vars);
  };

  const chat = $("pk-chat");
  const askForm = $("pk-ask");
  const message = $("pk-message");
  const hint = $("pk-message-hint");
  const counter = $("pk-counter");

  function relabel() {
    document.documentElement.lang = uiLang;
    document.title = tx("ui_title");
    document.querySelectorAll("[data-t]").forEach((el) => {
      el.textContent = tx(el.dataset.t, el.dataset.vars ? JSON.parse(el.dataset.vars) : {});
    });
    document.querySelectorAll("[data-t-placeholder]").forEach((el) => {
      el.placeholder = tx(el.dataset.tPlaceholder);
    });
    document.querySelectorAll("input[name=pk-lang]").forEach((radio) => {
      radio.checked = radio.value === uiLang;
    });
    updateCounter();
    if (dialog.open) loadChatStatus();
  }

  function showHint(key) {
    setText(hint, key, { max: MAX });
    hint.hidden = false;
    message.setAttribute("aria-invalid", "true");
  }

  function clearHint() {
    hint.hidden = true;
    hint.textContent = "";
    delete hint.dataset.t;
    message.removeAttribute("aria-invalid");
  }

  function updateCounter() {
    const count = message.value.length;
    setText(counter, "ui_counter", { count, max: MAX });
    if (count >= MAX) showHint("ui_too_long");
    else if (hint.dataset.t === "ui_too_long" || (count > 0 && hint.dataset.t === "ui_empty")) clearHint();
  }

  // The newest answer's start in view: the emergency block at the very top, otherwise the question
  // with its answer below it.
  function reveal(turn, answer) {
    const crisis = answer.querySelector(".pk-crisis");
    (crisis || turn).scrollIntoView({ block: "start", behavior: "instant" });
    if (narrow.matches) {
      // On a phone the keyboard would cover the answer: focus moves to it (read out, keyboard closes).
      answer.focus({ preventScroll: true });
    }
  }

  // -- "Oliko vastauksesta apua?" under an answer (never under a crisis reply) ---------------------
  const REASONS = ["wrong_info", "not_answered", "hard_to_understand", "wrong_language", "needed_person"];
  let feedbackCount = 0;

  function feedbackBlock(responseId) {
    const n = ++feedbackCount;
    const box = document.createElement("div");
    box.className = "pk-feedback";
    const ask = document.createElement("p");
    ask.id = `pk-fb-q-${n}`;
    ask.className = "pk-fb-question";
    setText(ask, "ui_fb_question");
    const buttons = document.createElement("div");
    buttons.className = "pk-fb-buttons";
    buttons.setAttribute("role", "group");
    buttons.setAttribute("aria-labelledby", ask.id);
    const yes = document.createElement("button");
    yes.type = "button";
    yes.className = "pk-fb-yes";
    setText(yes, "ui_fb_yes");
    const no = document.createElement("button");
    no.type = "button";
    no.className = "pk-fb-no";
    no.setAttribute("aria-expanded", "false");
    setText(no, "ui_fb_no");
    buttons.append(yes, no);
    const status = document.createElement("p");
    status.className = "pk-fb-status";
    status.setAttribute("role", "status");

    const form = document.createElement("form");
    form.className = "pk-fb-form";
    form.noValidate = true;
    form.hidden = true;
    const reasons = document.createElement("fieldset");
    const legend = document.createElement("legend");
    setText(legend, "ui_fb_reason");
    reasons.append(legend);
    for (const reason of REASONS) {
      const label = document.createElement("label");
      label.className = "pk-check";
      const radio = document.createElement("input");
      radio.type = "radio";
      radio.name = `pk-fb-reason-${n}`;
      radio.value = reason;
      const span = document.createElement("span");
      setText(span, `ui_fb_reason_${reason}`);
      label.append(radio, span);
      reasons.append(label);
    }
    const pick = document.createElement("p");
    pick.className = "pk-error";
    pick.id = `pk-fb-pick-${n}`;
    pick.hidden = true;
    setText(pick, "ui_fb_pick");
    reasons.setAttribute("aria-describedby", pick.id);
    const commentLabel = document.createElement("label");
    commentLabel.htmlFor = `pk-fb-comment-${n}`;
    setText(commentLabel, "ui_fb_comment");
    const comment = document.createElement("textarea");
    comment.id = `pk-fb-comment-${n}`;
    comment.rows = 2;
    comment.maxLength = 1000;
    const send = document.createElement("button");
    send.type = "submit";
    setText(send, "ui_fb_send");
    form.append(reasons, pick, commentLabel, comment, send);
    box.append(ask, buttons, form, status);

    async function post(body) {
      try {
        const response = await fetch("/api/feedback", {
          method: "POST",
          headers: { "content-type": "application/json" },
          body: JSON.stringify({ id: responseId, ...body }),
        });
        if (!response.ok) throw new Error(`status ${response.status}`);
        buttons.hidden = true;
        form.hidden = true;
        setText(status, "ui_fb_thanks");
      } catch (error) {
        setText(status, "ui_fb_failed");
      }
    }
    yes.addEventListener("click", () => post({ helpful: true }));
    no.addEventListener("click", () => {
      form.hidden = false;
      no.setAttribute("aria-expanded", "true");
      form.querySelector("input").focus();
    });
    form.addEventListener("submit", (event) => {
      event.preventDefault();
      const chosenReason = form.querySelector("input[type=radio]:checked");
      if (!chosenReason) {
        pick.hidden = false;
        form.querySelector("input").focus();
        return;
      }
      pick.hidden = true;
      const body = { helpful: false, reason: chosenReason.value };
      if (comment.value.trim()) body.comment = comment.value.trim();
      post(body);
    });
    return box;
  }

  let busy = false;
  async function ask(raw) {
    const text = raw.trim();
    if (!text) {
      showHint("ui_empty");
      message.focus();
      return;
    }
    if (busy) return;
    busy = true;
    clearHint();
    const turn = document.createElement("article");
    turn.className = "pk-turn";
    const question = document.createElement("div");
    question.className = "pk-q";
    const you = document.createElement("span");
    you.className = "pk-who";
    setText(you, "ui_you");
    question.append(you, document.createTextNode(text));
    const answer = document.createElement("div");
    answer.className = "pk-a";
    answer.tabIndex = -1;
    const waiting = document.createElement("p");
    waiting.className = "pk-thinking";
    setText(waiting, "ui_thinking");
    answer.append(waiting);
    turn.append(question, answer);
    chat.append(turn);
    $("pk-clear").hidden = false; // nothing to clear before the first question (a user trial, 2026-11-30)
    message.value = "";
    updateCounter();
    turn.scrollIntoView({ block: "start", behavior: "instant" });

    const body = { message: text, history: history.slice(-HISTORY_TURNS), plain: $("pk-plain").checked };
    if (chosen) body.lang = uiLang;
    if ($("pk-nokeep").checked) body.keep = false; // the family opted out of the question log
    try {
      const response = await fetch("/ui/chat", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(body),
      });
      if (!response.ok) throw new Error(`status ${response.status}`);
      const result = await response.json();
      history.push(text);
      if (!chosen && LANGS.includes(result.lang) && result.lang !== uiLang) {
        uiLang = result.lang;
        relabel();
      }
      if (LANGS.includes(result.lang)) answer.lang = result.lang;
      answer.dataset.route = result.route;
      answer.innerHTML = result.html; // rendered by ui/render.py, every text escaped there
      // Nothing may delay or crowd the 112 block: no feedback under a crisis reply.
      if (result.route !== "crisis" && result.safety !== "crisis" && result.id) answer.append(feedbackBlock(result.id));
    } catch (error) {
      answer.textContent = "";
      const failed = document.createElement("p");
      failed.className = "pk-error";
      failed.setAttribute("role", "alert");
      setText(failed, "ui_err_chat");
      answer.append(failed);
    } finally {
      busy = false;
    }
    reveal(turn, answer);
  }

  askForm.addEventListener("submit", (event) => {
    event.preventDefault();
    ask(message.value);
  });
  message.addEventListener("keydown", (event) => {
    if (event.key === "Enter" && !event.shiftKey && !event.isComposing) {
      event.preventDefault();
      ask(message.value);
    }
  });
  message.addEventListener("input", updateCounter);
  document.querySelectorAll(".pk-example").forEach((button) => {
    button.addEventListener("click", () => ask(button.textContent));
  });
  document.querySelectorAll("input[name=pk-lang]").forEach((radio) => {
    radio.addEventListener("change", () => {
      chosen = true;
      uiLang = radio.value;
      relabel();
    });
  });
  $("pk-clear").addEventListener("click", () => {
    chat.textContent = "";
    history.length = 0;
    $("pk-clear").hidden = true;
    message.focus();
  });

  // -- the Pyydä apua form ---------------------------------------------------------------------
  const dialog = $("pk-form");
  const handoff = $("pk-handoff");
  const FIELDS = ["message", "phone", "email", "callback_time"];
  const result = $("pk-form-result");
  const formError = $("pk-form-error");
  let lastPayload = null;
  let lastKey = null;

  function newKey() {
    const bytes = new Uint8Array(16);
    crypto.getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, "0")).join("");
  }

  function twoDigits(value) {
    return String(value).padStart(2, "0");
  }

  async function loadChatStatus() {
    const box = $("pk-chat-status");
    try {
      const response = await fetch("/api/handoff/chat-status");
      if (!response.ok) throw new Error(`status ${response.status}`);
      const status = await response.json();
      let text;
      if (status.open_now === null) text = tx("ui_chat_unknown");
      else if (status.open_now) text = tx("ui_chat_open");
      else {
        text = tx("ui_chat_closed");
        const when = /(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(status.next_opening || "");
        if (when) text += " " + tx("ui_chat_next", { when: `${when[3]}.${when[2]}. ${when[4]}:${when[5]}` });
      }
      box.textContent = `${text} `;
      if (/^https?:\/\//.test(status.url)) {
        const link = document.createElement("a");
        link.href = status.url;
        link.target = "_blank";
        link.rel = "noopener noreferrer";
        link.textContent = tx("ui_chat_link");
        box.append(link);
      }
    } catch (error) {
      box.textContent = "";
    }
  }

  function showContactFields() {
    const method = handoff.elements.contact_method.value;
    document.querySelectorAll("[data-methods]").forEach((field) => {
      field.hidden = !field.dataset.methods.split(" ").includes(method);
    });
  }

  function clearErrors() {
    for (const name of FIELDS) {
      const error = $(`pk-form-${name}-error`);
      error.hidden = true;
      error.textContent = "";
      delete error.dataset.t;
      $(`pk-form-${name}`).removeAttribute("aria-invalid");
    }
    formError.hidden = true;
    delete formError.dataset.t;
  }

  function fieldError(name, kind) {
    const error = $(`pk-form-${name}-error`);
    setText(error, `ui_err_${name}_${kind}`);
    error.hidden = false;
    $(`pk-form-${name}`).setAttribute("aria-invalid", "true");
  }

  function openForm() {
    clearErrors();
    result.textContent = "";
    showContactFields();
    loadChatStatus();
    if (!dialog.open) dialog.showModal();
    $("pk-form-message").focus();
  }

  $("pk-talk").addEventListener("click", openForm);
  chat.addEventListener("click", (event) => {
    if (event.target.closest(".pk-open-form")) openForm();
  });
  $("pk-form-close").addEventListener("click", () => dialog.close());
  handoff.addEventListener("change", (event) => {
    if (event.target.name === "contact_method") showContactFields();
  });

  handoff.addEventListener("submit", async (event) => {
    event.preventDefault();
    clearErrors();
    result.textContent = "";
    const method = handoff.elements.contact_method.value;
    const consent = $("pk-form-consent").checked;
    const payload = {
      message: $("pk-form-message").value.trim(),
      contact_method: method,
      consent_transcript: consent,
      transcript: consent ? history.slice(-40) : [],
      lang: uiLang,
    };
    // Only the details for the chosen way of contact are sent.
    if (method === "phone" || method === "callback") payload.phone = $("pk-form-phone").value.trim();
    if (method === "email") payload.email = $("pk-form-email").value.trim();
    if (method === "callback") payload.callback_time = $("pk-form-callback_time").value.trim();
    const missing = FIELDS.filter((name) => name in payload && !payload[name]);
    if (missing.length) {
      missing.forEach((name) => fieldError(name, "missing"));
      $(`pk-form-${missing[0]}`).focus();
      return;
    }
    // One submission, one key: resending the same request is safe, an edited request is a new one.
    const fingerprint = JSON.stringify(payload);
    if (fingerprint !== lastPayload) {
      lastPayload = fingerprint;
      lastKey = newKey();
    }
    payload.idempotency_key = lastKey;
    const send = $("pk-form-send");
    send.disabled = true;
    try {
      const response = await fetch("/api/handoff", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload),
      });
      const answer = await response.json().catch(() => ({}));
      if (response.status === 201) {
        const [year, month, day] = String(answer.due_date).split("-");
        const done = document.createElement("p");
        done.className = "pk-result";
        setText(done, "ui_form_done", { reference: answer.reference, due: `${twoDigits(day)}.${month}.${year}` });
        result.append(done);
      } else if (response.status === 422) {
        const field = String(answer.detail || "").split(":")[0];
        if (FIELDS.includes(field)) {
          fieldError(field, "invalid");
          $(`pk-form-${field}`).focus();
        } else {
          setText(formError, "ui_err_form");
          formError.hidden = false;
        }
      } else {
        throw new Error(`status ${response.status}`);
      }
    } catch (error) {
      setText(formError, "ui_err_unavailable");
      formError.hidden = false;
    } finally {
      send.disabled = false;
    }
  });

  updateCounter();
  showContactFields();
})();

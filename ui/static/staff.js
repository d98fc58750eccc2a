// The staff console: login (Enter works), the queue that loads at once and refreshes itself, a request
// opened by clicking its row, the assistant's draft, logout, and what families ask (chart, paged tables,
// draft curated answers, export). Texts come from assistant/locales.
(() => {
  "use strict";
  const $ = (id) => document.getElementById(id);
  const data = JSON.parse($("pk-data").textContent);
  const TEXTS = data.texts;
  const REFRESH_MS = data.settings.refresh_seconds * 1000;
  const STORE = "pk-staff-token";

  let lang = localStorage.getItem("pk-staff-lang") || document.documentElement.lang;
  let token = sessionStorage.getItem(STORE) || "";
  let rows = [];
  let current = null; // the opened request
  let timer = null;

  const tx = (key, vars) => {
    let text = (TEXTS[lang] && TEXTS[lang][key]) || TEXTS.fi[key] || key;
    for (const [name, value] of Object.entries(vars || {})) text = text.split(`{${name}}`).join(String(value));
    return text;
  };
  const setText = (el, key, vars) => {
    el.dataset.t = key;
    el.dataset.vars = JSON.stringify(vars || {});
    el.textContent = tx(key, vars);
  };

  function relabel() {
    document.documentElement.lang = lang;
    document.querySelectorAll("[data-t]").forEach((el) => {
      el.textContent = tx(el.dataset.t, el.dataset.vars ? JSON.parse(el.dataset.vars) : {});
    });
    $("pk-staff-lang").value = lang;
    renderQueue();
    if (current) showRequest(current);
    relabelInsight();
    updateTitle();
  }

  // -- calling the API ---------------------------------------------------------------------------
  class ApiError extends Error {
    constructor(status) {
      super(`status ${status}`);
      this.status = status;
    }
  }

  async function api(method, path, body) {
    const headers = { authorization: `Bearer ${token}` };
    if (body !== undefined) headers["content-type"] = "application/json";
    let response;
    try {
      response = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
    } catch (error) {
      throw new ApiError(0);
    }
    if (!response.ok) throw new ApiError(response.status);
    return response.status === 204 ? null : response.json();
  }

  const ERRORS = { 401: "staff_err_session", 403: "staff_err_forbidden", 404: "staff_err_not_found",
                   409: "staff_err_conflict", 422: "staff_err_input", 429: "staff_err_too_many" };

  function say(el, key, bad, vars) {
    setText(el, key, vars);
    el.classList.toggle("pk-bad", Boolean(bad));
  }

  function failed(error, where) {
    const status = error instanceof ApiError ? error.status : 0;
    if (status === 401) {
      loggedOut("staff_err_session", true);
      return;
    }
    say(where || $("pk-staff-action"), ERRORS[status] || "staff_err_unavailable", true);
  }

  // -- login and logout --------------------------------------------------------------------------
  $("pk-login").addEventListener("submit", async (event) => {
    event.preventDefault();
    const name = $("pk-staff-name").value.trim();
    const password = $("pk-staff-password").value;
    const message = $("pk-staff-login-msg");
    try {
      const response = await fetch("/api/staff/login", {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name, password }),
      });
      if (response.status === 429) {
        say(message, "staff_err_too_many", true);
        return;
      }
      if (response.status === 401 || response.status === 422) {
        say(message, "staff_err_login", true);
        $("pk-staff-password").select();
        return;
      }
      if (!response.ok) throw new ApiError(response.status);
      token = (await response.json()).token;
    } catch (error) {
      say(message, "staff_err_unavailable", true);
      return;
    }
    sessionStorage.setItem(STORE, token);
    sessionStorage.setItem("pk-staff-name", name);
    $("pk-staff-password").value = "";
    message.textContent = "";
    delete message.dataset.t;
    loggedIn();
  });

  function loggedIn() {
    $("pk-login").hidden = true;
    $("pk-console").hidden = false;
    setText($("pk-staff-me"), "staff_logged_in", { name: sessionStorage.getItem("pk-staff-name") || "" });
    refresh();
    clearInterval(timer);
    timer = setInterval(refresh, REFRESH_MS);
    $("pk-staff-refresh").focus();
  }

  function loggedOut(key, bad) {
    clearInterval(timer);
    token = "";
    rows = [];
    current = null;
    sessionStorage.removeItem(STORE);
    $("pk-console").hidden = true;
    $("pk-staff-detail").hidden = true;
    summary = null; // what families asked is for signed-in eyes only
    for (const name of Object.keys(pages)) delete pages[name];
    chartUrl = "";
    $("pk-staff-insight-out").textContent = "";
    $("pk-login").hidden = false;
    say($("pk-staff-login-msg"), key, bad);
    updateTitle();
    $("pk-staff-name").focus();
  }

  $("pk-staff-logout").addEventListener("click", async () => {
    try {
      await api("POST", "/api/staff/logout");
    } catch (error) {
      // the token is dropped here either way; an expired one is already dead on the server
    }
    loggedOut("staff_logged_out", false);
  });

  // -- the queue ---------------------------------------------------------------------------------
  function todayIso() {
    const now = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
  }

  function dueText(row) {
    const [year, month, day] = row.due_date.split("-").map(Number);
    const shown = `${day}.${month}.${year}`;
    const days = Math.round((Date.parse(row.due_date) - Date.parse(todayIso())) / 86400000);
    if (row.overdue) return `${shown} (${tx("staff_overdue_days", { days: -days })})`;
    if (row.status === "answered" || row.status === "closed") return shown;
    if (days === 0) return `${shown} (${tx("staff_due_today")})`;
    if (days === 1) return `${shown} (${tx("staff_due_tomorrow")})`;
    return shown;
  }

  function langName(code) {
    return tx(["fi", "sv", "en"].includes(code) ? `staff_lang_${code}` : "staff_lang_other");
  }

  const COLUMNS = ["staff_col_reference", "staff_col_status", "staff_col_due", "staff_col_contact", "staff_col_lang"];

  function cell(tr, text) {
    const td = document.createElement("td");
    td.textContent = text;
    tr.append(td);
    return td;
  }

  function labelCells(tr) {
    // On a phone the header row is hidden: each value carries its column's name.
    Array.from(tr.cells).forEach((td, i) => {
      td.dataset.label = tx(COLUMNS[i]);
    });
  }

  function renderQueue() {
    const filter = $("pk-staff-filter").value;
    const body = $("pk-staff-queue").tBodies[0];
    body.textContent = "";
    const shown = rows.filter((row) => !filter || row.status === filter);
    for (const row of shown) {
      const tr = document.createElement("tr");
      tr.dataset.id = row.id;
      if (row.overdue) tr.classList.add("pk-overdue");
      if (current && current.id === row.id) tr.classList.add("pk-selected");
      const first = document.createElement("td");
      const open = document.createElement("button");
      open.type = "button";
      open.className = "pk-open";
      open.textContent = row.reference;
      first.append(open);
      tr.append(first);
      const status = cell(tr, tx(`staff_status_${row.status}`));
      if (row.status === "new") status.classList.add("pk-status-new");
      const due = cell(tr, dueText(row));
      if (row.overdue) {
        const badge = document.createElement("span");
        badge.className = "pk-overdue-badge";
        badge.textContent = tx("staff_overdue");
        due.prepend(badge, " ");
      }
      cell(tr, tx(`staff_contact_${row.contact_method}`));
      cell(tr, langName(row.lang));
      labelCells(tr);
      body.append(tr);
    }
    $("pk-staff-empty").hidden = shown.length > 0;
    const fresh = rows.filter((row) => row.status === "new").length;
    setText($("pk-staff-count"), "staff_new_count", { count: fresh });
    updateTitle();
  }

  function updateTitle() {
    const fresh = token ? rows.filter((row) => row.status === "new").length : 0;
    document.title = fresh ? `(${fresh}) ${tx("staff_title")}` : tx("staff_title");
  }

  async function refresh() {
    if (!token) return;
    try {
      rows = await api("GET", "/api/staff/requests");
    } catch (error) {
      failed(error);
      return;
    }
    renderQueue();
    const time = new Date().toLocaleTimeString(lang, { hour: "2-digit", minute: "2-digit" });
    setText($("pk-staff-updated"), "staff_updated", { time });
  }

  $("pk-staff-refresh").addEventListener("click", refresh);
  $("pk-staff-filter").addEventListener("change", renderQueue);
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "visible") refresh();
  });
  $("pk-staff-queue").addEventListener("click", (event) => {
    const tr = event.target.closest("tbody tr");
    if (tr) openRequest(Number(tr.dataset.id));
  });

  // -- one request -------------------------------------------------------------------------------
  function detailRow(list, key, value) {
    const dt = document.createElement("dt");
    setText(dt, key);
    const dd = document.createElement("dd");
    dd.textContent = value;
    list.append(dt, dd);
  }

  function showRequest(item) {
    current = item;
    setText($("pk-detail-title"), "staff_request", { reference: item.reference });
    const list = $("pk-staff-details");
    list.textContent = "";
    detailRow(list, "staff_col_status", tx(`staff_status_${item.status}`));
    detailRow(list, "staff_col_due", dueText(item) + (item.overdue ? ` – ${tx("staff_overdue")}` : ""));
    detailRow(list, "staff_col_contact", tx(`staff_contact_${item.contact_method}`));
    detailRow(list, "staff_contact", [item.phone, item.email].filter(Boolean).join(", "));
    if (item.callback_time) detailRow(list, "staff_callback_time", item.callback_time);
    detailRow(list, "staff_col_lang", langName(item.lang));
    detailRow(list, "staff_message", item.message);
    const transcript = $("pk-staff-transcript");
    transcript.textContent = "";
    if (item.transcript && item.transcript.length) {
      const turns = document.createElement("ol");
      for (const line of item.transcript) {
        const li = document.createElement("li");
        li.textContent = line;
        turns.append(li);
      }
      transcript.append(turns);
    } else {
      const none = document.createElement("p");
      setText(none, "staff_no_transcript");
      transcript.append(none);
    }
    $("pk-staff-detail").hidden = false;
    document.querySelectorAll("#pk-staff-queue tbody tr").forEach((tr) => {
      tr.classList.toggle("pk-selected", Number(tr.dataset.id) === item.id);
    });
  }

  async function openRequest(id) {
    try {
      const item = await api("GET", `/api/staff/requests/${id}`);
      $("pk-staff-reply").value = item.draft_reply || "";
      $("pk-staff-suggestions").textContent = "";
      showRequest(item);
      $("pk-staff-action").textContent = "";
      const detail = $("pk-staff-detail");
      detail.scrollIntoView({ block: "start", behavior: "instant" });
      detail.focus({ preventScroll: true });
    } catch (error) {
      failed(error);
    }
  }

  async function act(run, done) {
    if (!current) return;
    const message = $("pk-staff-action");
    try {
      const item = await run(current.id);
      if (item && item.reference) showRequest(item);
      say(message, done, false);
      refresh();
    } catch (error) {
      failed(error, message);
    }
  }

  $("pk-staff-take").addEventListener("click", () =>
    act((id) => api("POST", `/api/staff/requests/${id}/take`), "staff_taken"));
  $("pk-staff-save").addEventListener("click", () =>
    act((id) => api("PUT", `/api/staff/requests/${id}/reply`, { text: $("pk-staff-reply").value }), "staff_saved"));
  $("pk-staff-answered").addEventListener("click", () =>
    act((id) => api("POST", `/api/staff/requests/${id}/status`, { status: "answered" }), "staff_marked_answered"));
  $("pk-staff-close").addEventListener("click", () =>
    act((id) => api("POST", `/api/staff/requests/${id}/status`, { status: "closed" }), "staff_marked_closed"));
  $("pk-staff-draft").addEventListener("click", async () => {
    if (!current) return;
    try {
      const draft = await api("POST", `/ui/staff/requests/${current.id}/draft`);
      $("pk-staff-reply").value = draft.text;
      $("pk-staff-suggestions").innerHTML = draft.html; // rendered and escaped by ui/render.py
    } catch (error) {
      failed(error);
    }
  });

  $("pk-staff-ask-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const text = $("pk-staff-question").value.trim();
    if (!text) return;
    try {
      const answer = await api("POST", "/ui/staff/ask", { text });
      $("pk-staff-answer").innerHTML = answer.html; // rendered and escaped by ui/render.py
    } catch (error) {
      failed(error, $("pk-staff-answer"));
    }
  });

  // -- what families ask: a chart and paged tables of days, needs and the questions that did not help,
  // a draft curated answer per group, export for evaluators ---------------------------------------
  const ROUTES = ["answer", "handoff", "crisis", "out_of_scope"];
  const REASON_KEYS = ["wrong_info", "not_answered", "hard_to_understand", "wrong_language", "needed_person"];
  const INSIGHT_DAYS = 30;
  const PAGE = 10;
  let summary = null; // the counts of the period, once shown
  const pages = {}; // per table: {offset, total, items}
  let chartUrl = "";

  function shortDate(iso) {
    const [year, month, day] = iso.split("-").map(Number);
    return `${day}.${month}.${year}`;
  }

  function draftButton(group) {
    const button = document.createElement("button");
    button.type = "button";
    button.className = "pk-draft-make";
    button.textContent = tx("staff_draft_make");
    button.setAttribute("aria-label", `${tx("staff_draft_make")}: ${group.question}`);
    button.addEventListener("click", () => makeDraft(group));
    return button;
  }

  const TABLES = {
    days: {
      caption: "staff_insight_days",
      head: ["staff_insight_date", ...ROUTES.map((r) => `staff_route_${r}`)],
      row: (day) => [shortDate(day.date), ...ROUTES.map((r) => day.routes[r] || 0)],
      empty: "staff_insight_none",
    },
    needs: {
      caption: "staff_insight_needs",
      head: ["staff_insight_need", "staff_insight_count", "staff_insight_need_share"],
      row: (need) => [need.title, need.count, `${Math.round(need.share * 100)} %`],
      empty: "staff_insight_needs_none",
    },
    groups: {
      caption: "staff_insight_groups",
      head: ["staff_insight_question", "staff_insight_count", "staff_insight_unanswered", "staff_insight_reasons",
             "staff_insight_examples", "staff_insight_action"],
      row: (g) => [
        g.question,
        g.count,
        g.unanswered,
        REASON_KEYS.filter((r) => g.reasons[r]).map((r) => `${tx(`ui_fb_reason_${r}`)} (${g.reasons[r]})`).join(", "),
        g.examples.join(" · "),
        draftButton(g),
      ],
      empty: "staff_insight_none",
    },
  };

  function renderTable(name) {
    const spec = TABLES[name];
    const state = pages[name];
    const wrap = $(`pk-insight-${name}`);
    wrap.textContent = "";
    const region = document.createElement("div");
    region.className = "pk-table-wrap";
    const el = document.createElement("table");
    el.className = "pk-queue pk-insight-table";
    el.id = `pk-insight-${name}-table`;
    const caption = document.createElement("caption");
    setText(caption, spec.caption);
    el.append(caption);
    const head = el.createTHead().insertRow();
    for (const key of spec.head) {
      const th = document.createElement("th");
      th.scope = "col";
      setText(th, key);
      head.append(th);
    }
    const body = el.createTBody();
    for (const item of state.items) {
      const tr = body.insertRow();
      spec.row(item).forEach((value, i) => {
        const td = cell(tr, value instanceof Node ? "" : String(value));
        if (value instanceof Node) {
          td.append(value);
          td.className = "pk-cell-action";
        }
        td.dataset.label = tx(spec.head[i]);
      });
    }
    region.append(el);
    wrap.append(region);
    if (!state.total) {
      const none = document.createElement("p");
      setText(none, spec.empty);
      wrap.append(none);
    }
    if (state.total > PAGE) wrap.append(pager(name, state));
  }

  function pager(name, state) {
    const nav = document.createElement("nav");
    nav.className = "pk-pager";
    nav.setAttribute("aria-label", tx(TABLES[name].caption));
    const prev = document.createElement("button");
    prev.type = "button";
    prev.textContent = tx("staff_page_prev");
    prev.disabled = state.offset === 0;
    prev.addEventListener("click", () => loadTable(name, Math.max(0, state.offset - PAGE), "prev"));
    const next = document.createElement("button");
    next.type = "button";
    next.textContent = tx("staff_page_next");
    next.disabled = state.offset + PAGE >= state.total;
    next.addEventListener("click", () => loadTable(name, state.offset + PAGE, "next"));
    const where = document.createElement("span");
    where.setAttribute("aria-live", "polite");
    where.textContent = tx("staff_page_position", {
      first: state.items.length ? state.offset + 1 : 0,
      last: state.offset + state.items.length,
      total: state.total,
    });
    nav.append(prev, where, next);
    return nav;
  }

  async function loadTable(name, offset, focus) {
    try {
      const page = await api("GET", `/api/staff/insight/${name}?days=${INSIGHT_DAYS}&limit=${PAGE}&offset=${offset}`);
      pages[name] = { offset, total: page.total, items: page.items };
    } catch (error) {
      failed(error, $("pk-insight-msg"));
      return;
    }
    renderTable(name);
    if (focus) {
      // keep the keyboard where it was: on the same pager button, or the other one at the ends
      const buttons = $(`pk-insight-${name}`).querySelectorAll(".pk-pager button");
      const wanted = focus === "prev" ? buttons[0] : buttons[1];
      const other = focus === "prev" ? buttons[1] : buttons[0];
      (wanted && !wanted.disabled ? wanted : other)?.focus();
    }
  }

  function blobAsDataUrl(blob) {
    // the pages' Content-Security-Policy allows data: images, not blob: ones
    return new Promise((resolve, reject) => {
      const reader = new FileReader();
      reader.onload = () => resolve(reader.result);
      reader.onerror = () => reject(reader.error);
      reader.readAsDataURL(blob);
    });
  }

  async function fetchRaw(path) {
    let response;
    try {
      response = await fetch(path, { headers: { authorization: `Bearer ${token}` } });
    } catch (error) {
      throw new ApiError(0);
    }
    if (!response.ok) throw new ApiError(response.status);
    return response;
  }

  async function loadChart() {
    const img = $("pk-insight-chart");
    try {
      const size = window.matchMedia("(max-width: 600px)").matches ? "narrow" : "wide";
      const response = await fetchRaw(`/api/staff/insight/chart.svg?days=${INSIGHT_DAYS}&lang=${lang}&size=${size}`);
      chartUrl = await blobAsDataUrl(await response.blob());
    } catch (error) {
      failed(error, $("pk-insight-msg"));
      return;
    }
    img.src = chartUrl;
  }

  function chartAlt() {
    return tx("staff_insight_chart_alt", { days: summary.days, questions: summary.questions });
  }

  function renderInsight() {
    const out = $("pk-staff-insight-out");
    out.textContent = "";
    const text = document.createElement("p");
    setText(text, "staff_insight_summary", {
      questions: summary.questions,
      rated: summary.rated,
      share_no: Math.round(summary.share_no * 100),
      share_oos: Math.round(summary.share_out_of_scope * 100),
    });
    const tools = document.createElement("div");
    tools.className = "pk-actions";
    for (const format of ["testset", "csv"]) {
      const button = document.createElement("button");
      button.type = "button";
      button.id = `pk-insight-export-${format}`;
      setText(button, `staff_insight_export_${format}`);
      button.addEventListener("click", () => exportCases(format));
      tools.append(button);
    }
    const message = document.createElement("p");
    message.id = "pk-insight-msg";
    message.className = "pk-msg";
    message.setAttribute("role", "status");
    const figure = document.createElement("figure");
    figure.className = "pk-chart";
    const img = document.createElement("img");
    img.id = "pk-insight-chart";
    img.alt = chartAlt();
    img.setAttribute("aria-describedby", "pk-insight-days-table");
    if (chartUrl) img.src = chartUrl;
    figure.append(img);
    out.append(text, tools, message, figure);
    for (const name of Object.keys(TABLES)) {
      const wrap = document.createElement("div");
      wrap.id = `pk-insight-${name}`;
      out.append(wrap);
      if (pages[name]) renderTable(name);
    }
    const draft = document.createElement("section");
    draft.id = "pk-insight-draft";
    draft.className = "pk-detail";
    draft.hidden = true;
    draft.setAttribute("aria-labelledby", "pk-insight-draft-title");
    out.append(draft);
  }

  async function showInsight() {
    try {
      summary = await api("GET", `/api/staff/insight?days=${INSIGHT_DAYS}`);
    } catch (error) {
      failed(error, $("pk-staff-insight-out"));
      return;
    }
    chartUrl = "";
    renderInsight();
    await Promise.all([loadChart(), ...Object.keys(TABLES).map((name) => loadTable(name, 0))]);
  }

  async function makeDraft(group) {
    const panel = $("pk-insight-draft");
    let draft;
    try {
      draft = await api("GET", `/api/staff/insight/groups/${group.key}/draft?days=${INSIGHT_DAYS}&lang=${lang}`);
    } catch (error) {
      if (error instanceof ApiError && error.status === 404) say($("pk-insight-msg"), "staff_draft_gone", true);
      else failed(error, $("pk-insight-msg"));
      return;
    }
    panel.textContent = "";
    const title = document.createElement("h3");
    title.id = "pk-insight-draft-title";
    title.tabIndex = -1;
    setText(title, "staff_draft_title", { question: group.question });
    const help = document.createElement("p");
    setText(help, "staff_draft_help");
    const field = document.createElement("div");
    field.className = "pk-field";
    const label = document.createElement("label");
    label.htmlFor = "pk-insight-draft-text";
    setText(label, "staff_draft_text");
    const area = document.createElement("textarea");
    area.id = "pk-insight-draft-text";
    area.className = "pk-draft-yaml";
    area.readOnly = true;
    area.spellcheck = false;
    area.rows = Math.min(30, draft.yaml.split("\n").length + 1);
    area.value = draft.yaml;
    field.append(label, area);
    const copy = document.createElement("button");
    copy.type = "button";
    setText(copy, "staff_draft_copy");
    const copied = document.createElement("p");
    copied.className = "pk-msg";
    copied.setAttribute("role", "status");
    copy.addEventListener("click", async () => {
      try {
        await navigator.clipboard.writeText(area.value);
        say(copied, "staff_draft_copied", false);
      } catch (error) {
        area.select();
        say(copied, "staff_draft_copy_failed", true);
      }
    });
    panel.append(title, help, field, copy, copied);
    panel.hidden = false;
    panel.scrollIntoView({ block: "start", behavior: "instant" });
    title.focus({ preventScroll: true });
  }

  async function exportCases(format) {
    const message = $("pk-insight-msg");
    try {
      const response = await fetchRaw(`/api/staff/insight/export?days=${INSIGHT_DAYS}&format=${format}`);
      const disposition = response.headers.get("content-disposition") || "";
      const name = (disposition.match(/filename="([^"]+)"/) || [])[1] || `palaute.${format === "csv" ? "csv" : "yaml"}`;
      const url = URL.createObjectURL(await response.blob());
      const link = document.createElement("a");
      link.href = url;
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      say(message, "staff_insight_exported", false, { name });
    } catch (error) {
      failed(error, message);
    }
  }

  function relabelInsight() {
    if (!summary) return;
    const draftOpen = $("pk-insight-draft") && !$("pk-insight-draft").hidden;
    renderInsight();
    loadChart();
    if (draftOpen) $("pk-insight-draft").hidden = true; // its notes are in the old language: draft again
  }

  $("pk-staff-insight").addEventListener("click", showInsight);

  $("pk-staff-lang").addEventListener("change", (event) => {
    lang = event.target.value;
    localStorage.setItem("pk-staff-lang", lang);
    relabel();
  });

  if (lang !== document.documentElement.lang) relabel();
  if (token) loggedIn();
  else $("pk-staff-name").focus();
})();

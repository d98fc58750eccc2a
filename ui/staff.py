"""The staff console at ``/staff/``: login, the queue (refreshing itself), a request, the assistant's draft,
ask with sources, logout.

The page is plain HTML and ``static/staff.js``, which calls the staff API (``/api/staff/...``) with the
session token; texts come from ``assistant/locales`` (Finnish first, Swedish, English).
"""

from __future__ import annotations

from html import escape
from typing import Any

from fastapi import APIRouter
from pydantic import BaseModel, Field
from starlette.concurrency import run_in_threadpool

from assistant.api.deps import AssistantDep, HandoffDep, LanesDep, StaffDep
from assistant.api.schemas import RequestId, Text
from assistant.engine import MAX_MESSAGE_CHARS
from assistant.handoff.draft import build_draft
from assistant.i18n import LANGUAGES, t, ui_language
from ui.page import page, texts_json
from ui.render import response_html, service_cards, sources_block

REFRESH_SECONDS = 30

router = APIRouter(prefix="/ui/staff", include_in_schema=False)


class Question(BaseModel):
    text: Text = Field(min_length=1, max_length=MAX_MESSAGE_CHARS)


@router.post("/requests/{request_id}/draft")
async def draft(
    request_id: RequestId, handoff: HandoffDep, staff: StaffDep, assistant: AssistantDep, lanes: LanesDep
) -> dict[str, Any]:
    """The assistant's reply draft to edit, with its services and sources rendered for reading."""
    item = await run_in_threadpool(handoff.queue.get, request_id)
    built = await lanes.run("answer", build_draft, assistant, item["message"], item["lang"])
    lang = ui_language(item["lang"])
    return {
        "text": built["text"],
        "html": service_cards(built["services"], lang) + sources_block(built["sources"], lang, cited_only=False),
    }


@router.post("/ask")
async def ask(body: Question, staff: StaffDep, assistant: AssistantDep, lanes: LanesDep) -> dict[str, Any]:
    """An answer with its sources, as a family would get it."""
    result = await lanes.ask(assistant, body.text, [], None, False)
    return {"html": response_html(result.as_dict())}


def _tx(key: str, lang: str) -> str:
    return f'data-t="{key}">{escape(t(key, lang))}'


def staff_page(lang: str = "fi") -> str:
    """The console in ``lang``; the staff member can switch the language on the page."""
    lang = ui_language(lang)
    languages = "".join(
        f'<option value="{code}"{" selected" if code == lang else ""} lang="{code}">'
        f"{escape(t('ui_lang_name', code))}</option>"
        for code in LANGUAGES
    )
    statuses = "".join(
        f'<option value="{s}" {_tx(f"staff_status_{s}", lang)}</option>'
        for s in ("new", "in_progress", "answered", "closed")
    )
    columns = "".join(
        f'<th scope="col" {_tx(f"staff_col_{c}", lang)}</th>' for c in ("reference", "status", "due", "contact", "lang")
    )
    body = f"""
<div class="pk-staff">
 <header class="pk-staff-bar">
  <h1 class="pk-me" {_tx("staff_heading", lang)}</h1>
  <label for="pk-staff-lang" data-t="ui_language">{escape(t("ui_language", lang))}</label>
  <select id="pk-staff-lang">{languages}</select>
 </header>
 <p id="pk-staff-login-msg" class="pk-msg" role="status"></p>
 <form id="pk-login" class="pk-login">
  <div class="pk-field"><label for="pk-staff-name" {_tx("staff_name", lang)}</label>
   <input type="text" id="pk-staff-name" name="name" autocomplete="username" required></div>
  <div class="pk-field"><label for="pk-staff-password" {_tx("staff_password", lang)}</label>
   <input type="password" id="pk-staff-password" name="password" autocomplete="current-password" required></div>
  <button type="submit" id="pk-staff-login" class="primary" {_tx("staff_login", lang)}</button>
 </form>
 <main id="pk-console" hidden>
  <div class="pk-staff-bar">
   <span id="pk-staff-me" class="pk-me"></span>
   <button type="button" id="pk-staff-logout" {_tx("staff_logout", lang)}</button>
  </div>
  <section aria-labelledby="pk-queue-title">
   <h2 id="pk-queue-title" {_tx("staff_queue", lang)}</h2>
   <div class="pk-queue-tools">
    <div><label for="pk-staff-filter" {_tx("staff_filter", lang)}</label>
     <select id="pk-staff-filter"><option value="" {_tx("staff_filter_all", lang)}</option>{statuses}</select></div>
    <button type="button" id="pk-staff-refresh" {_tx("staff_refresh", lang)}</button>
    <span id="pk-staff-count" aria-live="polite"></span>
    <span id="pk-staff-updated" class="pk-hint"></span>
   </div>
   <p id="pk-staff-action" class="pk-msg" role="status"></p>
   <div class="pk-table-wrap" role="region" aria-labelledby="pk-queue-title" tabindex="0">
    <table class="pk-queue" id="pk-staff-queue">
    <thead><tr>{columns}</tr></thead><tbody></tbody></table></div>
   <p id="pk-staff-empty" hidden {_tx("staff_empty", lang)}</p>
  </section>
  <section id="pk-staff-detail" class="pk-detail" aria-labelledby="pk-detail-title" tabindex="-1" hidden>
   <h2 id="pk-detail-title"></h2>
   <dl id="pk-staff-details"></dl>
   <h3 {_tx("staff_transcript", lang)}</h3>
   <div id="pk-staff-transcript"></div>
   <div class="pk-actions">
    <button type="button" id="pk-staff-take" {_tx("staff_take", lang)}</button>
    <button type="button" id="pk-staff-draft" {_tx("staff_draft", lang)}</button>
   </div>
   <div id="pk-staff-suggestions"></div>
   <div class="pk-field"><label for="pk-staff-reply" {_tx("staff_reply", lang)}</label>
    <textarea id="pk-staff-reply" rows="10" maxlength="10000"></textarea></div>
   <div class="pk-actions">
    <button type="button" id="pk-staff-save" {_tx("staff_save", lang)}</button>
    <button type="button" id="pk-staff-answered" class="primary" {_tx("staff_answered", lang)}</button>
    <button type="button" id="pk-staff-close" {_tx("staff_close_request", lang)}</button>
   </div>
  </section>
  <section class="pk-section" aria-labelledby="pk-insight-title">
   <link rel="stylesheet" href="/ui-static/staff.css">
   <h2 id="pk-insight-title" {_tx("staff_insight", lang)}</h2>
   <button type="button" id="pk-staff-insight" {_tx("staff_insight_show", lang)}</button>
   <div id="pk-staff-insight-out" aria-live="polite"></div>
  </section>
  <section class="pk-section" aria-labelledby="pk-ask-title">
   <h2 id="pk-ask-title" {_tx("staff_ask_title", lang)}</h2>
   <form id="pk-staff-ask-form">
    <div class="pk-field"><label for="pk-staff-question" {_tx("staff_question", lang)}</label>
     <input type="text" id="pk-staff-question" maxlength="{MAX_MESSAGE_CHARS}"></div>
    <button type="submit" id="pk-staff-ask" {_tx("staff_ask", lang)}</button>
   </form>
   <div id="pk-staff-answer"></div>
  </section>
 </main>
</div>
{texts_json({"refresh_seconds": REFRESH_SECONDS})}
<script src="/ui-static/staff.js" defer></script>"""
    return page(lang, t("staff_title", lang), body, "pk-staff-page")

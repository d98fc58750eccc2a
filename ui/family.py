"""The family chat at ``/``: the AI notice, one answer per question (sources, service cards, the crisis
block with tap-to-call numbers), the 'talk to a person' button with the Pyydä apua form.

The page is plain HTML and a small script (``static/family.js``); every text comes from
``assistant/locales`` in the page's language, and the answers are rendered by :mod:`ui.render`.
"""

from __future__ import annotations

import time
from html import escape
from typing import Any

from fastapi import APIRouter, BackgroundTasks, Request

from assistant.api.deps import AssistantDep, LanesDep
from assistant.api.routers.feedback import log_after_reply
from assistant.api.schemas import ChatRequest
from assistant.engine import MAX_MESSAGE_CHARS
from assistant.i18n import LANGUAGES, t, ui_language
from ui.page import page, texts_json
from ui.render import response_html

HISTORY_TURNS = 4
CONTACT_METHODS = ("phone", "email", "callback")

router = APIRouter(prefix="/ui", include_in_schema=False)


@router.post("/chat")
async def chat(
    body: ChatRequest, assistant: AssistantDep, lanes: LanesDep, request: Request, background: BackgroundTasks
) -> dict[str, Any]:
    """One answer for the chat page: the response's route and language with its rendered HTML.

    It runs in the same bounded lanes as ``POST /api/chat`` (danger never waits behind answers); errors are
    the API's (422, 503 with Retry-After) and the page says them in the family's language. The turn is logged
    after the reply has been sent, as for ``POST /api/chat``."""
    started = time.perf_counter()
    result = await lanes.ask(assistant, body.message, body.history[-HISTORY_TURNS:], body.lang, body.plain)
    response = result.as_dict()
    if body.keep:
        log_after_reply(background, request, response, body.message, started)
    return {
        "id": response["id"],
        "route": response["route"],
        "safety": response["safety"],
        "lang": response["lang"],
        "html": response_html(response),
    }


def _tx(key: str, lang: str) -> str:
    """A text for the page, with the attribute that lets the script relabel it in another language."""
    return f'data-t="{key}">{escape(t(key, lang))}'


def _language_choice(lang: str) -> str:
    radios = "".join(
        f'<label><input type="radio" name="pk-lang" value="{code}"{" checked" if code == lang else ""}>'
        f'<span lang="{code}">{escape(t("ui_lang_name", code))}</span></label>'
        for code in LANGUAGES
    )
    return f'<fieldset id="pk-lang" class="pk-lang"><legend {_tx("ui_language", lang)}</legend>{radios}</fieldset>'


def _examples(lang: str) -> str:
    items = "".join(
        f'<li><button type="button" class="pk-example" {_tx(f"ui_example_{n}", lang)}</button></li>' for n in (1, 2, 3)
    )
    return (
        f'<section id="pk-examples" class="pk-examples" aria-labelledby="pk-examples-title">'
        f'<h2 id="pk-examples-title" {_tx("ui_examples", lang)}</h2><ul>{items}</ul></section>'
    )


FIELD_LIMITS = {"phone": 32, "email": 254, "callback_time": 120}  # as assistant/handoff/queue.py checks them


def _contact_field(method: str, kind: str, label_key: str, hint_key: str, lang: str, autocomplete: str) -> str:
    name = {"phone": "phone", "email": "email", "callback": "callback_time"}[method]
    return (
        f'<div class="pk-field" id="pk-field-{name}" data-methods="{"phone callback" if name == "phone" else method}">'
        f'<label for="pk-form-{name}" {_tx(label_key, lang)}</label>'
        f'<input type="{kind}" id="pk-form-{name}" name="{name}" autocomplete="{autocomplete}" '
        f'maxlength="{FIELD_LIMITS[name]}" '
        f'aria-describedby="pk-form-{name}-hint pk-form-{name}-error">'
        f'<p class="pk-hint" id="pk-form-{name}-hint" {_tx(hint_key, lang)}</p>'
        f'<p class="pk-error" id="pk-form-{name}-error" hidden></p></div>'
    )


def _form(lang: str) -> str:
    methods = "".join(
        f'<label class="pk-check"><input type="radio" name="contact_method" value="{m}"'
        f"{' checked' if m == 'phone' else ''}><span {_tx(f'ui_contact_{m}', lang)}</span></label>"
        for m in CONTACT_METHODS
    )
    return f"""
<dialog id="pk-form" class="pk-dialog" aria-labelledby="pk-form-title" aria-describedby="pk-form-intro">
 <form id="pk-handoff" novalidate>
  <div class="pk-dialog-head"><h2 id="pk-form-title" {_tx("ui_form_title", lang)}</h2>
   <button type="button" id="pk-form-close" {_tx("ui_close", lang)}</button></div>
  <p id="pk-form-intro" {_tx("ui_form_intro", lang)}</p>
  <p id="pk-chat-status"></p>
  <div class="pk-field" id="pk-field-message">
   <label for="pk-form-message" {_tx("ui_form_message", lang)}</label>
   <textarea id="pk-form-message" name="message" rows="4" maxlength="4000"
    aria-describedby="pk-form-message-error"></textarea>
   <p class="pk-error" id="pk-form-message-error" hidden></p>
  </div>
  <fieldset class="pk-field" id="pk-form-contact"><legend {_tx("ui_form_contact", lang)}</legend>
   <div class="pk-methods">{methods}</div></fieldset>
  {_contact_field("phone", "tel", "ui_form_phone", "ui_form_phone_hint", lang, "tel")}
  {_contact_field("email", "email", "ui_form_email", "ui_form_email_hint", lang, "email")}
  {_contact_field("callback", "text", "ui_form_callback", "ui_form_callback_hint", lang, "off")}
  <div class="pk-field"><label class="pk-check"><input type="checkbox" id="pk-form-consent" name="consent">
   <span {_tx("ui_form_consent", lang)}</span></label></div>
  <p id="pk-form-error" class="pk-error" role="alert" hidden></p>
  <div id="pk-form-result" role="status"></div>
  <div class="pk-form-actions">
   <button type="submit" id="pk-form-send" class="primary" {_tx("ui_form_send", lang)}</button></div>
 </form>
</dialog>"""


def family_page(lang: str = "fi", embed: bool = False) -> str:
    """The chat page in ``lang`` (fi, sv or en); ``embed`` is the widget's panel inside another site."""
    lang = ui_language(lang)
    body = f"""
<a class="pk-skip" href="#pk-message" {_tx("ui_skip", lang)}</a>
<div class="pk-page">
 <header>
  <div id="pk-notice" class="pk-notice" role="note">
   <h1 {_tx("ui_title", lang)}</h1><p {_tx("ui_notice", lang)}</p></div>
  <div class="pk-settings">{_language_choice(lang)}
   <label class="pk-check"><input type="checkbox" id="pk-plain"><span {_tx("ui_plain", lang)}</span></label>
   <label class="pk-check"><input type="checkbox" id="pk-nokeep"><span {_tx("ui_nokeep", lang)}</span></label>
   <button type="button" id="pk-clear" class="pk-clear" hidden {_tx("ui_clear", lang)}</button>
  </div>
 </header>
 <main id="pk-main">
  {_examples(lang)}
  <h2 class="visually-hidden" {_tx("ui_conversation", lang)}</h2>
  <div id="pk-chat" class="pk-chat" role="log" aria-live="polite" aria-relevant="additions"></div>
  <form id="pk-ask" class="pk-composer" novalidate>
   <div class="pk-composer-top">
    <label for="pk-message" {_tx("ui_question", lang)}</label>
    <button type="button" id="pk-talk" {_tx("ui_talk", lang)}</button>
   </div>
   <div class="pk-composer-row">
    <textarea id="pk-message" name="message" rows="2" maxlength="{MAX_MESSAGE_CHARS}"
     placeholder="{escape(t("ui_placeholder", lang), quote=True)}" data-t-placeholder="ui_placeholder"
     aria-describedby="pk-message-hint pk-counter"></textarea>
    <button type="submit" id="pk-send" class="primary" {_tx("ui_send", lang)}</button>
   </div>
   <p id="pk-message-hint" class="pk-error" hidden></p>
   <p id="pk-counter" class="pk-counter"></p>
  </form>
 </main>
 <div id="pk-announce" class="visually-hidden" aria-live="assertive"></div>
</div>
{_form(lang)}
{texts_json({"max": MAX_MESSAGE_CHARS})}
<script src="/ui-static/family.js" defer></script>"""
    return page(lang, t("ui_title", lang), body, "pk-family pk-embed" if embed else "pk-family")

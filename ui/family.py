"""The family chat (Gradio, mounted at ``/``): AI notice, answer with sources and service cards, crisis block,
a always-visible 'talk to a person' button with the Pyydä apua form and the Apua huoliin status."""

from __future__ import annotations

import uuid
from collections.abc import Callable
from html import escape
from typing import Any

import gradio as gr

from assistant.engine import Assistant
from assistant.errors import AssistantError
from assistant.factory import Handoff
from assistant.handoff.queue import NewRequest
from assistant.i18n import t
from ui.render import response_html

EXAMPLES = {
    "fi": ["Mikä on perhekeskus?", "Onko Rovaniemellä perhekahviloita?", "Mistä saa apua eroon?"],
    "sv": ["Vad är familjecentret?", "Finns det familjecaféer i Rovaniemi?"],
    "en": ["What is the family centre?", "Where can we meet other families with small children?"],
}
HISTORY_TURNS = 4


def notice_html(lang: str) -> str:
    title, notice = escape(t("ui_title", lang)), escape(t("ui_notice", lang))
    return f'<div class="pk-notice" role="note"><strong>{title}</strong><br>{notice}</div>'


def chat_status_html(handoff: Handoff | None, lang: str) -> str:
    if handoff is None:
        return ""
    open_now, opening = handoff.chat_hours.status(handoff.timezone)
    if open_now is None:
        status = t("ui_chat_unknown", lang)
    elif open_now:
        status = t("ui_chat_open", lang)
    else:
        when = t("ui_chat_next", lang).format(when=opening.strftime("%d.%m. %H:%M")) if opening else ""
        status = f"{t('ui_chat_closed', lang)} {when}".strip()
    url, label = escape(handoff.chat_url, quote=True), escape(t("ui_chat_link", lang))
    link = f'<a href="{url}" target="_blank" rel="noopener noreferrer">{label}</a>'
    return f'<p id="pk-chat-status">{escape(status)} {link}</p>'


def build_family_ui(get_assistant: Callable[[], Assistant], get_handoff: Callable[[], Handoff | None]) -> gr.Blocks:
    with gr.Blocks(title="Perhekeskus", analytics_enabled=False) as demo:
        notice = gr.HTML(notice_html("fi"), elem_id="pk-notice")
        with gr.Row():
            lang = gr.Radio(["fi", "sv", "en"], value="fi", label=t("ui_language", "fi"), elem_id="pk-lang")
            plain = gr.Checkbox(False, label=t("ui_plain", "fi"), elem_id="pk-plain")
            talk = gr.Button(t("ui_talk", "fi"), variant="secondary", elem_id="pk-talk")
        chatbot = gr.Chatbot(label="Chat", height=260, elem_id="pk-chat", feedback_options=None)
        answer = gr.HTML("", elem_id="pk-answer", label="")
        with gr.Row():
            message = gr.Textbox(
                label=t("ui_question", "fi"),
                placeholder=t("ui_placeholder", "fi"),
                scale=4,
                max_length=2000,
                elem_id="pk-message",
                lines=1,
                max_lines=1,
            )
            send = gr.Button(t("ui_send", "fi"), variant="primary", scale=1, elem_id="pk-send")
        clear = gr.Button(t("ui_clear", "fi"), elem_id="pk-clear")
        gr.Examples(examples=EXAMPLES["fi"], inputs=[message], label=t("ui_examples", "fi"))

        with gr.Group(visible=False, elem_id="pk-form") as form:
            form_title = gr.Markdown(f"### {t('ui_form_title', 'fi')}")
            status_html = gr.HTML("", elem_id="pk-chat-status-box")
            form_message = gr.Textbox(
                label=t("ui_form_message", "fi"), lines=3, max_length=4000, elem_id="pk-form-message"
            )
            contact = gr.Radio(
                [
                    (t("ui_contact_phone", "fi"), "phone"),
                    (t("ui_contact_email", "fi"), "email"),
                    (t("ui_contact_callback", "fi"), "callback"),
                ],
                value="phone",
                label=t("ui_form_contact", "fi"),
                elem_id="pk-form-contact",
            )
            phone = gr.Textbox(label=t("ui_form_phone", "fi"), max_length=32, elem_id="pk-form-phone")
            email = gr.Textbox(label=t("ui_form_email", "fi"), max_length=254, elem_id="pk-form-email")
            callback = gr.Textbox(label=t("ui_form_callback", "fi"), max_length=120, elem_id="pk-form-callback")
            consent = gr.Checkbox(False, label=t("ui_form_consent", "fi"), elem_id="pk-form-consent")
            submit = gr.Button(t("ui_form_send", "fi"), variant="primary", elem_id="pk-form-send")
            form_result = gr.HTML("", elem_id="pk-form-result")

        turns = gr.State([])
        form_key = gr.State("")

        def ask(text: str, history: list[str], messages: list[dict[str, Any]], language: str, simple: bool):
            text = (text or "").strip()
            if not text:
                return gr.update(), history, messages, gr.update()
            try:
                result = get_assistant().ask(text, history[-HISTORY_TURNS:], language, simple).as_dict()
            except AssistantError as exc:
                return "", history, messages, f'<p role="alert">{escape(str(exc))}</p>'
            messages = [
                *messages,
                {"role": "user", "content": escape(text)},
                {"role": "assistant", "content": escape(result["reply"])},
            ]
            return "", [*history, text], messages, response_html(result)

        outputs = [message, turns, chatbot, answer]
        send.click(ask, [message, turns, chatbot, lang, plain], outputs)
        message.submit(ask, [message, turns, chatbot, lang, plain], outputs)
        clear.click(lambda: ("", [], [], "", ""), None, [message, turns, chatbot, answer, form_result])

        def open_form(language: str):
            return gr.update(visible=True), chat_status_html(get_handoff(), language), uuid.uuid4().hex

        talk.click(open_form, [lang], [form, status_html, form_key])

        def send_form(text, method, tel, mail, when, agreed, history, language, key):
            handoff = get_handoff()
            if handoff is None:
                return f'<p role="alert">{escape(t("index_unavailable", language))}</p>'
            request = NewRequest(
                message=text or "",
                contact_method=method,
                phone=tel or None,
                email=mail or None,
                callback_time=when or None,
                consent_transcript=bool(agreed),
                transcript=list(history) if agreed else [],
                lang=language,
                idempotency_key=key or None,
            )
            try:
                done = handoff.queue.submit(request)
            except AssistantError as exc:
                return f'<p role="alert">{escape(str(exc))}</p>'
            text_done = t("ui_form_done", language).format(
                reference=done.reference, due=done.due_date.strftime("%d.%m.%Y")
            )
            return f'<p role="status">{escape(text_done)}</p>'

        submit.click(
            send_form, [form_message, contact, phone, email, callback, consent, turns, lang, form_key], [form_result]
        )

        def relabel(language: str):
            return (
                notice_html(language),
                gr.update(label=t("ui_language", language)),
                gr.update(label=t("ui_plain", language)),
                gr.update(value=t("ui_talk", language)),
                gr.update(label=t("ui_question", language), placeholder=t("ui_placeholder", language)),
                gr.update(value=t("ui_send", language)),
                gr.update(value=t("ui_clear", language)),
                f"### {t('ui_form_title', language)}",
                gr.update(label=t("ui_form_message", language)),
                gr.update(
                    label=t("ui_form_contact", language),
                    choices=[
                        (t("ui_contact_phone", language), "phone"),
                        (t("ui_contact_email", language), "email"),
                        (t("ui_contact_callback", language), "callback"),
                    ],
                ),
                gr.update(label=t("ui_form_phone", language)),
                gr.update(label=t("ui_form_email", language)),
                gr.update(label=t("ui_form_callback", language)),
                gr.update(label=t("ui_form_consent", language)),
                gr.update(value=t("ui_form_send", language)),
                chat_status_html(get_handoff(), language),
            )

        lang.change(
            relabel,
            [lang],
            [
                notice,
                lang,
                plain,
                talk,
                message,
                send,
                clear,
                form_title,
                form_message,
                contact,
                phone,
                email,
                callback,
                consent,
                submit,
                status_html,
            ],
        )
    return demo

"""The staff console (Gradio, mounted at ``/staff``): login, the queue, a request, the draft, ask with sources."""

from __future__ import annotations

from collections.abc import Callable
from html import escape
from typing import Any

import gradio as gr

from assistant.engine import Assistant
from assistant.errors import AssistantError
from assistant.factory import Handoff
from assistant.handoff.draft import build_draft
from ui.render import response_html, service_cards, sources_block

QUEUE_COLUMNS = ["id", "reference", "status", "due_date", "overdue", "contact_method", "lang"]


def _error(exc: Exception) -> str:
    return f'<p role="alert">{escape(str(exc))}</p>'


def build_staff_ui(get_assistant: Callable[[], Assistant], get_handoff: Callable[[], Handoff | None]) -> gr.Blocks:
    with gr.Blocks(title="Perhekeskus – henkilöstö", analytics_enabled=False) as demo:
        gr.Markdown("## Perhekeskus – henkilöstön konsoli")
        token = gr.State("")
        with gr.Row(elem_id="pk-login") as login_row:
            name = gr.Textbox(label="Käyttäjätunnus", elem_id="pk-staff-name")
            password = gr.Textbox(label="Salasana", type="password", elem_id="pk-staff-password")
            login = gr.Button("Kirjaudu", variant="primary", elem_id="pk-staff-login")
        login_msg = gr.HTML("", elem_id="pk-staff-login-msg")

        with gr.Tabs(visible=False, elem_id="pk-staff-tabs") as tabs:
            with gr.Tab("Jono"):
                status_filter = gr.Dropdown(
                    ["kaikki", "new", "in_progress", "answered", "closed"], value="kaikki", label="Tila"
                )
                refresh = gr.Button("Päivitä jono", elem_id="pk-staff-refresh")
                queue = gr.Dataframe(
                    headers=QUEUE_COLUMNS,
                    interactive=False,
                    elem_id="pk-staff-queue",
                    label="Pyydä apua -pyynnöt (myöhässä: overdue = True)",
                )
                request_id = gr.Number(label="Pyynnön id", precision=0, elem_id="pk-staff-request-id")
                with gr.Row():
                    open_btn = gr.Button("Avaa", elem_id="pk-staff-open")
                    take_btn = gr.Button("Ota käsittelyyn", elem_id="pk-staff-take")
                    draft_btn = gr.Button("Luonnos avustajalta", elem_id="pk-staff-draft")
                details = gr.Textbox(label="Pyyntö", lines=6, interactive=False, elem_id="pk-staff-details")
                transcript = gr.Textbox(
                    label="Keskustelu (jos perhe antoi luvan)",
                    lines=4,
                    interactive=False,
                    elem_id="pk-staff-transcript",
                )
                suggestions = gr.HTML("", elem_id="pk-staff-suggestions")
                reply = gr.Textbox(label="Vastausluonnos", lines=10, elem_id="pk-staff-reply")
                with gr.Row():
                    save_btn = gr.Button("Tallenna luonnos", elem_id="pk-staff-save")
                    answered_btn = gr.Button("Merkitse vastatuksi", variant="primary", elem_id="pk-staff-answered")
                action_msg = gr.HTML("", elem_id="pk-staff-action")
            with gr.Tab("Kysy lähteineen"):
                question = gr.Textbox(label="Kysymys", elem_id="pk-staff-question")
                ask_btn = gr.Button("Kysy", elem_id="pk-staff-ask")
                ask_out = gr.HTML("", elem_id="pk-staff-answer")

        def do_login(user: str, secret: str):
            handoff = get_handoff()
            if handoff is None:
                return "", _error(RuntimeError("the queue is unavailable")), gr.update(), gr.update()
            try:
                issued, _ = handoff.auth.login(user or "", secret or "")
            except AssistantError as exc:
                return "", _error(exc), gr.update(visible=True), gr.update(visible=False)
            return issued, f"<p>Kirjautunut: {escape(user)}</p>", gr.update(visible=False), gr.update(visible=True)

        login.click(do_login, [name, password], [token, login_msg, login_row, tabs])

        def staff(secret: str):
            handoff = get_handoff()
            assert handoff is not None
            return handoff, handoff.auth.identify(secret)

        def load_queue(secret: str, status: str):
            try:
                handoff, _ = staff(secret)
                rows = handoff.queue.requests(None if status == "kaikki" else status)
            except AssistantError as exc:
                return gr.update(), _error(exc)
            return [[row[c] for c in QUEUE_COLUMNS] for row in rows], ""

        refresh.click(load_queue, [token, status_filter], [queue, action_msg])
        status_filter.change(load_queue, [token, status_filter], [queue, action_msg])

        def show(item: dict[str, Any]) -> tuple[str, str, str]:
            contact = item.get("phone") or item.get("email") or ""
            text = (
                f"{item['reference']} – {item['status']} – vastattava {item['due_date']}"
                f"{' (MYÖHÄSSÄ)' if item['overdue'] else ''}\nYhteystapa: {item['contact_method']} {contact}"
                f"{' / ' + item['callback_time'] if item.get('callback_time') else ''}\n\n{item['message']}"
            )
            return text, "\n".join(item.get("transcript") or []), item.get("draft_reply") or ""

        def open_request(secret: str, number: float | None):
            try:
                handoff, _ = staff(secret)
                item = handoff.queue.get(int(number or 0))
            except AssistantError as exc:
                return gr.update(), gr.update(), gr.update(), _error(exc)
            return (*show(item), "")

        open_btn.click(open_request, [token, request_id], [details, transcript, reply, action_msg])

        def take(secret: str, number: float | None):
            try:
                handoff, who = staff(secret)
                item = handoff.queue.take(int(number or 0), who)
            except AssistantError as exc:
                return gr.update(), gr.update(), gr.update(), _error(exc)
            return (*show(item), "<p>Otettu käsittelyyn.</p>")

        take_btn.click(take, [token, request_id], [details, transcript, reply, action_msg])

        def draft(secret: str, number: float | None):
            try:
                handoff, _ = staff(secret)
                item = handoff.queue.get(int(number or 0))
                built = build_draft(get_assistant(), item["message"], item["lang"])
            except AssistantError as exc:
                return gr.update(), gr.update(), _error(exc)
            html = service_cards(built["services"], item["lang"]) + sources_block(built["sources"], item["lang"])
            return built["text"], html, ""

        draft_btn.click(draft, [token, request_id], [reply, suggestions, action_msg])

        def act(secret: str, number: float | None, change: Callable[..., Any], done: str) -> str:
            """Run one state change on the request as the logged-in staff member."""
            try:
                handoff, who = staff(secret)
                change(handoff.queue, int(number or 0), who)
            except AssistantError as exc:
                return _error(exc)
            return f"<p>{escape(done)}</p>"

        def save(secret: str, number: float | None, text: str) -> str:
            return act(secret, number, lambda q, i, who: q.save_draft(i, who, text or ""), "Luonnos tallennettu.")

        save_btn.click(save, [token, request_id, reply], [action_msg])

        def answered(secret: str, number: float | None) -> str:
            return act(secret, number, lambda q, i, who: q.set_status(i, who, "answered"), "Merkitty vastatuksi.")

        answered_btn.click(answered, [token, request_id], [action_msg])

        def ask(secret: str, text: str):
            try:
                staff(secret)
                result = get_assistant().ask(text or "")
            except AssistantError as exc:
                return _error(exc)
            return response_html(result.as_dict())

        ask_btn.click(ask, [token, question], [ask_out])
    return demo

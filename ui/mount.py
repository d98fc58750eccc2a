"""Mounts the family chat at ``/`` and the staff console at ``/staff`` on the FastAPI app."""

from __future__ import annotations

import os

from fastapi import FastAPI

from ui.render import CSS

ACCESSIBILITY_JS = """
() => {
  const answer = document.getElementById('pk-answer');
  if (answer) { answer.setAttribute('aria-live', 'polite'); answer.setAttribute('role', 'status'); }
  document.documentElement.setAttribute('lang', 'fi');
}
"""


def mount_ui(app: FastAPI) -> FastAPI:
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")  # nothing leaves the machine
    import gradio as gr

    from ui.family import build_family_ui
    from ui.staff import build_staff_ui

    def assistant():  # type: ignore[no-untyped-def]
        return app.state.assistant

    def handoff():  # type: ignore[no-untyped-def]
        return getattr(app.state, "handoff", None)

    theme = gr.themes.Default(font=["system-ui", "sans-serif"], font_mono=["monospace"])
    app = gr.mount_gradio_app(
        app, build_staff_ui(assistant, handoff), path="/staff", theme=theme, css=CSS, footer_links=[]
    )
    return gr.mount_gradio_app(
        app, build_family_ui(assistant, handoff), path="/", theme=theme, css=CSS, js=ACCESSIBILITY_JS, footer_links=[]
    )


def serve_app() -> FastAPI:
    """The served application (API plus UI) from the environment's settings: uvicorn's factory, so each
    worker process builds its own engine in its lifespan."""
    from assistant.api.app import create_app
    from assistant.config import get_settings

    return mount_ui(create_app(get_settings()))

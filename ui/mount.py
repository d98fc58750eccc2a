"""Mounts the family chat at ``/``, the staff console at ``/staff/`` and the embeddable ``/widget.js``
on the FastAPI app, with their static files under ``/ui-static``."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path

from fastapi import FastAPI
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles

from assistant.i18n import LANGUAGES, t, ui_language
from ui import family, staff

STATIC = Path(__file__).parent / "static"
WIDGET_TEXTS = ("ui_title", "ui_widget_open", "ui_widget_close")


@cache
def widget_script() -> str:
    """``static/widget.js`` with its texts (from the locales) filled in."""
    texts = {lang: {key: t(key, lang) for key in WIDGET_TEXTS} for lang in LANGUAGES}
    payload = json.dumps(texts, ensure_ascii=False).replace("<", "\\u003c")
    return (STATIC / "widget.js").read_text(encoding="utf-8").replace("__PK_TEXTS__", payload)


def mount_ui(app: FastAPI) -> FastAPI:
    """Add the pages and their routes to ``app`` (the API app of :func:`assistant.api.app.create_app`)."""
    app.include_router(family.router)
    app.include_router(staff.router)
    app.mount("/ui-static", StaticFiles(directory=STATIC), name="ui-static")

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def family_page(lang: str = "fi", embed: bool = False) -> HTMLResponse:
        return HTMLResponse(family.family_page(ui_language(lang), embed))

    @app.get("/staff", include_in_schema=False)
    def staff_redirect() -> RedirectResponse:
        return RedirectResponse("/staff/")

    @app.get("/staff/", response_class=HTMLResponse, include_in_schema=False)
    def staff_page(lang: str = "fi") -> HTMLResponse:
        return HTMLResponse(staff.staff_page(ui_language(lang)))

    @app.get("/widget.js", include_in_schema=False)
    def widget() -> Response:
        return Response(widget_script(), media_type="text/javascript; charset=utf-8")

    return app


def serve_app() -> FastAPI:
    """The served application (API plus UI) from the environment's settings: uvicorn's factory, so each
    worker process builds its own engine in its lifespan."""
    from assistant.api.app import create_app
    from assistant.config import get_settings
    from assistant.threads import limit_compute_threads

    settings = get_settings()
    limit_compute_threads(settings.compute_threads)
    return mount_ui(create_app(settings))

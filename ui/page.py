"""The frame every web page shares: the document, its language, its stylesheet and its texts."""

from __future__ import annotations

import json
from html import escape
from typing import Any

from assistant.i18n import LANGUAGES, texts


def texts_json(settings: dict[str, Any] | None = None) -> str:
    """The page's texts in every language (for relabelling without a reload) as a JSON data block.

    A data block is never run as script, so a strict Content-Security-Policy allows it."""
    data = {"texts": {lang: texts(lang) for lang in LANGUAGES}, "settings": settings or {}}
    # '<' never appears raw inside the block, so no text can close the <script> element.
    payload = json.dumps(data, ensure_ascii=False).replace("<", "\\u003c")
    return f'<script type="application/json" id="pk-data">{payload}</script>'


def page(lang: str, title: str, body: str, body_class: str) -> str:
    """A whole HTML document; ``body`` is markup built from escaped texts."""
    return f"""<!doctype html>
<html lang="{escape(lang, quote=True)}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>{escape(title)}</title>
<link rel="stylesheet" href="/ui-static/pk.css">
</head>
<body class="{escape(body_class, quote=True)}">{body}
</body>
</html>
"""

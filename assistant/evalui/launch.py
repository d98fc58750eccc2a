"""Starts the evaluators' tool. Gradio is imported here only when the tool is built, never by the server."""

from __future__ import annotations

import importlib.util
import os
from pathlib import Path
from typing import Any

from assistant.config import Settings
from assistant.evalui.handlers import EvalHandlers
from assistant.evalui.workbench import EvalWorkbench

INSTALL_HINT = "the evaluators' tool needs gradio, which is not installed: pip install -e '.[eval-ui]'"


def gradio_available() -> bool:
    """Whether Gradio can be imported (it is an optional extra, not a dependency of the server)."""
    return importlib.util.find_spec("gradio") is not None


def _offline() -> None:
    """Gradio reads these when it is imported: no telemetry and no version check over the network."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    os.environ["HF_HUB_DISABLE_TELEMETRY"] = "1"


def create_app(
    settings: Settings,
    *,
    eval_dir: Path,
    ratings_dir: Path,
    thresholds: Path,
    lang: str = "fi",
    workbench: EvalWorkbench | None = None,
) -> Any:
    """The tool as a ``gradio.Blocks`` (not started)."""
    _offline()
    from assistant.evalui.app import build_app

    bench = workbench or EvalWorkbench(settings, thresholds=thresholds)
    return build_app(EvalHandlers(bench, lang), eval_dir=eval_dir, ratings_dir=ratings_dir)


def launch(app: Any, host: str, port: int, *, block: bool = True) -> str:
    """Serve ``app`` on ``host:port`` and return its address: no share link, no API or MCP pages, nothing
    fetched from outside. With ``block`` it then serves until interrupted."""
    from assistant.evalui.app import launch_options

    app.queue(default_concurrency_limit=1)  # one run at a time: a run uses every core it is given
    app.launch(
        server_name=host,
        server_port=port,
        share=False,
        inbrowser=False,
        prevent_thread_lock=True,
        quiet=True,  # Gradio's own banner suggests a public share link; the command says where it runs
        **launch_options(),
    )
    url = f"http://{host}:{port}"
    if block:
        app.block_thread()
    return url

"""The evaluators' tool on the session's real assistant, with a tiny test set written for these tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.evalui.handlers import EvalHandlers
from assistant.evalui.workbench import EvalWorkbench

DATA = Path(__file__).parent / "data"
TINY = DATA / "tiny.yaml"
# Thresholds of these tests: evidence_hit@5 cannot be met (case t5's evidence is in no passage), the rest can.
THRESHOLDS = """\
crisis_recall: {min: 1.0}
crisis_to_out_of_scope: {max: 0}
evidence_hit@5: {min: 0.99}
"""


@pytest.fixture(scope="session")
def thresholds(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("gate") / "thresholds.yaml"
    path.write_text(THRESHOLDS, encoding="utf-8")
    return path


@pytest.fixture(scope="session")
def workbench(built_index: Settings, assistant: Assistant, thresholds: Path) -> EvalWorkbench:
    """Every retriever name gets the session's assistant: the tool's own wiring is what is under test here,
    and building a second assistant would cost seconds."""
    return EvalWorkbench(
        built_index, thresholds=thresholds, assistant_for=lambda _name: assistant, chat_assistant=lambda: assistant
    )


@pytest.fixture(scope="session")
def handlers(workbench: EvalWorkbench) -> EvalHandlers:
    return EvalHandlers(workbench, "fi")

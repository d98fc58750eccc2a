"""The evaluators' tool in Debian's Chromium: open it, run the tiny set, see the gated metrics and the cases.
Every request must stay on the tool's own address (no fonts, scripts or telemetry from outside), and axe-core
finds no serious or critical violations."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest

from assistant.config import Settings
from assistant.engine import Assistant
from assistant.evalui.launch import create_app, launch
from assistant.evalui.workbench import EvalWorkbench
from tests.browser.conftest import VIEWPORTS, free_port, shot
from tests.conftest import ROOT
from tests.evalui.conftest import TINY

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def tool_url(built_index: Settings, assistant: Assistant, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The tool with the project's gate (eval/thresholds.yaml): the tiny set cannot pass it, since t5's evidence
    stands in no passage and evidence_hit@5 is then at most 0.5."""
    gate = ROOT / "eval" / "thresholds.yaml"
    bench = EvalWorkbench(built_index, thresholds=gate, assistant_for=lambda _name: assistant)
    ratings = tmp_path_factory.mktemp("ratings")
    app = create_app(built_index, eval_dir=TINY.parent, ratings_dir=ratings, thresholds=gate, workbench=bench)
    port = free_port()
    launch(app, "127.0.0.1", port, block=False)
    yield f"http://127.0.0.1:{port}"
    app.close()


def serious(page) -> list[str]:  # type: ignore[no-untyped-def]
    """axe-core's serious and critical violations on the page as it is."""
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(page)
    return [
        f"{v['id']} ({v['impact']}): {[n['target'] for n in v['nodes']][:3]}"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


@pytest.mark.parametrize("viewport", VIEWPORTS)
def test_run_the_tiny_set_and_see_the_metrics(browser, tool_url: str, viewport: dict[str, int]) -> None:  # type: ignore[no-untyped-def]
    from playwright.sync_api import expect

    page = browser.new_page(viewport=viewport, locale="fi-FI")
    page.set_default_timeout(60_000)
    outside: list[str] = []

    def only_local(route) -> None:  # type: ignore[no-untyped-def]
        url = route.request.url
        if url.startswith((tool_url, "data:", "blob:")):
            route.continue_()
        else:
            outside.append(url)
            route.abort()

    page.route("**/*", only_local)
    try:
        page.goto(tool_url)
        expect(page.get_by_role("heading", name="Perhekeskuksen avustajan arviointityökalu")).to_be_visible()
        testset = page.locator("#pk-testset input")
        testset.fill(str(TINY))
        testset.press("Enter")
        page.locator("#pk-run").click()

        status = page.locator("#pk-run-status")
        expect(status).to_contain_text("Portti ei läpäisty", timeout=120_000)
        expect(status).to_contain_text("5 tapausta")
        metrics = page.locator("#pk-metrics")
        expect(metrics).to_contain_text("route_accuracy")
        expect(metrics).to_contain_text("evidence_hit@5")
        expect(metrics).to_contain_text("ei läpi")
        cases = page.locator("#pk-cases")
        expect(cases).to_contain_text("t4")
        status.evaluate("e => e.scrollIntoView({block: 'start'})")
        shot(page, f"evalui-{'phone' if viewport['width'] < 600 else 'desktop'}.png")

        page.locator("#pk-failures-only").get_by_role("checkbox").check()
        expect(cases).not_to_contain_text("t4")
        cases.get_by_role("gridcell", name="t5", exact=True).click()
        detail = page.locator("#pk-case-detail textarea")
        expect(detail).to_have_value(re.compile(r"^t5 .*näyttö \(sija\): ei löytynyt", re.S))
        assert serious(page) == []
    finally:
        page.close()
    assert outside == []

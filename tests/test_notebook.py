"""The tutorial notebook, run in a real Jupyter kernel (nbclient + ipykernel), and its inline graph page opened in Chromium."""

from __future__ import annotations

import html
from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from kg.html import NOTEBOOK_HEIGHT

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOK = ROOT / "examples" / "tutorial.ipynb"
ARTIFACTS = ROOT / "test-artifacts"


@pytest.fixture(scope="module")
def executed() -> nbformat.NotebookNode:
    notebook = nbformat.read(NOTEBOOK, as_version=4)
    assert not any(cell.get("outputs") for cell in notebook.cells if cell.cell_type == "code")  # committed clean
    NotebookClient(notebook, timeout=600, kernel_name="python3", resources={"metadata": {"path": str(NOTEBOOK.parent)}}).execute()
    return notebook


def _outputs(notebook: nbformat.NotebookNode, first_line: str) -> list:
    """The outputs of the code cell whose first line is ``first_line``, which must hold no error."""
    cell = next(c for c in notebook.cells if c.cell_type == "code" and c.source.splitlines()[0] == first_line)
    assert not [o for o in cell.outputs if o.output_type == "error"], cell.outputs
    return cell.outputs


def _data(outputs: list, mime: str) -> str:
    return next(o.data[mime] for o in outputs if o.output_type in ("execute_result", "display_data") and mime in o.data)


@pytest.mark.slow
def test_tutorial_runs_and_shows_text_tables_and_the_page(executed):
    printed = "".join(o.text for o in _outputs(executed, "import kg") if o.output_type == "stream")
    assert printed.startswith("KnowledgeGraph: ") and " entities, " in printed and printed.rstrip().endswith(" documents")
    assert "Liang Wenfeng" in _data(_outputs(executed, 'graph.ready("founders", org="deepseek").to_python()'), "text/plain")
    table = _data(_outputs(executed, "tables = graph.to_pandas()"), "text/html")
    assert "<table" in table and "subject_label" in table and "confidence" in table
    page = _outputs(executed, "graph")
    frame = _data(page, "text/html")
    assert _data(page, "text/plain") == printed.strip()
    assert frame.startswith('<iframe srcdoc="') and 'sandbox="allow-scripts"' in frame
    assert f"height: {NOTEBOOK_HEIGHT}px" in frame


@pytest.mark.slow
def test_the_inline_page_runs_inside_its_frame_offline(executed, browser, tmp_path):
    """The notebook's own output, put in a page as a front end would, draws the graph in its sandboxed frame."""
    frame = _data(_outputs(executed, "graph"), "text/html")
    srcdoc = html.unescape(frame.split('srcdoc="', 1)[1].split('"', 1)[0])
    assert "Content-Security-Policy" in srcdoc and "default-src 'none'" in srcdoc
    output = tmp_path / "output.html"
    output.write_text(f"<!DOCTYPE html><html><body><div style='width: 960px'>{frame}</div></body></html>", encoding="utf-8")
    fetched, errors = [], []
    context = browser.new_context(viewport={"width": 1000, "height": 760})
    try:
        page = context.new_page()
        page.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:")
                   else (fetched.append(route.request.url), route.abort()))
        page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
        page.goto(output.as_uri())
        inner = page.frame_locator("iframe")
        inner.locator("html[data-ready=true]").wait_for(timeout=60_000)
        assert inner.locator("#status").text_content().startswith("Showing ")
        assert inner.locator("#type-filters label").count() == 5
        sandboxed = page.frames[1].evaluate("() => { try { return String(window.parent.document.title); } catch (e) { return 'blocked'; } }")
        assert sandboxed == "blocked"  # the page cannot reach the notebook around it
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "notebook-output.png"))
    finally:
        context.close()
    assert fetched == [] and errors == []

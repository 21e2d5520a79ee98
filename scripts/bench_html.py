"""Time to interactive of graph.html for synthetic graphs of 300, 3,000 and 10,000 entities.

Usage: python scripts/bench_html.py [N ...]   (needs Debian's chromium at /usr/bin/chromium)

For each size (twice as many relations as entities) it prints the Python time to lay out and
render the page, the page size, and the browser's time from navigation start until the graph
is drawn with its controls live (the page sets ``data-ready`` on its first draw), measured in
headless Chromium from ``file://`` with network lookups blocked: cold (first open in a fresh
browser context) and warm (reloaded), and the wall time of the cold open. Ratios are cold
times against the smallest size. The last column is the wall time from typing a name in the
search box and pressing Enter to that entity's panel being shown, right after the cold open.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

from kg.html import render_html
from kg.sample import synthetic_graph

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]


def measure(page, path: Path) -> tuple[float, float, int, int]:
    """Milliseconds to the first draw (page clock), wall seconds to ready, drawn nodes and edges."""
    start = time.perf_counter()
    page.goto(path.as_uri())
    page.wait_for_selector("html[data-ready=true]", timeout=120_000)
    wall = time.perf_counter() - start
    ready, nodes, edges = page.evaluate(
        "[window.kgReadyAt, kg.network.body.nodeIndices.length, kg.network.body.edgeIndices.length]")
    return ready, wall, nodes, edges


def search_to_panel(page, label: str) -> float:
    """Wall seconds from typing a name in the search box and pressing Enter to the entity's panel."""
    start = time.perf_counter()
    page.fill("#search", label)
    page.keyboard.press("Enter")
    page.wait_for_function("(label) => document.querySelector('#panel h1').textContent === label", arg=label)
    return time.perf_counter() - start


def main(sizes: list[int]) -> None:
    print(f"{'entities':>8} {'relations':>9} {'render s':>8} {'MB':>6} {'cold ms':>8} {'warm ms':>8} {'wall s':>7} {'x smallest':>10} {'search s':>8}")
    with tempfile.TemporaryDirectory() as tmp, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        baseline = None
        for n in sizes:
            graph = synthetic_graph(n, 2 * n)
            start = time.perf_counter()
            page_html = render_html(graph)
            render = time.perf_counter() - start
            path = Path(tmp) / f"graph-{n}.html"
            path.write_text(page_html, encoding="utf-8")
            context = browser.new_context(viewport={"width": 1400, "height": 900})
            context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
            page = context.new_page()
            cold, wall, nodes, edges = measure(page, path)  # as a reader opening the file
            search = search_to_panel(page, graph.entities()[-1].label)
            warm = measure(page, path)[0]  # the same page again, its script already compiled
            context.close()
            assert (nodes, edges) == (len(graph.entities()), len(graph.relations())), (nodes, edges)
            baseline = baseline or cold
            print(f"{n:>8} {2 * n:>9} {render:>8.2f} {len(page_html) / 1e6:>6.2f} {cold:>8.0f} {warm:>8.0f} {wall:>7.2f}"
                  f" {cold / baseline:>10.2f} {search:>8.2f}", flush=True)
        browser.close()


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [300, 3000, 10000])

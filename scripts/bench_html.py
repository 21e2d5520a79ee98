"""Render time and time to interactive of graph.html for synthetic graphs of 300, 3,000 and 10,000 entities.

Usage: python scripts/bench_html.py [N ...] [--engines igraph,networkx] [--no-browser]
(needs Debian's chromium at /usr/bin/chromium unless --no-browser)

For each size (twice as many relations as entities) it prints the Python time (wall and CPU
seconds) to lay out and render the page with each layout engine (python-igraph's
Fruchterman-Reingold, which kg uses, and networkx's spring layout by Louvain communities, kept
to compare with), the ratio of the two, the page size, and, for the page kg ships (the first
engine), the browser's time from navigation start until the graph is drawn with its controls
live (the page sets ``data-ready`` on its first draw), measured in headless Chromium from
``file://`` with network lookups blocked: cold (first open in a fresh browser context) and warm
(reloaded), and the wall time of the cold open. The last column is the wall time from typing a
name in the search box and pressing Enter to that entity's panel being shown, right after the
cold open.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from kg.html import render_html
from kg.layout import ENGINES
from kg.sample import synthetic_graph

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--host-resolver-rules=MAP * ~NOTFOUND"]


def measure(page, path: Path) -> tuple[float, float, int]:
    """Milliseconds to the first draw (page clock), wall seconds to ready, drawn edges."""
    start = time.perf_counter()
    page.goto(path.as_uri(), timeout=600_000)
    page.wait_for_selector("html[data-ready=true]", timeout=600_000)
    wall = time.perf_counter() - start
    ready, edges = page.evaluate("[window.kgReadyAt, kg.network.body.edgeIndices.length]")
    return ready, wall, edges


def search_to_panel(page, label: str) -> float:
    """Wall seconds from typing a name in the search box and pressing Enter to the entity's panel."""
    start = time.perf_counter()
    page.fill("#search", label)
    page.keyboard.press("Enter")
    page.wait_for_function("(label) => document.querySelector('#panel h1').textContent === label", arg=label)
    return time.perf_counter() - start


def render(graph, engine: str) -> tuple[str, float, float]:
    """The page, and the wall and CPU seconds it took to render."""
    start, cpu = time.perf_counter(), time.process_time()
    page = render_html(graph, layout_engine=engine)
    return page, time.perf_counter() - start, time.process_time() - cpu


def main(sizes: list[int], engines: list[str], browser_on: bool) -> None:
    renders = " ".join(f"{e + ' s (cpu)':>19}" for e in engines)
    ratio = f" {engines[1] + '/' + engines[0]:>17}" if len(engines) > 1 else ""
    print(f"{'entities':>8} {'relations':>9} {renders}{ratio} {'MB':>6} {'cold ms':>8} {'warm ms':>8} {'wall s':>7} {'search s':>8}")
    with tempfile.TemporaryDirectory() as tmp:
        playwright = browser = None
        if browser_on:
            from playwright.sync_api import sync_playwright

            playwright = sync_playwright().start()
            browser = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        for n in sizes:
            graph = synthetic_graph(n, 2 * n)
            pages = [render(graph, engine) for engine in engines]
            page_html = pages[0][0]
            times = " ".join(f"{f'{wall:.2f} ({cpu:.2f})':>19}" for _, wall, cpu in pages)
            ratio = f" {pages[1][1] / pages[0][1]:>17.1f}" if len(pages) > 1 else ""
            line = f"{n:>8} {2 * n:>9} {times}{ratio} {len(page_html) / 1e6:>6.2f}"
            if browser is not None:
                path = Path(tmp) / f"graph-{n}.html"
                path.write_text(page_html, encoding="utf-8")
                context = browser.new_context(viewport={"width": 1400, "height": 900})
                context.route("**/*", lambda route: route.continue_() if route.request.url.startswith("file:") else route.abort())
                page = context.new_page()
                cold, wall, edges = measure(page, path)  # as a reader opening the file
                search = search_to_panel(page, graph.entities()[-1].label)
                warm = measure(page, path)[0]  # the same page again, its script already compiled
                context.close()
                assert edges == len(graph.relations()), edges
                line += f" {cold:>8.0f} {warm:>8.0f} {wall:>7.2f} {search:>8.2f}"
            print(line, flush=True)
        if browser is not None:
            browser.close()
            playwright.stop()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("sizes", nargs="*", type=int, default=[300, 3000, 10000], metavar="N")
    parser.add_argument("--engines", default="igraph,networkx", help=f"layout engines to time, first one opened in the browser ({', '.join(ENGINES)})")
    parser.add_argument("--no-browser", action="store_true", help="Python render times only")
    options = parser.parse_args()
    main(options.sizes, options.engines.split(","), not options.no_browser)

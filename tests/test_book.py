"""The course site: a strict Jupyter Book 1.x build whose widgets work with no network.

The site is built once for this module, for real (the notebook is executed, warnings are
errors), then the module page is checked twice: as HTML on disk (widget state saved, the
bundled widget JS linked, nothing loaded from another host) and in a real browser (the widgets
render, and no request leaves this machine).
"""

from __future__ import annotations

import functools
import json
import os
import re
import subprocess
import threading
from collections.abc import Iterator
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from widgets.cli_book import book_command

ROOT = Path(__file__).resolve().parent.parent
MODULE_PAGE = "modules/02_context.html"
WIDGET_JS = "_static/html-manager/embed.js"
EXAMPLE_TEAM = "Riverbend"
BUILD_TIMEOUT = 600
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}

# Attributes through which a page makes the browser fetch something.
RESOURCE_ATTRS = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
URL_IN_TEXT = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s'"`)]*""")


def is_external(url: str) -> bool:
    """True when loading ``url`` would contact a host other than this machine."""
    url = url.strip()
    if not url or url.startswith(("#", "data:", "blob:", "about:", "javascript:", "mailto:")):
        return False
    parts = urlsplit(url)
    if parts.scheme in ("", "file") and not parts.netloc:
        return False
    return (parts.hostname or "") not in LOCAL_HOSTS


def css_urls(text: str) -> list[str]:
    """Every ``url(...)`` and ``@import`` target in a stylesheet (comments removed)."""
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    return [m.group(2) if m.group(2) is not None else m.group(4) for m in CSS_URL.finditer(text)]


class PageScan(HTMLParser):
    """What a page loads: resource URLs, stylesheets, inline scripts and styles."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.resources: list[tuple[str, str]] = []  # (tag, url)
        self.stylesheets: list[str] = []
        self.scripts: list[tuple[str, str]] = []  # (type, body)
        self.styles: list[str] = []
        self._in: tuple[str, str] | None = None
        self._buf: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for name in RESOURCE_ATTRS.get(tag, ()):
            if name in a:
                urls = [u.split()[0] for u in a[name].split(",") if u.strip()] \
                    if name == "srcset" else [a[name]]
                self.resources += [(tag, u) for u in urls]
        if tag == "link" and "stylesheet" in a.get("rel", "").split():
            self.stylesheets.append(a.get("href", ""))
        if "style" in a:
            self.styles.append(a["style"])
        if tag in ("script", "style"):
            self._in, self._buf = (tag, a.get("type", "")), []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._buf.append(data)

    def handle_endtag(self, tag: str) -> None:
        if self._in and tag == self._in[0]:
            body = "".join(self._buf)
            if tag == "script":
                self.scripts.append((self._in[1], body))
            else:
                self.styles.append(body)
            self._in = None


def scan(html: str) -> PageScan:
    parser = PageScan()
    parser.feed(html)
    parser.close()
    return parser


def local_file(site: Path, page: str, url: str) -> Path:
    """The file in the built site that a relative URL on ``page`` points at."""
    resolved = urlsplit(urljoin(f"http://site/{page}", url)).path
    return site / unquote(resolved).lstrip("/")


def widget_state(html: str) -> dict[str, dict]:
    states = [json.loads(body) for kind, body in scan(html).scripts if kind == STATE_MIME]
    assert len(states) == 1, f"expected one {STATE_MIME} script, found {len(states)}"
    return states[0]["state"]


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory, _isolated_home: None) -> Path:
    """Build the course site once, the way CI does: strict, from scratch, practice mode."""
    widget_js = ROOT / "book" / "_widgets_js" / "html-manager" / "embed.js"
    if not widget_js.exists():
        pytest.fail(f"{widget_js.relative_to(ROOT)} is missing. Run `make site-assets`.")
    out = tmp_path_factory.mktemp("book")
    env = {k: v for k, v in os.environ.items() if k != "COURSE_TEAM"}
    proc = subprocess.run(book_command(ROOT, out), cwd=ROOT, env=env, capture_output=True,
                          text=True, timeout=BUILD_TIMEOUT)
    log = proc.stdout + proc.stderr
    assert proc.returncode == 0, f"jupyter-book build failed:\n{log[-6000:]}"
    assert "build succeeded." in log and "problems" not in log, log[-6000:]
    html = out / "_build" / "html"
    assert (html / MODULE_PAGE).exists(), sorted(p.name for p in html.rglob("*.html"))
    return html


@pytest.fixture(scope="module")
def page_html(site: Path) -> str:
    return (site / MODULE_PAGE).read_text("utf-8")


def test_module_page_holds_widget_state(page_html: str) -> None:
    state = widget_state(page_html)
    html_values = [m["state"].get("value", "") for m in state.values()
                   if m["model_name"] == "HTMLModel"]
    tables = [v for v in html_values if "<table" in v and EXAMPLE_TEAM in v]
    assert any("Context factors rated by members of Riverbend" in v for v in tables), \
        "the example team's context map table is not in the saved widget state"
    assert any(v.startswith('<img src="data:image/png;base64,') for v in html_values), \
        "the context map chart is not in the saved widget state"
    assert any("<caption>CFIR 2.0" in v for v in html_values), "the CFIR 2.0 list is missing"

    views = [json.loads(body) for kind, body in scan(page_html).scripts if kind == VIEW_MIME]
    assert len(views) >= 4, "expected the reference table, two maps and the form"
    missing = [v["model_id"] for v in views if v["model_id"] not in state]
    assert not missing, f"widget views without saved state: {missing}"


def test_module_page_loads_bundled_widget_js_only(site: Path, page_html: str) -> None:
    page = scan(page_html)
    srcs = [url for tag, url in page.resources if tag == "script"]
    bundled = [u for u in srcs if local_file(site, MODULE_PAGE, u) == site / WIDGET_JS]
    assert bundled, f"{WIDGET_JS} is not loaded by the page; scripts: {srcs}"
    assert (site / WIDGET_JS).stat().st_size > 100_000, "embed.js looks truncated"
    assert not [u for u in srcs if "require" in u.lower()], "require.js is not needed"
    for url in srcs + page.stylesheets:
        if not is_external(url):
            assert local_file(site, MODULE_PAGE, url).is_file(), f"broken local link: {url}"


def test_citations_link_to_the_references_page(site: Path, page_html: str) -> None:
    references = (site / "book" / "references.html").read_text("utf-8")
    assert "The updated Consolidated Framework for Implementation Research" in references
    assert 'href="../book/references.html#' in page_html, "citations do not link to References"


def external_loads(site: Path, page_path: str) -> list[str]:
    """Everything on a built page that would make a browser contact another host."""
    html = (site / page_path).read_text("utf-8")
    page = scan(html)
    found = [f"<{tag}> {url}" for tag, url in page.resources if is_external(url)]
    found += [f"style url({u})" for s in page.styles for u in css_urls(s) if is_external(u)]
    for kind, body in page.scripts:
        if kind in JS_TYPES:
            found += [f"inline script: {u}" for u in URL_IN_TEXT.findall(body)]
    # HTML that the widgets put on the page (ipywidgets HTML values) is checked too.
    if STATE_MIME in html:
        for model_id, model in widget_state(html).items():
            value = model["state"].get("value")
            if isinstance(value, str) and "<" in value:
                found += [f"widget {model_id} <{tag}> {url}"
                          for tag, url in scan(value).resources if is_external(url)]
    # Stylesheets the page links, and the ones they @import, must not fetch from elsewhere.
    todo = [local_file(site, page_path, u) for u in page.stylesheets if not is_external(u)]
    seen: set[Path] = set()
    while todo:
        css = todo.pop()
        if css in seen or not css.is_file():
            continue
        seen.add(css)
        for url in css_urls(css.read_text("utf-8", errors="replace")):
            if is_external(url):
                found.append(f"{css.relative_to(site)}: url({url})")
            elif url.split("?")[0].endswith(".css"):
                todo.append((css.parent / url.split("?")[0]).resolve())
    return found


def test_no_page_loads_anything_from_another_host(site: Path) -> None:
    pages = sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                   if "_static" not in p.parts and "_sources" not in p.parts)
    assert {MODULE_PAGE, "book/intro.html", "book/references.html"} <= set(pages), pages
    found = {page: loads for page in pages if (loads := external_loads(site, page))}
    assert not found, "pages load from other hosts:\n" + "\n".join(
        f"{page}: {load}" for page, loads in found.items() for load in loads)


def test_no_page_needs_mathjax(site: Path) -> None:
    # Sphinx adds MathJax to pages with math; _config.yml points it at a local file that is
    # not bundled (the course has no math). Bundle MathJax before writing any.
    pages = [p.relative_to(site).as_posix() for p in site.rglob("*.html")
             if any(tag == "script" and "mathjax" in url.lower()
                    for tag, url in scan(p.read_text("utf-8")).resources)]
    assert not pages, f"math on {pages}: bundle MathJax and set mathjax_path to it"


@pytest.fixture(scope="module")
def served_site(site: Path) -> Iterator[str]:
    """The built site over HTTP on 127.0.0.1, as a reader's browser would get it."""
    handler = functools.partial(_QuietHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


def test_widgets_render_offline_in_a_real_browser(browser, served_site: str) -> None:
    requests: list[str] = []
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []

    def route(r) -> None:
        if is_external(r.request.url):
            blocked.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    browser.route("**/*", route)
    browser.on("request", lambda r: requests.append(r.url))
    browser.on("requestfailed", lambda r: failed.append(f"{r.url} {r.failure}"))
    browser.on("response", lambda r: r.status >= 400 and not r.url.endswith("/favicon.ico")
               and failed.append(f"{r.url} {r.status}"))
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served_site + MODULE_PAGE, wait_until="load")

    # The html-manager renders each widget next to its widget-view script, in .widget-subarea.
    context_map = page.locator(".cell_output .widget-subarea .widget-html-content table").filter(
        has=page.locator("caption", has_text="Context factors rated by members of Riverbend"))
    try:
        context_map.first.wait_for(state="visible", timeout=30_000)
    except PlaywrightTimeoutError:
        pytest.fail("the example team's context map never rendered.\n"
                    f"blocked: {blocked}\nfailed: {failed}\nerrors: {errors}")
    assert context_map.count() >= 1
    assert EXAMPLE_TEAM in context_map.first.inner_text()
    assert context_map.first.locator("tbody tr").count() >= 3

    chart = page.locator(".widget-subarea .widget-html-content img[src^='data:image/png']").first
    chart.wait_for(state="visible")
    assert chart.evaluate("img => img.complete && img.naturalWidth > 0")

    cfir = page.locator(".widget-subarea table caption", has_text="CFIR 2.0").first
    assert cfir.is_visible()
    save = page.locator(".widget-subarea button", has_text="Save").first
    assert save.is_visible()
    with_views = page.locator(f".cell_output:has(script[type='{VIEW_MIME}'])")
    assert with_views.count() >= 4
    assert with_views.count() == page.locator(
        f".cell_output:has(script[type='{VIEW_MIME}']):has(.widget-subarea .jupyter-widgets)"
    ).count(), "some widgets were not rendered"
    assert page.locator(".widget-error, .jupyter-widgets-error").count() == 0

    page.wait_for_load_state("networkidle")
    page.close()
    assert requests, "no requests recorded"
    outside = [u for u in requests if is_external(u)]
    assert not outside and not blocked, "requests left this machine:\n" + "\n".join(
        sorted(set(outside + blocked)))
    assert not failed, "requests failed:\n" + "\n".join(failed)
    assert not errors, "JavaScript errors on the page:\n" + "\n".join(errors)

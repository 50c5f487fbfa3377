"""The course site: a strict Jupyter Book 1.x build that works offline and for everyone.

The site is built once for this module, for real (every notebook executed, warnings are
errors), then checked as HTML on disk and in a real browser:

* every module shows the example team's work: widgets with saved state, charts, the plan;
* facilitator notes are gone from the module pages and gathered in the facilitator guide;
* every exercise says where to do it for real;
* the pages beyond the modules are there: guides, glossary, references, reference data;
* every internal link and anchor resolves, and no link assumes the site sits at a host's root;
* nothing is loaded from another host, on disk or in the browser, and search works offline;
* an axe-core WCAG 2.1 AA audit of every page finds no serious or critical violation;
* the forms say that nothing is saved on the site, and none of their buttons can be pressed;
* every chart is shown, with its alt text (a screenshot of each is kept in the build folder);
* every page names the course's icon, no theme template is published, and search lists each
  page once;
* ``course site`` serves the built site.
"""

from __future__ import annotations

import functools
import json
import os
import re
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from html import unescape
from html.parser import HTMLParser
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import unquote, urljoin, urlsplit
from urllib.request import urlopen

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.support import ROOT
from tests.support.browser import InFlight, wait_for_page_settled
from widgets.cli.book import book_command
from widgets.outline import MODULES
from widgets.store import example_snapshot

pytestmark = pytest.mark.slow  # builds the whole site once (about 30 s)

MODULE_PAGE = "modules/02_context.html"
WIDGET_JS = "_static/html-manager/embed.js"
EXAMPLE_TEAM = "Riverbend"
BUILD_TIMEOUT = 600
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
STATE_MIME = "application/vnd.jupyter.widget-state+json"
VIEW_MIME = "application/vnd.jupyter.widget-view+json"
JS_TYPES = {"", "text/javascript", "application/javascript", "module"}
SUB_PATH = "/some/course-site/"

# Attributes through which a page makes the browser fetch something.
RESOURCE_ATTRS = {
    "script": ("src",), "link": ("href",), "img": ("src", "srcset"), "iframe": ("src",),
    "frame": ("src",), "embed": ("src",), "object": ("data",), "source": ("src", "srcset"),
    "video": ("src", "poster"), "audio": ("src",), "track": ("src",), "input": ("src",),
    "image": ("href", "xlink:href"), "use": ("href", "xlink:href"),
}
CSS_URL = re.compile(r"""url\(\s*(['"]?)([^'")]*)\1\s*\)|@import\s+(['"])([^'"]+)\3""")
URL_IN_TEXT = re.compile(r"""(?:https?:)?//[A-Za-z0-9.-]+\.[A-Za-z]{2,}[^\s'"`)]*""")


ICON = "_static/favicon.svg"


def cancelled_icon(request) -> bool:
    """The browser fetches a page's icon after the page has loaded, at low priority, and
    moving on to the next page cancels it. A missing icon still fails: as a 404 response."""
    return request.url.endswith("/" + ICON) and request.failure == "net::ERR_ABORTED"


def block_external(context, blocked: list[str]) -> None:
    """Abort every request to another host, noting it in ``blocked``."""

    def route(r) -> None:
        if is_external(r.request.url):
            blocked.append(r.request.url)
            r.abort()
        else:
            r.continue_()

    context.route("**/*", route)


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
    (out / "build.log").write_text(log, "utf-8")
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
    """The built site over HTTP on 127.0.0.1, as a reader's browser would get it.

    It is served under a sub-path (as on many static hosts), so a link that assumes the site
    sits at the host's root fails: anything outside the sub-path answers 404.
    """
    handler = functools.partial(_SubPathHandler, directory=str(site))
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}{SUB_PATH}"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


class _QuietHandler(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:  # noqa: A002
        pass


class _SubPathHandler(_QuietHandler):
    def send_head(self):  # noqa: ANN201
        if not self.path.startswith(SUB_PATH):
            self.send_error(404, "outside the site's folder")
            return None
        self.path = "/" + self.path[len(SUB_PATH):]
        return super().send_head()


# True once every cell output holding a widget view holds the rendered widget.
ALL_WIDGETS_RENDERED = """(mime) => {
  const outputs = [...document.querySelectorAll(".cell_output")]
    .filter(out => out.querySelector(`script[type="${mime}"]`));
  return outputs.length > 0
    && outputs.every(out => out.querySelector(".widget-subarea .jupyter-widgets"));
}"""


def wait_for_all_widgets(page) -> None:
    """Wait until the html-manager has rendered every widget view on the page; the caller's
    assertions say what is missing if it never does."""
    try:
        page.wait_for_function(ALL_WIDGETS_RENDERED, arg=VIEW_MIME, timeout=30_000)
    except PlaywrightTimeoutError:
        pass


def test_widgets_render_offline_in_a_real_browser(browser, served_site: str) -> None:
    requests: list[str] = []
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []

    in_flight = InFlight().attach(browser)
    block_external(browser, blocked)
    browser.on("request", lambda r: requests.append(r.url))
    browser.on("requestfailed", lambda r: cancelled_icon(r)
               or failed.append(f"{r.url} {r.failure}"))
    browser.on("response", lambda r: r.status >= 400 and failed.append(f"{r.url} {r.status}"))
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
    wait_for_all_widgets(page)
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

    # Every request has finished (fonts the widget code asked for after the load included)
    # before closing the page, which would cancel any still running.
    wait_for_page_settled(page, in_flight)
    page.close()
    assert requests, "no requests recorded"
    outside = [u for u in requests if is_external(u)]
    assert not outside and not blocked, "requests left this machine:\n" + "\n".join(
        sorted(set(outside + blocked)))
    assert not failed, "requests failed:\n" + "\n".join(failed)
    assert not errors, "JavaScript errors on the page:\n" + "\n".join(errors)


# ---- the whole site ----------------------------------------------------------------------

MODULE_PAGES = [f"modules/{p.stem}.html" for p in sorted((ROOT / "modules").glob("*.ipynb"))]
GUIDES = ["book/team-guide.html", "book/facilitator-guide.html",
          "book/alumni-facilitator-guide.html", "book/cohort-guide.html",
          "book/working-group-guide.html"]
BOOK_PAGES = ["book/intro.html", *GUIDES, "book/glossary.html", "book/example-plan.html",
              "book/reference-data.html", "book/references.html"]
# Modules whose worked example draws charts (images in the saved widget state).
CHART_PAGES = ["modules/02_context.html", "modules/04_action.html", "modules/05_roles.html",
               "modules/07_sustain.html", "modules/08_review.html"]
PLAN_FILES = ["implementation-plan.html", "implementation-plan.docx", "leader-briefing.html"]
NOTE_MARK = "Where to do this for real"
NOTES_TAG = "facilitator-notes"
WORKSPACE_CODE = re.compile(r"widgets\.\w+\(ws\b|open_workspace\(")
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
BLOCKING = {"serious", "critical"}


def site_pages(site: Path) -> list[str]:
    """Every page a reader can open: the built HTML, less theme assets and sources."""
    return sorted(p.relative_to(site).as_posix() for p in site.rglob("*.html")
                  if "_static" not in p.parts and "_sources" not in p.parts)


def text_of(html: str) -> str:
    """A page's visible words, with typographic quotes and dashes made plain."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    text = unescape(re.sub(r"<[^>]+>", " ", html))
    for fancy, plain in {"“": '"', "”": '"', "‘": "'", "’": "'", "–": "-", "—": "-"}.items():
        text = text.replace(fancy, plain)
    return re.sub(r"\s+", " ", text)


def code_text(html: str) -> str:
    """Text with tags removed and nothing put in their place, as highlighted code reads."""
    return unescape(re.sub(r"<[^>]+>", "", html))


def article(html: str) -> str:
    """The page's own content, without the site navigation around it."""
    start = html.find('<article class="bd-article"')
    end = html.find("</article>", start)
    assert start >= 0 and end > start, "no article element on the page"
    return html[start:end]


def example_members() -> list[str]:
    return [r["data"]["name"] for r in example_snapshot()["records"]
            if r["kind"] == "member" and not r["deleted"]]


def notes_cells(notebook: Path) -> list[str]:
    nb = json.loads(notebook.read_text("utf-8"))
    return ["".join(c["source"]) for c in nb["cells"]
            if c["cell_type"] == "markdown" and NOTES_TAG in c["metadata"].get("tags", [])]


def plain_fragments(markdown: str) -> list[str]:
    """Runs of plain words from markdown (long enough to be distinctive), as they read on a
    page: emphasis markers and line breaks removed."""
    text = re.sub(r"[*_`]", "", markdown).replace('"', "")
    text = re.sub(r"\s+", " ", text)
    return [f.strip() for f in re.findall(r"[A-Za-z][A-Za-z ,;]{45,}", text)]


def test_build_has_no_warnings(site: Path) -> None:
    log = (site.parent.parent / "build.log").read_text("utf-8")
    lines = [ln for ln in log.splitlines() if re.search(r"\b(WARNING|ERROR)\b", ln)
             and "[IPKernelApp]" not in ln]  # the kernel's own notice, not Sphinx's
    assert not lines, "\n".join(lines)


def test_every_page_is_built(site: Path) -> None:
    pages = set(site_pages(site))
    missing = [p for p in MODULE_PAGES + BOOK_PAGES if p not in pages]
    assert not missing, f"pages missing from the site: {missing}"
    assert len(MODULE_PAGES) == len(MODULES)


@pytest.mark.parametrize("page", MODULE_PAGES)
def test_every_module_shows_the_example_team(site: Path, page: str) -> None:
    html = (site / page).read_text("utf-8")
    state = widget_state(html)
    views = [json.loads(body) for kind, body in scan(html).scripts if kind == VIEW_MIME]
    assert views, f"{page} shows no widgets"
    assert not [v for v in views if v["model_id"] not in state], "views without saved state"
    saved = json.dumps(state)
    names = [n for n in example_members() if n in saved]
    assert len(names) >= 2, f"{page}: the example team's entries are not in the widget state"
    if page in CHART_PAGES:
        values = [m["state"].get("value", "") for m in state.values()]
        assert any(isinstance(v, str) and "data:image/png;base64," in v for v in values), \
            f"{page}: the example team's chart is missing"


@pytest.mark.parametrize("notebook", sorted((ROOT / "modules").glob("*.ipynb")),
                         ids=lambda p: p.stem)
def test_facilitator_notes_are_only_in_the_facilitator_guide(site: Path,
                                                             notebook: Path) -> None:
    cells = notes_cells(notebook)
    assert cells, f"{notebook.name} has no cell tagged {NOTES_TAG}"
    fragments = [f for cell in cells for f in plain_fragments(cell)]
    assert len(fragments) >= 3, fragments
    page = text_of((site / f"modules/{notebook.stem}.html").read_text("utf-8")).replace('"', "")
    shown = [f for f in fragments if f in page]
    assert not shown, f"facilitator notes on the participant page: {shown[:3]}"
    guide = text_of((site / "book/facilitator-guide.html").read_text("utf-8")).replace('"', "")
    missing = [f for f in fragments if f not in guide]
    assert not missing, f"notes missing from the facilitator guide: {missing[:3]}"


@pytest.mark.parametrize("page", MODULE_PAGES)
def test_every_exercise_says_where_to_do_it_for_real(site: Path, page: str) -> None:
    """Each part of a module that shows the team's own workspace carries the note."""
    body = article((site / page).read_text("utf-8"))
    sections = re.split(r"(?=<h2\b)", body)[1:]
    with_workspace = [s for s in sections if WORKSPACE_CODE.search(code_text(s))]
    assert with_workspace, f"{page}: no exercise found"
    for section in with_workspace:
        title = text_of(section[:section.find("</h2>")]).strip(" #")
        words = text_of(section)
        assert NOTE_MARK in words, f"{page}, {title!r}: no note on where to do it for real"
        assert "JupyterLab" in words and "app" in words, f"{page}, {title!r}"


def test_glossary_defines_the_course_terms(site: Path) -> None:
    from widgets.analysis.language import CORE_TERMS
    from widgets.reference import framework_items

    html = (site / "book/glossary.html").read_text("utf-8")
    entries = re.findall(r'<dt id="term-[^"]*"[^>]*>(.*?)</dt>', html, re.S)
    terms = {code_text(re.sub(r'<a class="headerlink".*?</a>', "", t)).strip().casefold()
             for t in entries}
    wanted = set(CORE_TERMS)
    for kind in ("implementation_outcome", "RE-AIM_dimension", "R=MC2_component",
                 "strategy_specification_dimension"):
        wanted |= {name.casefold() for name in framework_items(kind)}
    wanted -= {"implementation outcome affected"}  # the entry "implementation outcome"
    assert not sorted(wanted - terms), f"not in the glossary: {sorted(wanted - terms)}"


def test_glossary_is_linked_from_every_page(site: Path) -> None:
    pages = site_pages(site)
    # The plan files stand alone (a team prints or sends them); index.html only redirects.
    unlinked = [p for p in pages if not p.startswith("example-plan/")
                and p not in ("index.html", "book/glossary.html")
                and "glossary.html" not in (site / p).read_text("utf-8")]
    assert not unlinked, f"pages with no link to the glossary: {unlinked}"
    # The guides link words to their entries, not only to the page.
    for page in GUIDES:
        assert 'glossary.html#term-' in (site / page).read_text("utf-8"), page


def test_references_come_from_the_bib_file(site: Path) -> None:
    bib = (ROOT / "book" / "references.bib").read_text("utf-8")
    titles = [re.sub(r"[{}]", "", t) for t in re.findall(r"^\s*title\s*=\s*\{(.*)\},?\s*$",
                                                          bib, re.M)]
    assert len(titles) >= 10
    page = text_of((site / "book/references.html").read_text("utf-8"))
    missing = [t for t in titles if re.sub(r"\s+", " ", t) not in page]
    assert not missing, f"references not rendered: {missing}"


def test_reference_data_page_counts_the_shipped_data(site: Path) -> None:
    """The summary table agrees with counts made here, straight from the data files."""
    import csv
    from collections import Counter

    data = ROOT / "widgets" / "reference" / "data"
    html = (site / "book/reference-data.html").read_text("utf-8")
    table = html[html.find('<div class="reference-data-summary'):]
    table = table[:table.find("</table>")]
    head = [text_of(h).strip() for h in re.findall(r"<th[^>]*>(.*?)</th>", table, re.S)]
    rows = [[text_of(c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", r, re.S)]
            for r in re.findall(r"<tr[^>]*>(.*?)</tr>", table, re.S)][1:]
    assert rows and head[:3] == ["what the rows hold", "file", "rows"], head
    statuses = head[3:]

    def expect(name: str, column: str, where=lambda r: True) -> list[str]:
        with (data / name).open(encoding="utf-8", newline="") as f:
            records = [r for r in csv.DictReader(f) if where(r)]
        counts = Counter(r[column] for r in records)
        assert set(counts) <= set(statuses), (name, column, counts)
        return [str(len(records))] + [str(counts[s]) for s in statuses]

    by_file: dict[tuple[str, str], list[str]] = {(r[1], r[0]): r[2:] for r in rows}
    for name, label, column in [
            ("cfir2_constructs.csv", "CFIR 2.0 constructs and subconstructs", "verified"),
            ("eric_strategies.csv", "ERIC strategies: the name", "name_verified"),
            ("eric_strategies.csv", "ERIC strategies: the cluster", "cluster_verified"),
            ("eric_clusters.csv", "ERIC clusters: the name", "name_verified"),
            ("cfir_eric_table1.csv", "The published example: expert choices for one barrier",
             "verified")]:
        shown, counted = by_file[(name, label)], expect(name, column)
        assert shown == counted, f"{label}: the page says {shown}, the data {counted}"
    frameworks = [r for r in rows if r[1] == "frameworks_small.csv"]
    assert len(frameworks) >= 5
    for label, _name, *counts in frameworks:
        assert counts == expect("frameworks_small.csv", "verified",
                                lambda r, label=label: r["framework"] == label), label
    assert "Damschroder2022" not in html  # citations render as links, not raw keys
    for heading in ["Facts, not text", "Each source, and what was checked", "Still to check"]:
        assert heading in text_of(html)


def test_example_plan_is_in_the_site(site: Path) -> None:
    folder = site / "example-plan"
    found = sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []
    assert found == sorted(PLAN_FILES), f"plan files in the site: {found}"
    plan = (folder / "implementation-plan.html").read_text("utf-8")
    assert "Riverbend" in plan and "data:image/png;base64," in plan
    briefing = text_of((folder / "leader-briefing.html").read_text("utf-8"))
    assert "Riverbend" in briefing
    import zipfile

    with zipfile.ZipFile(folder / "implementation-plan.docx") as docx:
        assert "Riverbend" in docx.read("word/document.xml").decode("utf-8")
    page = (site / "book/example-plan.html").read_text("utf-8")
    for name in PLAN_FILES:
        assert f'href="../example-plan/{name}"' in page, name
    assert '<iframe class="example-plan" src="../example-plan/implementation-plan.html"' in page
    module7 = (site / "modules/07_sustain.html").read_text("utf-8")
    assert 'href="../book/example-plan.html"' in module7


class _Links(HTMLParser):
    """Every link target on a page, and every id a link can point at."""

    ATTRS = {"a": "href", "link": "href", "script": "src", "img": "src", "iframe": "src",
             "source": "src"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.targets: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        for key in ("id", "name"):
            if a.get(key):
                self.ids.add(a[key])
        if tag in self.ATTRS and a.get(self.ATTRS[tag]):
            self.targets.append(a[self.ATTRS[tag]])


def _links(html: str) -> _Links:
    parser = _Links()
    parser.feed(html)
    parser.close()
    return parser


def test_internal_links_resolve_and_work_under_any_path(site: Path) -> None:
    """Every link to another file of the site, and every #anchor, points at something that
    exists. No link starts at the host's root, so the folder can be published anywhere."""
    broken: list[str] = []
    ids: dict[Path, set[str]] = {}
    pages = site_pages(site)
    for page in pages:
        for url in _links((site / page).read_text("utf-8")).targets:
            parts = urlsplit(url)
            if parts.scheme or parts.netloc or url.startswith(("data:", "javascript:")):
                continue
            if parts.path.startswith("/"):
                broken.append(f"{page}: {url} (starts at the host's root)")
                continue
            target = local_file(site, page, parts.path) if parts.path else site / page
            if not target.is_file():
                broken.append(f"{page}: {url} (no such file)")
                continue
            if parts.fragment and target.suffix == ".html":
                if target not in ids:
                    ids[target] = _links(target.read_text("utf-8")).ids
                if unquote(parts.fragment) not in ids[target]:
                    broken.append(f"{page}: {url} (no such anchor)")
    assert len(pages) >= len(MODULE_PAGES) + len(BOOK_PAGES)
    assert not broken, "broken links:\n" + "\n".join(broken)


def test_site_can_go_on_any_static_host(site: Path) -> None:
    front = (site / "index.html").read_text("utf-8")
    assert '<html lang="en">' in front and "<title>" in front
    assert 'url=book/intro.html"' in front and 'href="book/intro.html"' in front
    assert (site / ".nojekyll").is_file(), "GitHub Pages would hide the _static folder"
    assert not (site / "_sources").exists(), "raw sources (with facilitator notes) published"
    assert (site / "searchindex.js").is_file()


def test_no_theme_template_is_published(site: Path) -> None:
    # Sphinx copies the theme's static folder whole, with the Jinja macros kept there.
    templates = sorted(p.relative_to(site).as_posix() for p in (site / "_static").rglob("*")
                       if p.is_file() and p.suffix in (".html", ".j2", ".jinja"))
    assert not templates, f"theme templates published as pages: {templates}"


class _Icons(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.icons: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "link" and "icon" in a.get("rel", "").lower().split():
            self.icons.append(a.get("href", ""))


def test_every_page_names_an_icon_the_site_holds(site: Path) -> None:
    """Without a <link rel="icon">, a browser asks the host's root for /favicon.ico: a 404 on
    every page (and outside the site when it sits in a sub-folder)."""
    without: list[str] = []
    for page in site_pages(site):
        parser = _Icons()
        parser.feed((site / page).read_text("utf-8"))
        icons = parser.icons
        if not icons:
            without.append(page)
        for href in icons:
            if href.startswith("data:"):
                assert href.startswith("data:image/"), f"{page}: {href[:40]}"
            else:
                assert not is_external(href), f"{page}: icon from another host: {href}"
                icon = local_file(site, page, href)
                assert icon.is_file() and icon.stat().st_size > 0, f"{page}: no icon at {href}"
    assert not without, f"pages naming no icon: {without}"


def _rendered_widgets(page) -> tuple[int, int]:
    views = page.locator(f".cell_output:has(script[type='{VIEW_MIME}'])")
    done = page.locator(f".cell_output:has(script[type='{VIEW_MIME}'])"
                        ":has(.widget-subarea .jupyter-widgets)")
    return views.count(), done.count()


def test_every_page_offline_and_accessible_in_a_real_browser(browser, site: Path,
                                                             served_site: str) -> None:
    """One browser visits every page: nothing leaves the machine or fails to load, no script
    errors, the widgets render, and axe-core finds no serious or critical WCAG 2.1 AA
    violation. The site is served under a sub-path, as a static host might."""
    try:
        from axe_playwright_python.sync_playwright import Axe
    except ImportError:
        pytest.fail("axe-playwright-python is not installed (it bundles axe-core, so the "
                    "audit runs offline): pip install axe-playwright-python")
    axe = Axe()
    requests: list[str] = []
    blocked: list[str] = []
    failed: list[str] = []
    errors: list[str] = []
    violations: list[str] = []
    minor: list[str] = []
    # While axe runs it re-fetches the page's stylesheets, and it resolves their @import
    # relative to the page instead of the stylesheet. Those misses are axe's, not the
    # site's: failed loads count only outside the audit. Requests to other hosts always count.
    auditing = False


    def fail(entry: str) -> None:
        if not auditing:
            failed.append(entry)

    in_flight = InFlight().attach(browser)
    block_external(browser, blocked)
    browser.on("request", lambda r: requests.append(r.url))
    browser.on("requestfailed", lambda r: cancelled_icon(r) or fail(f"{r.url} {r.failure}"))
    browser.on("response", lambda r: r.status >= 400 and fail(f"{r.url} {r.status}"))
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(f"{page.url}: {e}"))
    page.goto(served_site, wait_until="load")  # the front door sends readers on
    page.wait_for_url("**/book/intro.html")
    wait_for_page_settled(page, in_flight)  # leaving a page cancels what it still loads
    pages = [p for p in site_pages(site) if p != "index.html"]
    for path in pages:
        page.goto(served_site + path, wait_until="load")
        if path in MODULE_PAGES:
            page.wait_for_function(
                "() => document.querySelectorAll('.widget-subarea .jupyter-widgets').length > 0",
                timeout=30_000)
            wait_for_all_widgets(page)
            views, rendered = _rendered_widgets(page)
            assert views and views == rendered, f"{path}: {rendered} of {views} widgets shown"
            assert page.locator(".widget-error, .jupyter-widgets-error").count() == 0, path
        # Images, fonts (widget code asks for icon fonts after the load) and every other
        # request of the page have finished: what fails from here on is the audit's.
        wait_for_page_settled(page, in_flight)
        auditing = True
        result = axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS},
                                        "resultTypes": ["violations"]})
        in_flight.wait_for_none(page)  # the stylesheets axe fetched again, failed ones too
        auditing = False
        for v in result.response["violations"]:
            where = ", ".join(str(n["target"]) for n in v["nodes"][:3])
            line = f"{path}: {v['impact']} {v['id']} ({len(v['nodes'])}x) at {where}"
            (violations if v["impact"] in BLOCKING else minor).append(line)
    page.close()
    assert len(pages) >= len(MODULE_PAGES) + len(BOOK_PAGES)
    outside = [u for u in requests if is_external(u)]
    assert not outside and not blocked, "requests left this machine:\n" + "\n".join(
        sorted(set(outside + blocked)))
    assert not failed, "requests failed:\n" + "\n".join(failed)
    assert not errors, "JavaScript errors:\n" + "\n".join(errors)
    assert not violations, "serious or critical WCAG 2.1 AA violations:\n" + "\n".join(
        violations) + ("\n(minor/moderate: " + "; ".join(minor) + ")" if minor else "")


def test_search_works_offline(browser, served_site: str) -> None:
    requests: list[str] = []
    browser.on("request", lambda r: requests.append(r.url))
    page = browser.new_page()
    page.goto(served_site + "search.html?q=fidelity", wait_until="load")
    results = page.locator("ul.search li a")
    results.first.wait_for(timeout=30_000)
    hrefs = [results.nth(i).get_attribute("href") or "" for i in range(results.count())]
    assert any("modules/01_language.html" in h for h in hrefs), hrefs
    assert any("book/glossary.html" in h for h in hrefs), hrefs
    page.close()
    assert requests and not [u for u in requests if is_external(u)]


SEARCHES = ["fidelity", "glossary", "implementation outcome", "adoption", "barrier"]
SEARCH_DONE = re.compile(r"Search finished|did not match")


def search_results(page, served_site: str, query: str) -> tuple[list[str], str]:
    """The links the site's search lists for ``query``, once it has listed them all."""
    page.goto(served_site + "search.html?q=" + query.replace(" ", "+"), wait_until="load")
    summary = page.locator("#search-results p.search-summary").filter(has_text=SEARCH_DONE)
    summary.wait_for(timeout=30_000)
    links = page.locator("ul.search > li > a")
    return [links.nth(i).get_attribute("href") or "" for i in range(links.count())], \
        summary.inner_text()


def test_search_lists_each_page_once(browser, served_site: str) -> None:
    """A glossary term is an index entry: search found the glossary by the entry and by its
    words, and listed it twice; a section title did the same for its page."""
    errors: list[str] = []
    page = browser.new_page()
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: m.type == "error" and errors.append(m.text))
    twice: dict[str, list[str]] = {}
    for query in SEARCHES:
        hrefs, summary = search_results(page, served_site, query)
        assert hrefs, f"nothing found for {query!r}"
        pages = [h.split("#")[0] for h in hrefs]
        if len(set(pages)) != len(pages):
            twice[query] = hrefs
        assert f"found {len(hrefs)} page" in summary, (query, summary, hrefs)
        if query == "fidelity":  # the term's own entry, not the top of the glossary
            assert "book/glossary.html#term-fidelity" in hrefs, hrefs
    page.close()
    assert not twice, "pages listed more than once:\n" + "\n".join(
        f"{q}: {h}" for q, h in twice.items())
    assert not errors, errors


def test_the_icon_is_an_image_a_browser_draws(browser, served_site: str) -> None:
    page = browser.new_page()
    page.goto(served_site + MODULE_PAGE, wait_until="load")
    href = page.evaluate("() => document.querySelector('link[rel~=\"icon\"]')?.href ?? null")
    assert href and href.startswith(served_site), href
    size = page.evaluate("""(url) => new Promise((done) => {
        const img = new Image();
        img.onload = () => done([img.naturalWidth, img.naturalHeight]);
        img.onerror = () => done(null);
        img.src = url;
    })""", href)
    page.close()
    assert size and min(size) >= 16, f"the icon at {href} does not draw: {size}"


# Every ipywidgets Button runs kernel code when pressed: on the site, where no kernel runs,
# none may be pressable. (Toggle buttons are widget-toggle-button and work in the page.)
KERNEL_BUTTONS = ".widget-subarea button.widget-button"
NOTHING_SAVED = "On this site nothing is saved"


def test_forms_on_the_site_say_nothing_is_saved(browser, served_site: str) -> None:
    """Each module's forms say that the site saves nothing, and no Save, "Show teammates'
    latest entries" or other button can be pressed: pressed, they would do nothing."""
    page = browser.new_page()
    problems: list[str] = []
    for path in MODULE_PAGES:
        page.goto(served_site + path, wait_until="load")
        page.locator(".widget-subarea .jupyter-widgets").first.wait_for(timeout=30_000)
        wait_for_all_widgets(page)
        buttons = page.locator(KERNEL_BUTTONS).evaluate_all(
            "bs => bs.map(b => [b.innerText.trim(), !b.disabled])")
        labels = [label for label, _enabled in buttons]
        if not any(label.startswith("Save") for label in labels):
            problems.append(f"{path}: no Save button found (the forms are missing?)")
        pressable = [label for label, enabled in buttons if enabled]
        if pressable:
            problems.append(f"{path}: {len(pressable)} of {len(labels)} buttons can be "
                            f"pressed: {sorted(set(pressable))}")
        said = page.get_by_text(NOTHING_SAVED)
        if not said.count() or not said.first.is_visible():
            problems.append(f"{path}: does not say {NOTHING_SAVED!r}")
    page.close()
    assert not problems, "\n".join(problems)


PNG_IN_HTML = re.compile(r'data:image/png;base64,([A-Za-z0-9+/=]+)')


def chart_pages(site: Path) -> dict[str, set[str]]:
    """Each page that holds charts, with the charts it holds (the PNG data, as in the page's
    HTML or in its saved widget state)."""
    found = {}
    for path in site_pages(site):
        charts = set(PNG_IN_HTML.findall((site / path).read_text("utf-8")))
        if charts:
            found[path] = charts
    return found


def test_every_chart_is_shown_with_alt_text(browser, site: Path, served_site: str) -> None:
    """Each chart in the site is on screen in a real browser, drawn (not blank) and described;
    a screenshot of each is kept in the build folder, _build/chart-screenshots/."""
    from PIL import Image

    pages = chart_pages(site)
    assert set(CHART_PAGES) <= set(pages), f"charts found on {sorted(pages)}"
    shots = site.parent / "chart-screenshots"
    shots.mkdir(exist_ok=True)
    problems: list[str] = []
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    count = 0
    for path, charts in pages.items():
        page.goto(served_site + path, wait_until="load")
        if path in MODULE_PAGES:
            page.locator(".widget-subarea .jupyter-widgets").first.wait_for(timeout=30_000)
            wait_for_all_widgets(page)
        images = page.locator("img[src^='data:image/png']")
        shown = {m.group(1) for i in range(images.count())
                 if (m := PNG_IN_HTML.match(images.nth(i).get_attribute("src") or ""))}
        if charts - shown:
            problems.append(f"{path}: {len(charts - shown)} of {len(charts)} charts not shown")
        for i in range(images.count()):
            image = images.nth(i)
            where = f"{path}, chart {i + 1}"
            alt = (image.get_attribute("alt") or "").strip()
            if len(alt) < 20:
                problems.append(f"{where}: no alt text worth the name: {alt!r}")
            image.scroll_into_view_if_needed()
            image.wait_for(state="visible")
            drawn = image.evaluate("img => img.complete && img.naturalWidth > 0 "
                                   "&& img.naturalHeight > 0")
            box = image.bounding_box()
            if not drawn or not box or box["width"] < 50 or box["height"] < 50:
                problems.append(f"{where}: not drawn on screen (box {box})")
                continue
            shot = shots / f"{path.replace('/', '_').removesuffix('.html')}-{i + 1}.png"
            image.screenshot(path=str(shot))
            count += 1
            with Image.open(shot) as picture:
                blank = all(low == high for low, high in picture.convert("RGB").getextrema())
                size = picture.size
            if blank or min(size) < 50:
                problems.append(f"{where}: the screenshot is blank or tiny ({size}): {shot}")
    page.close()
    assert not problems, "\n".join(problems)
    assert count >= len(CHART_PAGES)
    assert sorted(p.name for p in shots.glob("*.png")), "no screenshots kept"


def test_the_example_teams_logic_model_is_drawn_on_the_site(browser, served_site: str) -> None:
    """Module 8's logic model is in the page itself as a picture a screen reader can name
    (SVG, its team text as text), drawn with every box on screen, beside its table."""
    page = browser.new_page()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(served_site + "modules/08_review.html", wait_until="load")
    page.locator(".widget-subarea .jupyter-widgets").first.wait_for(timeout=30_000)
    wait_for_all_widgets(page)
    # The worked example's, first (the team's own cell shows the example again on the site).
    model = page.get_by_role("img", name=re.compile("^Implementation Research Logic Model")
                             ).first
    model.scroll_into_view_if_needed()
    box = model.bounding_box()
    assert box and box["width"] > 400 and box["height"] > 200, box
    texts = model.locator("text").all_text_contents()
    assert "Determinants" in " ".join(texts) and "Distribute educational materials" in \
        " ".join(texts)
    assert page.get_by_role("table", name=re.compile("logic model of")).count() >= 1
    page.close()


def test_course_site_command_serves_the_built_site(site: Path) -> None:
    out = site.parent.parent  # the --output the site was built with
    # Ctrl+C as in a terminal: a test run started in the background (`make test &`) passes
    # its children SIGINT ignored, and the server then never hears it.
    proc = subprocess.Popen([sys.executable, "-m", "widgets.cli", "site", "--port", "0",
                             "--output", str(out)], cwd=ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT, text=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
    try:
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:\d+/", line)
        assert match, f"no address printed: {line!r}"
        for path in ["", "book/intro.html", MODULE_PAGE, "example-plan/leader-briefing.html"]:
            with urlopen(match.group(0) + path, timeout=10) as response:
                assert response.status == 200, path
    finally:
        proc.send_signal(signal.SIGINT)
        try:
            proc.wait(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    assert proc.returncode == 0, proc.stdout.read()


def test_course_site_command_without_a_build_says_what_to_do(tmp_path: Path) -> None:
    proc = subprocess.run([sys.executable, "-m", "widgets.cli", "site", "--output",
                           str(tmp_path)], cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert proc.returncode == 1
    assert "course book" in proc.stdout

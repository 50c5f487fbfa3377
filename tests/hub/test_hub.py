"""A cohort on a real JupyterHub, end to end: ``course hub`` from a roster, the real
configurable-http-proxy, a real server per person (each as their own account on this machine),
the real PostgreSQL, and a real browser logging in through the hub's login page.

What one person may not see or change is tried from inside their own kernel, through the
kernel API (code a participant could type), not through the course's Python alone.
"""

from __future__ import annotations

import json
import os
import pwd
import re
import signal
import sqlite3
import subprocess
import textwrap
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.error import HTTPError
from urllib.request import HTTPRedirectHandler, Request, build_opener

import nbformat
import pytest
import sqlalchemy as sa

from tests.support import ROOT
from tests.support.browser import CHROMIUM_ARGS, browser_path
from widgets.editions import FACILITATOR_NOTES
from widgets.hub.postgres import free_port

pytestmark = [pytest.mark.slow, pytest.mark.browser, pytest.mark.postgres]

ROSTER = """team,username,display name,perspective,no code,role
Team A,itt-ana,Ana Lúcia,implementer,no,participant
Team A,itt-bo,Bo Okafor,lived experience,yes,participant
Team B,itt-cy,Cy Mensah,researcher,no,participant
Team A,itt-fay,Fay Nair,researcher,no,team facilitator
,itt-cole,Cole Ortega,evaluator,no,cohort facilitator
,itt-finn,Finn Funder,other,no,funder
"""
PEOPLE = ["itt-ana", "itt-bo", "itt-cy", "itt-fay", "itt-cole", "itt-finn"]
PASSWORD = "a long pass phrase, 42"
TIMEOUT_MS = 90_000

# Runs in a person's page: start a kernel on their own server through the REST API, run
# ``code`` over the kernel's websocket, and return what it printed (or its error).
RUN_IN_KERNEL = """async ({base, code}) => {
  const xsrf = decodeURIComponent((document.cookie.split('; ')
    .find(c => c.startsWith('_xsrf=')) || '_xsrf=').slice(6));
  const headers = {'Content-Type': 'application/json', 'X-XSRFToken': xsrf};
  const made = await fetch(base + 'api/kernels', {method: 'POST', headers, body: '{}'});
  if (!made.ok) throw new Error('no kernel: ' + made.status);
  const kernel = await made.json();
  const socket = new WebSocket(location.origin.replace(/^http/, 'ws') + base
                               + 'api/kernels/' + kernel.id + '/channels');
  const id = crypto.randomUUID();
  const result = await new Promise((done, fail) => {
    let out = '', error = null;
    socket.onerror = () => fail(new Error('kernel socket failed'));
    socket.onmessage = event => {
      const m = JSON.parse(event.data);
      if (!m.parent_header || m.parent_header.msg_id !== id) return;
      if (m.msg_type === 'stream') out += m.content.text;
      if (m.msg_type === 'error') error = m.content.ename + ': ' + m.content.evalue;
      if (m.msg_type === 'status' && m.content.execution_state === 'idle') done({out, error});
    };
    socket.onopen = () => socket.send(JSON.stringify({
      channel: 'shell', buffers: [], metadata: {}, parent_header: {},
      header: {msg_id: id, msg_type: 'execute_request', username: '', session: id,
               version: '5.3', date: new Date().toISOString()},
      content: {code, silent: false, store_history: false, user_expressions: {},
                allow_stdin: false, stop_on_error: true}}));
  });
  socket.close();
  await fetch(base + 'api/kernels/' + kernel.id, {method: 'DELETE', headers});
  return result;
}"""


def _remove_accounts() -> None:
    for name in PEOPLE:
        subprocess.run(["pkill", "-KILL", "-u", name], capture_output=True)
        subprocess.run(["userdel", "--remove", name], capture_output=True)


@pytest.fixture(scope="module")
def hub(postgres_server, tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict]:
    """``course hub`` for the roster above, on its own course database."""
    if os.geteuid() != 0:
        pytest.fail("The hub tests make an account for each person: run them as root "
                    "(make test does, in CI).")
    _remove_accounts()  # from a run that was stopped before it could tidy up
    folder = tmp_path_factory.mktemp("hub")
    roster = folder / "roster.csv"
    roster.write_text(ROSTER, "utf-8")
    name = f"hub_{os.getpid()}"
    admin = sa.create_engine(postgres_server.url(), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.exec_driver_sql(f"DROP DATABASE IF EXISTS {name}")
        conn.exec_driver_sql(f"CREATE DATABASE {name}")
    port = free_port()
    log = folder / "hub.log"
    with log.open("w") as out:
        proc = subprocess.Popen(
            [str(ROOT / ".venv" / "bin" / "course"), "hub", str(roster), "--data",
             str(folder / "data"), "--port", str(port), "--database",
             postgres_server.url(database=name)],
            cwd=ROOT, stdout=out, stderr=subprocess.STDOUT)
    deadline = time.monotonic() + 120
    while "JupyterHub is now running" not in log.read_text(errors="replace"):
        if proc.poll() is not None or time.monotonic() > deadline:
            proc.kill()
            pytest.fail(f"the hub did not start:\n{log.read_text(errors='replace')[-4000:]}")
        time.sleep(0.2)  # polling the hub's log for the line that says it is up
    try:
        yield {"url": f"http://127.0.0.1:{port}", "roster": roster, "log": log,
               "database": name, "admin": admin, "data": folder / "data"}
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=60)
        except subprocess.TimeoutExpired:
            proc.kill()
        admin.dispose()
        _remove_accounts()


@pytest.fixture(scope="module")
def browser(hub) -> Iterator:
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=TIMEOUT_MS)
    with sync_playwright() as p:
        chromium = p.chromium.launch(executable_path=browser_path(), headless=True,
                                     args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def pages(hub, browser) -> dict:
    """Each person's browser session, logged in through the hub's login page (their first
    login chooses their password), on the page the hub sent them to."""
    found = {}
    for person in PEOPLE:
        page = browser.new_context().new_page()
        page.set_default_timeout(TIMEOUT_MS)
        page.goto(hub["url"] + "/hub/login")
        page.get_by_label("Username").fill(person)
        page.get_by_label("Password").fill(PASSWORD)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url(re.compile(rf"/user/{person}/(lab|voila)"))
        found[person] = page
    return found


def run(page, person: str, code: str) -> dict:
    """Run ``code`` in a new kernel on ``person``'s own server; what it printed, or its
    error. The code runs as that person, with their server's environment."""
    return page.evaluate(RUN_IN_KERNEL, {"base": f"/user/{person}/",
                                         "code": textwrap.dedent(code)})


def printed(page, person: str, code: str):
    """What ``code`` printed as JSON, from ``person``'s kernel; its error fails the test."""
    result = run(page, person, code)
    assert result["error"] is None, result
    return json.loads(result["out"].strip().splitlines()[-1])


class _NoRedirect(HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):  # noqa: ANN002, ANN003
        return None


def test_an_unauthenticated_request_gets_the_login_and_never_data(hub) -> None:
    opener = build_opener(_NoRedirect)
    for path in ("/user/itt-ana/lab/tree/modules", "/user/itt-ana/api/contents/modules",
                 "/user/itt-bo/voila/render/apps/workspace.ipynb", "/user/itt-cole/api/kernels",
                 "/hub/api/users", "/hub/home", "/"):
        try:
            response = opener.open(Request(hub["url"] + path), timeout=30)
            status, headers, body = response.status, response.headers, response.read()
        except HTTPError as refused:
            status, headers, body = refused.code, refused.headers, refused.read()
        assert status in (302, 403), (path, status)
        if status == 302:
            assert "/hub/login" in headers["Location"] or "/hub/" in headers["Location"], path
        for secret in (b"Team A", b"00_team", b"Ana L", b"it_u_"):
            assert secret not in body, (path, secret)


def test_each_person_lands_where_they_work(hub, pages) -> None:
    from playwright.sync_api import expect

    for person in ("itt-ana", "itt-cy", "itt-fay", "itt-cole", "itt-finn"):
        assert re.search(rf"/user/{person}/lab/tree/modules", pages[person].url), person
        expect(pages[person].locator(".jp-LabShell")).to_be_visible()
    # Participants work in their edition: no facilitator notes, no instructor tools.
    for person, facilitates in (("itt-ana", False), ("itt-fay", True), ("itt-cole", True)):
        notebook = Path(pwd.getpwnam(person).pw_dir) / "course" / "modules" / "02_context.ipynb"
        tags = [t for c in nbformat.read(notebook, as_version=4).cells
                for t in c.metadata.get("tags", [])]
        assert (FACILITATOR_NOTES in tags) is facilitates, person
        menus = pages[person].locator(".lm-MenuBar-itemLabel")
        expect(menus.filter(has_text="Kernel")).to_have_count(1)  # the menus are there
        expect(menus.filter(has_text="Nbgrader")).to_have_count(1 if facilitates else 0)
    bo = pages["itt-bo"]
    assert bo.url.endswith("/user/itt-bo/voila/render/apps/workspace.ipynb")
    expect(bo.get_by_role("status").first).to_have_text("Opened: “Team A”.")
    # The app's own name box, then Module 0's pulse form's: both the hub user's, fixed.
    for box in (bo.get_by_label("Your name").first, bo.get_by_label("Your name").nth(1)):
        expect(box).to_have_value("Bo Okafor")
        expect(box).to_be_disabled()
    expect(bo.get_by_role("heading", name="Module 0: Working as an implementation team")
           ).to_be_visible()
    assert bo.get_by_label("New team name").count() == 0, "no one starts a team on a hub"
    assert bo.locator(".jp-InputArea-editor, .jp-DirListing, .jp-Launcher").count() == 0, \
        "no code, no notebook list"
    assert "Starting managed service idle-culler" in hub["log"].read_text()
    with sqlite3.connect(hub["data"] / "jupyterhub.sqlite") as hub_db:
        groups = hub_db.execute("SELECT g.name, u.name FROM groups g JOIN user_group_map m "
                                "ON m.group_id = g.id JOIN users u ON u.id = m.user_id").fetchall()
    assert sorted(groups) == [("Team A", "itt-ana"), ("Team A", "itt-bo"), ("Team A", "itt-fay"),
                              ("Team B", "itt-cy")], "the hub's groups are the teams"


def test_the_app_is_one_click_away_and_the_cohort_app_open_to_its_facilitator(hub, pages
                                                                             ) -> None:
    from playwright.sync_api import expect

    banner = printed(pages["itt-ana"], "itt-ana", """
        import json, widgets
        print(json.dumps(widgets.open_workspace("")._repr_html_()))
    """)
    assert 'href="/user/itt-ana/voila/render/apps/workspace.ipynb"' in banner
    cole = pages["itt-cole"].context.new_page()
    cole.goto(hub["url"] + "/user/itt-cole/voila/render/apps/cohort.ipynb")
    expect(cole.get_by_role("status").filter(has_text="Read 2 teams")).to_be_visible()
    expect(cole.locator("table").filter(has_text="Team B").first).to_be_visible()
    cole.close()


def test_a_participant_saves_in_the_app_and_a_teammate_sees_it(pages) -> None:
    from playwright.sync_api import expect

    bo = pages["itt-bo"]
    bo.get_by_label("Name", exact=True).fill("Zed Ortiz")
    bo.get_by_label("Role on the team").fill("Clinic coordinator")
    bo.get_by_label("Perspective").select_option(label="Manager")
    bo.get_by_role("button", name=re.compile(r"^\W*Save$")).first.click()
    expect(bo.get_by_role("status").filter(has_text="Saved Zed Ortiz")).to_be_visible()
    seen = printed(pages["itt-ana"], "itt-ana", """
        import json, widgets
        ws = widgets.open_workspace("")
        print(json.dumps([ws.name, [m["name"] for m in ws.members()],
                          ws.history("member", "Zed Ortiz")[-1]["by"]]))
    """)
    assert seen == ["Team A", ["Zed Ortiz"], "Bo Okafor"]


def test_the_author_is_the_hub_user_whatever_the_form_says(pages) -> None:
    seen = printed(pages["itt-ana"], "itt-ana", """
        import json, os, psycopg, widgets
        ws = widgets.open_workspace("")
        ws.save("meeting", {"date": "2027-01-05", "attendees": ["Ana Lúcia", "Bo Okafor"]},
                by="Cy Mensah")
        url = os.environ["COURSE_STORE_URL"].replace("+psycopg", "")
        with psycopg.connect(url, autocommit=True) as db:
            db.execute("UPDATE it_records SET updated_by = 'The Director'")
            authors = db.execute("SELECT DISTINCT updated_by FROM it_records").fetchall()
        print(json.dumps([[h["by"] for h in ws.history("meeting", "2027-01-05")], authors]))
    """)
    assert seen == [["Ana Lúcia"], [["Ana Lúcia"]]]


ATTACK = """
    import json, os, psycopg
    url = os.environ["COURSE_STORE_URL"].replace("+psycopg", "")
    db = psycopg.connect(url, autocommit=True)
    found = {}
    def attempt(name, sql):
        try:
            cur = db.execute(sql)
            found[name] = cur.fetchall() if cur.description else cur.rowcount
        except psycopg.Error as exc:
            found[name] = "refused: " + type(exc).__name__
    attempt("teams", "SELECT name FROM it_teams ORDER BY name")
    attempt("records", "SELECT count(*) FROM it_records")
    attempt("other_team_rows", "SELECT count(*) FROM it_records r JOIN it_teams t "
            "ON t.id = r.team_id WHERE t.name = 'Team B'")
    attempt("insert", "INSERT INTO it_records (team_id, kind, key, data, version, updated_by, "
            "updated_at) SELECT 1, 'member', 'x', '{}', 1, 'x', 'now' UNION ALL SELECT 2, "
            "'member', 'x', '{}', 1, 'x', 'now'")
    attempt("update", "UPDATE it_records SET data = '{}' WHERE team_id <> ALL "
            "(SELECT id FROM it_teams)")
    attempt("delete", "DELETE FROM it_records")
    attempt("people", "SELECT username FROM it_people")
    attempt("widen", "GRANT it_cohort_facilitator TO CURRENT_USER")
    attempt("no_rls", "ALTER TABLE it_records DISABLE ROW LEVEL SECURITY")
    attempt("aggregates", "SELECT * FROM it_cohort_factors()")
    print(json.dumps(found))
"""


def _seed_team_b(pages) -> None:
    assert printed(pages["itt-cy"], "itt-cy", """
        import json, widgets
        ws = widgets.open_workspace("")
        ws.save("context_factor", {"construct": "III.J", "member": "Cy Mensah",
                "effect": "barrier", "strength": 3, "note": "Team B's budget ends in June"})
        print(json.dumps(ws.name))
    """) == "Team B"


def test_a_participants_kernel_cannot_reach_another_team(pages) -> None:
    _seed_team_b(pages)
    found = printed(pages["itt-ana"], "itt-ana", ATTACK)
    assert found["teams"] == [["Team A"]]
    assert found["other_team_rows"] == [[0]]
    assert found["insert"] == "refused: InsufficientPrivilege"
    assert found["update"] == 0
    for refused in ("delete", "widen", "no_rls"):
        assert found[refused].startswith("refused:"), (refused, found[refused])
    assert found["people"] == [["itt-ana"]], "her own person row, and no one else's"
    assert found["aggregates"] == "refused: InsufficientPrivilege", "for the cohort's view"


def _server_password(person: str) -> str:
    """The database password the hub gave ``person``'s running server (read as root)."""
    uid = pwd.getpwnam(person).pw_uid
    for proc in Path("/proc").iterdir():
        if proc.name.isdigit() and proc.stat().st_uid == uid:
            try:
                env = dict(v.split("=", 1) for v in (proc / "environ").read_text().split("\0")
                           if "=" in v)
            except OSError:
                continue
            if "COURSE_STORE_URL" in env:
                return sa.make_url(env["COURSE_STORE_URL"]).password
    raise AssertionError(f"{person} has no running server")


def test_no_one_finds_another_persons_database_password(hub, pages) -> None:
    """Ana's code looks for Cy's password everywhere it can read: every process's command
    line and environment, and the files of this machine where it could be left."""
    secret = _server_password("itt-cy")
    assert secret and secret != _server_password("itt-ana")
    found = printed(pages["itt-ana"], "itt-ana", f"""
        import glob, json, os, psycopg
        secret = {secret!r}.encode()
        found = {{"readable": [], "files": {{}}, "logins": {{}}}}
        for path in glob.glob("/proc/[0-9]*/cmdline") + glob.glob("/proc/[0-9]*/environ"):
            try:
                if secret in open(path, "rb").read():
                    found["readable"].append(path)
            except OSError:
                pass
        for top in ("/home", "/tmp", "/var/tmp", "/work", {str(hub["data"])!r}):
            for folder, _dirs, names in os.walk(top):
                for name in names:
                    path = os.path.join(folder, name)
                    try:
                        if os.path.getsize(path) < 5_000_000 and secret in open(path, "rb").read():
                            found["readable"].append(path)
                    except OSError:
                        pass
        for path in ("/home/itt-cy", {str(hub["data"] / "settings.json")!r},
                     {str(hub["data"] / "jupyterhub.sqlite")!r},
                     {str(hub["data"] / "passwords.dbm.dat")!r}):
            try:
                os.listdir(path) if os.path.isdir(path) else open(path).read()
                found["files"][path] = "read"
            except PermissionError:
                found["files"][path] = "refused"
        host = os.environ["COURSE_STORE_URL"].split("@")[1]
        for user in ("it_u_itt-cy", "it_u_itt-cole", "postgres"):
            try:
                psycopg.connect(f"postgresql://{{user}}:guess@{{host}}").close()
                found["logins"][user] = "in"
            except psycopg.OperationalError:
                found["logins"][user] = "refused"
        print(json.dumps(found))
    """)
    assert found["readable"] == [], "Cy's password is readable by Ana"
    assert set(found["files"].values()) == {"refused"}, found["files"]
    assert set(found["logins"].values()) == {"refused"}, found["logins"]


def test_the_cohort_facilitator_sees_every_team_and_the_funder_aggregates_only(pages) -> None:
    cole = printed(pages["itt-cole"], "itt-cole", ATTACK)
    assert cole["teams"] == [["Team A"], ["Team B"]]
    assert cole["other_team_rows"] == [[1]]
    for refused in ("insert", "delete", "widen", "no_rls"):
        assert str(cole[refused]).startswith("refused:"), (refused, cole[refused])
    assert cole["people"] == [["itt-cole"]]
    assert cole["aggregates"] == [], "fewer than 3 teams name a factor: suppressed"
    assert cole["update"] == "refused: InsufficientPrivilege"
    finn = printed(pages["itt-finn"], "itt-finn", ATTACK)
    for refused in ("teams", "records", "other_team_rows", "insert", "update", "delete",
                    "widen", "no_rls"):
        assert str(finn[refused]).startswith("refused:"), (refused, finn[refused])
    assert finn["people"] == [["itt-finn"]]
    assert finn["aggregates"] == []


def _restart_server(page, hub) -> None:
    """Stop a person's server from the hub's home page, then start it again."""
    from playwright.sync_api import expect

    page.goto(hub["url"] + "/hub/home")
    page.get_by_role("button", name="Stop My Server").click()
    expect(page.get_by_role("button", name="Stop My Server")).to_be_hidden()
    start = page.get_by_role("button", name="Start My Server")
    expect(start).to_be_enabled()
    start.click()


def test_a_member_taken_off_a_team_loses_it_and_their_entries_stay(hub, pages) -> None:
    hub["roster"].write_text(ROSTER.replace("Team B,itt-cy", "Team A,itt-cy"), "utf-8")
    cy = pages["itt-cy"]
    _restart_server(cy, hub)
    cy.wait_for_url(re.compile(r"/user/itt-cy/lab"))
    assert printed(cy, "itt-cy", """
        import json, widgets
        print(json.dumps(widgets.Store().team_names()))
    """) == ["Team A"]
    stayed = printed(pages["itt-cole"], "itt-cole", """
        import json, widgets
        ws = widgets.Store().team("Team B")
        print(json.dumps([f["member"] for f in ws.context_factors()]))
    """)
    assert stayed == ["Cy Mensah"]


def test_an_unreachable_database_gives_a_plain_message(hub, pages) -> None:
    from playwright.sync_api import expect

    with hub["admin"].connect() as conn:
        conn.exec_driver_sql(f"ALTER DATABASE {hub['database']} WITH ALLOW_CONNECTIONS false")
    try:
        fay = pages["itt-fay"]
        _restart_server(fay, hub)
        # The spawn page says it in its message line, and once its log is open there too.
        expect(fay.get_by_text("The course's database cannot be reached right now").first
               ).to_be_visible()
        assert "Traceback" not in fay.content()
    finally:
        with hub["admin"].connect() as conn:
            conn.exec_driver_sql(f"ALTER DATABASE {hub['database']} WITH ALLOW_CONNECTIONS true")

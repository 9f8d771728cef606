"""`convgrade serve` in headless Chromium: a student signs in with their token, uploads a file,
watches the live status turn into the feedback page with its pictures; a TA signs in, sees the
dashboard and downloads the gradebook."""
from __future__ import annotations

import csv
import io
import json

import pytest

from cdp_pipe import CHROMIUM, Browser
from serve_support import EXAMPLES, Server, issue, write_course

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(CHROMIUM is None, reason="headless Chromium is not installed "
                                 "(Debian package 'chromium'; the setup script installs it)")]

SIGN_IN = """(() => {{ document.getElementById('token').value = {token};
    document.getElementById('login').submit(); return true; }})()"""

UPLOAD = """(() => {{
    const form = document.querySelector('form.upload[data-assignment="a2_conv2d"]');
    const data = new DataTransfer();
    data.items.add(new File([{source}], 'conv2d.py', {{type: 'text/x-python'}}));
    form.querySelector('input[type=file]').files = data.files;
    form.submit(); return true; }})()"""

FEEDBACK_IMAGES = """(async () => {
    const frame = document.getElementById('feedback');
    if (!frame || !frame.contentDocument || frame.contentDocument.readyState !== 'complete') return null;
    const imgs = [...frame.contentDocument.images];
    await Promise.all(imgs.map(i => i.decode().catch(() => null)));
    return imgs.map(i => ({alt: i.alt, ok: i.complete && i.naturalWidth > 0}));
})()"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    folder = tmp_path_factory.mktemp("serve-browser")
    course = write_course(folder, cooldown=0)
    db_url = f"sqlite:///{folder / 'data' / 'cg.db'}"
    tokens = issue(db_url, course, roster=["ada"])
    tokens.update(issue(db_url, course, staff="ta-lin"))
    server = Server(course, db_url, workers=1).start()
    browser = Browser()
    try:
        yield server, tokens, browser
    finally:
        browser.close()
        server.stop()


def test_student_uploads_and_sees_feedback_with_pictures_then_ta_downloads_gradebook(served):
    server, tokens, browser = served
    student = browser.page()
    student.goto(server.url + "/")
    student.js(SIGN_IN.format(token=json.dumps(tokens["ada"])))
    student.wait_for("document.querySelector('form.upload') !== null", 60)
    source = (EXAMPLES / "a2_conv2d" / "buggy_flipped_kernel_conv2d.py").read_text()
    student.js(UPLOAD.format(source=json.dumps(source)))
    student.wait_for("location.pathname.startsWith('/submissions/')", 60)
    images = student.wait_for(FEEDBACK_IMAGES, 600)
    assert images and all(i["ok"] for i in images), images
    assert "flipped-kernel" in student.js("document.getElementById('feedback').contentDocument.body.innerText")
    student.goto(server.url + "/")
    assert "graded" in student.js("document.body.innerText")      # the history shows it

    ta = browser.page()
    ta.goto(server.url + "/")
    ta.js(SIGN_IN.format(token=json.dumps(tokens["ta-lin"])))
    ta.wait_for("location.pathname === '/staff'", 60)
    ta.goto(server.url + "/staff/assignments/a2_conv2d")
    assert "flipped-kernel" in ta.js("document.getElementById('misconceptions').innerText")
    text = ta.js("""fetch(document.querySelector('a.gradebook[href$="layout=plain"]').href,
                     {credentials: 'same-origin'}).then(r => r.text())""")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert [r["student"] for r in rows] == ["ada"] and float(rows[0]["max"]) > float(rows[0]["total"])

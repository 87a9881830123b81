"""`make lab`: JupyterLab in its own locked environment (.venv-dev/), opening the .py notebooks as notebooks
on a kernel of .venv/ where hertsbook imports, and showing a theme's charts inline after Run All Cells. The locks
are checked always; the installed lab when it is there (`make lab` and `make test` install it), the Run All test
in chromium too (`make browser`)."""

from __future__ import annotations

import contextlib
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import tempfile
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

import pytest

from hertsbook.publish import first_visit
from tests.conftest import ROOT

DEV = ROOT / ".venv-dev"
LAB_DATA = DEV / "share/jupyter"


def pins(lock: Path) -> dict[str, str]:
    return dict(re.findall(r"^([a-z0-9][a-z0-9._-]*)==([^ \\\n]+)", lock.read_text(encoding="utf-8"), re.M))


def test_the_dev_lock_pins_jupyterlab_and_jupytext_with_hashes() -> None:
    text = (ROOT / "requirements-dev.lock").read_text(encoding="utf-8")
    found = pins(ROOT / "requirements-dev.lock")
    assert {"jupyterlab", "jupytext", "notebook-shim"} <= set(found)
    blocks = re.split(r"\n(?=[a-z0-9])", text.strip())
    assert all("--hash=sha256:" in block for block in blocks if "==" in block)


def test_what_both_environments_hold_is_pinned_the_same() -> None:
    book, dev = pins(ROOT / "requirements.lock"), pins(ROOT / "requirements-dev.lock")
    assert {name: dev[name] for name in dev if name in book} == {
        name: book[name] for name in dev if name in book
    }


def test_the_book_environment_does_not_hold_jupyterlab() -> None:
    assert "jupyterlab" not in pins(ROOT / "requirements.lock")  # `make book` set-up stays as it was


installed = pytest.mark.skipif(not (DEV / ".synced").exists(), reason="make lab has not installed .venv-dev/")


@installed
def test_the_lab_kernel_is_the_books_python_where_hertsbook_imports() -> None:
    env = {**os.environ, "JUPYTER_PATH": str(LAB_DATA)}
    listed = subprocess.run(
        [DEV / "bin/jupyter", "kernelspec", "list", "--json"],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    spec = json.loads(listed.stdout)["kernelspecs"]["python3"]["spec"]
    assert Path(spec["argv"][0]) == ROOT / ".venv/bin/python"
    done = subprocess.run([spec["argv"][0], "-c", "import hertsbook.content.charts"], capture_output=True)
    assert done.returncode == 0, done.stderr
    version = subprocess.run([DEV / "bin/jupyter", "lab", "--version"], capture_output=True, text=True)
    assert version.returncode == 0 and version.stdout.strip()[0].isdigit()


@installed
def test_the_lab_server_opens_a_py_notebook_as_a_notebook(tmp_path: Path) -> None:
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    env = {**os.environ, "JUPYTER_PATH": str(LAB_DATA), "JUPYTER_RUNTIME_DIR": str(tmp_path)}
    log_file = (tmp_path / "server.log").open("wb")
    server = subprocess.Popen(
        [
            DEV / "bin/jupyter",
            "server",
            f"--ServerApp.root_dir={ROOT}",
            f"--ServerApp.port={port}",
            "--ServerApp.ip=127.0.0.1",
            "--IdentityProvider.token=t",
            "--ServerApp.open_browser=False",
            *(["--allow-root"] if os.getuid() == 0 else []),
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log_file,
    )
    try:
        url = f"http://127.0.0.1:{port}/api/contents/notebooks/day_services.py?token=t"
        deadline = time.monotonic() + 300  # it starts in seconds alone, far slower on a loaded machine
        while True:
            try:
                with urllib.request.urlopen(url, timeout=10) as answer:
                    model = json.load(answer)
                break
            except OSError:
                if time.monotonic() > deadline or server.poll() is not None:
                    log = (tmp_path / "server.log").read_text(errors="replace")[-2000:]
                    pytest.fail(f"the lab server did not answer: {log}")
                time.sleep(0.5)
        assert model["type"] == "notebook"  # jupytext's contents manager: the .py is a notebook
        tags = [c["metadata"].get("tags", []) for c in model["content"]["cells"]]
        assert ["parameters"] in tags
    finally:
        server.terminate()
        server.wait(timeout=30)
        log_file.close()


# "Run all" in the lab's own UI. textContent, not innerText: cells scrolled off screen are not rendered
# (content-visibility), so their innerText is empty.
NOTEBOOK_STATE = """() => {
  const cells = [...document.querySelectorAll(".jp-NotebookPanel .jp-CodeCell")];
  const prompts = cells.map((c) => (c.querySelector(".jp-InputArea-prompt")?.textContent || "").trim());
  const errors = [...document.querySelectorAll(
    '.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"]')].map((o) => o.textContent);
  return {
    code: cells.length,
    done: prompts.filter((p) => /^\\[\\d+\\]:$/.test(p)).length,
    running: prompts.filter((p) => p.includes("*")).length,
    errors: errors.filter((e) => e.includes("Traceback")),
  };
}"""
OUTPUT_IMAGES = """() => [...document.querySelectorAll(".jp-Cell-outputArea img")].map((img) => ({
  src: img.currentSrc,
  width: img.naturalWidth,
}))"""


@pytest.fixture
def make_lab(tmp_path: Path):
    """JupyterLab started by the Makefile's own `lab` recipe (its environment variables and offline options),
    with a token, a free port and no browser (LAB_ARGS), and its figures in a throwaway folder of _build/
    (LAB_FIGURES; under the repository, as `make lab`'s are, so the server can serve them). Per-user state
    (runtime files, settings, workspaces) goes to tmp_path; autosave is off there, so running the notebook
    never rewrites notebooks/*.py."""
    if not Path(first_visit.CHROMIUM).is_file():
        pytest.skip(f"{first_visit.CHROMIUM} is missing: `make browser` installs it")
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    (ROOT / "_build").mkdir(exist_ok=True)
    figures = Path(tempfile.mkdtemp(prefix="lab-test-", dir=ROOT / "_build")) / "figures"
    settings = tmp_path / "settings/@jupyterlab/docmanager-extension/plugin.jupyterlab-settings"
    settings.parent.mkdir(parents=True)
    settings.write_text('{"autosave": false}', encoding="utf-8")
    # MAKEFLAGS dropped: under `make test` this make would otherwise inherit that one's options and jobserver.
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"MAKEFLAGS", "MFLAGS", "MAKELEVEL"}},
        "JUPYTER_RUNTIME_DIR": str(tmp_path / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(tmp_path / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(tmp_path / "workspaces"),
    }
    args = f"--ServerApp.port={port} --ServerApp.port_retries=0 --IdentityProvider.token=t --ServerApp.open_browser=False"
    log_file = (tmp_path / "lab.log").open("wb")
    # -o: the environments are used as they are, never re-synced under other tests' feet.
    command = ["make", "-o", ".venv/.synced", "-o", ".venv-dev/.synced", "lab"]
    command += [f"LAB_FIGURES={figures.relative_to(ROOT)}", f"LAB_ARGS={args}"]
    lab = subprocess.Popen(
        command, cwd=ROOT, env=env, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True
    )
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 300
        while True:
            try:
                with urllib.request.urlopen(f"{base}/api/status?token=t", timeout=10):
                    break
            except OSError:
                if time.monotonic() > deadline or lab.poll() is not None:
                    pytest.fail(
                        f"make lab did not answer: {(tmp_path / 'lab.log').read_text(errors='replace')[-2000:]}"
                    )
                time.sleep(0.5)
        yield base, figures
    finally:
        with contextlib.suppress(OSError):  # the server's own shutdown stops its kernels too
            request = urllib.request.Request(f"{base}/api/shutdown?token=t", method="POST")
            urllib.request.urlopen(request, timeout=30).close()
        try:
            lab.wait(timeout=60)
        except subprocess.TimeoutExpired:
            os.killpg(lab.pid, signal.SIGKILL)  # make and the server it started: their own process group
            lab.wait(timeout=60)
        log_file.close()
        shutil.rmtree(figures.parent)


@pytest.mark.slow
@installed
def test_run_all_in_make_lab_shows_the_charts_inline(make_lab) -> None:
    """Open a theme notebook in `make lab`'s JupyterLab, Run > Run All Cells, and see every chart it drew."""
    base, figures = make_lab
    notebook = ROOT / "notebooks/day_services.py"
    before = notebook.read_bytes()
    lines = before.decode("utf-8").splitlines()
    code_cells = sum(1 for line in lines if line.startswith("# %%") and "[markdown]" not in line)
    with first_visit.chromium() as browser:
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{base}/lab/tree/notebooks/day_services.py?token=t", timeout=300_000)
        # The status bar names the kernel (the hertsbook one) once it is connected and idle.
        page.get_by_text("Python 3 (hertsbook) | Idle").wait_for(timeout=300_000)
        page.wait_for_function(f"() => ({NOTEBOOK_STATE})().code === {code_cells}", timeout=300_000)
        page.locator(".lm-MenuBar-item", has_text=re.compile(r"^Run$")).click()
        page.locator('.lm-Menu-item[data-command="runmenu:run-all"]').click()  # "Run All Cells"
        # Done when every code cell has its number, or when one failed (the cells after it never run).
        page.wait_for_function(
            f"() => {{ const s = ({NOTEBOOK_STATE})(); return !s.running && (s.done === s.code || s.errors.length); }}",
            timeout=600_000,
            polling=1000,
        )
        state = page.evaluate(NOTEBOOK_STATE)
        assert state["errors"] == []
        assert state["done"] == state["code"] == code_cells, state
        seen = {}  # what the images show in a wide window, and in one narrow enough for the charts' phone version
        for name, width, suffix in (("wide", 1280, ""), ("narrow", 560, "-narrow")):
            page.set_viewport_size({"width": width, "height": 900})
            for img in page.locator(".jp-Cell-outputArea img").all():
                img.scroll_into_view_if_needed()  # an image off screen may not be loaded yet
            page.wait_for_function(
                f"""() => [...document.querySelectorAll('.jp-Cell-outputArea img')]
                  .every((i) => i.complete && i.currentSrc.split("?")[0].endsWith("{suffix}.svg"))""",
                timeout=60_000,
            )
            seen[name] = page.evaluate(OUTPUT_IMAGES)
    drawn = sorted(p.stem for p in figures.glob("*.svg") if not p.name.endswith("-narrow.svg"))
    assert len(drawn) >= 1  # the notebook drew its charts into the lab's figures folder (charts.publish)
    for name, suffix in (("wide", ""), ("narrow", "-narrow")):
        assert [i for i in seen[name] if i["width"] == 0] == [], name  # every chart image loaded
        shown = sorted(urlsplit(i["src"]).path for i in seen[name])
        folder = f"/files/{figures.relative_to(ROOT)}"
        assert shown == [f"{folder}/{chart}{suffix}.svg" for chart in drawn], name  # one image per chart
    assert notebook.read_bytes() == before  # running it by hand left the notebook file as it was

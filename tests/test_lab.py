"""`make lab`: JupyterLab in its own locked environment (.venv-dev/), opening the .py notebooks as notebooks
on a kernel of .venv/ where hertsbook imports. The lock is checked always; the installed lab when it is there
(`make lab` installs it: `make test` does not, to keep the book's set-up as it is)."""

from __future__ import annotations

import json
import os
import re
import socket
import subprocess
import time
import urllib.request
from pathlib import Path

import pytest

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

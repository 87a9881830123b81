"""The Dask option: a real scheduler and two workers from .venv on 127.0.0.1 run the notebooks of a build."""

from __future__ import annotations

import hashlib
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from hertsbook.project import THEMES
from tests.conftest import copy_project
from tests.helpers import hertsbook

pytestmark = pytest.mark.slow
DASK = Path(sys.executable).with_name("dask")


def site_hashes(site: Path) -> dict[str, str]:
    return {
        p.relative_to(site).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(site.rglob("*"))
        if p.is_file()
    }


def start(command: list[str], log: Path, cwd: Path) -> subprocess.Popen:
    env = {**os.environ, "HERTSBOOK_ROOT": str(cwd)}
    with log.open("wb") as out:
        return subprocess.Popen(
            command, cwd=cwd, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def wait_for(check, what: str, seconds: float = 120) -> None:
    end = time.monotonic() + seconds
    while not check():
        assert time.monotonic() < end, f"timed out waiting for {what}"
        time.sleep(0.2)


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    """A scheduler (random port, no dashboard) and two workers whose checkout is a copy of the project."""
    folder = tmp_path_factory.mktemp("cluster")
    checkout = copy_project(folder / "book").root
    address_file = folder / "scheduler.json"
    started = []
    try:
        started.append(
            start(
                [
                    str(DASK),
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(address_file),
                ],
                folder / "scheduler.log",
                checkout,
            )
        )
        wait_for(address_file.is_file, "the scheduler's address file")
        logs = [folder / f"worker{i}.log" for i in (1, 2)]
        for i, log in enumerate(logs, 1):
            started.append(
                start(
                    [
                        str(DASK),
                        "worker",
                        "--scheduler-file",
                        str(address_file),
                        "--host",
                        "127.0.0.1",
                        "--nworkers",
                        "1",
                        "--nthreads",
                        "1",
                        "--no-dashboard",
                        "--name",
                        f"w{i}",
                    ],
                    log,
                    checkout,
                )
            )
        wait_for(lambda: all("Registered to" in p.read_text(errors="replace") for p in logs), "two workers")
        import json

        address = json.loads(address_file.read_text())["address"]
        yield {"address": address, "checkout": checkout, "logs": logs, "folder": folder}
    finally:
        for process in started:
            with_group = os.getpgid(process.pid) if process.poll() is None else None
            if with_group is not None:
                os.killpg(with_group, signal.SIGTERM)
        for process in started:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()


@pytest.fixture(scope="module")
def cluster_build(cluster, tmp_path_factory):
    """The module's one build on the cluster, from a client whose folder is not the workers' checkout (as on a
    real cluster): the workers can only send back what they made, never leave it in a folder both can see."""
    client = copy_project(tmp_path_factory.mktemp("client") / "clone").root
    assert client.resolve() != cluster["checkout"].resolve()
    done = hertsbook(client, "build", "--scheduler", cluster["address"])
    assert done.returncode == 0, done.stderr[-3000:]
    return {"done": done, "client": client}


def test_the_notebooks_ran_on_the_workers(cluster, cluster_build):
    stderr = cluster_build["done"].stderr
    each = [p.read_text(errors="replace") for p in cluster["logs"]]
    assert all("hertsbook: ran " in log for log in each)  # both workers took work
    logs = "".join(each)
    for theme in THEMES:
        assert logs.count(f"hertsbook: ran {theme}\n") == 1
        assert f"✓ notebooks/{theme}.py ran on worker tcp://127.0.0.1:" in stderr
    for code in os.environ["HERTSBOOK_COUNCILS"].split(","):  # the council pages too (tests/conftest.py)
        assert logs.count(f"hertsbook: ran {code}\n") == 1
        assert re.search(rf"  council {code} .* ran on worker tcp://127\.0\.0\.1:", stderr)
    assert "Python kernel(s)" not in stderr  # no local kernel started
    assert "council 1 of" not in stderr  # nor a local council worker


def test_a_worker_whose_checkout_differs_refuses(cluster, tmp_path):
    client = copy_project(tmp_path / "book").root
    package = client / "src" / "hertsbook" / "errors.py"
    package.write_text(package.read_text() + "# another commit\n")
    done = hertsbook(client, "build", "--scheduler", cluster["address"])
    assert done.returncode == 1
    last = done.stderr.strip().splitlines()[-1]
    assert last.startswith("error: worker tcp://127.0.0.1:")
    assert "differs from the client's in package (src/hertsbook)" in last
    assert "data/" not in last.split("client's in ")[1]  # the data are the same: only what differs is named
    assert "validate data" not in done.stderr  # refused on connecting, before the data check
    assert not (client / "_build" / "html").exists()


def test_an_unreachable_scheduler_is_one_line_and_the_site_is_kept(cluster_build):
    client = cluster_build["client"]
    site = client / "_build" / "html"
    before = site_hashes(site)
    import socket

    with socket.socket() as free:  # a port nothing listens on
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    done = hertsbook(client, "build", "--scheduler", f"tcp://127.0.0.1:{port}")
    assert done.returncode == 1
    errors = [line for line in done.stderr.splitlines() if line.startswith("error")]
    assert errors == [errors[0]] and errors[0].startswith(
        f"error: cannot reach the Dask scheduler at tcp://127.0.0.1:{port}: "
    )
    assert done.stderr.strip().splitlines()[-1] == errors[0]
    assert "execute" not in done.stderr and "validate data" not in done.stderr
    assert site_hashes(site) == before


# The two tests that compare with the shared local build last: the cluster build above needs no local one, so
# it runs while the other test process may still be making built_book.


def test_a_site_built_on_the_cluster_is_byte_identical_to_a_local_build(cluster_build, built_book):
    remote = site_hashes(cluster_build["client"] / "_build" / "html")
    local = site_hashes(built_book / "_build" / "html")
    assert "manifest.json" in remote
    assert sorted(remote) == sorted(local)
    assert [name for name in remote if remote[name] != local[name]] == []


def test_a_client_elsewhere_with_the_same_files_gets_the_same_site(cluster, cluster_build, built_book):
    """The workers' checkout is another folder than the client's (as on a cluster): same bytes still, and the
    site is made on the client only. (One cluster build serves this module: it is a client elsewhere.)"""
    client, checkout = cluster_build["client"], cluster["checkout"]
    assert client.resolve() != checkout.resolve() and checkout.resolve() not in client.resolve().parents
    assert site_hashes(client / "_build" / "html") == site_hashes(built_book / "_build" / "html")
    assert not (checkout / "_build" / "html").exists()

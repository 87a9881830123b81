"""The council pages' runs (hertsbook.execute.councils): which councils, and what each run's key holds."""

from __future__ import annotations

import pytest

from hertsbook.cache import Cache
from hertsbook.content import ascof, data
from hertsbook.execute import councils

SOME = [
    "E06000001",
    "E09000001",
    "E10000015",
    "E10000021",
]  # a unitary, London, Hertfordshire, a former county


def test_every_council_in_the_ascof_data_is_built_unless_the_knob_names_some(project, tmp_path, monkeypatch):
    cache = Cache(tmp_path / "cache")
    monkeypatch.delenv(councils.ENV, raising=False)
    every = councils.codes(project, cache)
    assert every == list(ascof.councils(data.ascof_series(project))["code"]) and len(every) >= 150
    monkeypatch.setenv(councils.ENV, "E10000021, E10000015")
    assert councils.codes(project, cache) == ["E10000015", "E10000021"]
    monkeypatch.setenv(councils.ENV, "E10000015,E99999999")
    with pytest.raises(councils.UnknownCouncil, match="E99999999"):
        councils.codes(project, cache)


def test_a_change_to_one_councils_earlier_figure_changes_only_its_key(project, monkeypatch):
    before = councils.data_slices(project, SOME)
    series = data.ascof_series(project)
    row = series.index[(series["code"] == "E10000015") & (series["year"] == "2016-17")][0]
    changed = series.copy()
    changed.loc[row, "value"] = changed.loc[row, "value"] + 1
    monkeypatch.setattr(data, "ascof_series", lambda project: changed)
    after = councils.data_slices(project, SOME)
    assert after["E10000015"] != before["E10000015"]
    assert {c: after[c] for c in SOME if c != "E10000015"} == {c: before[c] for c in SOME if c != "E10000015"}


def test_a_change_in_the_latest_year_changes_the_ranks_of_councils_shown_in_that_year(project, monkeypatch):
    before = councils.data_slices(project, SOME)
    series = data.ascof_series(project)
    latest = max(series["year"])
    row = series.index[
        (series["code"] == "E10000015") & (series["year"] == latest) & series["value"].notna()
    ][0]
    changed = series.copy()
    changed.loc[row, "value"] = changed.loc[row, "value"] + 1
    monkeypatch.setattr(data, "ascof_series", lambda project: changed)
    after = councils.data_slices(project, SOME)
    assert after["E06000001"] != before["E06000001"]  # its rank may move
    assert after["E10000021"] == before["E10000021"]  # its page shows 2019-20, its last year


@pytest.mark.slow
def test_a_page_run_after_another_in_a_kept_kernel_is_byte_for_byte_the_page_run_alone(project, tmp_path):
    """The local workers keep one kernel for many councils: nothing of one run may reach the next."""
    from hertsbook.execute import runner

    code, before = "E10000021", "E06000001"  # Northamptonshire (its series ends), after Hartlepool
    alone = tmp_path / "alone"
    runner.execute(project, councils.NOTEBOOK, {"council": code}, alone / "out.ipynb", alone / "figures")
    kept = tmp_path / "kept"
    kernel = runner.start_kernel(project, kept / "unused", kept / "kernel.log")
    try:
        for one in (before, code):
            runner.execute(
                project,
                councils.NOTEBOOK,
                {"council": one},
                kept / one / "out.ipynb",
                kept / one / "figures",
                kernel,
                keep=True,
            )
    finally:
        kernel.stop()
    second = kept / code
    assert (second / "out.ipynb").read_bytes() == (alone / "out.ipynb").read_bytes()
    figures = sorted(p.name for p in (alone / "figures").iterdir())
    assert figures and sorted(p.name for p in (second / "figures").iterdir()) == figures
    for name in figures:
        assert (second / "figures" / name).read_bytes() == (alone / "figures" / name).read_bytes(), name
    assert not list((kept / "unused").iterdir())  # each run's figures went to its own folder
    assert f"council-{before}.svg" in {p.name for p in (kept / before / "figures").iterdir()}


@pytest.mark.slow
def test_a_kept_kernel_that_died_stops_the_run_with_one_line(project, tmp_path):
    import os
    import signal

    from hertsbook.execute import runner

    kernel = runner.start_kernel(project, tmp_path / "figures", tmp_path / "kernel.log")
    try:
        kernel.preload.join()
        os.kill(kernel.manager.provisioner.pid, signal.SIGKILL)
        with pytest.raises(runner.NotebookFailed) as failed:
            runner.execute(
                project,
                councils.NOTEBOOK,
                {"council": "E10000015"},
                tmp_path / "out.ipynb",
                tmp_path / "figures",
                kernel,
                keep=True,
            )
    finally:
        kernel.stop()
    message = str(failed.value)
    assert message.startswith("notebooks/council.py: the kernel kept for it could not start a new session")
    assert "\n" not in message and "kernel.log" in message

"""A seeded sample of the corrupted-input corpus (``benchmarks/fuzz``) through the CLI: every
input gets exit 0 or one line and exit 2, never an internal error or a traceback. The whole
corpus (≥ 250 inputs, each command in its own process, with its time and peak memory) is
``benchmarks/bench_fuzz.py``."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from benchmarks.fuzz.corpus import FORECAST_START, Case, corpus, sample, write_inputs
from forecaster.cli import main

SAMPLE = 60
SEED = 17
FORECASTS = 4
"""Accepted history or calendar cases that also get a forecast (a few seconds each)."""

CASES = sample(corpus(), SAMPLE, SEED)


def test_the_corpus_is_big_and_spans_every_family() -> None:
    cases = corpus()
    families = Counter(c.family for c in cases)
    assert len(cases) >= 250
    assert set(families) == {
        "binary", "calendar", "config", "container", "dates", "duplicates", "encoding",
        "queue", "resolution", "values", "xlsx",
    }  # fmt: skip
    assert len(CASES) >= SAMPLE and set(c.family for c in CASES) == set(families)
    again = corpus()
    plain = [i for i, c in enumerate(cases) if isinstance(c.content, bytes)]
    assert [again[i].key for i in plain if again[i].data != cases[i].data] == []  # seeded


def cli(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main([*argv, "--lang", "en"])
    return code, capsys.readouterr().err


@pytest.fixture(scope="module")
def forecasts() -> list[int]:
    return [0]


@pytest.mark.parametrize("case", CASES, ids=[c.key for c in CASES])
def test_an_odd_input_is_accepted_or_refused_in_one_line(
    case: Case, tmp_path: Path, capsys: pytest.CaptureFixture[str], forecasts: list[int]
) -> None:
    paths = write_inputs(case, tmp_path)
    inputs = ["--history", str(paths["history"]), "--calendar", str(paths["calendar"])]
    code, err = cli(["validate", *inputs, "--config", str(paths["config"])], capsys)
    lines = [line for line in err.splitlines() if line.strip()]
    assert code in (0, 2), err
    if code == 2:
        assert len(lines) == 1, err
        assert case.filename in lines[0], lines[0]  # names the file
        return
    if case.role != "config" and forecasts[0] < FORECASTS:
        forecasts[0] += 1
        day = f"{FORECAST_START:%Y-%m-%d}"
        argv = ["forecast", *inputs, "--start", day, "--end", day, "--out", str(tmp_path / "f.csv")]
        code, err = cli(argv, capsys)
        assert code == 0 or (code == 2 and len(err.strip().splitlines()) == 1), err

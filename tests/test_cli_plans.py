"""``forecaster plans`` and ``forecaster review`` on a saved small plan of the sample."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import pandas as pd
import pytest

from forecaster.cli import main
from forecaster.paths import SAMPLE_HISTORY
from forecaster.store import PlanStore
from tests.test_messages import foreign_words


@pytest.fixture
def saved(tmp_path: Path, small_plan: object) -> tuple[str, int]:
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    plan_id = PlanStore(url).save(small_plan, name="双11 peak", note="approved")  # type: ignore[arg-type]
    return url, plan_id


def test_plans_list_show_export_delete(
    tmp_path: Path, saved: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    url, plan_id = saved
    assert main(["plans", "list", "--db", url]) == 0
    listed = capsys.readouterr().out
    assert "双11 peak" in listed and "2025-11-10 to 2025-11-11" in listed
    # money with thousands separators and the service level as a percentage, not 0.9806
    assert re.search(r" \d{1,3}(,\d{3})+ +\d{1,3}\.\d{2}%", listed), listed

    assert main(["plans", "show", str(plan_id), "--db", url]) == 0
    shown = capsys.readouterr().out
    assert f"plan {plan_id}: '双11 peak'" in shown and "sha256" in shown and "approved" in shown

    out = tmp_path / "export"
    assert main(["plans", "export", str(plan_id), "--db", url, "--out", str(out)]) == 0
    for name in ("forecast.csv", "shifts.csv", "roster.xlsx", "report.html", "config.json"):
        assert (out / name).stat().st_size > 0, name

    assert main(["plans", "delete", str(plan_id), "--db", url]) == 0
    capsys.readouterr()
    assert main(["plans", "show", str(plan_id), "--db", url]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and f"plan {plan_id} not found" in err


def test_plans_errors_are_one_line(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["plans", "show", "--db", f"sqlite:///{tmp_path / 'p.db'}"]) == 2
    assert "give the plan ID" in capsys.readouterr().err
    assert main(["plans", "list", "--db", "nosuchdb://x"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "nosuchdb" in err
    missing = tmp_path / "no" / "dir" / "p.db"
    assert main(["plans", "list", "--db", f"sqlite:///{missing}"]) == 2
    assert "does not exist" in capsys.readouterr().err


def test_review_of_a_saved_plan_against_the_sample_actuals(
    tmp_path: Path, saved: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    url, plan_id = saved
    out = tmp_path / "review"
    args = ["review", "--plan", str(plan_id), "--actuals", str(SAMPLE_HISTORY), "--db", url,
            "--replications", "2", "--out", str(out)]  # fmt: skip
    assert main(args) == 0, capsys.readouterr().err
    printed = capsys.readouterr().out
    assert "forecast WAPE" in printed and "simulated service level" in printed
    summary = json.loads((out / "review_summary.json").read_text(encoding="utf-8"))
    assert summary["intervals_compared"] == 2 * 96 * 2
    daily = pd.read_csv(out / "review_daily.csv", encoding="utf-8-sig")
    assert set(daily["queue"]) == {"presale", "aftersale"} and len(daily) == 4
    for name in ("review_forecast.png", "review_staffing.png", "review_service_level.png"):
        assert (out / name).stat().st_size > 5_000
    # in Chinese, every line (the progress lines too) reads as Chinese
    assert main(["--lang", "zh", *args]) == 0
    captured = capsys.readouterr()
    assert "复盘: 比较了 384 个时段" in captured.err + captured.out
    assert foreign_words(captured.out + captured.err, "zh") == []


def test_review_with_actuals_missing_a_queue_is_exit_2(
    tmp_path: Path, saved: tuple[str, int], capsys: pytest.CaptureFixture[str]
) -> None:
    url, plan_id = saved
    actuals = pd.read_csv(SAMPLE_HISTORY)
    actuals = actuals[actuals["queue"] == "presale"]
    path = tmp_path / "actuals.csv"
    actuals.to_csv(path, index=False)
    args = ["review", "--plan", str(plan_id), "--actuals", str(path), "--db", url,
            "--out", str(tmp_path / "r")]  # fmt: skip
    assert main(args) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "actuals.csv" in err and "aftersale" in err


def test_reading_commands_never_write_to_a_database_they_did_not_create(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """``plans list/show/delete`` and ``review`` on an unrelated SQLite file refuse with one
    line and leave the file byte for byte as it was (no plan tables, no WAL switch); on a
    file that does not exist, ``list`` says there are no plans and creates nothing."""
    foreign = tmp_path / "shop.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE orders (id INTEGER PRIMARY KEY, total REAL)")
        conn.execute("INSERT INTO orders VALUES (1, 99.5)")
    conn.close()
    before = foreign.read_bytes()
    for command in (["list"], ["show", "1"], ["delete", "1"]):
        assert main(["plans", *command, "--db", str(foreign)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "no forecaster plan tables" in err
    review = ["review", "--plan", "1", "--actuals", str(SAMPLE_HISTORY), "--db", str(foreign)]
    assert main([*review, "--out", str(tmp_path / "r")]) == 2
    assert "no forecaster plan tables" in capsys.readouterr().err
    assert foreign.read_bytes() == before
    assert [p.name for p in tmp_path.glob("shop.db*")] == ["shop.db"]  # no -wal, no -shm
    with sqlite3.connect(foreign) as conn:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    conn.close()

    missing = tmp_path / "none.db"
    assert main(["plans", "list", "--db", str(missing)]) == 0
    assert "no saved plans" in capsys.readouterr().out
    assert main(["plans", "show", "1", "--db", str(missing)]) == 2
    assert "no such file" in capsys.readouterr().err
    assert not missing.exists()


def test_names_never_drive_the_terminal(
    tmp_path: Path, small_plan: object, capsys: pytest.CaptureFixture[str]
) -> None:
    """A saved plan named with terminal escapes and a newline is listed on one line with
    the control characters shown as escapes, never sent to the terminal as they are."""
    url = f"sqlite:///{tmp_path / 'plans.db'}"
    name = "双11\x1b[2J\x1b[31mFAKE\nplan 99: approved\x07"
    plan_id = PlanStore(url).save(small_plan, name=name)  # type: ignore[arg-type]
    assert main(["plans", "list", "--db", url]) == 0
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out
    assert "\\x1b[2J\\x1b[31mFAKE\\nplan 99: approved\\x07" in out
    assert not any(line.startswith("plan 99") for line in out.splitlines())
    assert main(["plans", "show", str(plan_id), "--db", url]) == 0
    assert "\x1b" not in capsys.readouterr().out


@pytest.mark.parametrize(
    ("column", "value"),
    [
        ("summary_json", "{}"),
        ("summary_json", "[1, 2]"),
        ("inputs_json", '{"history": 3}'),
        ("roster_messages_json", "[{}]"),
        ("created_at", "garbage"),
    ],
)
def test_a_hand_edited_plan_row_is_one_line_not_a_crash(
    saved: tuple[str, int],
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    column: str,
    value: str,
) -> None:
    url, plan_id = saved
    with sqlite3.connect(url.removeprefix("sqlite:///")) as conn:
        conn.execute(f"UPDATE plans SET {column} = ? WHERE id = ?", (value, plan_id))
    conn.close()
    out = str(tmp_path / "export")
    for command in (["show", str(plan_id)], ["export", str(plan_id), "--out", out], ["list"]):
        code = main(["plans", *command, "--db", url])
        err = capsys.readouterr().err
        if command == ["list"]:  # the list reads only what it shows
            assert code == (2 if column == "created_at" else 0), err
            continue
        assert code == 2 and err.count("\n") == 1 and "damaged" in err, err

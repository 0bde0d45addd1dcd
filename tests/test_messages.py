"""The message layer: ids and arguments behind every line the library says, rendered in
Chinese or English; the CLI's ``--lang zh`` output has no English left."""

from __future__ import annotations

import pickle
import re
import string
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from forecaster.cli import main
from forecaster.errors import InputDataError
from forecaster.messages import (
    CATALOGUE,
    Message,
    column_label,
    language_from_env,
    localise_frame,
    localise_values,
    msg,
    render,
)

ALLOWED = {
    # formats, solvers, metrics and the program's own name: the same in both languages
    "CSV", "Excel", "HTML", "JSON", "TOML", "XLSX", "HiGHS", "CBC", "WAPE", "SHA", "sha256",
    "UTF", "GBK", "GB18030", "Ctrl", "chinesecalendar", "forecaster", "Tmall", "auto", "gzip", "Erlang",
    "English", "Language",  # the language switch reads in both languages
}  # fmt: skip
"""Words of 4+ Latin letters a Chinese reader may see: names, not English."""


def foreign_words(text: str, lang: str) -> list[str]:
    """English words (4+ letters) in Chinese text, or Chinese in English text; file paths,
    file names, ``--options``, ``snake_case`` keys and 'quoted' names (names people type or
    see in their files) are not words."""
    text = re.sub(r"'[^'\n]*'|“[^”]*”|forecaster \w+:", " ", text)
    kept = []
    for token in re.split(r"[\s,;:()'\"\[\]=]+", text):
        if "/" in token or "_" in token or token.startswith("-") or re.search(r"\.\w", token):
            continue
        kept.append(token)
    words = " ".join(kept)
    if lang == "zh":
        return [w for w in re.findall(r"[A-Za-z]{4,}", words) if w not in ALLOWED]
    return [w for w in re.findall(r"[\u4e00-\u9fff]+", words) if w not in ("双", "中文", "语言")]


def fields(template: str) -> set[str]:
    return {f for _, f, _, _ in string.Formatter().parse(template) if f}


def test_every_message_has_both_languages_with_the_same_arguments() -> None:
    for key, (zh, en) in CATALOGUE.items():
        assert zh and en, key
        assert fields(zh) == fields(en), key
        if key.startswith(("cli.", "pipe.", "roster.", "sc.", "val.", "report.", "err.")):
            literal = " ".join(text for text, *_ in string.Formatter().parse(zh))
            assert foreign_words(literal, "zh") == [], key


def test_a_message_is_its_english_text_and_keeps_its_id() -> None:
    m = msg("pipe.forecast_done", seconds=2.44)
    assert m == "forecast done in 2.4 s" and isinstance(m, str)
    assert render(m, "zh") == "预测完成, 用时 2.4 秒"
    assert render(m, "en") == m
    back = pickle.loads(pickle.dumps(m))  # scenario processes send messages back
    assert isinstance(back, Message) and back.id == m.id and back == m


def test_plural_endings_are_english_only() -> None:
    assert msg("sc.planning", n=1, count=1) == "planning 1 scenarios with 1 process"
    assert msg("sc.planning", n=3, count=2) == "planning 3 scenarios with 2 processes"
    assert render(msg("sc.planning", n=3, count=2), "zh") == "正在用 2 个进程计算 3 个情景"


def test_nested_messages_lists_and_display_names() -> None:
    span = msg(
        "val.span",
        queue="aftersale",
        start=pd.Timestamp("2025-04-09 02:00"),
        stop=pd.Timestamp("2025-04-09 03:00"),
        n=4,
    )
    gaps = msg("val.gaps", source="h.csv", total=4, gaps=1, shown=[span], more="")
    assert gaps == (
        "h.csv: 4 missing intervals in 1 gap: aftersale 2025-04-09 02:00 to 2025-04-09 03:00 "
        "(4 intervals)"
    )
    zh = render(gaps, "zh", {"aftersale": "售后"})
    assert (
        zh == "h.csv: 缺失 4 个时段, 共 1 段: 售后 2025-04-09 02:00 至 2025-04-09 03:00 (4 个时段)"
    )
    # the same text read back from a file (no id) renders the same
    assert render(str(gaps), "zh", {"aftersale": "售后"}) == zh


@pytest.mark.parametrize(
    ("english", "chinese"),
    [
        (
            "h.csv row 418, column inquiries: must be a non-negative integer, got '-3'",
            "h.csv 第 418 行, “inquiries” 列: 必须是非负整数, 实际为 '-3'",
        ),
        (
            "plan.toml: queues.presale.aht_seconds must be > 0, got -5",
            "plan.toml: queues.presale.aht_seconds 必须 > 0, 实际为 -5",
        ),
        (
            "plan.toml: labour.ft_agents must be a whole number, got 'x'",
            "plan.toml: labour.ft_agents 必须是整数, 实际为 'x'",
        ),
        (
            "team sizing: 40 FT agents (chosen); one more would save 1,093 CNY of other cost "
            "and cost 6,500 over 2 days: not worth adding; 200 part-timers (fixed); one more "
            "would save 379 CNY of other cost and cost 300 over 2 days: worth adding",
            "定编: 全职 40 人 (自动定编); 再加 1 人可省其他成本 1,093 元, 2 天内需付 6,500 元: "
            "不值得增加；兼职池 200 人 (固定人数); 再加 1 人可省其他成本 379 元, 2 天内需付 "
            "300 元: 值得增加",
        ),
        ("a line no template knows", "a line no template knows"),
    ],
)
def test_text_without_an_id_is_rendered_by_its_template(english: str, chinese: str) -> None:
    assert render(english, "zh") == chinese


def test_any_text_renders_quickly_and_never_raises() -> None:
    """Text without an id is matched against every template: text that repeats their
    literals (a cell value, a file name) must not make that slow, or recurse."""
    import time

    texts = [
        " ".join(f"word: {i}" for i in range(300)),  # recursed through "{label} {value}"
        " ".join(f"a b c, column x: y, got z {i}" for i in range(100)),  # took minutes
        "; ".join(
            f"x row {i}, column y: must be a non-negative integer, got 'w'" for i in range(60)
        ),
        "{not a field} {{ }} %s %(x)d",
    ]
    for text in texts:
        began = time.perf_counter()
        shown = render(text, "zh")
        assert time.perf_counter() - began < 1.0, text[:40]
        assert isinstance(shown, str) and shown.strip()
    listed = render("2025-11-10 12:15 aftersale 42 of 42", "zh", {"aftersale": "售后"})
    assert listed == "2025-11-10 12:15 售后 排 42 人, 需 42 人"


def test_an_error_with_more_problems_in_chinese() -> None:
    error = InputDataError(["h.csv: the file is empty", "b", "c"])
    assert str(error) == "h.csv: the file is empty (and 2 more problems)"
    assert error.one_line("zh") == "h.csv: 文件是空的 (另有 2 个问题)"


def test_tables_get_headers_and_names_for_people() -> None:
    frame = pd.DataFrame({"queue": ["presale"], "kind": ["OUT"], "paid_hours": [8.0]})
    zh = localise_frame(frame, "zh", {"presale": "售前"})
    assert list(zh.columns) == ["队列", "类型", "付薪工时"]
    assert zh.iloc[0].tolist() == ["售前", "外包", 8.0]
    en = localise_frame(frame, "en", {"presale": "售前"})
    assert list(en.columns) == ["Queue", "Kind", "Paid hours"]
    assert en.iloc[0].tolist() == ["presale", "OUT", 8.0]
    assert column_label("no_such_column", "zh") == "no_such_column"


def test_language_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for var in ("FORECASTER_LANG", "LC_ALL", "LC_MESSAGES", "LANG"):
        monkeypatch.delenv(var, raising=False)
    assert language_from_env() == "en"
    monkeypatch.setenv("LANG", "zh_CN.UTF-8")
    assert language_from_env() == "zh"
    monkeypatch.setenv("FORECASTER_LANG", "en")
    assert language_from_env() == "en"


def test_cli_plan_in_chinese_has_no_english(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["plan", "--start", "2025-11-11", "--end", "2025-11-11", "--replications", "2"]
    args += ["--time-limit", "10", "--out", str(tmp_path / "zh")]
    assert main(["--lang", "zh", *args]) == 0
    out = capsys.readouterr()
    assert "预测完成" in out.out and "HiGHS 1." not in out.out  # no solver banner
    assert foreign_words(out.out + out.err, "zh") == []
    # the workbook a team lead opens: every sheet's cells (the summary's last column is
    # the machine-readable key, as in summary.json)
    book = load_workbook(tmp_path / "zh" / "roster.xlsx", read_only=True)
    english = []
    for sheet in book.worksheets:
        for r, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            for c, value in enumerate(row, start=1):
                keys = sheet.title == "汇总" and c == 3
                # snake_case is a name in messages, but no header of the workbook's tables
                header = r == 1 and isinstance(value, str) and "_" in value
                if isinstance(value, str) and not keys and (foreign_words(value, "zh") or header):
                    english.append(f"{sheet.title}!{get_column_letter(c)}{r}: {value[:80]}")
    assert english == [], english[:20]
    # in English no Chinese (the sample's file, event and queue names are names)
    assert main(["validate", "--lang", "en"]) == 0
    out = capsys.readouterr().out
    assert "Usable: yes" in out and foreign_words(out, "en") == []


def test_cli_errors_and_validate_in_chinese(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("FORECASTER_LANG", "zh")
    assert main(["validate", "--history", str(tmp_path / "none.csv")]) == 2
    err = capsys.readouterr().err
    assert "找不到文件" in err and foreign_words(err, "zh") == []
    bad = tmp_path / "bad.csv"
    bad.write_text("interval_start,queue,inquiries\n2025-11-11 00:00,presale,-3\n")
    assert main(["validate", "--history", str(bad)]) == 2
    err = capsys.readouterr().err
    assert "必须是非负整数" in err and foreign_words(err, "zh") == []
    assert main(["plan", "--start", "08-10-2025", "--out", str(tmp_path / "o")]) == 2
    err = capsys.readouterr().err
    assert "年份写在前面" in err and foreign_words(err, "zh") == []
    req = tmp_path / "req.csv"  # fractional agents on chat: one Chinese line
    req.write_text(
        "interval_start,queue,human_inquiries,aht_seconds,agents\n"
        "2025-11-11 10:00,presale,30,300,6.8\n2025-11-11 10:15,presale,30,300,7\n"
    )
    assert main(["simulate", "--requirements", str(req), "--out", str(tmp_path / "s.csv")]) == 2
    err = capsys.readouterr().err
    assert "队列 售前: agents 必须是非负整数, 2025-11-11 10:00 为 6.8" in err, err
    assert foreign_words(err.replace("requirements", "").replace("agents", ""), "zh") == []  # names
    data = Path(__file__).resolve().parent.parent / "data"
    history, config = data / "sample_history.csv.gz", data / "plan.toml"
    assert main(["validate", "--history", str(history), "--config", str(config)]) == 0
    out = capsys.readouterr().out
    assert "可以使用: 是" in out and foreign_words(out, "zh") == []


def test_the_adjustments_log_has_headers_in_both_languages() -> None:
    """The forecast page shows :func:`forecaster.adjust.explain`'s log: every column has a
    Chinese header (its English one is the same in words)."""
    from forecaster.adjust import EXPLAIN_COLUMNS
    from forecaster.messages import COLUMNS

    assert [c for c in EXPLAIN_COLUMNS if c not in COLUMNS] == []


def test_the_adjustments_log_reads_in_chinese() -> None:
    """Every value the forecast page's adjustments log shows is Chinese in Chinese mode: the
    kind, the queue "all", the window, the detail and the status, for every kind of entry,
    and also when the log's English text is read back from a file (a plain string)."""
    from forecaster.adjust import DayTotalAdjustment, EventAdjustment, ScaleAdjustment, explain

    stamps = pd.date_range("2025-11-10", "2025-11-12", freq="30min", inclusive="left")
    forecast = pd.DataFrame({"interval_start": stamps, "queue": "presale", "mean": 10.0})
    for q in ("p10", "p50", "p90"):
        forecast[q] = 10.0
    entries = [
        ScaleAdjustment(queue="all", start="2025-11-10 20:00", end="2025-11-11", factor=1.2),
        ScaleAdjustment(
            queue="presale", start="2025-11-11 08:00", end="2025-11-11 10:30", factor=0.9
        ),  # fmt: skip
        ScaleAdjustment(
            queue="presale", start="2025-11-10 12:00", end="2025-11-11 06:00", factor=1.1
        ),  # fmt: skip
        EventAdjustment(
            queue="presale", start="2025-11-11 20:00", end="2025-11-11 22:00", name="直播", lift=1.5
        ),  # fmt: skip
        DayTotalAdjustment(queue="presale", date="2025-11-11", total=1234.5),
        ScaleAdjustment(queue="presale", start="2026-06-18", end="2026-06-18", factor=2),
    ]
    log = explain(forecast, entries)
    shown = ["kind", "queue", "window", "detail", "status"]
    english = log[shown].astype(str)
    assert list(english["window"]) == [
        "2025-11-10 20:00 to 2025-11-11 24:00",
        "2025-11-11 08:00 to 10:30",
        "2025-11-10 12:00 to 2025-11-11 06:00",
        "2025-11-11 20:00 to 22:00",
        "2025-11-11 (whole day)",
        "2026-06-18 00:00 to 24:00",
    ]
    assert list(english["detail"]) == [
        "scale × 1.2", "scale × 0.9", "scale × 1.1", "event '直播', lift × 1.5",
        "day total 1,234.5 inquiries", "scale × 2",
    ]  # fmt: skip
    assert localise_values(log, "en", {}).equals(log)  # English shows the values as they are
    for frame in (log, english):  # the messages themselves, or their text read back
        chinese = localise_values(frame[shown], "zh", {"presale": "售前"})
        cells = " ".join(chinese.astype(str).to_numpy().ravel())
        assert re.findall(r"[A-Za-z]{2,}", cells) == [], cells
        assert list(chinese["window"])[0] == "2025-11-10 20:00 至 2025-11-11 24:00"
        assert list(chinese["detail"])[3] == "临时活动「直播」, 乘以 1.5"
        assert list(chinese["queue"])[:2] == ["全部队列", "售前"]
        assert list(chinese["status"])[-2:] == ["已生效", "未生效: 不在预测时段内"]


@pytest.mark.parametrize(
    ("value", "text"),
    [(0.99996, "99.99%"), (0.9996, "99.96%"), (1.0, "100.0%"), (0.00001, "0.01%"),
     (0.0, "0.0%"), (0.853, "85.3%")],
)  # fmt: skip
def test_a_share_short_of_one_never_reads_100_percent(value: float, text: str) -> None:
    """A plan short of agent-hours must not read "simulated service level 100.0%"."""
    from forecaster.messages import share

    assert share(value) == text
    line = msg("cli.plan_line", start="a", end="b", inquiries=1, peak=1, paid=1, cost=1,
               sl=value, seconds=1)  # fmt: skip
    assert f"simulated service level {text}," in line and f"仿真服务水平 {text}," in render(
        line, "zh"
    )


def test_a_queue_at_the_end_of_a_time_reads_by_its_display_name() -> None:
    """The explanations' "cannot cover 11-12 09:45 aftersale" reads 售后 in Chinese."""
    text = (
        "outsourced shifts (外包) may only run on campaign days and 11-12 is not a campaign "
        "day; the in-house team on duty (62 FT, 200 PT) cannot cover 11-12 09:45 aftersale"
    )
    shown = render(text, "zh", {"aftersale": "售后"})
    assert shown.endswith("覆盖不了 11-12 09:45 售后"), shown


def test_a_summarys_share_short_of_one_never_reads_100_percent() -> None:
    """618's plan lost 8 of 1.46 million chats: summary 0.99997, headline "99.99%"."""
    from forecaster.messages import msg, render
    from forecaster.pipeline import _share_digits

    assert _share_digits(0.9999716) < 1.0 and _share_digits(0.0000031) > 0.0
    assert _share_digits(1.0) == 1.0 and _share_digits(0.123456) == 0.1235
    line = render(
        msg(
            "cli.plan_line",
            start="2025-05-06",
            end="2025-06-23",
            inquiries=1_458_429,
            peak=339,
            paid=105_365,
            cost=3_155_865,
            sl=_share_digits(0.9999716),
            seconds=166,
        ),
        "zh",
    )
    assert "仿真服务水平 99.99%" in line


def test_an_adjustments_field_error_reads_in_chinese() -> None:
    """The app's quick-add form with an empty start, or an end before the start."""
    from forecaster.adjust import parse_adjustments
    from forecaster.errors import PlannerError

    lines = []
    for start, end in (("", "2025-11-11 06:00"), ("2025-11-11 08:00", "2025-11-11 06:00")):
        entry = {"kind": "scale", "queue": "presale", "start": start, "end": end, "factor": 1.2}
        with pytest.raises(PlannerError) as info:
            parse_adjustments([entry], source="人工调整")
        lines.append(info.value.one_line("zh"))
    assert lines[0] == '人工调整 第 1 条, 字段 start: 必须是时间, 如 2025-11-11 20:00, 实际为 ""'
    assert lines[1].startswith("人工调整 第 1 条, 字段 end: 必须晚于开始时间 (2025-11-11T08:00")


def test_a_backtest_table_reads_in_chinese() -> None:
    """The forecast page's backtest table: headers and its origins, models and scopes."""
    from forecaster.messages import localise_frame

    frame = pd.DataFrame(
        {
            "origin": ["pre_campaign", "final_wave"],
            "model": ["campaign", "seasonal_naive"],
            "scope": ["campaign_days", "window"],
            "coverage_80": [0.8, 0.7],
            "peak_timing_minutes": [15.0, 30.0],
        }
    )
    shown = localise_frame(frame, "zh")
    assert list(shown.columns) == [
        "预测起点",
        "模型",
        "范围",
        "P10-P90 覆盖率",
        "峰值时刻偏差 (分钟)",
    ]
    assert shown.iloc[0, :3].tolist() == ["大促前 7 天", "大促提升模型", "大促日"]
    assert shown.iloc[1, :3].tolist() == ["最后一波前 2 天", "上周同期", "整个窗口"]
    assert localise_frame(frame, "en").iloc[0, 0] == "pre_campaign"


@pytest.mark.parametrize(
    "line",
    [
        "plan.toml: shifts[6] must have exactly one of start_times or start_window, got neither",
        "plan.toml: shifts[6] must have exactly one of start_times or start_window, got both",
        "plan.toml: shifts[6].start_step_minutes is required with start_window",
        "plan.toml: shifts[6].start_step_minutes is only used with start_window; remove it or "
        "use start_window, got 30",
        "plan.toml: shifts[6].start_step_minutes must divide the start window 07:00-10:00 "
        "(180 min) into whole steps, got 45",
        "plan.toml: labour.ft_agents_max is needed when ft_agents = 'auto' (the largest team "
        "to consider)",
        "plan.toml: shifts[2].code must be unique, got 'E' again (also shifts[1].code)",
        "plan.toml: shifts[2].queues must name queues from [queues] (presale, aftersale), got "
        "'vip'",
        "plan.toml: queues must have at least one [queues.<name>] table, got none",
        "plan.toml: shifts[2].length_hours must be a whole number of 15-min intervals "
        "(interval_minutes), got 8.1",
        "plan.toml: shifts[1].break_minutes must be shorter than the shift (8 h), got 600",
        "plan.toml: shifts[1].start_times must be on the 30-min grid of interval_minutes (e.g. "
        "08:00, 08:30), got ['08:15']",
        "plan.toml: shifts[1].break_window_hours is required when break_minutes > 0 ([earliest, "
        "latest] break start, hours after the shift start), got nothing",
    ],
)
def test_the_shift_editors_config_errors_read_in_chinese(line: str) -> None:
    """The app's shift-template editor shows these while a row is being filled in; each read
    half English ("must have exactly one of start_times 或 start_window, got neither")."""
    shown = render(line, "zh")
    english = {"must", "got", "with", "when", "required", "needed", "only", "exactly", "none"}
    assert not english & set(re.findall(r"[A-Za-z]+", shown)), shown


def test_halves_round_away_from_zero_as_excel_shows_them() -> None:
    """29.25 agent-hours short read 29.2 in a message and the report's figure (the float's
    half-to-even) and 29.3 in the 汇总 sheet; every one-decimal figure now reads 29.3."""
    from forecaster.messages import number

    assert number(29.25, ",.1f") == "29.3" and number(14.95, ".1f") == "15.0"
    assert number(1234567.25, ",.1f") == "1,234,567.3" and number(2.675, ".2f") == "2.68"
    assert number(-0.25, ".1f") == "-0.3" and number(float("nan"), ".1f") == "nan"
    assert number(1e50, ",.0f") == format(1e50, ",.0f")  # a solver's sentinel bound
    m = msg("pipe.forecast_done", seconds=2.45)
    assert m == "forecast done in 2.5 s" and render(m, "zh") == "预测完成, 用时 2.5 秒"

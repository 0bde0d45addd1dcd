"""The many-shops page (``app_pages/fleet.py``) and the zip helpers it uses.

Shops are ten weeks (2025-08-04 to 10-12) of the bundled sample, scaled per shop, planned to
the ``staff`` stage for two days (2025-10-13..14) on one local worker process: the one
fleet run of this file, through the page, takes about 15 s. The zip refusals and the folder
check run no fleet.
"""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from forecaster import fleet
from forecaster.errors import InputDataError
from forecaster.i18n import t
from forecaster.paths import SAMPLE_CALENDAR, SAMPLE_HISTORY
from tests.test_app_language import visible_texts
from tests.test_messages import foreign_words

APP = str(Path(__file__).resolve().parent.parent / "app.py")
PAGE = "app_pages/fleet.py"
SHOPS = ("旗舰店", "outlet")
"""The good shops; a third, ``bad``, has a history without the inquiries column."""


@pytest.fixture(scope="module")
def history() -> pd.DataFrame:
    full = pd.read_csv(SAMPLE_HISTORY)
    return full[full["interval_start"].between("2025-08-04", "2025-10-12 23:59")]


def zip_of(files: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def shops_zip(history: pd.DataFrame) -> bytes:
    """``shops/`` (as zipping the folder gives it): the calendar, two shops and a bad one,
    with a macOS resource file that must be skipped."""
    files = {"shops/calendar.csv": SAMPLE_CALENDAR.read_bytes()}
    for i, name in enumerate(SHOPS):
        scaled = history.assign(inquiries=(history["inquiries"] * (0.6 + 0.4 * i)).round())
        files[f"shops/{name}/history.csv"] = scaled.to_csv(index=False).encode()
    files["shops/bad/history.csv"] = b"a,b\n1,2\n"
    files["__MACOSX/shops/._calendar.csv"] = b"\x00\x05\x16\x07"
    return zip_of(files)


def fleet_page(lang: str = "zh") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=120)
    at.session_state["lang"] = lang
    at.run()
    at.switch_page(PAGE).run()
    assert not at.exception, at.exception
    return at


def foreign(at: AppTest, lang: str, names: tuple[str, ...] = ()) -> list[str]:
    out = []
    for text in visible_texts(at):
        for name in names:
            text = text.replace(name, " ")
        if words := foreign_words(text, lang):
            out.append(f"{text[:120]!r} {words}")
    return out


def table(at: AppTest, index: int) -> pd.DataFrame:
    """Dataframe ``index`` of the page: 0 the shops found, then the failed shops (when
    any) and the ranking (AppTest gives a dataframe no key)."""
    return at.dataframe[index].value


def errors(at: AppTest) -> list[str]:
    return [str(e.value) for e in at.error]


# --------------------------------------------------------------------------- the page


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_page_speaks_each_language(lang: str) -> None:
    at = fleet_page(lang)
    assert at.caption[0].value == t("fleet.intro", lang)
    assert errors(at) == [] and foreign(at, lang) == []
    at.radio(key="fl_source").set_value("folder").run()
    assert not at.exception and errors(at) == []
    assert at.text_input(key="fl_folder").label == t("fleet.folder", lang)
    assert foreign(at, lang) == []


def test_a_small_fleet_runs_through_the_page(shops_zip: bytes) -> None:
    at = fleet_page("zh")
    at.file_uploader(key="fleet_zip_upload").upload("双11店铺.zip", shops_zip).run()
    assert not at.exception and errors(at) == []
    assert at.expander[0].label == t("fleet.found", "zh", n=3)
    preview = table(at, 0)
    assert list(preview["shop"]) == ["bad", "outlet", "旗舰店"]
    # the events of the shops' calendar, latest first
    assert at.selectbox(key="fl_event").options[:2] == ["双11 2026", "618 2026"]
    at.selectbox(key="fl_stage").set_value("staff").run()
    at.radio(key="fl_horizon").set_value("dates").run()
    at.date_input(key="fl_start").set_value(dt.date(2025, 10, 13)).run()
    at.date_input(key="fl_end").set_value(dt.date(2025, 10, 14)).run()
    at.number_input(key="fl_workers").set_value(1).run()
    at.button(key="fleet_run_button").click().run()
    assert not at.exception and errors(at) == [], errors(at)

    result: fleet.FleetResult = at.session_state["fleet_run"]["result"]
    summary = result.summary.set_index("shop")
    assert summary.loc["bad", "status"] == "failed"
    assert list(summary.loc[list(SHOPS), "status"]) == ["ok", "ok"]
    figures = {m.label: m.value for m in at.metric}
    assert figures[t("fleet.metric.shops")] == "3"
    assert figures[t("fleet.metric.ok")] == "2" and figures[t("fleet.metric.failed")] == "1"
    total = summary.loc[list(SHOPS), "inquiries"].sum()
    assert figures[t("fleet.metric.inquiries")] == f"{total:,.0f}"
    # failed shops first, with their reason in Chinese, naming the file
    failed = table(at, 1)
    assert list(failed["shop"]) == ["bad"] and list(failed["stage"]) == ["校验"]
    assert failed["reason"][0].startswith("bad/history.csv 缺少列")
    ranked = table(at, 2)
    assert sorted(ranked["shop"]) == sorted(SHOPS) and list(ranked["rank"]) == [1, 2]
    assert (ranked["last_year_inquiries"] == "").all()  # a gap shows empty, not None
    labels = [b.label for b in at.get("download_button")]
    assert labels == [t(f"fleet.download.{k}") for k in ("summary", "report", "zip")]
    assert foreign(at, "zh", ("outlet", "bad")) == []

    # the downloads: the files run_fleet wrote, and every output in one zip
    csv = (result.out_dir / fleet.SUMMARY_FILE).read_bytes()
    assert csv.startswith(b"\xef\xbb\xbf") and "旗舰店".encode() in csv
    names = zipfile.ZipFile(io.BytesIO(fleet.outputs_zip(result))).namelist()
    assert {fleet.SUMMARY_FILE, fleet.REPORT_FILE, "shops/bad/error.txt"} <= set(names)
    for shop in SHOPS:
        assert {f"shops/{shop}/forecast.csv", f"shops/{shop}/requirements.csv"} <= set(names)

    # the result stays when the page is drawn again, in English too
    at.selectbox(key="lang").set_value("en").run()
    assert not at.exception and len(at.dataframe) == 3
    assert at.metric[0].label == t("fleet.metric.shops", "en")


@pytest.mark.parametrize(
    ("entries", "key"),
    [
        ({"shops/a/history.csv": b"x", "../evil.csv": b"x"}, "已拒绝"),
        ({"/etc/evil.csv": b"x"}, "已拒绝"),
        ({"shops/a/history.csv": b"x" * 5000}, "解压后超过"),
        ({"notes.txt": b"hello"}, "没有店铺文件"),
    ],
)
def test_an_unsafe_or_oversized_zip_is_refused_with_one_line(
    entries: dict[str, bytes], key: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(fleet, "ZIP_MAX_BYTES", 1000)
    at = fleet_page("zh")
    at.file_uploader(key="fleet_zip_upload").upload("shops.zip", zip_of(entries)).run()
    assert not at.exception
    assert len(at.error) == 1 and key in at.error[0].value, errors(at)
    assert at.error[0].value.startswith("shops\\.zip")  # the upload named, escaped
    assert not at.get("button")  # nothing to run


def test_a_file_that_is_no_zip_is_refused() -> None:
    at = fleet_page("en")
    at.file_uploader(key="fleet_zip_upload").upload("shops.zip", b"not a zip").run()
    assert not at.exception and len(at.error) == 1
    assert "not a usable zip archive" in at.error[0].value


def test_a_missing_folder_shows_an_error(tmp_path: Path) -> None:
    at = fleet_page("zh")
    at.radio(key="fl_source").set_value("folder").run()
    missing = tmp_path / "没有"
    at.text_input(key="fl_folder").set_value(str(missing)).run()
    assert not at.exception and len(at.error) == 1
    assert at.error[0].value.startswith("服务器上没有这个文件夹或文件")
    # a folder without shops: the library's line, without the command line's flag
    at.text_input(key="fl_folder").set_value(str(tmp_path)).run()
    assert not at.exception and len(at.error) == 1
    assert "没有找到店铺" in at.error[0].value and "--shops" not in at.error[0].value


def test_user_text_is_not_markdown() -> None:
    from app_pages.common import plain

    assert plain("**a** [x](y) `c` 1. _d_") == r"\*\*a\*\* \[x\]\(y\) \`c\` 1\. \_d\_"


def test_the_table_shows_each_shop_s_grid_only_when_the_grids_differ() -> None:
    from app_pages.fleet import ranked_columns

    rows = [{"shop": "a", "status": "ok", "interval_minutes": 15, "resumed": False}]
    same = fleet.summary_frame(rows * 2)
    mixed = fleet.summary_frame([*rows, {**rows[0], "shop": "b", "interval_minutes": 60}])
    assert "interval_minutes" not in ranked_columns("plan", same)
    assert "interval_minutes" in ranked_columns("plan", mixed)


# --------------------------------------------------------------------------- zip helpers


def test_extract_finds_the_shops_inside_one_wrapping_folder(tmp_path: Path) -> None:
    data = zip_of(
        {
            "fleet/shops/a/history.csv": b"h",
            "fleet/shops/a/plan.toml": b"t",
            "fleet/shops/b/history.csv.gz": b"g",
            "fleet/shops/.DS_Store": b"x",
            "fleet/shops/a/readme.txt": b"skipped",
        }
    )
    root = fleet.extract_shops_zip(data, tmp_path / "in")
    assert root == tmp_path / "in" / "fleet" / "shops"
    files = sorted(p.relative_to(root).as_posix() for p in root.rglob("*") if p.is_file())
    assert files == ["a/history.csv", "a/plan.toml", "b/history.csv.gz"]


def test_extract_reads_chinese_names_zipped_on_windows() -> None:
    """A GBK tool stores GBK bytes without the UTF-8 flag; zipfile reads them as cp437."""
    entry = zipfile.ZipInfo("x")
    entry.filename = "旗舰店/history.csv".encode("gbk").decode("cp437")
    entry.flag_bits = 0
    assert fleet._zip_entry_name(entry) == "旗舰店/history.csv"
    entry.filename = "旗舰店/history.csv".encode().decode("cp437")  # UTF-8, flag unset
    assert fleet._zip_entry_name(entry) == "旗舰店/history.csv"


def test_extract_refuses_too_many_entries_and_counts_real_bytes(tmp_path: Path) -> None:
    many = zip_of({f"s{i}/history.csv": b"h" for i in range(5)})
    with pytest.raises(InputDataError, match="5 entries in the archive, at most 3"):
        fleet.extract_shops_zip(many, tmp_path / "a", max_files=3)
    big = zip_of({"s/history.csv": b"0" * 10_000})  # compresses to a few bytes
    with pytest.raises(InputDataError, match="refused: more than"):
        fleet.extract_shops_zip(big, tmp_path / "b", max_bytes=5_000)

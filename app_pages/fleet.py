"""Many shops page: a zip of shop folders (or a folder on the server) planned together on
Dask by :func:`forecaster.fleet.run_fleet`, with a progress bar fed by its progress lines;
then the fleet's summary (failed shops first with their reasons, the others ranked by risk,
as ``fleet_report.html`` orders them) and its files for download.

The local cluster's worker processes are spawned: they import ``app.py`` as
``__mp_main__`` (which runs no app) and ``forecaster``, never this page. Session keys:
``fleet_work`` (this session's temporary folder), ``fleet_zip`` (the unpacked upload:
digest and shops folder, or its error) and ``fleet_run`` (the last run: its
:class:`~forecaster.fleet.FleetResult` and progress lines).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
import os
import re
import shutil
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import tr
from forecaster import fleet
from forecaster.errors import PlannerError
from forecaster.messages import CATALOGUE, Message, column_label, msg

# (comments, not docstrings, under constants: Streamlit's magic would show them on the page)
WORK_ROOT = Path(tempfile.gettempdir()) / "forecaster-fleet"
# Sessions' temporary folders (unpacked uploads, outputs without an output folder).
WORK_MAX_AGE_SECONDS = 24 * 3600
# A session folder untouched this long is removed when another session starts. [s]
CORES = os.cpu_count() or 1


def error_line(error: BaseException, replace: dict[str, str] | None = None) -> str:
    """A planner error's one line in this session's language (a bug's type and text), with
    the command line's ``--shops``/``--scheduler`` prefix dropped and ``replace``'s texts
    (a temporary folder → the upload's name) replaced."""
    if isinstance(error, PlannerError):
        text = error.one_line(common.lang())
    else:
        text = f"{tr('app.internal_error')}: {type(error).__name__}: {error}"
    text = re.sub(r"^--(shops|scheduler) ", "", text)
    for old, new in (replace or {}).items():
        text = text.replace(old, new)
    return text


def show_error(error: BaseException, replace: dict[str, str] | None = None) -> None:
    """:func:`error_line` in ``st.error``, as plain text."""
    st.error(common.plain(error_line(error, replace)))


# --------------------------------------------------------------------------- inputs


def work_dir() -> Path:
    """This session's temporary folder (made on first use; other sessions' folders older
    than :data:`WORK_MAX_AGE_SECONDS` are removed then)."""
    kept = st.session_state.get("fleet_work")
    if kept and Path(kept).is_dir():
        return Path(kept)
    WORK_ROOT.mkdir(parents=True, exist_ok=True)
    for old in WORK_ROOT.iterdir():
        with contextlib.suppress(OSError):
            if time.time() - old.stat().st_mtime > WORK_MAX_AGE_SECONDS:
                shutil.rmtree(old, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix="session-", dir=WORK_ROOT))
    st.session_state["fleet_work"] = str(folder)
    return folder


def unpacked(upload: Any) -> Path | None:
    """The shops folder of an uploaded zip, unpacked once per file into the session's
    folder (the previous upload's files removed); ``None`` after showing its error."""
    data = upload.getvalue()
    digest = hashlib.sha256(data).hexdigest()[:16]
    kept = st.session_state.get("fleet_zip")
    if not kept or kept[0] != digest:
        work = work_dir()
        for old in work.glob("input-*"):
            shutil.rmtree(old, ignore_errors=True)
        target = work / f"input-{digest}"
        try:
            kept = (digest, fleet.extract_shops_zip(data, target, name=upload.name))
        except Exception as error:  # shown as one line, never a traceback
            shutil.rmtree(target, ignore_errors=True)
            kept = (digest, error)
        st.session_state["fleet_zip"] = kept
    if isinstance(kept[1], BaseException):
        show_error(kept[1])
        return None
    return Path(kept[1])


def shops_input() -> tuple[Path, str] | None:
    """The shops folder (or manifest) and its name for people, from an upload or a path
    on the server; ``None`` (with a hint or an error shown) until there is one."""
    choices = ["upload", "folder"]
    source = st.radio(
        tr("fleet.source"),
        choices,
        index=common.kept_index("fl_source", choices, "upload"),
        format_func=common.labels("fleet.source."),
        key="fl_source",
        horizontal=True,
    )
    if source == "upload":
        upload = common.file_uploader(
            tr("fleet.zip"), ["zip"], "fleet_zip_upload", help=tr("fleet.zip.help")
        )
        if upload is None:
            st.info(tr("fleet.need_input"))
            return None
        folder = unpacked(upload)
        return None if folder is None else (folder, str(upload.name))
    text = st.text_input(
        tr("fleet.folder"),
        value=common.kept("fl_folder", ""),
        key="fl_folder",
        help=tr("fleet.folder.help"),
        placeholder=tr("fleet.folder.placeholder"),
    ).strip()
    if not text:
        st.info(tr("fleet.need_input"))
        return None
    path = Path(text).expanduser()
    if not path.exists():
        st.error(common.plain(tr("fleet.err_folder", path=text)))
        return None
    return path, text


def preview(shops: tuple[fleet.Shop, ...]) -> None:
    """The shops found and their files (a shop without a history says so)."""
    defaults, none = tr("fleet.preview.defaults"), tr("fleet.preview.none")
    table = pd.DataFrame(
        {
            "shop": [s.name for s in shops],
            "history": [s.labels.get("history", "") for s in shops],
            "calendar": [s.labels.get("calendar", none) for s in shops],
            "config": [s.labels.get("config", defaults) for s in shops],
            "problem": [common.say(s.problem) if s.problem else "" for s in shops],
        }
    )
    if not table["problem"].any():
        table = table.drop(columns="problem")
    with st.expander(tr("fleet.found", n=len(shops)), expanded=len(shops) <= 12):
        config = {c: st.column_config.TextColumn(tr(f"fleet.preview.{c}")) for c in table.columns}
        st.dataframe(
            table, hide_index=True, placeholder="—", key="fleet_preview", column_config=config
        )


@st.cache_data(show_spinner=False, max_entries=16)
def _events(calendars: tuple[tuple[str, float], ...]) -> list[str]:
    """The events of calendar files ((path, modified time)), latest first (unreadable
    files give none: the run says what is wrong with them)."""
    from forecaster.validation import read_calendar

    starts: dict[str, pd.Timestamp] = {}
    for path, _ in calendars:
        with contextlib.suppress(Exception):
            frame = read_calendar(path, name=Path(path).name).frame
            for event, start in frame.groupby("event")["start"].min().items():
                starts[str(event)] = max(start, starts.get(str(event), start))
    return sorted(starts, key=lambda e: (starts[e], e), reverse=True)


def events_of(shops: tuple[fleet.Shop, ...]) -> list[str]:
    """The events in the shops' calendars, latest first."""
    paths = sorted({s.calendar for s in shops if s.calendar})
    stamped = []
    for path in paths:
        with contextlib.suppress(OSError):
            stamped.append((path, Path(path).stat().st_mtime))
    return _events(tuple(stamped))


def _default_dates() -> tuple[dt.date, dt.date]:
    monday = dt.date.today() + dt.timedelta(days=7 - dt.date.today().weekday())
    return monday, monday + dt.timedelta(days=6)


def options(events: list[str]) -> dict[str, Any]:
    """The run's settings (checked by :func:`_check`): what and when, then where."""
    st.subheader(tr("fleet.options"))
    what = st.columns(3)
    stage = what[0].selectbox(
        tr("fleet.stage"),
        fleet.STAGES,
        index=common.kept_index("fl_stage", fleet.STAGES, "plan"),
        format_func=common.labels("fleet.stage."),
        key="fl_stage",
    )
    modes = ["event", "dates"]
    mode = what[1].radio(
        tr("fleet.horizon"),
        modes,
        index=common.kept_index("fl_horizon", modes, "event"),
        format_func=common.labels("fleet.horizon."),
        key="fl_horizon",
        horizontal=True,
    )
    chosen: dict[str, Any] = {"stage": stage}
    when = st.columns(3)
    if mode == "event":
        # drawn first with the shops' events (a keyed selectbox keeps its first value)
        event = when[0].selectbox(
            tr("fleet.event"),
            events,
            index=common.kept_index("fl_event", events, events[0]) if events else None,
            key="fl_event",
            accept_new_options=True,
            placeholder=tr("fleet.event.placeholder"),
            help=tr("fleet.event.help", days=fleet.EVENT_LEAD_DAYS),
        )
        chosen["event"] = (event or "").strip() or None
    else:
        first, last = _default_dates()
        start = when[0].date_input(
            tr("fleet.start"), value=common.kept("fl_start", first), key="fl_start"
        )
        end = when[1].date_input(tr("fleet.end"), value=common.kept("fl_end", last), key="fl_end")
        chosen.update(start=start, end=end)
    where = st.columns(3)
    chosen["workers"] = int(
        where[0].number_input(
            tr("fleet.workers"),
            min_value=1,
            max_value=256,
            value=common.kept("fl_workers", CORES),
            step=1,
            key="fl_workers",
            help=tr("fleet.workers.help", cores=CORES),
        )
    )
    chosen["scheduler"] = (
        where[1]
        .text_input(
            tr("fleet.scheduler"),
            value=common.kept("fl_scheduler", ""),
            key="fl_scheduler",
            placeholder="tcp://10.0.0.5:8786",
            help=tr("fleet.scheduler.help"),
        )
        .strip()
        or None
    )
    chosen["out"] = (
        where[2]
        .text_input(
            tr("fleet.out"),
            value=common.kept("fl_out", ""),
            key="fl_out",
            help=tr("fleet.out.help"),
        )
        .strip()
    )
    chosen["resume"] = st.checkbox(
        tr("fleet.resume"), value=common.kept("fl_resume", False), key="fl_resume"
    )
    return chosen


def _check(chosen: dict[str, Any]) -> str | None:
    """Why the settings cannot run (one line), else ``None``."""
    if "start" in chosen:
        if chosen["start"] is None or chosen["end"] is None or chosen["end"] < chosen["start"]:
            return tr("fleet.err_dates")
    elif not chosen.get("event"):
        return tr("fleet.err_event")
    return None


# --------------------------------------------------------------------------- running


def tally_of(message: object) -> Message | None:
    """The ``fleet.tally`` counts a progress line carries (itself, or in its ``tally``)."""
    if isinstance(message, Message):
        if message.id == "fleet.tally":
            return message
        inner = message.args.get("tally")
        if isinstance(inner, Message) and inner.id == "fleet.tally":
            return inner
    return None


def progress_sink(bar: Any, line: Any, log: list[str]) -> Callable[[object], None]:
    """The progress callback: the bar follows the tally's finished/total and its counts,
    the status line (plain text) shows the latest line, every line goes to ``log``."""

    def progress(message: object) -> None:
        text = common.say(message)
        log.append(text)
        tally = tally_of(message)
        if tally is not None:
            done = int(tally.args["finished"]) / max(int(tally.args["total"]), 1)
            bar.progress(min(done, 1.0), text=common.plain(common.say(tally)))
        line.text(text)

    return progress


def output_dir(chosen: dict[str, Any]) -> Path | None:
    """The output folder (the session's ``out`` unless one is given), made; ``None``
    after showing why it cannot be used."""
    path = Path(chosen["out"]).expanduser() if chosen["out"] else work_dir() / "out"
    try:
        path.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        why = error.strerror or str(error)
        st.error(common.plain(tr("fleet.err_out", path=chosen["out"] or path, why=why)))
        return None
    return path


def run(shops: Path, name: str, chosen: dict[str, Any]) -> None:
    """Run the fleet with a progress bar; keep the result (or show the one-line error)."""
    out = output_dir(chosen)
    if out is None:
        return
    bar = st.progress(0.0, text=tr("fleet.starting"))
    line = st.empty()
    log: list[str] = []
    horizon = (
        {"event": chosen["event"]}
        if "event" in chosen
        else {"start": str(chosen["start"]), "end": str(chosen["end"])}
    )
    try:
        result = fleet.run_fleet(
            shops,
            out,
            stage=chosen["stage"],
            scheduler=chosen["scheduler"],
            workers=chosen["workers"],
            resume=chosen["resume"],
            language=common.lang(),
            progress=progress_sink(bar, line, log),
            **horizon,
        )
    except Exception as error:  # bad config, no shops, no scheduler: one line
        bar.empty()
        line.empty()
        show_error(error, {str(shops): name})
        return
    bar.empty()  # the result below says it all
    line.empty()
    st.session_state["fleet_run"] = {
        "result": result,
        "log": log,
        "out": chosen["out"],
    }


# --------------------------------------------------------------------------- results

REPORT_LABELS = {
    "rank": "fleet.col.rank",
    "shop": "fleet.col.shop",
    "stage": "fleet.col.stage",
    "reason": "fleet.col.reason",
    "inquiries": "fleet.col.inquiries",
    "last_year_inquiries": "fleet.col.last_year",
    "change_vs_last_year": "fleet.col.change",
    "peak_agents": "fleet.col.peak_agents",
    "agent_hours": "fleet.col.agent_hours",
    "paid_hours": "fleet.col.paid_hours",
    "cost": "fleet.col.cost",
    "shortfall_hours": "fleet.col.shortfall",
    "seconds": "fleet.col.seconds",
    "interval_minutes": "fleet.col.grid",
}
# Summary columns headed as in fleet_report.html (message catalogue); the others below.
PAGE_LABELS = {
    "start": "fleet.table.start",
    "end": "fleet.table.end",
    "simulated_sl": "fleet.table.sl",
    "sl_target": "fleet.table.sl_target",
    "worst_interval": "fleet.table.worst_interval",
    "worst_queue": "fleet.table.worst_queue",
    "worst_sl": "fleet.table.worst_sl",
    "ft": "fleet.table.ft",
    "pt": "fleet.table.pt",
    "out": "fleet.table.out",
    "resumed": "fleet.table.resumed",
}
FORMATS = {
    "change_vs_last_year": "{:+.1%}",
    "simulated_sl": "{:.1%}",
    "sl_target": "{:.0%}",
    "worst_sl": "{:.1%}",
    "shortfall_hours": "{:,.1f}",
    "seconds": "{:,.1f}",
}
# Python formats of the summary's numbers (others: "{:,.0f}"), for columns with gaps.
STREAMLIT_FORMATS = {"change_vs_last_year": "percent", "simulated_sl": "percent"}
STREAMLIT_FORMATS |= {"sl_target": "percent", "worst_sl": "percent", "seconds": "%.1f"}


def label(column: str) -> str:
    """A summary column's header in this session's language."""
    if column in REPORT_LABELS:
        return common.say(msg(REPORT_LABELS[column]))
    if column in PAGE_LABELS:
        return tr(PAGE_LABELS[column])
    return column_label(column, common.lang())


def ranked_columns(stage: str, summary: pd.DataFrame) -> list[str]:
    """The ranked table's columns for a stage (as the report's)."""
    columns = ["rank", "shop", "start", "end", "inquiries", "last_year_inquiries"]
    columns += ["change_vs_last_year"]
    if stage in ("staff", "plan"):
        columns += ["peak_agents", "agent_hours"]
    if stage == "plan":
        columns += ["simulated_sl", "sl_target", "shortfall_hours", "worst_interval"]
        columns += ["worst_queue", "worst_sl", "paid_hours", "ft", "pt", "out", "cost"]
        columns += ["roster_status"]
    if fleet.mixed_grids(summary):
        columns += ["interval_minutes"]
    columns += ["seconds"]
    if summary["resumed"].any():
        columns += ["resumed"]
    return columns


def _risky(frame: pd.DataFrame) -> pd.DataFrame:
    """Cell styles of the ranked table: the report's red marks (a change beyond
    ±:data:`~forecaster.fleet.CHANGE_MARK`, a service level below target, any shortfall)."""
    red = "background-color: #fde2e1; color: #a00"
    styles = pd.DataFrame("", index=frame.index, columns=frame.columns)
    change = pd.to_numeric(frame["change_vs_last_year"], errors="coerce").abs()
    styles.loc[change > fleet.CHANGE_MARK, "change_vs_last_year"] = red
    if "simulated_sl" in frame:
        below = frame["simulated_sl"] < frame["sl_target"]
        styles.loc[below.fillna(False), "simulated_sl"] = red
        styles.loc[(frame["shortfall_hours"] > 0).fillna(False), "shortfall_hours"] = red
    return styles


def metrics(summary: pd.DataFrame, stage: str) -> None:
    """Counts of shops and the successful shops' totals."""
    ok = summary[summary["status"] == "ok"]
    figures = [
        ("fleet.metric.shops", f"{len(summary):,}"),
        ("fleet.metric.ok", f"{len(ok):,}"),
        ("fleet.metric.failed", f"{len(summary) - len(ok):,}"),
        ("fleet.metric.inquiries", f"{ok['inquiries'].fillna(0).sum():,.0f}"),
    ]
    if stage in ("staff", "plan"):
        figures += [
            ("fleet.metric.peak", f"{ok['peak_agents'].fillna(0).sum():,.0f}"),
            ("fleet.metric.agent_hours", f"{ok['agent_hours'].fillna(0).sum():,.0f}"),
        ]
    if stage == "plan":
        figures += [
            ("fleet.metric.paid", f"{ok['paid_hours'].fillna(0).sum():,.0f}"),
            ("fleet.metric.cost", f"{ok['cost'].fillna(0).sum():,.0f}"),
        ]
    for start in range(0, len(figures), 4):
        columns = st.columns(4)
        for column, (key, value) in zip(columns, figures[start : start + 4], strict=False):
            column.metric(tr(key), value)


def failed_table(summary: pd.DataFrame) -> None:
    """The failed shops, each with the step that failed and its reason."""
    failed = summary[summary["status"] != "ok"]
    if failed.empty:
        return
    st.markdown(f"**{common.say(msg('fleet.report.failed'))} ({len(failed)})**")
    steps = {s: common.say(msg(f"fleet.step.{s}")) for s in fleet.STEPS}
    table = pd.DataFrame(
        {
            "shop": failed["shop"].astype(str),
            "stage": failed["stage"].map(lambda s: steps.get(str(s), str(s or ""))),
            "reason": failed["reason"].map(lambda r: common.say(r) if r else ""),
        }
    )
    config = {
        "shop": st.column_config.TextColumn(label("shop")),
        "stage": st.column_config.TextColumn(label("stage")),
        "reason": st.column_config.TextColumn(label("reason"), width="large"),
    }
    st.dataframe(table, hide_index=True, placeholder="—", key="fleet_failed", column_config=config)


def _gaps_as_text(frame: pd.DataFrame, config: dict[str, Any]) -> pd.DataFrame:
    """Numbers as Streamlit formats them; a column with missing figures (last year not in
    the history, stages not run) as text, so a gap shows empty instead of ``None``."""
    out = frame.copy()
    for column in frame.columns:
        values = frame[column]
        numeric = pd.api.types.is_numeric_dtype(values) and not pd.api.types.is_bool_dtype(values)
        if column == "rank" or not numeric:
            if not numeric and values.isna().any():
                out[column] = values.astype(object).where(values.notna(), "")
            continue
        if values.isna().any():
            fmt = FORMATS.get(column, "{:,.0f}")
            out[column] = values.map(lambda v, f=fmt: "" if pd.isna(v) else f.format(v))
            config[column] = st.column_config.TextColumn(label(column), alignment="right")
        else:
            form = STREAMLIT_FORMATS.get(column, "localized")
            config[column] = st.column_config.NumberColumn(label(column), format=form)
    return out


def ranked_table(summary: pd.DataFrame, stage: str) -> None:
    """The successful shops, riskiest first, with the report's marks."""
    st.markdown(f"**{common.say(msg('fleet.report.ranked'))}**")
    ranking = "fleet.report.ranking" if stage == "plan" else "fleet.report.ranking_volume"
    st.caption(common.plain(common.say(msg(ranking, change=fleet.CHANGE_MARK))))
    ranked = fleet.rank_by_risk(summary)
    if ranked.empty:
        st.info(common.say(msg("fleet.report.none")))
        return
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    columns = ranked_columns(stage, summary)
    shown = ranked[columns].copy()
    if "roster_status" in shown:
        shown["roster_status"] = shown["roster_status"].map(
            lambda s: common.say(msg(f"status.{s}")) if f"status.{s}" in CATALOGUE else s
        )
    for column in ("agent_hours", "paid_hours", "cost"):  # whole hours and yuan
        if column in shown:
            shown[column] = shown[column].round()
    config: dict[str, Any] = {c: st.column_config.TextColumn(label(c)) for c in columns}
    config["rank"] = st.column_config.NumberColumn(label("rank"), width="small", pinned=True)
    config["shop"] = st.column_config.TextColumn(label("shop"), pinned=True)  # wide plan tables
    if "resumed" in shown:
        config["resumed"] = st.column_config.CheckboxColumn(label("resumed"))
    styles = _risky(shown)
    text = _gaps_as_text(shown, config)
    styled = text.style.apply(lambda _: styles, axis=None)
    st.dataframe(styled, hide_index=True, placeholder="—", key="fleet_ranked", column_config=config)


def downloads(result: fleet.FleetResult) -> None:
    """``fleet_summary.csv`` and ``fleet_report.html`` as written, and every output as a
    zip (built when clicked)."""
    files = {path.name: path for path in result.files}
    row = st.container(horizontal=True)
    summary = files.get(fleet.SUMMARY_FILE)
    report = files.get(fleet.REPORT_FILE)
    if summary is not None and summary.is_file():
        row.download_button(
            tr("fleet.download.summary"),
            summary.read_bytes(),
            file_name=fleet.SUMMARY_FILE,
            mime="text/csv",
            key="fleet_download_summary",
            type="primary",
            on_click="ignore",
        )
    if report is not None and report.is_file():
        row.download_button(
            tr("fleet.download.report"),
            report.read_bytes(),
            file_name=fleet.REPORT_FILE,
            mime="text/html",
            key="fleet_download_report",
            on_click="ignore",
        )
    row.download_button(
        tr("fleet.download.zip"),
        lambda: fleet.outputs_zip(result),
        file_name="fleet_outputs.zip",
        mime="application/zip",
        key="fleet_download_zip",
        on_click="ignore",
    )


def results(last: dict[str, Any]) -> None:
    """The last run: counts and totals, failed shops, the ranking, downloads, its log."""
    result: fleet.FleetResult = last["result"]
    summary = result.summary
    st.subheader(tr("fleet.result"))
    done = msg(
        "cli.fleet_done",
        n=len(summary),
        ok=int((summary["status"] == "ok").sum()),
        failed=int((summary["status"] != "ok").sum()),
        kept=int(summary["resumed"].sum()),
        seconds=result.seconds,
    )
    where = f" · {common.say(result.where)}" if result.where else ""
    st.caption(common.plain(common.say(done) + where))
    if last.get("out"):
        st.caption(common.plain(tr("fleet.where", path=last["out"])))
    metrics(summary, result.stage)
    failed_table(summary)
    ranked_table(summary, result.stage)
    downloads(result)
    log = last.get("log") or []
    if log:
        with st.expander(tr("fleet.log", n=len(log))):
            st.text("\n".join(log))


def main() -> None:
    st.caption(tr("fleet.intro"))
    found = shops_input()
    shops: tuple[fleet.Shop, ...] = ()
    if found is not None:
        try:
            shops = fleet.discover_shops(found[0])
        except Exception as error:  # no shops, a bad manifest: one line
            show_error(error, {str(found[0]): found[1]})
        else:
            preview(shops)
    if found is not None and shops:  # the settings once there are shops (and their events)
        chosen = options(events_of(shops))
        problem = _check(chosen)
        if problem:
            st.warning(problem)
        if st.button(
            tr("fleet.run"), type="primary", key="fleet_run_button", disabled=bool(problem)
        ):
            run(found[0], found[1], chosen)
    last = st.session_state.get("fleet_run")
    if last:
        results(last)


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()

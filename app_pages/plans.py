"""Saved plans page: the plan store's list; open a plan (key figures, warnings, input
fingerprints, its files for download) or delete it."""

from __future__ import annotations

import mimetypes
from typing import Any

import pandas as pd
import streamlit as st

from app_pages import common
from app_pages.common import Inputs, show_error, tr
from forecaster.i18n import TEXT
from forecaster.io import to_shop_time
from forecaster.messages import CATALOGUE, localise_values, msg, render, share
from forecaster.pipeline import fingerprint
from forecaster.store import PlanStore, SavedPlan

LIST_COLUMNS = (
    "id",
    "name",
    "created",
    "horizon",
    "labour_cost",
    "simulated_service_level",
    "paid_hours",
    "shortfall_agent_hours",
    "roster_status",
    "owner",
    "note",
)
# Columns of the list (and of ``plans.csv``); ``created`` is in shop time.


def list_table(plans: pd.DataFrame, *, rounded: bool = True) -> pd.DataFrame:
    """The store's list as shown: saved time in shop time, the horizon as one text; costs
    and hours rounded for the page (``rounded=False``: as saved, for ``plans.csv``)."""
    horizon = (
        plans["horizon_start"].dt.strftime("%Y-%m-%d")
        + " – "
        + plans["horizon_end"].dt.strftime("%Y-%m-%d")
    )
    shown = plans.assign(created=to_shop_time(plans["created_at"]).dt.floor("min"), horizon=horizon)
    if rounded:  # 972,832 with separators on the page, not 972832.5
        shown = shown.assign(
            labour_cost=plans["labour_cost"].round(0),
            paid_hours=plans["paid_hours"].round(0),
            shortfall_agent_hours=plans["shortfall_agent_hours"].round(1),
        )
    return shown[list(LIST_COLUMNS)]


def plan_list(plans: pd.DataFrame) -> None:
    """The list of saved plans and its download."""
    shown = list_table(plans)
    config: dict[str, Any] = {column: tr(f"plans.col.{column}") for column in LIST_COLUMNS}
    config |= {
        "created": st.column_config.DatetimeColumn(
            tr("plans.col.created"), format="YYYY-MM-DD HH:mm"
        ),
        **{
            column: st.column_config.NumberColumn(tr(f"plans.col.{column}"), format="localized")
            for column in ("labour_cost", "paid_hours", "shortfall_agent_hours")
        },
        "simulated_service_level": st.column_config.NumberColumn(
            tr("plans.col.simulated_service_level"), format="percent"
        ),
    }
    shown = localise_values(shown, common.lang(), common.names())  # the status in Chinese
    st.dataframe(shown, hide_index=True, placeholder="—", key="pl_table", column_config=config)
    st.download_button(
        tr("plans.download_list"),
        common.csv_bytes(  # the figures as saved (1195762.5, not 1195762.0000)
            localise_values(list_table(plans, rounded=False), common.lang(), common.names())
        ),
        file_name="plans.csv",
        mime="text/csv",
        key="pl_download_list",
        on_click="ignore",
    )


def figures(saved: SavedPlan) -> None:
    """Key figures of a saved plan, its warnings."""
    result = saved.result
    s = result.summary
    created = to_shop_time(pd.Timestamp(saved.created_at))
    start, end = (str(s.get("horizon", ["", ""])[i])[:10] for i in (0, 1))
    st.subheader(
        tr(
            "plans.header",
            id=saved.id,
            name=saved.name,
            created=f"{created:%Y-%m-%d %H:%M}",
            start=start,
            end=end,
        )
    )
    if saved.note:
        st.caption(tr("plans.note", note=saved.note))
    heads = s.get("headcount", {})
    cols = st.columns(4)
    cols[0].metric(tr("plans.forecast_inquiries"), f"{s['forecast_inquiries']:,}")
    cols[1].metric(tr("plans.peak_agents"), f"{s['peak_agents']:,}")
    cols[2].metric(tr("plans.paid_hours"), f"{s['paid_hours']:,.0f}")
    cols[3].metric(
        tr("plans.headcount"), " / ".join(f"{heads.get(k, 0):,}" for k in ("FT", "PT", "OUT"))
    )
    cols = st.columns(4)
    cols[0].metric(tr("plans.cost"), f"{s['labour_cost']:,.0f}")
    cols[1].metric(tr("plans.cost_per_inquiry"), f"{s['cost_per_inquiry']:.2f}")
    cols[2].metric(tr("plans.sl"), share(s["simulated_service_level"]))
    cols[3].metric(tr("plans.shortfall"), f"{s['shortfall_agent_hours']:,.1f}")
    gap = s.get("roster_gap")
    status = (
        common.say(msg(f"status.{s.get('roster_status', '')}"))
        if f"status.{s.get('roster_status', '')}" in CATALOGUE
        else str(s.get("roster_status", ""))
    )
    if gap is not None:
        status += tr("plans.gap", gap=f"{gap:.2%}")
    st.caption(
        tr(
            "plans.details",
            adjustments=len(result.adjustments),
            status=status,
            abandoned=f"{s.get('abandoned_inquiries', 0):,}",
        )
    )
    messages = list(s.get("messages") or result.roster.messages)
    if messages:
        with st.expander(tr("plans.warnings", count=len(messages)), expanded=len(messages) <= 3):
            names = result.config.display_names()  # the saved plan's own queue names
            for message in messages:
                st.warning(common.plain(render(message, common.lang(), names)))


@st.cache_data(show_spinner=False, max_entries=4)
def _current(key: str, _inp: Inputs) -> dict[str, str]:
    return {
        "history": fingerprint(_inp.history)["sha256"],
        "calendar": fingerprint(_inp.calendar)["sha256"],
    }


def fingerprints(saved: SavedPlan) -> None:
    """The plan's input fingerprints, and whether the session's data still match them."""
    current: dict[str, str] = {}
    source = st.session_state.get("source", "sample")
    if source == "sample" or st.session_state.get("history_upload") is not None:
        inp = common.inputs()
        if inp is not None:
            current = _current(inp.key, inp)
    rows = []
    for name, value in saved.result.inputs.items():
        digest = str(value.get("sha256", ""))
        now = current.get(name)
        state = "" if now is None else tr("plans.same" if now == digest else "plans.changed")
        shown = tr(f"plans.input.{name}") if f"plans.input.{name}" in TEXT else name
        rows.append(
            {"input": shown, "source": value.get("source", ""), "sha256": digest, "current": state}
        )
    st.markdown(f"**{tr('plans.inputs')}**")
    table = pd.DataFrame(rows, columns=["input", "source", "sha256", "current"])
    config = {column: tr(f"plans.input_col.{column}") for column in table.columns}
    st.dataframe(table, hide_index=True, placeholder="—", key="pl_inputs", column_config=config)


@st.cache_data(show_spinner=False, max_entries=4)
def _files(url: str, plan_id: int, language: str, _plan_store: PlanStore) -> dict[str, bytes]:
    return common.plan_files(_plan_store, plan_id, language)


def files(plan_store: PlanStore, saved: SavedPlan) -> None:
    """The plan's files (as ``forecaster plans export`` writes them), on request."""
    st.subheader(tr("plans.files"))
    key = (plan_store.url, saved.id, common.lang())
    if st.button(tr("plans.prepare"), key="pl_prepare"):
        st.session_state["pl_files"] = key
    if st.session_state.get("pl_files") != key:
        return
    with st.spinner(tr("plans.preparing")):
        contents = _files(plan_store.url, saved.id, common.lang(), plan_store)
    st.download_button(
        tr("plans.download_zip"),
        common.zip_bytes(contents),
        file_name=f"plan_{saved.id}.zip",
        mime="application/zip",
        key="pl_download_zip",
        type="primary",
        on_click="ignore",
    )
    cols = st.columns(4)
    for i, (name, data) in enumerate(contents.items()):
        cols[i % 4].download_button(
            tr("plans.download", file=name),
            data,
            file_name=name,
            mime=mimetypes.guess_type(name)[0] or "application/octet-stream",
            key=f"pl_download_{name}",
            on_click="ignore",
        )


def _delete(plan_store: PlanStore, plan_id: int) -> None:
    """Delete callback (runs before the page, so the list is redrawn without the plan)."""
    try:
        plan_store.delete(plan_id, actor=common.user())
    except Exception as error:  # shown by the next run as the CLI's one line
        st.session_state["pl_flash"] = error
    else:
        st.session_state["pl_flash"] = tr("plans.deleted", id=plan_id)
    st.session_state["pl_confirm"] = False
    common.forget_setting("pl_choice")
    # the deleted plan, no longer among the options: the selectbox falls back to its
    # default and tells the browser, which kept showing "#2 …" while #1 was open
    st.session_state["pl_choice"] = plan_id
    st.session_state.pop("pl_files", None)


def delete(plan_store: PlanStore, saved: SavedPlan) -> None:
    """Delete the open plan, after a confirmation tick."""
    owner = plan_store.owner(saved.id)
    theirs = bool(owner) and owner != common.user()  # only who saved a plan deletes it
    with st.container(border=True):
        st.markdown(f"**{tr('plans.delete_header')}**")
        if theirs:
            st.caption(tr("plans.not_yours", owner=owner))
        confirmed = st.checkbox(
            tr("plans.confirm", id=saved.id, name=saved.name), key="pl_confirm", disabled=theirs
        )
        st.button(
            tr("plans.delete"),
            key="pl_delete",
            disabled=theirs or not confirmed,
            on_click=_delete,
            args=(plan_store, saved.id),
        )


def _unconfirm() -> None:
    st.session_state["pl_confirm"] = False


def main() -> None:
    flash = st.session_state.pop("pl_flash", None)
    if isinstance(flash, BaseException):
        show_error(flash)
    elif flash:
        st.success(flash)
    try:
        plan_store = common.store()
        plans = plan_store.list()
    except Exception as error:  # a store that cannot be opened or read: one line
        show_error(error)
        return
    st.caption(tr("plans.where", n=len(plans)))  # not the database's path: planners see no paths
    if plans.empty:
        st.info(tr("plans.none"))
        return
    plan_list(plans)
    names = dict(zip(plans["id"].astype(int), plans["name"], strict=True))
    choices = list(reversed(names))
    choice = st.selectbox(
        tr("plans.open"),
        choices,
        index=common.kept_index("pl_choice", choices, choices[0]),
        format_func=lambda plan_id: f"#{plan_id} {names[plan_id]}",
        key="pl_choice",
        on_change=_unconfirm,
    )
    try:
        saved = plan_store.load(choice)
    except Exception as error:  # e.g. a plan written by a newer version: one line
        show_error(error)
        return
    for part in (figures, fingerprints):  # a damaged part never hides the others
        with common.guarded():
            part(saved)
    with common.guarded():
        files(plan_store, saved)
    delete(plan_store, saved)


if __name__ == "__main__":  # run by st.navigation; importing only defines
    main()

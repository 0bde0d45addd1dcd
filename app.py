"""The planner's Streamlit app: a sidebar (language, data source) and one page per stage.

Run with ``make run`` or ``forecaster app``. Pages live in ``app_pages/`` and call the
``forecaster`` library; caching and session state live in ``app_pages/common.py``.
"""

from __future__ import annotations

import streamlit as st

from app_pages.common import (
    file_uploader,
    holidays_input,
    interval_input,
    keep_settings,
    kept_index,
    labels,
    sign_in_configured,
    tr,
    user,
)
from forecaster.i18n import LANGUAGES


def sidebar() -> None:
    """Language and data source, shared by every page."""
    st.sidebar.selectbox(
        "语言 Language",
        LANGUAGES,
        key="lang",
        format_func=lambda code: {"zh": "中文", "en": "English"}[code],
    )
    st.sidebar.header(tr("app.data_source"))
    st.sidebar.radio(
        tr("app.data_source"),
        ["sample", "upload"],
        index=kept_index("source", ["sample", "upload"], "sample"),
        key="source",
        format_func=labels("app.source."),
        label_visibility="collapsed",
    )
    interval_input()
    holidays_input()
    account()
    if st.session_state.get("source") == "upload":
        file_uploader(
            tr("app.upload.history"),
            ["csv", "gz", "xlsx", "xls", "txt", "tsv"],
            "history_upload",
            st.sidebar,
        )
        file_uploader(
            tr("app.upload.calendar"), ["csv", "xlsx", "xls"], "calendar_upload", st.sidebar
        )
        file_uploader(tr("app.upload.config"), ["toml"], "config_upload", st.sidebar)
        file_uploader(
            tr("app.upload.agents"), ["csv"], "agents_upload", st.sidebar,
            help=tr("app.upload.agents.help"),
        )  # fmt: skip


def account() -> None:
    """Sign in and out, where ``[auth]`` in ``.streamlit/secrets.toml`` configures it."""
    if not sign_in_configured():
        return
    if st.user.is_logged_in:
        st.sidebar.caption(tr("app.signed_in", user=user()))
        st.sidebar.button(tr("app.sign_out"), on_click=st.logout)
    else:
        st.sidebar.caption(tr("app.not_signed_in"))
        st.sidebar.button(tr("app.sign_in"), on_click=st.login)


# Material icons: Streamlit ships their font, while emoji need one the planner's machine may
# lack (Debian's chromium without fonts-noto-color-emoji drew empty boxes)
PAGES = [
    ("app_pages/data.py", "nav.data", ":material/table_chart:", True),
    ("app_pages/forecast.py", "nav.forecast", ":material/trending_up:", False),
    ("app_pages/capacity.py", "nav.capacity", ":material/groups:", False),
    ("app_pages/roster.py", "nav.roster", ":material/calendar_month:", False),
    ("app_pages/scenarios.py", "nav.scenarios", ":material/compare_arrows:", False),
    ("app_pages/review.py", "nav.review", ":material/fact_check:", False),
    ("app_pages/plans.py", "nav.plans", ":material/folder_open:", False),
    ("app_pages/fleet.py", "nav.fleet", ":material/storefront:", False),
]


def main() -> None:
    st.set_page_config(page_title="大促客服排班 · Campaign staffing planner", layout="wide")
    pages = [
        st.Page(path, title=tr(key), icon=icon, default=default)
        for path, key, icon, default in PAGES
    ]
    page = st.navigation(pages)
    keep_settings()  # before any widget: settings survive pages and languages
    sidebar()
    st.title(tr("app.title"))
    page.run()


# Streamlit runs this file as __main__; the scenario workers (spawned processes) import it
# as __mp_main__ and must not run the app.
if __name__ == "__main__":
    main()

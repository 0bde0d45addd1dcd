"""Start the app's server with what its first page needs already loaded: ``forecaster app``
and ``make run`` start the app this way (``streamlit run app.py`` works too; only the first
page opened after a start is slower).

Streamlit runs ``app.py`` when the first browser connects, so the first planner to open the
page would wait for everything it imports (pandas, the configuration and history models)
and for the bundled sample to be read: about 1.3 s of the cold start. Here they are loaded
while the server starts, before anyone is waiting.

Run ``python -m app_pages.serve [streamlit run options]``.
"""

from __future__ import annotations

import logging
import sys

from forecaster.paths import APP_FILE, SAMPLE_HISTORY


def warm() -> None:
    """Import the first page's libraries and put the sample's parsed history on disk."""
    # defining cached functions before the server runs makes streamlit warn that there is
    # no runtime yet, once per function: true and harmless here
    from streamlit.runtime.caching import cache_data_api  # creates the logger first

    quiet = logging.getLogger(cache_data_api.__name__)
    level = quiet.level
    quiet.setLevel(logging.ERROR)
    try:
        from app_pages import common, data  # noqa: F401 (imported to be loaded)
    finally:
        quiet.setLevel(level)
    common.parsed_history(SAMPLE_HISTORY.read_bytes(), SAMPLE_HISTORY.name)


def main(argv: list[str] | None = None) -> int:
    warm()
    from streamlit.web.cli import main as streamlit

    try:
        streamlit(["run", str(APP_FILE), *(sys.argv[1:] if argv is None else argv)], "streamlit")
    except SystemExit as done:
        return int(done.code or 0)
    return 0


if __name__ == "__main__":
    sys.exit(main())

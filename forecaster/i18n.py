"""The app's one translation table: every label in Chinese (default) and English.

Pages call ``t(key, lang)``; a key missing from the table is a bug caught by the tests
(every key used by the app must be here, in both languages). Format fields use
``str.format`` names: ``t("roster.solved", lang, seconds=12)``.
"""

from __future__ import annotations

from typing import Any

LANGUAGES = ("zh", "en")
DEFAULT_LANGUAGE = "zh"

TEXT: dict[str, tuple[str, str]] = {
    # ------------------------------------------------------------------ shell
    "app.title": ("大促客服排班", "Campaign staffing planner"),
    "app.language": ("语言 Language", "Language 语言"),
    "app.data_source": ("数据来源", "Data source"),
    "app.source.sample": ("示例店铺", "Bundled sample shop"),
    "app.source.upload": ("上传我的文件", "Upload my files"),
    "app.upload.history": ("历史咨询数据 (CSV / XLSX / GBK)", "History (CSV / XLSX / GBK)"),
    "app.upload.calendar": ("大促日历 (可选)", "Campaign calendar (optional)"),
    "app.upload.config": ("排班配置 plan.toml (可选)", "Plan configuration plan.toml (optional)"),
    "app.upload.first": (
        "请上传历史咨询数据，或切换到示例店铺。",
        "Upload a history export to begin, or switch to the bundled sample.",
    ),
    "app.internal_error": ("内部错误", "internal error"),
    "app.all_problems": ("全部 {count} 个问题", "All {count} problems"),
    "nav.data": ("数据", "Data"),
    "nav.forecast": ("预测", "Forecast"),
    "nav.capacity": ("人力需求", "Capacity"),
    "nav.roster": ("排班", "Roster"),
    "nav.scenarios": ("情景对比", "Scenarios"),
    "nav.review": ("复盘", "Review"),
    "nav.plans": ("已保存方案", "Saved plans"),
    # ------------------------------------------------------------------ data page
    "data.quality": ("数据质量", "Data quality"),
    "data.rows": ("行数", "Rows"),
    "data.interval": ("时间粒度", "Interval"),
    "data.missing": ("缺失时段", "Missing intervals"),
    "data.duplicates": ("重复行", "Duplicate rows"),
    "data.outages": ("疑似断档", "Suspected outages"),
    "data.campaigns_in_history": ("历史中的大促", "Campaigns in the history"),
    "data.history": ("历史咨询量", "History by queue"),
    "data.show": ("显示", "Show"),
    "data.whole": ("全部历史 (按天汇总)", "Whole history (daily totals)"),
    "data.calendar": ("大促日历", "Campaign calendar"),
    "data.inquiries": ("咨询量", "Inquiries"),
    "data.queue": ("队列", "Queue"),
    "data.phase": ("阶段", "Phase"),
    # ------------------------------------------------------------------ forecast page
    "forecast.event": ("大促活动", "Event"),
    "forecast.custom": ("自定义日期", "Custom dates"),
    "forecast.start": ("开始", "Start"),
    "forecast.end": ("结束", "End"),
    "forecast.bad_range": (
        "结束日期 {end} 早于开始日期 {start}",
        "End {end} is before start {start}",
    ),
    "forecast.running": ("正在预测…", "Forecasting…"),
    "forecast.total": ("预测咨询总量", "Forecast inquiries"),
    "forecast.peak": ("峰值时段咨询量 (p50)", "Peak interval (p50)"),
    "forecast.adjusted_by": ("人工调整", "Adjusted by"),
    "forecast.last_year_event": (
        "去年实际: {event} 按阶段对齐",
        "last year: {event} aligned by phase",
    ),
    "forecast.last_year_weeks": ("去年实际: 52 周前", "last year: 52 weeks earlier"),
    "forecast.backtest": ("回测: {event}", "Backtest: {event}"),
    "forecast.run_backtest": ("运行回测 (约 1 分钟)", "Run the backtest (about a minute)"),
    "forecast.backtesting": ("回测中…", "Backtesting…"),
    "forecast.adjustments": ("人工调整", "Adjustments"),
    "forecast.factor": ("倍数", "Factor"),
    "forecast.day_total": ("全天总量", "Day total"),
    "forecast.note": ("备注", "Note"),
    "forecast.undo": ("撤销", "Undo"),
    "forecast.quick_add": ("快速添加: 某时段乘以倍数", "Quick add: scale a window by a factor"),
    "forecast.add": ("添加调整", "Add adjustment"),
    # ------------------------------------------------------------------ capacity page
    "capacity.aht": ("平均处理时长 AHT (秒)", "AHT (s)"),
    "capacity.concurrency": ("同时接待上限", "Max concurrency"),
    "capacity.slowdown": ("并发减速 (%/每多一个会话)", "Slowdown per extra chat (%)"),
    "capacity.patience": ("客户平均耐心 (秒)", "Patience (s)"),
    "capacity.target": ("服务水平目标 (%)", "Service level target (%)"),
    "capacity.within": ("响应时限 (秒)", "Answer within (s)"),
    "capacity.shrinkage": ("损耗率 (%)", "Shrinkage (%)"),
    "capacity.bot": ("机器人解决率 (%)", "Bot resolution (%)"),
    "capacity.uplift": ("转人工时长增加 (%)", "Bot AHT uplift (%)"),
    "capacity.quantile": ("按预测分位数排班", "Staff to forecast quantile"),
    "capacity.people": ("人数", "People"),
    "capacity.predicted_sl": ("预测服务水平", "Predicted service level"),
    "capacity.peak_agents": ("峰值在线客服", "Peak agents on chat"),
    "capacity.peak_headcount": ("峰值排班人数", "Peak headcount"),
    "capacity.agent_hours": ("在线客服工时", "Agent-hours"),
    "capacity.headcount_hours": ("排班工时 (含损耗)", "Headcount-hours"),
    "capacity.computed": (
        "{rows} 个时段计算用时 {seconds} 秒",
        "{rows} intervals computed in {seconds} s",
    ),
    # ------------------------------------------------------------------ roster page
    # ------------------------------------------------------------------ scenarios page
    # ------------------------------------------------------------------ review page
    # ------------------------------------------------------------------ saved plans page
}
"""key → (Chinese, English)."""


def t(key: str, lang: str = DEFAULT_LANGUAGE, **fields: Any) -> str:
    """The label ``key`` in ``lang`` (``zh`` or ``en``), formatted with ``fields``.

    Raises
    ------
    KeyError
        ``key`` is not in :data:`TEXT` (a missing translation is a bug, not a fallback).
    """
    zh, en = TEXT[key]
    text = en if lang == "en" else zh
    return text.format(**fields) if fields else text

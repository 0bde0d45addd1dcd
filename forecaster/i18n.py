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
    "app.sign_in": ("登录", "Sign in"),
    "app.sign_out": ("退出登录", "Sign out"),
    "app.signed_in": ("已登录: {user}", "Signed in as {user}"),
    "app.not_signed_in": (
        "未登录: 可以查看, 保存的方案没有保存人",
        "Not signed in: you can look around; plans you save have no owner",
    ),
    "app.source.sample": ("示例店铺", "Bundled sample shop"),
    "app.source.upload": ("上传我的文件", "Upload my files"),
    "upload.button": ("上传", "Upload"),
    "upload.limit": ("单个文件不超过 {mb} MB · {types}", "{mb}MB per file • {types}"),
    "app.upload.history": ("历史咨询数据 (CSV / XLSX / GBK)", "History (CSV / XLSX / GBK)"),
    "app.upload.calendar": ("大促日历 (可选)", "Campaign calendar (optional)"),
    "app.upload.config": ("排班配置 plan.toml (可选)", "Plan configuration plan.toml (optional)"),
    "app.upload.kept": (
        "已载入 {name} (上传另一个文件可替换)",
        "{name} is loaded (upload another file to replace it)",
    ),
    "app.upload.forget": ("移除 {name}", "Remove {name}"),
    "data.edited": ("{source}（已编辑）", "{source}(edited)"),
    "app.upload.first": (
        "请上传历史咨询数据，或切换到示例店铺。",
        "Upload a history export to begin, or switch to the bundled sample.",
    ),
    "app.internal_error": ("内部错误", "internal error"),
    "app.all_problems": ("全部 {count} 个问题", "All {count} problems"),
    "app.day": ("{month}月{day}日 {weekday}", "{weekday} {month}/{day}"),
    "app.upload.agents": ("团队名单 agents.csv (可选)", "Team list agents.csv (optional)"),
    "app.upload.agents.help": (
        "每行一名客服, 列: agent (工号), name (姓名), kind (全职/兼职/外包 或 FT/PT/OUT), "
        "queues (可选, 可接待的队列, 用 ; 分隔), unavailable (可选, 请假日期, 用 ; 分隔, "
        "如 2025-11-10;2025-11-11)。名单中的全职客服就是排班用的全职团队, 排班表的姓名取自这里",
        "One agent per row, columns: agent (ID), name, kind (FT/PT/OUT or 全职/兼职/外包), "
        "queues (optional, separated by ;), unavailable (optional leave days separated by ;, "
        "e.g. 2025-11-10;2025-11-11). Its full-time agents are the roster's FT team and the "
        "roster's names come from it",
    ),
    "nav.data": ("数据", "Data"),
    "nav.forecast": ("预测", "Forecast"),
    "nav.capacity": ("人力需求", "Capacity"),
    "nav.roster": ("排班", "Roster"),
    "nav.scenarios": ("情景对比", "Scenarios"),
    "nav.review": ("复盘", "Review"),
    "nav.plans": ("已保存方案", "Saved plans"),
    "nav.fleet": ("多店铺", "Many shops"),
    # ------------------------------------------------------------------ data page
    "data.quality": ("数据质量", "Data quality"),
    "data.rows": ("行数", "Rows"),
    "data.interval": ("时间粒度", "Interval"),
    "data.minutes": ("{minutes} 分钟", "{minutes} min"),
    "data.chart.daily": ("{source}: 每日咨询量", "{source}: inquiries per day"),
    "data.chart.window": (
        "{event}: 每 {minutes} 分钟咨询量",
        "{event}: inquiries per {minutes} minutes",
    ),
    "capacity.series": ("指标", "Series"),
    "capacity.series.agents": ("在线客服", "Agents on chat"),
    "capacity.series.headcount": ("排班人数 (含损耗)", "Headcount (with shrinkage)"),
    "quantile.mean": ("均值", "mean"),
    "quantile.p50": ("p50", "p50"),
    "quantile.p80": ("p80", "p80"),
    "quantile.p90": ("p90", "p90"),
    "quantile.p95": ("p95", "p95"),
    "data.missing": ("缺失时段", "Missing intervals"),
    "data.duplicates": ("重复行", "Duplicate rows"),
    "data.outages": ("疑似断档", "Suspected outages"),
    "data.campaigns_in_history": ("历史中的大促", "Campaigns in the history"),
    "data.history": ("历史咨询量", "History by queue"),
    "data.show": ("显示", "Show"),
    "data.whole": ("全部历史 (按天汇总)", "Whole history (daily totals)"),
    "data.calendar": ("大促日历", "Campaign calendar"),
    "data.heat_help": (
        "可选: 你对这次大促的预期, 即超出日常的咨询量是去年同一活动的几倍 (如 GMV 目标 +20% 填 1.2); "
        "填了之后按它预测, 并缩窄这次活动的区间; 每个活动填一个值即可",
        "Optional: how hot you expect this campaign to run, its extra inquiries over the "
        "ordinary level as a multiple of last year's same campaign's (a GMV target of +20 %: "
        "1.2); the forecast then follows it, with a narrower band; one value per campaign",
    ),
    "data.inquiries": ("咨询量", "Inquiries"),
    "data.queue": ("队列", "Queue"),
    "data.phase": ("阶段", "Phase"),
    # ------------------------------------------------------------------ forecast page
    "forecast.event": ("大促活动", "Event"),
    "forecast.custom": ("自定义日期", "Custom dates"),
    "forecast.view": ("查看方式", "View"),
    "forecast.view.daily": ("按天汇总", "Daily totals"),
    "forecast.view.interval": ("每个时段", "Every interval"),
    "forecast.view.help": (
        "按天汇总看整个大促的走势; 每个时段看一天内的高峰 (可用鼠标滚轮缩放、拖动)",
        "Daily totals show the whole campaign; every interval shows the peaks within a day "
        "(zoom with the mouse wheel, drag to pan)",
    ),
    "forecast.zoom": ("放大到某一天", "Zoom into a day"),
    "forecast.zoom.all": ("整个区间", "The whole horizon"),
    "forecast.zoom.help": (
        "选一天, 按时段查看它的预测和去年同期",
        "Pick a day to see its forecast and last year's, interval by interval",
    ),
    "forecast.chart.daily": (
        "{queue}: 每日预测咨询量 (柱: 均值; 竖线: 各时段 P10–P90 之和) · 灰点: {last}",
        "{queue}: daily forecast inquiries (bars: mean; rules: intervals' P10–P90 summed) · "
        "grey points: {last}",
    ),
    "forecast.chart.interval": (
        "{queue}: 每时段预测 (线: p50; 带: P10–P90) · 灰线: {last}",
        "{queue}: forecast per interval (line: p50; band: P10–P90) · grey: {last}",
    ),
    "forecast.daily_inquiries": ("每日咨询量", "Inquiries per day"),
    "forecast.tip.event": ("大促活动", "Event"),
    "forecast.tip.time": ("时段", "Interval"),
    "forecast.tip.day": ("日期", "Day"),
    "forecast.tip.mean": ("预测均值", "Forecast mean"),
    "forecast.tip.last": ("去年同期", "Last year"),
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
    "forecast.evidence": ("预测如何组合两个模型", "How the forecast weighs its two models"),
    "forecast.evidence_help": (
        "大促期间的预测 = 权重 × 大促提升模型 + (1 − 权重) × 去年同期对齐 (按阶段对齐, "
        "按大促前水平缩放)。权重由回测决定: 在上一次同系列大促开始前 7 天重新拟合两个模型, "
        "按小时 WAPE 评分, 取组合误差最小的权重。",
        "During a campaign the forecast is weight × the lift model + (1 − weight) × last "
        "year aligned (by phase, scaled to the pre-campaign level). A backtest picks the "
        "weight: both models are refitted 7 days before the family's last campaign, scored by "
        "hourly WAPE, and the weight with the smallest error of the mix is kept.",
    ),
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
    "forecast.event.help": (
        "选一个大促活动, 排班周期自动设为活动前 7 天到最后一个阶段后 5 天; "
        "或选「自定义日期」自己设定",
        "Pick a campaign: the horizon becomes 7 days before it to 5 days after its last "
        "phase; or choose Custom dates",
    ),
    "forecast.start.help": (
        "排班周期的第一天 (含)。周期越长, 预测和排班越慢",
        "First day of the horizon (included). Longer horizons forecast and roster slower",
    ),
    "forecast.end.help": ("排班周期的最后一天 (含)", "Last day of the horizon (included)"),
    "forecast.quick_queue.help": (
        "调整哪个队列的预测; all = 所有队列",
        "The queue whose forecast to scale; all = every queue",
    ),
    "forecast.quick_start.help": (
        "调整开始时刻, 格式 年-月-日 时:分, 如 2025-11-11 20:00 (含)",
        "Window start, YYYY-MM-DD HH:MM (included)",
    ),
    "forecast.quick_end.help": (
        "调整结束时刻, 格式 年-月-日 时:分, 如 2025-11-12 00:00 (不含)",
        "Window end, YYYY-MM-DD HH:MM (excluded)",
    ),
    "forecast.factor.help": (
        "把这段时间的预测乘以这个倍数, 如 1.2 = 增加 20%, 0.8 = 减少 20%; 范围 0.01–20",
        "Multiply the window's forecast by this, e.g. 1.2 = +20 %, 0.8 = −20 %; range 0.01–20",
    ),
    "forecast.note.help": (
        "调整原因, 如「直播加场」, 记入调整记录",
        "Why, e.g. 'extra live stream'; kept in the adjustment log",
    ),
    "forecast.daily": ("每日预测: {queue}", "Forecast per day: {queue}"),
    "forecast.daily.date": ("日期", "Day"),
    "forecast.daily.inquiries": ("咨询量 (均值)", "Inquiries (mean)"),
    "forecast.daily.peak_time": ("峰值时段", "Peak at"),
    "forecast.daily.peak_inquiries": ("峰值时段咨询量 (p50)", "Peak interval (p50)"),
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
    "capacity.aht.help": (
        "一个会话从接起到结束的平均时长, 按客服只接这一个会话计 (秒)。"
        "天猫售前常见 200–400 秒, 售后 300–600 秒; 范围 10–3600",
        "Average handle time of one chat when the agent holds only that one (s). "
        "Typical: pre-sales 200–400 s, after-sales 300–600 s; range 10–3600",
    ),
    "capacity.concurrency.help": (
        "一名客服同时最多接待几个会话 (千牛的同时接待上限)。常见 3–5 个; 范围 1–10",
        "Chats one agent holds at once (Qianniu's concurrency limit). Typical 3–5; range 1–10",
    ),
    "capacity.slowdown.help": (
        "每多接一个会话, 每个会话的处理时长增加多少 (%)。例: 10% 且同时接 3 个, "
        "每个会话时长 ×1.2; 范围 0–100",
        "How much longer every chat takes per extra concurrent chat (%). E.g. 10 % at 3 chats: "
        "each chat takes ×1.2; range 0–100",
    ),
    "capacity.patience.help": (
        "客户排队时平均等多久会离开 (秒), 只用于 Erlang A 模型; 范围 5–3600",
        "Mean wait before a queued customer leaves (s), Erlang A only; range 5–3600",
    ),
    "capacity.target.help": (
        "在响应时限内接起的会话占比目标 (%), 如 80% 在 30 秒内应答; 范围 1–99",
        "Target share of chats answered within the answer time (%), e.g. 80 % in 30 s; range 1–99",
    ),
    "capacity.within.help": (
        "服务水平考核的首次响应时限 (秒), 如首次 30 秒应答; 范围 5–600",
        "First-response time the service level is measured against (s), e.g. 30 s; range 5–600",
    ),
    "capacity.shrinkage.help": (
        "已排班但不在线接待的时间占比 (%): 休息、培训、开会、请假。"
        "排班人数 = 在线客服 ÷ (1 − 损耗率), 向上取整 (平均在线人数已达标时少 1 人)。常见 25–35%; 范围 0–95",
        "Paid time not on chat (%): breaks, training, meetings, absence. "
        "Headcount = agents ÷ (1 − shrinkage), rounded up (one fewer where those on chat on "
        "average meet the targets). Typical 25–35 %; range 0–95",
    ),
    "capacity.bot.help": (
        "机器人 (如店小蜜) 独立解决、不转人工的咨询占比 (%); 范围 0–95",
        "Share of inquiries the chat bot resolves without a human (%); range 0–95",
    ),
    "capacity.uplift.help": (
        "机器人接走简单问题后, 转人工的会话更难, 处理时长增加的比例 (%); 范围 0–200。"
        "增加后的人工总工作量不会超过没有机器人时",
        "Extra handle time of the harder chats left to humans after the bot (%); range 0–200. "
        "Never more human work than without a bot",
    ),
    "capacity.quantile.help": (
        "按哪条预测线排班: 均值, p50 中位数; p80/p90/p95 更稳妥, "
        "实际咨询量超过它的概率约为 20%/10%/5%",
        "Forecast line to staff to: mean, p50 median; p80/p90/p95 are safer: actual inquiries "
        "exceed them with about 20 %/10 %/5 % chance",
    ),
    "capacity.limits": ("服务时间与约束", "Service hours and limits"),
    "capacity.open": ("人工服务开始", "Human service opens"),
    "capacity.open.help": (
        "人工客服开始接待的时刻。服务时间外只有机器人接待, 不排人",
        "When human agents start answering. Outside service hours only the bot answers and "
        "nobody is staffed",
    ),
    "capacity.close": ("人工服务结束", "Human service closes"),
    "capacity.close.help": (
        "人工客服停止接待的时刻。24:00 = 到午夜; 早于开始时刻表示跨午夜 (如 20:00 至次日 02:00)",
        "When human agents stop. 24:00 = midnight; earlier than the opening time crosses "
        "midnight (e.g. 20:00 to 02:00 next day)",
    ),
    "capacity.min_agents": ("最少在线客服 (人)", "Minimum agents"),
    "capacity.min_agents.help": (
        "服务时间内每个时段至少在线的客服人数, 咨询再少也不低于它 (人); 范围 0–10000",
        "Fewest agents on chat in every interval inside service hours, however quiet (agents); "
        "range 0–10000",
    ),
    "capacity.occupancy": ("占用率上限 (%)", "Occupancy cap (%)"),
    "capacity.occupancy.help": (
        "客服忙碌程度的上限 (%): 正在接待的会话 ÷ (在线客服 × 同时接待上限)。"
        "长期高于 85% 左右客服容易疲劳; 范围 10–100",
        "Cap on how busy agents are (%): chats in service ÷ (agents × max concurrency). "
        "Above about 85 % for long, agents burn out; range 10–100",
    ),
    "capacity.abandon_on": ("限制放弃率", "Cap abandonment"),
    "capacity.abandon_on.help": (
        "打开后, 还要求排队时离开的客户不超过右侧比例 (仅 Erlang A 模型)。"
        "默认关闭: 只按服务水平和占用率排班",
        "When on, also keep the share of customers who leave while queued at most the value "
        "on the right (Erlang A only). Off by default: staff to the service level and "
        "occupancy cap only",
    ),
    "capacity.abandon": ("放弃率上限 (%)", "Abandonment cap (%)"),
    "capacity.abandon.help": (
        "排队中未被接起就离开的客户占比上限 (%); 范围 0.1–100",
        "Most customers who leave before an answer (%); range 0.1–100",
    ),
    "capacity.phase_hours": (
        "大促阶段另外开放: {hours} (配置文件中设置)",
        "Also open on campaign phases: {hours} (set in the configuration file)",
    ),
    "capacity.phase_hours.item": ("{phase}当天 {start}–{end}", "{phase} {start}–{end}"),
    "capacity.phase.presale": ("预售期", "presale"),
    "capacity.phase.wave": ("开售", "sales wave"),
    "capacity.phase.final_payment": ("付尾款", "final payment"),
    "capacity.phase.peak_day": ("大促正日", "peak day"),
    "capacity.phase.after_sales": ("售后期", "after-sales"),
    "capacity.outside": (
        "{queue}: 有 {count} 个转人工咨询落在服务时间外 (占 {share}, 涉及 {days} 天), "
        "只有机器人接待; 最多的时段是 {worst} ({worst_count} 个)。"
        "如需人工接待, 请在上方调整{queue}的人工服务时间",
        "{queue}: {count} human inquiries fall outside service hours ({share}, on {days} "
        "day(s)) and get the bot only; the most at {worst} ({worst_count}). To staff them, "
        "widen {queue}'s service hours above",
    ),
    "capacity.explain": ("这个人数是怎么算出来的", "How a figure is computed"),
    "capacity.explain.caption": (
        "选一个时段, 查看从预测咨询量到排班人数的每一步 (默认: {queue}在线客服最多的时段)",
        "Pick an interval to see each step from forecast inquiries to headcount (default: "
        "{queue}'s busiest interval)",
    ),
    "capacity.explain.day": ("日期", "Day"),
    "capacity.explain.day.help": (
        "要解读的日期 (排班周期内); 默认为在线客服最多的那一天",
        "The day to explain (inside the horizon); default the day with the most agents",
    ),
    "capacity.explain.time": ("时段开始", "Interval start"),
    "capacity.explain.time.help": (
        "要解读的时段的开始时刻 (24 小时制); 默认为在线客服最多的时段",
        "Start of the interval to explain (24-hour clock); default the busiest interval",
    ),
    "capacity.explain.peak": ("回到峰值时段", "Back to the peak"),
    "capacity.explain.missing": (
        "{queue} 在 {when} 没有预测时段",
        "{queue} has no forecast interval at {when}",
    ),
    "capacity.explain.closed": (
        "{when} 在{queue}的人工服务时间外: 只有机器人接待, 不排客服; "
        "其中 {human} 个需要人工的咨询没有人接",
        "{when} is outside {queue}'s service hours: only the bot answers and nobody is staffed; "
        "{human} inquiries that need a human get none",
    ),
    "capacity.explain.col.step": ("步骤", "Step"),
    "capacity.explain.col.value": ("数值", "Value"),
    "capacity.explain.col.how": ("怎么算", "How"),
    "capacity.explain.inquiries": ("预测咨询量", "Forecast inquiries"),
    "capacity.explain.bot_resolved": ("机器人解决", "Resolved by the bot"),
    "capacity.explain.human_inquiries": ("转人工咨询", "Human chats"),
    "capacity.explain.human_aht": ("人工会话时长", "Human chat AHT"),
    "capacity.explain.chat_seconds": ("并发下会话时长", "Chat time at concurrency"),
    "capacity.explain.offered_load": ("话务量 (Erl)", "Offered load (Erl)"),
    "capacity.explain.full_occupancy_agents": ("满负荷所需客服", "Agents at full load"),
    "capacity.explain.need_service_level": ("服务水平目标需要", "Service level needs"),
    "capacity.explain.need_occupancy": ("占用率上限需要", "Occupancy cap needs"),
    "capacity.explain.need_abandonment": ("放弃率上限需要", "Abandonment cap needs"),
    "capacity.explain.need_min_agents": ("最少在线客服", "Minimum agents"),
    "capacity.explain.agents": ("在线客服", "Agents on chat"),
    "capacity.explain.headcount": ("排班人数", "Headcount"),
    "capacity.how.inquiries": (
        "{minutes} 分钟内的预测咨询量 (按 {quantile} 预测线)",
        "Inquiries forecast for the {minutes} minutes ({quantile} line)",
    ),
    "capacity.how.bot_resolved": (
        "{inquiries} × 机器人解决率 {bot}",
        "{inquiries} × bot resolution {bot}",
    ),
    "capacity.how.human_inquiries": (
        "{inquiries} − {bot_resolved}",
        "{inquiries} − {bot_resolved}",
    ),
    "capacity.how.human_aht": (
        "AHT {aht} 秒 × (1 + 转人工时长增加 {uplift})",
        "AHT {aht} s × (1 + bot AHT uplift {uplift})",
    ),
    "capacity.how.chat_seconds": (
        "{aht} 秒 × (1 + {slowdown} × ({k} − 1)): 同时接待 {k} 个时每个会话的时长",
        "{aht} s × (1 + {slowdown} × ({k} − 1)): each chat's duration while holding {k}",
    ),
    "capacity.how.offered_load": (
        "{human} ÷ {seconds} 秒 × {aht} 秒 = 平均同时进行的会话数 (单独接待计)",
        "{human} ÷ {seconds} s × {aht} s = chats in progress on average (one at a time)",
    ),
    "capacity.how.carried": (
        "{own} + 之前时段尚未结束的会话 {carried}",
        "{own} + chats still open from earlier intervals {carried}",
    ),
    "capacity.how.full_occupancy_agents": (
        "{human} ÷ {seconds} 秒 × {chat} 秒 ÷ {k}: 每人始终接满 {k} 个会话时的人数, 不能更少",
        "{human} ÷ {seconds} s × {chat} s ÷ {k}: agents all holding {k} chats all the time; "
        "never fewer",
    ),
    "capacity.how.need_service_level": (
        "{model}: {target} 的会话在 {within} 秒内接起",
        "{model}: {target} of chats answered within {within} s",
    ),
    "capacity.how.patience": ("客户平均耐心 {patience} 秒", "mean patience {patience} s"),
    "capacity.how.need_occupancy": ("占用率不超过 {cap}", "occupancy at most {cap}"),
    "capacity.how.need_abandonment": ("放弃率不超过 {cap}", "at most {cap} abandon"),
    "capacity.how.no_abandon_cap": ("未设置放弃率上限", "no abandonment cap set"),
    "capacity.how.need_min_agents": ("服务时间内至少 {count} 人", "at least {count} while open"),
    "capacity.how.agents": (
        "取以上最大值, 由「{binding}」决定",
        "the largest of the above, decided by: {binding}",
    ),
    "capacity.how.headcount": (
        "{agents} ÷ (1 − 损耗率 {shrinkage}), 向上取整",
        "{agents} ÷ (1 − shrinkage {shrinkage}), rounded up",
    ),
    "capacity.how.headcount_fewer": (
        "{agents} ÷ (1 − 损耗率 {shrinkage}) 向上取整再减 1: {headcount} 人平均有 {on_chat} 人在线, "
        "已满足服务水平、放弃率和占用率目标",
        "{agents} ÷ (1 − shrinkage {shrinkage}) rounded up, less 1: {headcount} present are "
        "{on_chat} on chat on average, which meets the service level, abandonment and "
        "occupancy targets",
    ),
    "capacity.how.closed": ("服务时间外, 不排客服", "outside service hours: none staffed"),
    "capacity.model.erlang_a": ("Erlang A 模型 (考虑客户放弃)", "Erlang A (customers abandon)"),
    "capacity.model.erlang_c": ("Erlang C 模型 (客户不放弃)", "Erlang C (nobody abandons)"),
    "capacity.binding.service_level": ("服务水平目标", "the service level target"),
    "capacity.binding.occupancy": ("占用率上限", "the occupancy cap"),
    "capacity.binding.abandonment": ("放弃率上限", "the abandonment cap"),
    "capacity.binding.min_agents": ("最少在线客服", "the minimum agents"),
    "capacity.binding.none": ("无咨询", "no inquiries"),
    "capacity.binding.closed": ("服务时间外", "outside service hours"),
    "capacity.unit.seconds": ("{value} 秒", "{value} s"),
    "capacity.unit.agents": ("{value} 人", "{value}"),
    "capacity.unit.people": ("{value} 人", "{value}"),
    "capacity.predicted": (
        "在 {agents} 名在线客服下预测: 服务水平 {sl}, 平均等待 {asa} 秒, 放弃率 {abandon}, "
        "占用率 {occupancy}",
        "Predicted with {agents} agents: service level {sl}, mean wait {asa} s, abandonment "
        "{abandon}, occupancy {occupancy}",
    ),
    "capacity.daily": ("每日人力需求: {queue}", "Requirements per day: {queue}"),
    "capacity.daily.date": ("日期", "Day"),
    "capacity.daily.inquiries": ("咨询量", "Inquiries"),
    "capacity.daily.human_inquiries": ("转人工咨询", "Human chats"),
    "capacity.daily.inquiries_at": (
        "咨询量 (按 {quantile} 预测)",
        "Inquiries ({quantile} forecast)",
    ),
    "capacity.daily.human_inquiries_at": (
        "转人工咨询 (按 {quantile} 预测)",
        "Human chats ({quantile} forecast)",
    ),
    "capacity.daily.peak_agents": ("峰值在线客服", "Peak agents"),
    "capacity.daily.peak_time": ("峰值时段", "Peak at"),
    "capacity.daily.agent_hours": ("在线客服工时", "Agent-hours"),
    "capacity.daily.peak_headcount": ("峰值排班人数", "Peak headcount"),
    "capacity.daily.headcount_hours": ("排班工时 (含损耗)", "Headcount-hours"),
    "capacity.daily.closed_human_inquiries": ("服务时间外转人工", "Human chats after hours"),
    # ------------------------------------------------------------------ roster page
    "roster.horizon": (
        "排班周期 {start} 至 {end} ({days} 天, 在「预测」页设置); 人工调整 {adjustments} 条",
        "Horizon {start} to {end} ({days} days, set on the Forecast page); "
        "{adjustments} forecast adjustment(s)",
    ),
    "roster.settings": ("班次模板与用工规则", "Shift templates and labour rules"),
    "roster.templates": ("班次模板", "Shift templates"),
    "roster.templates_help": (
        "每行一个班次模板。开始时间二选一: 开始窗口 (如 07:00-10:00) 加步长, 或开始时刻"
        " (如 08:00, 14:00)。休息开始: 上班后第几小时 (如 3-5)。队列留空 = 全部队列。"
        "适用日期: 每天、大促日 或星期 (如 周六、周日; 配置文件里的 'all'、'campaign'、"
        "'sat, sun' 也可以)。",
        "One template per row. Give either a start window (e.g. 07:00-10:00) with a step, or "
        "start times (e.g. 08:00, 14:00). Break starts: hours after the shift start (e.g. 3-5). "
        "No queues = every queue. Days: all, campaign (campaign days only) or weekdays "
        "(e.g. sat, sun).",
    ),
    "roster.labour": ("用工规则", "Labour rules"),
    "roster.edited": (
        "班次模板或用工规则已修改, 对所有页面生效",
        "Shift templates or labour rules edited; every page uses them",
    ),
    "roster.reset": ("恢复配置文件中的设置", "Restore the file's settings"),
    "roster.shift.name": ("班次名称", "Name"),
    "roster.shift.code": ("代码", "Code"),
    "roster.shift.kind": ("类型", "Kind"),
    "roster.shift.start_window": ("开始窗口", "Start window"),
    "roster.shift.start_step_minutes": ("步长 (分钟)", "Step (min)"),
    "roster.shift.start_times": ("开始时刻", "Start times"),
    "roster.shift.length_hours": ("时长 (小时)", "Length (h)"),
    "roster.shift.paid_hours": ("付薪工时 (小时)", "Paid (h)"),
    "roster.shift.break_minutes": ("休息 (分钟)", "Break (min)"),
    "roster.shift.break_window_hours": ("休息开始 (上班后小时)", "Break starts (h in)"),
    "roster.shift.cost_per_hour": ("时薪 (元)", "Cost per hour (CNY)"),
    "roster.shift.min_booking_days": ("外包最短预订天数", "OUT min booking (days)"),
    "roster.shift.queues": ("队列", "Queues"),
    "roster.shift.days": ("适用日期", "Days"),
    "roster.labour.ft_agents": ("全职人数", "Full-time agents"),
    "app.holidays": ("节假日日历", "Holiday calendar"),
    "app.holidays.config": ("按配置文件 plan.toml", "From plan.toml"),
    "app.holidays.CN": ("中国 (CN, 含调休上班日)", "China (CN, with make-up working days)"),
    "app.holidays.none": ("无节假日", "No holidays"),
    "app.holidays.other": ("其他国家或地区代码", "Another country code"),
    "app.holidays.help": (
        "预测按哪里的法定节假日区分节假日与平日 (加班费也按它算)。中国 (默认): 法定节假日和调休上班日; "
        "无: 只分工作日和周末; 其他: 输入国家代码, 如 GB (英国)、US (美国)、US-NY (纽约州)",
        "Whose public holidays the forecast tells from ordinary days (overtime pay follows "
        "them too). China (default): statutory holidays and make-up working days; none: "
        "weekdays and weekends only; another: type a country code such as GB, US or US-NY",
    ),
    "app.holidays.code": ("国家或地区代码", "Country code"),
    "app.holidays.code.help": (
        "'holidays' 包的代码, 如 GB、US、DE, 州或地区写作 US-NY",
        "A code of the holidays package, e.g. GB, US, DE; a state or region as US-NY",
    ),
    "app.interval": ("规划粒度", "Planning interval"),
    "app.interval.auto": ("自动 (按配置与数据)", "Automatic (config and data)"),
    "app.interval.unit": ("分钟", "min"),
    "app.interval.help": (
        "预测、人力需求和排班的时间粒度。自动：取配置的粒度，数据更粗时按数据 (如按小时导出的千牛数据)",
        "The grid of forecast, requirements and roster. Automatic: the configuration's, or "
        "the data's when it is coarser (an hourly export)",
    ),
    "app.interval.too_fine": (
        "规划粒度 {chosen} 分钟比数据的 {data} 分钟更细：请选 {data} 分钟的整数倍或“自动”",
        "a {chosen}-minute planning interval is finer than the data's {data} minutes: "
        "choose a multiple of {data} minutes or Automatic",
    ),
    "roster.labour.auto": ("自动定编", "Size automatically"),
    "roster.labour.auto_help": (
        "由排班模型在上下限之间选择人数：比较月薪与少用兼职、外包和缺口的节省",
        "The roster chooses the size between the bounds, weighing the monthly cost against "
        "the part-time, outsourced and shortfall cost it saves",
    ),
    "roster.labour.ft_agents_min": ("全职人数下限", "Full-time agents, min"),
    "roster.labour.ft_agents_max": ("全职人数上限", "Full-time agents, max"),
    "roster.labour.ft_monthly_salary": ("全职月薪 (元, 含社保)", "FT monthly cost (CNY)"),
    "roster.labour.pt_pool_min": ("兼职人数下限", "Part-timers, min"),
    "roster.labour.pt_pool_max": ("兼职人数上限", "Part-timers, max"),
    "roster.labour.pt_monthly_cost": ("每名兼职月固定成本 (元)", "PT fixed cost per month (CNY)"),
    "roster.labour.ft_days_off_per_week": ("全职每周休息天数", "FT days off per week"),
    "roster.labour.ft_max_consecutive_days": ("全职最多连续上班天数", "FT max days in a row"),
    "roster.labour.pt_pool": ("可约兼职人数", "Part-timers available"),
    "roster.labour.pt_max_hours_per_day": ("兼职每天最多工时 (小时)", "PT max hours per day"),
    "roster.labour.pt_max_hours_per_week": ("兼职每周最多工时 (小时)", "PT max hours per week"),
    "roster.labour.pt_max_consecutive_days": ("兼职最多连续上班天数", "PT max days in a row"),
    "roster.labour.pt_max_share": ("兼职工时占比上限 (%)", "PT share of paid hours, max (%)"),
    "roster.labour.out_min_booking_days": ("外包最短预订天数", "OUT min booking (days)"),
    "roster.labour.out_premium": ("外包溢价 (%)", "OUT premium (%)"),
    "roster.labour.out_billing": ("外包计费方式", "OUT billing"),
    "roster.labour.out_billing.hourly": ("按工时", "Hourly"),
    "roster.labour.out_billing.commission": ("底薪+提成", "Base + commission"),
    "roster.labour.out_base_per_hour": ("外包底薪 (元/小时)", "OUT base pay (CNY/h)"),
    "roster.labour.out_commission_per_inquiry": (
        "外包提成 (元/咨询)",
        "OUT commission (CNY/inquiry)",
    ),
    "roster.labour.min_rest_hours": ("两班之间最少休息 (小时)", "Min rest between shifts (h)"),
    "roster.labour.ft_crew_size": ("全职班组人数", "FT crew size"),
    "roster.labour.no_days_off_phases": ("冻结休假阶段", "All-hands phases"),
    "roster.labour.all_hands_lead_days": ("冻结休假提前天数", "All-hands days before"),
    "roster.labour.max_share_off_on_campaign_days": (
        "大促日全职休息占比上限 (%)",
        "FT off on campaign days, max (%)",
    ),
    "roster.labour.out_productivity": ("外包效率 (%)", "OUT productivity (%)"),
    "roster.labour.ft_overtime_max_hours_per_day": (
        "每天最多加班 (小时)",
        "Overtime per day, max (h)",
    ),
    "roster.labour.ft_overtime_max_hours_per_month": (
        "每月最多加班 (小时)",
        "Overtime per month, max (h)",
    ),
    "roster.labour.ft_overtime_days": ("加班日", "Overtime days"),
    "roster.labour.ft_overtime_days.all": ("每天", "Every day"),
    "roster.labour.ft_overtime_days.campaign": ("大促日", "Campaign days"),
    "roster.labour.overtime_premium_workday": ("工作日加班倍数", "Overtime pay, workday (x)"),
    "roster.labour.overtime_premium_rest_day": ("休息日加班倍数", "Overtime pay, rest day (x)"),
    "roster.labour.overtime_premium_holiday": ("法定节假日加班倍数", "Overtime pay, holiday (x)"),
    "roster.time_limit": ("求解时限 (秒)", "Time limit (s)"),
    "roster.solve": ("求解排班", "Solve roster"),
    "roster.forecasting": ("正在预测咨询量…", "Forecasting inquiries…"),
    "roster.solving": ("正在排班 (求解时限 {seconds} 秒)…", "Solving (time limit {seconds} s)…"),
    "roster.solved": ("排班完成, 用时 {seconds} 秒", "Roster solved in {seconds} s"),
    "roster.failed": ("排班失败", "Roster failed"),
    "roster.no_plan": (
        "设置好班次模板和用工规则后, 点击「求解排班」。",
        "Set the shift templates and labour rules, then press Solve roster.",
    ),
    "report.sl_target": ("{sl} (目标 {target})", "{sl} (target {target})"),
    "forecast.cutoff": (
        "预测只用 {start} 之前的历史 (数据截至 {day}), 和提前做计划时一样; 改动开始日期会改变训练用的数据, 同一天的预测也会随之变化。",
        "The forecast uses the history before {start} only (data up to {day}), as a plan made "
        "ahead would; moving the start changes the data it learns from, so the same day's "
        "forecast can change too.",
    ),
    "roster.why": (
        "缺口与富余的原因 ({n} 段, 按人时从大到小)",
        "Why the roster is short or idle ({n} blocks, largest first)",
    ),
    "roster.why.shortfall": ("缺口", "Short"),
    "roster.why.idle": ("富余", "Idle"),
    "roster.why.all": ("全部队列", "All queues"),
    "roster.why.col.kind": ("类型", "Kind"),
    "roster.why.col.queue": ("队列", "Queue"),
    "roster.why.col.start": ("开始", "Start"),
    "roster.why.col.end": ("结束", "End"),
    "roster.why.col.headcount_hours": ("人时", "Headcount-hours"),
    "roster.why.col.rule": ("原因规则", "Rule"),
    "roster.why.col.reason": ("说明", "Reason"),
    "roster.save_stale": (
        "输入已改变: 请先重新求解, 再保存方案。",
        "The inputs have changed: solve again before saving the plan.",
    ),
    "scenarios.stale": (
        "输入已改变: 下面是之前的情景对比结果, 已过期, 请重新运行。",
        "The inputs have changed: the comparison below is out of date; run it again.",
    ),
    "roster.stale": (
        "输入已改变: 下面是之前的排班结果, 已过期, 请重新求解。",
        "The inputs have changed: the roster below is out of date; solve again.",
    ),
    "roster.cost": ("人力成本 (元)", "Labour cost (CNY)"),
    "roster.paid_hours": ("付薪工时", "Paid hours"),
    "roster.shortfall": ("缺口人时", "Shortfall agent-hours"),
    "roster.sim_sl": ("仿真服务水平", "Simulated service level"),
    "roster.status": ("求解状态", "Solver status"),
    "roster.status.optimal": ("最优", "optimal"),
    "roster.status.time_limit": ("可行 (未证明最优)", "feasible (time limit)"),
    "roster.gap": ("间隙 {gap}", "gap {gap}"),
    "roster.headcount.ft": ("全职人数", "Full-time (FT)"),
    "roster.headcount.pt": ("兼职人数", "Part-time (PT)"),
    "roster.headcount.out": ("外包人数", "Outsourced (OUT)"),
    "roster.headcount.out.help": (
        "整个周期内不同的外包人员数 (每次预订一人); 向外包公司下单请看「外包席位 (最忙一天)」和 "
        "roster.xlsx 的外包需求单",
        "Distinct outsourced people over the horizon (one per booking); to order from the "
        "agency see the outsourced seats on the busiest day and the outsourcing order in roster.xlsx",
    ),
    "roster.out_peak": ("外包席位 (最忙一天)", "Outsourced seats, busiest day"),
    "roster.out_peak.help": (
        "最忙一天上班的外包人数, 各班次相加 (外包公司一天最多要派的人数); 与「峰值在线客服」"
        "不同, 后者是同一时段在线的人数",
        "Outsourced people working on the busiest day, all its shifts together (the most the "
        "agency sends in a day); not the peak agents on chat, who are those online in one "
        "interval",
    ),
    "roster.peak_agents": ("峰值在线客服", "Peak agents on chat"),
    "roster.coverage": ("需求与排班 (在岗人数)", "Required vs scheduled (people present)"),
    "roster.required": ("需求", "Required"),
    "roster.scheduled": ("已排班", "Scheduled"),
    "roster.short": ("缺口", "Shortfall"),
    "roster.people": ("人数", "People"),
    "roster.shifts": ("班次表", "Shift table"),
    "roster.file.shifts": ("班次表", "Shifts"),
    "roster.file.coverage": ("覆盖情况", "Coverage"),
    "roster.file.assignments": ("排班明细", "Assignments"),
    "roster.file.roster": ("排班表", "Roster grid"),
    "roster.file.summary": ("汇总", "Summary"),
    "roster.grid": ("排班表", "Roster grid"),
    "roster.weekdays": ("周一,周二,周三,周四,周五,周六,周日", "Mon,Tue,Wed,Thu,Fri,Sat,Sun"),
    "roster.col.date": ("日期", "Date"),
    "roster.col.queue": ("队列", "Queue"),
    "roster.col.shift": ("班次", "Shift"),
    "roster.col.code": ("代码", "Code"),
    "roster.col.kind": ("类型", "Kind"),
    "roster.col.start": ("开始", "Start"),
    "roster.col.end": ("结束", "End"),
    "roster.col.break_start": ("休息开始", "Break start"),
    "roster.col.break_end": ("休息结束", "Break end"),
    "roster.col.agents": ("人数", "Agents"),
    "roster.col.cost": ("成本 (元)", "Cost (CNY)"),
    "roster.col.agent": ("工号", "Agent"),
    "roster.col.name": ("姓名", "Name"),
    "roster.downloads": ("下载", "Downloads"),
    "roster.xlsx_language": ("Excel 表头语言", "Excel headers"),
    "roster.lang.zh": ("中文", "Chinese"),
    "roster.lang.en": ("英文", "English"),
    "roster.save": ("保存方案", "Save this plan"),
    "roster.plan_name": ("方案名称", "Plan name"),
    "roster.plan_note": ("备注", "Note"),
    "roster.save_button": ("保存", "Save"),
    "roster.saved": ("已保存为方案 #{id}", "Saved as plan #{id}"),
    "roster.help.ft_agents": (
        "全职团队人数 (人); 关闭「自动定编」时按这个人数排班。上传了团队名单时, 全职团队即名单中的全职客服",
        "Full-time team size (agents), used when Size automatically is off. With a team list "
        "uploaded, the FT team is the list's full-time agents",
    ),
    "roster.help.ft_agents_min": (
        "自动定编时全职团队的最少人数 (人); 留空 = 0",
        "Automatic sizing: the smallest FT team (agents); empty = 0",
    ),
    "roster.help.ft_agents_max": (
        "自动定编时全职团队的最多人数 (人), 自动定编必须设置",
        "Automatic sizing: the largest FT team (agents); needed for automatic sizing",
    ),
    "roster.help.ft_monthly_salary": (
        "一名全职客服每月的全部成本, 含社保公积金 (元/月), 用于定编; "
        "留空 = 全职班次时薪 × 工时 × 21.75 天",
        "What one FT agent costs per month, fully loaded (CNY/month), for sizing; empty = the "
        "FT shifts' hourly cost × paid hours × 21.75 days",
    ),
    "roster.help.ft_days_off_per_week": (
        "每名全职客服每周休息几天 (天); 范围 0–6",
        "Days off per FT agent per week (days); range 0–6",
    ),
    "roster.help.ft_max_consecutive_days": (
        "全职客服最多连续上班几天 (天); 范围 1–14",
        "Most working days in a row for an FT agent (days); range 1–14",
    ),
    "roster.help.pt_pool": (
        "可以预约的兼职人数 (人); 关闭「自动定编」时使用",
        "Part-timers available to book (agents), used when Size automatically is off",
    ),
    "roster.help.pt_pool_min": (
        "自动定编时兼职的最少人数 (人); 留空 = 0",
        "Automatic sizing: the smallest part-time pool (agents); empty = 0",
    ),
    "roster.help.pt_pool_max": (
        "自动定编时兼职的最多人数 (人), 自动定编必须设置",
        "Automatic sizing: the largest part-time pool (agents); needed for automatic sizing",
    ),
    "roster.help.pt_monthly_cost": (
        "每名兼职每月的固定成本 (元/月): 招聘、培训、中介费; 工时另按班次计费",
        "Fixed cost of one part-timer per month (CNY/month): recruiting, training, agency; "
        "hours are paid per shift",
    ),
    "roster.help.pt_max_hours_per_day": (
        "每名兼职每天最多付薪工时 (小时); 范围 0–24",
        "Most paid hours per part-timer per day (h); range 0–24",
    ),
    "roster.help.pt_max_hours_per_week": (
        "每名兼职每周最多付薪工时 (小时); 范围 0–168",
        "Most paid hours per part-timer per week (h); range 0–168",
    ),
    "roster.help.pt_max_consecutive_days": (
        "兼职最多连续上班几天 (天); 6 = 每 7 天至少休 1 天 (劳动法第三十八条); 范围 1–14",
        "Most working days in a row for a part-timer (days); 6 = a day off in every 7 "
        "(Labour Law art. 38); range 1–14",
    ),
    "roster.help.pt_max_share": (
        "兼职工时占全部付薪工时的上限 (%); 100 = 不限制; 范围 0–100",
        "Largest share of all paid hours worked by part-timers (%); 100 = no cap; range 0–100",
    ),
    "roster.help.out_min_booking_days": (
        "外包客服每次至少预订几天 (天); 至少 1",
        "Shortest booking of an outsourced agent (days); at least 1",
    ),
    "roster.help.out_premium": (
        "外包在外包班次时薪之上的溢价 (%), 如 20 = 时薪 × 1.2",
        "Premium over an OUT shift's hourly cost (%), e.g. 20 = cost × 1.2",
    ),
    "roster.help.out_billing": (
        "外包公司的结算方式: 按工时, 或底薪+提成 (按接待的咨询)。排班本身始终按工时计算成本",
        "How the agency bills: hourly, or base + commission per handled inquiry. The roster "
        "itself is always priced hourly",
    ),
    "roster.help.out_base_per_hour": (
        "底薪+提成结算时, 外包每付薪小时的底薪 (元/小时)",
        "Base + commission billing: base pay per paid outsourced hour (CNY/h)",
    ),
    "roster.help.out_commission_per_inquiry": (
        "底薪+提成结算时, 外包每接待一个咨询的提成 (元/咨询)",
        "Base + commission billing: commission per inquiry handled (CNY/inquiry)",
    ),
    "roster.help.min_rest_hours": (
        "同一客服两个班次之间至少休息多久 (小时); 范围 0–24",
        "Least rest between two shifts of one agent (h); range 0–24",
    ),
    "roster.help.ft_crew_size": (
        "同休班组的人数 (人): 同组全职一起休息; 留空 = 自动",
        "FT agents per crew sharing days off (agents); empty = automatic",
    ),
    "roster.help.no_days_off_phases": (
        "这些大促阶段全员上班, 全职不安排休息 (在配置文件中设置)",
        "Campaign phases on which every FT agent works (set in the configuration file)",
    ),
    "roster.help.all_hands_lead_days": (
        "冻结休假阶段之前再提前几天全员上班 (天), 如 11.11 前一晚 20:00 开售; 范围 0–7",
        "Also all-hands this many days before each all-hands day (days), e.g. the 20:00 "
        "opening the evening before 11-11; range 0–7",
    ),
    "roster.help.max_share_off_on_campaign_days": (
        "大促日最多有多少比例的全职休息 (%); 留空 = 不限制",
        "On campaign days, at most this share of the FT team is off (%); empty = no cap",
    ),
    "roster.help.out_productivity": (
        "外包客服相对熟练自有客服的效率 (%): 并发更低、会话更长; 范围 1–100",
        "Work an outsourced agent covers relative to a trained in-house one (%); range 1–100",
    ),
    "roster.help.ft_overtime_max_hours_per_day": (
        "全职在加班日每天最多加班几小时 (小时), 法定上限 3 小时; 0 = 不加班; 范围 0–4",
        "Most overtime per FT agent per day on overtime days (h), statutory cap 3 h; "
        "0 = none; range 0–4",
    ),
    "roster.help.ft_overtime_max_hours_per_month": (
        "每名全职每月最多加班 (小时), 法定 36 小时; 范围 0–200",
        "Most overtime per FT agent per month (h), statutory 36 h; range 0–200",
    ),
    "roster.help.ft_overtime_days": (
        "哪些日子可以加班: 每天或仅大促日",
        "Days overtime may be worked: every day or campaign days only",
    ),
    "roster.help.overtime_premium_workday": (
        "工作日加班工资倍数, 法定 1.5 倍; 至少 1",
        "Pay factor of an overtime hour on a workday, statutory 1.5; at least 1",
    ),
    "roster.help.overtime_premium_rest_day": (
        "休息日加班工资倍数, 法定 2 倍; 至少 1",
        "Pay factor of an overtime hour on a rest day, statutory 2; at least 1",
    ),
    "roster.help.overtime_premium_holiday": (
        "法定节假日加班工资倍数, 法定 3 倍; 至少 1",
        "Pay factor of an overtime hour on a statutory holiday, statutory 3; at least 1",
    ),
    "roster.time_limit.help": (
        "求解器最多运行的秒数, 到时给出目前最好的排班 (可能不是最优)。"
        "2 天约 15 秒, 40 天建议 120–600 秒; 范围 1–86400",
        "Most seconds the solver runs; then the best roster so far is used (maybe not optimal). "
        "2 days: about 15 s; 40 days: 120–600 s; range 1–86400",
    ),
    "roster.xlsx_language.help": (
        "roster.xlsx 表头和工作表名称的语言",
        "Language of roster.xlsx's headers and sheet names",
    ),
    "roster.team": (
        "团队名单 {file}: 全职 {ft} 人, 兼职 {pt} 人, 外包 {out} 人; 排班表的姓名取自名单",
        "Team list {file}: {ft} full-time, {pt} part-time, {out} outsourced; the roster's names "
        "come from it",
    ),
    "roster.daily": ("每日汇总", "Per day"),
    "roster.daily.date": ("日期", "Day"),
    "roster.daily.required_hours": ("需求在岗人时", "Required hours present"),
    "roster.daily.scheduled_hours": ("排班人时", "Scheduled hours"),
    "roster.daily.paid_hours": ("付薪工时", "Paid hours"),
    "roster.daily.ft_on_duty": ("全职上班", "FT on duty"),
    "roster.daily.pt_on_duty": ("兼职上班", "PT on duty"),
    "roster.daily.out_on_duty": ("外包上班", "OUT on duty"),
    "roster.daily.overtime_hours": ("加班工时", "Overtime hours"),
    "roster.daily.shortfall_hours": ("缺口人时", "Shortfall hours"),
    "roster.daily.idle_hours": ("富余人时", "Idle hours"),
    "roster.daily.service_level": ("仿真服务水平", "Simulated service level"),
    "roster.daily.worst_interval": ("最差时段", "Worst interval"),
    "roster.daily.worst_queue": ("最差队列", "Worst queue"),
    "roster.daily.worst_service_level": ("最差时段服务水平", "Worst service level"),
    # ------------------------------------------------------------------ scenarios page
    "scenarios.intro": (
        "每个情景在同一份预测 (含人工调整) 上独立计算人力需求、排班与仿真, 2-6 个情景并行。",
        "Each scenario is staffed, rostered and simulated on one shared (adjusted) forecast; "
        "2-6 scenarios, planned in parallel.",
    ),
    "scenarios.horizon": (
        "计划区间 {start} 至 {end} · {adjustments} 条人工调整",
        "Horizon {start} to {end} · {adjustments} adjustment(s)",
    ),
    "scenarios.count": ("情景数量", "Number of scenarios"),
    "scenarios.per_queue": ("按队列设置同时接待上限", "Concurrency per queue"),
    "scenarios.name": ("情景名称 (留空自动命名)", "Scenario name (empty: automatic)"),
    "scenarios.bot": ("机器人解决率", "Bot resolution"),
    "scenarios.concurrency": ("同时接待上限 (所有队列)", "Max concurrency (all queues)"),
    "scenarios.concurrency_queue": ("{queue} 同时接待上限", "{queue} max concurrency"),
    "scenarios.quantile": ("按预测分位数排班", "Staff to forecast quantile"),
    "scenarios.as_config": ("按配置", "as configured"),
    "scenarios.auto.base": ("基准", "base"),
    "scenarios.auto.bot": ("机器人 {pct}%", "bot {pct}%"),
    "scenarios.auto.concurrency": ("并发 {value}", "concurrency {value}"),
    "scenarios.duplicate": (
        "两个情景都叫 “{name}”, 请改名",
        "two scenarios are called '{name}'; rename one",
    ),
    "scenarios.time_limit": ("排班求解时限 (秒/情景)", "Roster time limit (s per scenario)"),
    "scenarios.run": ("运行情景对比", "Run the comparison"),
    "scenarios.running": ("正在计算 {count} 个情景…", "Planning {count} scenarios…"),
    "scenarios.done": (
        "{count} 个情景已完成, 用时 {seconds} 秒",
        "{count} scenarios planned in {seconds} s",
    ),
    "scenarios.failed": ("情景对比失败", "The comparison failed"),
    "scenarios.none_yet": (
        "设置好情景后点击“运行情景对比”。",
        "Set up the scenarios, then run the comparison.",
    ),
    "scenarios.result": ("对比结果", "Comparison"),
    "scenarios.result_caption": (
        "{count} 个情景 · 计划区间 {start} 至 {end} · 用时 {seconds} 秒",
        "{count} scenarios · horizon {start} to {end} · {seconds} s",
    ),
    "scenarios.scenario_failed": (
        "情景 “{name}” 未能排班: {error}",
        "Scenario '{name}' could not be planned: {error}",
    ),
    "scenarios.chart_title": ("人工成本 vs 仿真服务水平", "Labour cost vs simulated service level"),
    "scenarios.cost_axis": ("人工成本 (元)", "Labour cost (CNY)"),
    "scenarios.sl_axis": ("仿真服务水平", "Simulated service level"),
    "scenarios.download": ("下载对比表 comparison.csv", "Download comparison.csv"),
    "scenarios.log": ("运行日志", "Run log"),
    "scenarios.save_header": ("保存选定的情景为方案", "Save the chosen scenario as a plan"),
    "scenarios.save_choice": ("情景", "Scenario"),
    "scenarios.save_name": ("方案名称 (留空用情景名)", "Plan name (empty: the scenario's)"),
    "scenarios.save_note": ("备注 (可选)", "Note (optional)"),
    "scenarios.save": ("保存方案", "Save the plan"),
    "scenarios.saved": ("已保存为方案 #{id} “{name}”", "Saved as plan #{id} '{name}'"),
    "scenarios.col.scenario": ("情景", "Scenario"),
    "scenarios.col.peak_agents": ("峰值在线客服", "Peak agents"),
    "scenarios.col.agent_hours": ("在线客服工时", "Agent-hours"),
    "scenarios.col.paid_hours": ("付薪工时", "Paid hours"),
    "scenarios.col.headcount_ft": ("全职人数", "FT headcount"),
    "scenarios.col.headcount_pt": ("兼职人数", "PT headcount"),
    "scenarios.col.headcount_out": ("外包人数", "OUT headcount"),
    "scenarios.col.labour_cost": ("人工成本 (元)", "Labour cost (CNY)"),
    "scenarios.col.cost_per_inquiry": ("每次咨询成本 (元)", "Cost per inquiry (CNY)"),
    "scenarios.col.simulated_service_level": ("仿真服务水平", "Simulated service level"),
    "scenarios.col.worst_service_level": ("最差时段服务水平", "Worst service level"),
    "scenarios.col.worst_interval": ("最差时段", "Worst interval"),
    "scenarios.col.worst_queue": ("最差队列", "Worst queue"),
    "scenarios.col.abandoned_inquiries": ("放弃的咨询", "Abandoned inquiries"),
    "scenarios.col.shortfall_agent_hours": ("缺口工时", "Shortfall agent-hours"),
    "scenarios.col.roster_status": ("排班求解状态", "Roster status"),
    "scenarios.col.roster_gap": ("最优性差距", "Optimality gap"),
    "scenarios.col.overrides": ("参数覆盖", "Overrides"),
    "scenarios.col.error": ("错误", "Error"),
    "scenarios.count.help": (
        "要比较几个情景 (2–6 个), 同时计算; 个数越多越慢",
        "How many scenarios to compare (2–6), planned in parallel; more take longer",
    ),
    "scenarios.per_queue.help": (
        "打开后, 每个队列分别设置同时接待上限; 关闭时一个值用于所有队列",
        "On: set the max concurrency of each queue; off: one value for every queue",
    ),
    "scenarios.name.help": (
        "情景的名字, 用于对比表和保存的方案; 留空按设置自动命名",
        "The scenario's name in the comparison and the saved plan; empty: named from its settings",
    ),
    "scenarios.bot.help": (
        "这个情景的机器人解决率 (%); 「按配置」= 人力需求页的设置",
        "This scenario's bot resolution (%); as configured = the Capacity page's value",
    ),
    "scenarios.concurrency.help": (
        "这个情景的同时接待上限 (个会话, 1–6); 「按配置」= 人力需求页的设置",
        "This scenario's max concurrency (chats, 1–6); as configured = the Capacity page's value",
    ),
    "scenarios.quantile.help": (
        "这个情景按哪条预测线排班; p90/p95 更稳妥但需要更多人",
        "The forecast line this scenario staffs to; p90/p95 are safer but need more agents",
    ),
    "scenarios.time_limit.help": (
        "每个情景排班求解最多运行的秒数; 范围 1–3600。与排班页的时间上限不同时, 基准情景的"
        "成本可能与排班页的结果略有差别 (求解器在不同时间停下)",
        "Most seconds each scenario's roster solve runs; range 1–3600. With a limit other than "
        "the roster page's, the base scenario may cost a little more or less than the roster "
        "page's plan (the solver stops at another point)",
    ),
    "scenarios.save_choice.help": ("要保存为方案的情景", "The scenario to save as a plan"),
    # ------------------------------------------------------------------ review page
    "review.plan": ("要复盘的方案", "Plan to review"),
    "review.no_plans": (
        "还没有已保存的方案: 请先在“情景对比”页保存一个。",
        "No saved plans yet: save one on the Scenarios page first.",
    ),
    "review.use_sample": (
        "用示例店铺的历史数据作为实际值 (含 2025 双11)",
        "Use the sample history as actuals (it contains 双11 2025)",
    ),
    "review.use_history": ("用已上传的历史数据作为实际值", "Use the uploaded history as actuals"),
    "review.actuals": ("实际咨询量 (CSV / XLSX / GBK)", "Actual inquiries (CSV / XLSX / GBK)"),
    "review.upload_first": (
        "请上传该方案计划区间的实际咨询量。",
        "Upload the actual inquiries of the plan's horizon.",
    ),
    "review.running": (
        "正在复盘 (仿真 {replications} 次)…",
        "Reviewing ({replications} replications)…",
    ),
    "review.caption": (
        "实际值: {source} · 对比 {compared} 个时段 · 排除 {excluded} 个缺失或断档时段",
        "Actuals: {source} · {compared} intervals compared · {excluded} missing or outage "
        "intervals excluded",
    ),
    "review.wape": ("预测误差 WAPE", "Forecast WAPE"),
    "review.bias": ("预测偏差", "Forecast bias"),
    "review.coverage": ("P10-P90 区间覆盖率", "P10-P90 band coverage"),
    "review.sl": ("实际仿真服务水平", "Simulated service level on actuals"),
    "review.vs_plan": ("{value} 相对计划", "{value} vs plan"),
    "review.under": ("人手不足时段", "Under-served intervals"),
    "review.shortfall": ("缺口工时", "Shortfall headcount-hours"),
    "review.over_hours": ("冗余工时", "Over-staffed hours"),
    "review.over_cost": ("冗余成本 (元)", "Over-staffing cost (CNY)"),
    "review.forecast_chart": ("预测 vs 实际 (按天), {queue}", "Forecast vs actual by day, {queue}"),
    "review.staffing_chart": (
        "实际所需 vs 排班在岗人数, {queue} (红点: 人手不足)",
        "Required at actual vs rostered, {queue} (red: under-served)",
    ),
    "review.series.actual": ("实际", "actual"),
    "review.series.forecast": ("预测均值", "forecast mean"),
    "review.series.forecast_p50": ("预测 P50", "forecast P50"),
    "review.series.required": ("按实际所需人数", "required at actual"),
    "review.series.rostered": ("排班在岗人数", "rostered (present)"),
    "review.series.under": ("人手不足", "under-served"),
    "review.tables": ("明细表", "Tables"),
    "review.table.daily": ("按天误差", "By day"),
    "review.table.hourly": ("按小时误差", "By hour of day"),
    "review.table.under_served": ("人手不足时段", "Under-served intervals"),
    "review.table.over_staffed": ("冗余工时", "Over-staffed hours"),
    "review.download": ("下载 {file}", "Download {file}"),
    "review.download_zip": (
        "下载全部复盘文件 (zip, 含图表)",
        "Download all review files (zip, with charts)",
    ),
    # ------------------------------------------------------------------ saved plans page
    "plans.where": ("方案库: 共 {n} 个方案", "Plan store: {n} plan(s)"),
    "plans.none": ("方案库中还没有方案。", "The plan store has no plans yet."),
    "plans.col.id": ("编号", "ID"),
    "plans.col.name": ("名称", "Name"),
    "plans.col.created": ("保存时间", "Saved"),
    "plans.col.horizon": ("计划区间", "Horizon"),
    "plans.col.labour_cost": ("人工成本 (元)", "Labour cost (CNY)"),
    "plans.col.simulated_service_level": ("仿真服务水平", "Simulated service level"),
    "plans.col.paid_hours": ("付薪工时", "Paid hours"),
    "plans.col.shortfall_agent_hours": ("缺口工时", "Shortfall agent-hours"),
    "plans.col.roster_status": ("排班求解状态", "Roster status"),
    "plans.col.note": ("备注", "Note"),
    "plans.col.owner": ("保存人", "Saved by"),
    "plans.not_yours": (
        "此方案由 {owner} 保存, 只有 {owner} 能删除它",
        "{owner} saved this plan: only {owner} can delete it",
    ),
    "plans.download_list": ("下载方案列表 plans.csv", "Download plans.csv"),
    "plans.open": ("打开方案", "Open a plan"),
    "plans.header": (
        "方案 #{id} “{name}” · 保存于 {created} · 区间 {start} 至 {end}",
        "Plan #{id} '{name}' · saved {created} · horizon {start} to {end}",
    ),
    "plans.note": ("备注: {note}", "Note: {note}"),
    # ------------------------------------------------------------------ review charts
    "review.chart_band": ("预测 P10–P90", "forecast P10-P90"),
    "review.chart_mean": ("预测均值", "forecast mean"),
    "review.chart_actual": ("实际", "actual"),
    "review.chart_excluded": ("不计 (缺失/断档)", "excluded (missing/outage)"),
    "review.chart_forecast_title": (
        "预测与实际, {queue} [每时段咨询量]",
        "Forecast vs actual, {queue} [inquiries per interval]",
    ),
    "review.chart_required": ("按实际所需 (人头)", "required at actual (headcount)"),
    "review.chart_rostered": ("排班在岗 (人头)", "rostered (headcount present)"),
    "review.chart_under": ("人手不足", "under-served"),
    "review.chart_staffing_title": (
        "按实际所需与排班, {queue} [人]",
        "Required at actual vs rostered, {queue} [agents]",
    ),
    "review.chart_simulated": ("按实际仿真", "simulated on actuals"),
    "review.chart_target": ("目标 {target:.0%}", "target {target:.0%}"),
    "review.chart_sl_title": (
        "按实际咨询量仿真的服务水平, {queue} [比例]",
        "Simulated service level on the actuals, {queue} [fraction]",
    ),
    # ------------------------------------------------------------------ comparison.png
    "compare.chart_service_level": ("仿真服务水平", "simulated service level"),
    "compare.chart_cost": ("人力成本 (元)", "labour cost [CNY]"),
    "compare.chart_cost_title": ("成本与服务水平", "Cost against service level"),
    "compare.chart_agent_hours": ("在线客服需求人时", "required agent-hours on chat"),
    "compare.chart_paid_hours": ("付薪工时", "paid hours"),
    "compare.chart_hours": ("小时", "hours"),
    "compare.chart_hours_title": (
        "在线客服需求人时与付薪工时",
        "Required agent-hours on chat and paid hours",
    ),
    # ------------------------------------------------------------------ report.html
    "report.title": ("排班计划", "Staffing plan"),
    "report.to": (" 至 ", " to "),
    "report.warnings": ("提示", "Warnings"),
    "report.status": ("{status}, 间隙 {gap}", "{status}, gap {gap}"),
    "report.figure.horizon": ("计划区间", "Horizon"),
    "report.figure.inquiries": ("预测咨询总量", "Forecast inquiries"),
    "report.figure.peak": ("峰值在线客服", "Peak agents on chat"),
    "report.figure.paid": ("付薪工时", "Paid hours"),
    "report.figure.headcount": (
        "人数 全职 / 兼职 / 外包预订人次",
        "Headcount FT / PT / OUT bookings",
    ),
    "report.figure.out_peak": ("外包席位 (最忙一天)", "Outsourced seats, busiest day"),
    "report.figure.cost": (
        "人工成本 (元, 各班次付薪工时 × 时薪; 全职不按月薪)",
        "Labour cost [CNY]: each shift's paid hours × its hourly rate (FT not at salary)",
    ),
    "report.figure.per_inquiry": ("每次咨询成本 (元)", "Cost per inquiry [CNY]"),
    "report.figure.shortfall": ("缺口人时", "Shortfall agent-hours"),
    "report.figure.sl": ("仿真服务水平", "Simulated service level"),
    "report.figure.abandoned": ("放弃的咨询", "Abandoned inquiries"),
    "report.figure.roster": ("排班求解", "Roster"),
    "plans.gap": (", 间隙 {gap}", ", gap {gap}"),
    "plans.details": (
        "{adjustments} 条人工调整 · 排班求解 {status} · 放弃的咨询 {abandoned}",
        "{adjustments} adjustment(s) · roster {status} · {abandoned} abandoned inquiries",
    ),
    "plans.forecast_inquiries": ("预测咨询总量", "Forecast inquiries"),
    "plans.peak_agents": ("峰值在线客服", "Peak agents on chat"),
    "plans.paid_hours": ("付薪工时", "Paid hours"),
    "plans.headcount": ("人数 全职/兼职/外包", "Headcount FT/PT/OUT"),
    "plans.cost": ("人工成本 (元)", "Labour cost (CNY)"),
    "plans.cost_per_inquiry": ("每次咨询成本 (元)", "Cost per inquiry (CNY)"),
    "plans.sl": ("仿真服务水平", "Simulated service level"),
    "plans.shortfall": ("缺口工时", "Shortfall agent-hours"),
    "plans.warnings": ("提示 ({count})", "Warnings ({count})"),
    "plans.inputs": ("输入数据指纹", "Input fingerprints"),
    "plans.input_col.input": ("输入", "Input"),
    "plans.input.history": ("历史数据", "history"),
    "plans.input.calendar": ("大促日历", "calendar"),
    "plans.input_col.source": ("文件", "Source"),
    "plans.input_col.sha256": ("SHA-256", "SHA-256"),
    "plans.input_col.current": ("与当前数据相比", "Against the current data"),
    "plans.same": ("相同", "unchanged"),
    "plans.changed": ("已变化", "changed"),
    "plans.files": ("方案文件", "Plan files"),
    "plans.prepare": ("生成下载文件", "Prepare the files"),
    "plans.preparing": ("正在导出方案文件…", "Exporting the plan's files…"),
    "plans.download_zip": ("下载全部文件 (zip)", "Download all files (zip)"),
    "plans.download": ("下载 {file}", "Download {file}"),
    "plans.delete_header": ("删除方案", "Delete the plan"),
    "plans.confirm": (
        "确认删除方案 #{id} “{name}” (不可恢复)",
        "Yes, delete plan #{id} '{name}' (this cannot be undone)",
    ),
    "plans.delete": ("删除", "Delete"),
    "plans.deleted": ("已删除方案 #{id}", "Deleted plan #{id}"),
    # ------------------------------------------------------------------ fleet page
    "fleet.intro": (
        "一次规划多个店铺: 每个店铺一个文件夹, 内含历史咨询数据 history.csv (或 history.csv.gz、"
        "history.xlsx), 可选自己的 calendar.csv 和 plan.toml (只写与默认不同的设置); 顶层的 "
        "calendar.csv 供没有自己日历的店铺使用。也可以用 shops.csv 清单列出各店铺的文件。",
        "Plan many shops at once: one folder per shop holding its history (history.csv, "
        "history.csv.gz or history.xlsx) and optionally its own calendar.csv and plan.toml "
        "(only the settings that differ from the defaults); a calendar.csv at the top serves "
        "every shop without its own. A shops.csv manifest may list the shops' files instead.",
    ),
    "fleet.source": ("店铺数据从哪里来", "Where the shops are"),
    "fleet.source.upload": ("上传 zip 压缩包", "Upload a zip"),
    "fleet.source.folder": ("服务器上的文件夹", "A folder on the server"),
    "fleet.zip": ("店铺文件夹的 zip 压缩包", "Zip of the shop folders"),
    "fleet.zip.help": (
        "压缩包里只解压历史数据、日历、plan.toml 和 shops.csv, 其他文件会被忽略; "
        "含绝对路径或 .. 的压缩包会被拒绝",
        "Only histories, calendars, plan.toml and shops.csv are unpacked, other files are "
        "skipped; an archive with absolute paths or .. is refused",
    ),
    "fleet.folder": ("店铺文件夹 (服务器上的路径)", "Shops folder (path on the server)"),
    "fleet.folder.help": (
        "每个店铺一个子文件夹, 或含 shops.csv 清单的文件夹, 或清单文件本身",
        "A folder with one sub-folder per shop, a folder holding shops.csv, or the manifest itself",
    ),
    "fleet.folder.placeholder": ("例如 /data/双11/店铺", "e.g. /data/双11/shops"),
    "fleet.err_folder": (
        "服务器上没有这个文件夹或文件: {path}",
        "No such folder or file on the server: {path}",
    ),
    "fleet.need_input": (
        "请上传店铺文件夹的 zip 压缩包, 或填写服务器上的文件夹路径。",
        "Upload a zip of the shop folders, or give a folder on the server.",
    ),
    "fleet.found": ("找到 {n} 个店铺", "{n} shop(s) found"),
    "fleet.preview.shop": ("店铺", "Shop"),
    "fleet.preview.history": ("历史数据", "History"),
    "fleet.preview.calendar": ("大促日历", "Calendar"),
    "fleet.preview.config": ("店铺设置", "Shop settings"),
    "fleet.preview.problem": ("问题", "Problem"),
    "fleet.preview.defaults": ("(默认)", "(defaults)"),
    "fleet.preview.none": ("(无)", "(none)"),
    "fleet.options": ("运行设置", "Run settings"),
    "fleet.stage": ("规划到哪一步", "Plan up to"),
    "fleet.stage.forecast": ("预测", "Forecast"),
    "fleet.stage.staff": ("人力需求", "Staffing requirements"),
    "fleet.stage.plan": ("完整方案 (排班与仿真)", "Full plan (roster and simulation)"),
    "fleet.horizon": ("计划区间", "Horizon"),
    "fleet.horizon.event": ("按大促活动", "By campaign event"),
    "fleet.horizon.dates": ("按日期", "By dates"),
    "fleet.event": ("大促活动", "Campaign event"),
    "fleet.event.help": (
        "每个店铺按自己日历中的这个活动确定区间: 第一个阶段开始前 {days} 天到最后一个阶段结束。"
        "可以从列表中选, 也可以输入名称",
        "Each shop's horizon comes from this event in its own calendar: {days} days before "
        "the first phase starts to the day the last phase ends. Pick one or type a name",
    ),
    "fleet.event.placeholder": ("例如 双11 2025", "e.g. 双11 2025"),
    "fleet.start": ("第一天", "First day"),
    "fleet.end": ("最后一天 (含当天)", "Last day (included)"),
    "fleet.workers": ("本机工作进程数", "Local worker processes"),
    "fleet.workers.help": (
        "同时规划几个店铺 (每个进程一次一个店铺); 本机有 {cores} 个核",
        "How many shops are planned at the same time (one per process); this machine has "
        "{cores} cores",
    ),
    "fleet.scheduler": ("集群调度器地址 (可选)", "Cluster scheduler address (optional)"),
    "fleet.scheduler.help": (
        "留空则在本机运行。填写已启动的调度器地址 (如 tcp://10.0.0.5:8786) 则在集群上运行, "
        "此时店铺文件夹和输出文件夹在每台工作机上必须是同一路径",
        "Empty: run on this machine. A running scheduler's address (such as "
        "tcp://10.0.0.5:8786) runs the shops on that cluster; the shops and output folders "
        "must then be the same paths on every worker",
    ),
    "fleet.out": ("输出文件夹 (可选)", "Output folder (optional)"),
    "fleet.out.help": (
        "留空则写入临时文件夹 (结果都可在下方下载)。给定服务器上的文件夹则结果留在那里, "
        "之后勾选“沿用上次结果”可跳过输入未变的店铺",
        "Empty: a temporary folder (every result can be downloaded below). A folder on the "
        "server keeps the results there, so a later run with resume skips unchanged shops",
    ),
    "fleet.resume": (
        "沿用上次结果 (跳过输入未变的店铺)",
        "Resume (keep shops whose inputs are unchanged)",
    ),
    "fleet.run": ("开始规划", "Run"),
    "fleet.starting": ("正在启动工作进程…", "Starting the workers…"),
    "fleet.result": ("运行结果", "Result"),
    "fleet.metric.shops": ("店铺", "Shops"),
    "fleet.metric.ok": ("成功", "Planned"),
    "fleet.metric.failed": ("失败", "Failed"),
    "fleet.metric.inquiries": ("预测咨询量合计", "Inquiries forecast, total"),
    "fleet.metric.peak": ("峰值在线人数之和", "Peak agents, summed"),
    "fleet.metric.agent_hours": ("在线需求人时合计", "Agent-hours required on chat, total"),
    "fleet.metric.paid": ("付薪工时合计", "Paid hours, total"),
    "fleet.metric.cost": ("人工成本合计 (元)", "Labour cost, total (CNY)"),
    "fleet.table.start": ("开始", "Start"),
    "fleet.table.end": ("结束", "End"),
    "fleet.table.sl": ("仿真服务水平", "Simulated service level"),
    "fleet.table.sl_target": ("目标", "Target"),
    "fleet.table.worst_interval": ("最差时段", "Worst interval"),
    "fleet.table.worst_queue": ("最差队列", "Worst queue"),
    "fleet.table.worst_sl": ("最差时段服务水平", "Worst service level"),
    "fleet.table.ft": ("全职", "FT"),
    "fleet.table.pt": ("兼职", "PT"),
    "fleet.table.out": ("外包", "OUT"),
    "fleet.table.resumed": ("沿用上次", "Kept"),
    "fleet.download.summary": ("下载汇总表 fleet_summary.csv", "Download fleet_summary.csv"),
    "fleet.download.report": ("下载总览报告 fleet_report.html", "Download fleet_report.html"),
    "fleet.download.zip": ("下载全部输出 (zip)", "Download all outputs (zip)"),
    "fleet.where": ("输出文件夹: {path}", "Output folder: {path}"),
    "fleet.log": ("运行记录 ({n} 行)", "Run log ({n} lines)"),
    "fleet.err_out": (
        "无法使用输出文件夹 {path}: {why}",
        "Cannot use the output folder {path}: {why}",
    ),
    "fleet.err_dates": ("最后一天不能早于第一天", "The last day must not be before the first day"),
    "fleet.err_event": ("请选择或输入一个大促活动", "Pick or type a campaign event"),
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

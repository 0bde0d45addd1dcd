"""Everything the library says to a person (findings, warnings, errors, progress lines), with
a message id and arguments, rendered in Chinese or English.

A :class:`Message` *is* its English text (a ``str``), so logs, files and tests read as before;
it also keeps its id and arguments, so the app and ``forecaster --lang zh`` render it in
Chinese with :func:`render`::

    >>> m = msg("pipe.forecast_done", seconds=2.44)
    >>> m
    'forecast done in 2.4 s'
    >>> render(m, "zh")
    '预测完成, 用时 2.4 秒'

Text that lost its id on the way (read back from ``summary.json`` or the plan store, or
joined into a :class:`~forecaster.errors.PlannerError`) is matched against the English
templates and rendered from the arguments found; text no template matches is shown as it is.

Templates use :meth:`str.format` fields with two additions: ``{n!p}`` (``{n!e}``) is the English
plural ending ``s`` (``es``) unless ``n`` is 1, empty in Chinese, and an argument that is itself a
:class:`Message` (or a list of them, joined with "; ") is rendered in the same language.
In Chinese, an argument equal to a queue, kind or phase name is shown by its display name
(``names``, e.g. ``{"presale": "售前"}``).
"""

from __future__ import annotations

import functools
import math
import os
import re
import string
from collections.abc import Iterable, Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

__all__ = [
    "CATALOGUE",
    "KINDS",
    "WEEKDAYS",
    "Message",
    "language_from_env",
    "msg",
    "render",
    "render_lines",
]

KINDS: dict[str, str] = {"FT": "全职", "PT": "兼职", "OUT": "外包"}
"""Shift kinds by their Chinese display name."""
ADJUSTMENT_KINDS: dict[str, str] = {
    "scale": "按倍数调整",
    "day_total": "设定全天总量",
    "event": "临时活动",
}
"""Planner adjustment kinds (``kind`` of an adjustment) by their Chinese display name."""
EVERY_QUEUE = "all"
"""The ``queue`` of an entry that covers every queue (adjustments)."""
EVERY_QUEUE_NAME = "全部队列"
""":data:`EVERY_QUEUE` as people read it in Chinese."""

WEEKDAYS: dict[str, tuple[str, ...]] = {
    "en": ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
    "zh": ("周一", "周二", "周三", "周四", "周五", "周六", "周日"),
}
"""Weekday names (Monday first) by language, for the Excel grid and the report's charts."""

CATALOGUE: dict[str, tuple[str, str]] = {
    # ----------------------------------------------------------------- shared pieces
    "list.more": ("；另有 {n} 处", "; and {n} more"),
    "list.items": ("{items}", "{items}"),
    "list.items_more": ("{items} 等 (另有 {n} 个)", "{items} and {n} more"),
    "note": ("提示: {text}", "note: {text}"),
    "warning": ("注意: {text}", "warning: {text}"),
    # ----------------------------------------------------------------- history findings
    "val.span": (
        "{queue} {start:%Y-%m-%d %H:%M} 至 {stop:%Y-%m-%d %H:%M} ({n} 个时段)",
        "{queue} {start:%Y-%m-%d %H:%M} to {stop:%Y-%m-%d %H:%M} ({n} interval{n!p})",
    ),
    "val.span_expected": (
        "{queue} {start:%Y-%m-%d %H:%M} 至 {stop:%Y-%m-%d %H:%M} ({n} 个时段, "
        "预计约 {expected:,.0f} 次咨询)",
        "{queue} {start:%Y-%m-%d %H:%M} to {stop:%Y-%m-%d %H:%M} ({n} interval{n!p}, "
        "about {expected:,.0f} inquiries expected)",
    ),
    "val.dup_pair": ("第 {row} 行 (同第 {original} 行)", "{row} (= row {original})"),
    "val.gaps": (
        "{source}: 缺失 {total} 个时段, 共 {gaps} 段: {shown}{more}",
        "{source}: {total} missing interval{total!p} in {gaps} gap{gaps!p}: {shown}{more}",
    ),
    "val.outage": (
        "{source}: 疑似导出断档, {span} 全为 0; 这些时段不参与拟合",
        "{source}: suspected export outage, zeros on {span}; "
        "these intervals are excluded from fitting",
    ),
    "val.outages": (
        "{source}: 疑似导出断档 {n} 处 (共 {intervals:,} 个队列时段, 预计约 {expected:,.0f} 次咨询) "
        "全为 0, 这些时段不参与拟合; 最近的: {shown}{more}",
        "{source}: {n} suspected export outages ({intervals:,} queue-intervals, about "
        "{expected:,.0f} inquiries) are zeros and excluded from fitting; the latest: {shown}{more}",
    ),
    "val.opening": (
        "{source}: 队列 {queue} 营业时间 {hours} (非营业时段不算缺失, 也不算断档)",
        "{source}: queue {queue} open {hours} (closed hours are not gaps or outages)",
    ),
    "open.week": ("{parts}", "{parts}"),
    "open.hours": ("{days} {hours}", "{days} {hours}"),
    "open.closed": ("{days}不营业", "closed {days}"),
    "open.holidays": ("法定节假日不营业", "closed on public holidays"),
    "open.makeup": (
        "调休上班日按工作日营业",
        "open on make-up working days (调休) with weekday hours",
    ),
    "open.range": ("{first}至{last}", "{first}–{last}"),
    "weekday.mon": ("周一", "mon"),
    "weekday.tue": ("周二", "tue"),
    "weekday.wed": ("周三", "wed"),
    "weekday.thu": ("周四", "thu"),
    "weekday.fri": ("周五", "fri"),
    "weekday.sat": ("周六", "sat"),
    "weekday.sun": ("周日", "sun"),
    "val.duplicates": (
        "{source}: {n} 行与前面某行完全重复 (队列、时段和数值都相同), 已保留一份; 重复的行: {rows}",
        "{source}: {n} exact duplicate row{n!p} of an earlier row (same queue, interval and "
        "values), one copy kept: row{n!p} {rows}",
    ),
    # ----------------------------------------------------------------- validation report
    "report.history": (
        "历史数据 {source}: {rows:,} 行, {queues} 个队列, 每 {minutes} 分钟一个时段",
        "History {source}: {rows:,} rows, {queues} queue(s), {minutes}-minute intervals",
    ),
    "report.range": (
        "  时间范围 {start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M}",
        "  range {start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}",
    ),
    "report.queue": (
        "  {queue}: {days} 天, 咨询 {total:,} 次; 每天最少 {low:,} / 中位 {median:,} / "
        "最多 {high:,} (最忙 {busiest:%Y-%m-%d})",
        "  {queue}: {days} day{days!p}, {total:,} inquiries; per day min {low:,} / median "
        "{median:,} / max {high:,} (busiest {busiest:%Y-%m-%d})",
    ),
    "report.optional": ("  可选列: {columns}", "  optional columns: {columns}"),
    "report.gaps": (
        "缺失: {total} 个时段, 共 {gaps} 段",
        "Gaps: {total} missing intervals in {gaps} gap(s)",
    ),
    "report.item": ("  {text}", "  {text}"),
    "report.bullet": ("  - {text}", "  - {text}"),
    "report.duplicates": (
        "重复行: 删除 {n} 行完全重复的行",
        "Duplicates: {n} exact duplicate row(s) dropped",
    ),
    "report.duplicates_rows": (
        "重复行: 删除 {n} 行完全重复的行 (第 {rows} 行)",
        "Duplicates: {n} exact duplicate row(s) dropped (rows {rows})",
    ),
    "report.outages": ("疑似断档: {n} 处", "Suspected outages: {n}"),
    "report.calendar": (
        "大促日历 {source}: {events} 个活动, {phases} 个阶段",
        "Calendar {source}: {events} events, {phases} phases",
    ),
    "report.covered": (
        "  历史数据覆盖的大促: {names}",
        "  campaigns covered by the history: {names}",
    ),
    "report.covered_none": (
        "  历史数据覆盖的大促: 无",
        "  campaigns covered by the history: none",
    ),
    "report.warnings": ("提示: {n} 条", "Warnings: {n}"),
    "report.usable": ("可以使用: 是", "Usable: yes"),
    "report.usable_read": ("可以使用: 是 (请阅读上面的提示)", "Usable: yes (read the warnings)"),
    "report.not_usable": (
        "数据无法使用, 共 {n} 个问题:",
        "Input not usable, {n} problem(s):",
    ),
    # ----------------------------------------------------------------- pipeline progress
    "fc.weights": (
        "{queue} 队列: 以 {event} 回测 (提前 7 天预测, 按小时 WAPE): 大促提升模型 {lift:.3f}, "
        "去年同期对齐 {analog:.3f}, 组合 {mixed:.3f}; 提升模型权重 {weight:.2f}",
        "queue {queue}: backtest on {event} (forecast 7 days ahead, hourly WAPE): lift model "
        "{lift:.3f}, last year aligned {analog:.3f}, mix {mixed:.3f}; lift model weight "
        "{weight:.2f}",
    ),
    "pipe.forecasting": (
        "正在预测 {start:%Y-%m-%d} 至 {end:%Y-%m-%d}",
        "forecasting {start:%Y-%m-%d} to {end:%Y-%m-%d}",
    ),
    "pipe.forecast_done": ("预测完成, 用时 {seconds:.1f} 秒", "forecast done in {seconds:.1f} s"),
    "pipe.staffing": ("正在计算人力需求", "staffing"),
    "pipe.staffing_done": (
        "人力需求计算完成, 用时 {seconds:.1f} 秒",
        "staffing done in {seconds:.1f} s",
    ),
    "pipe.roster_done": ("排班完成, 用时 {seconds:.1f} 秒", "roster done in {seconds:.1f} s"),
    "pipe.simulating": (
        "正在仿真检验排班 ({n} 次重复)",
        "simulating the roster ({n} replications)",
    ),
    "pipe.simulation_done": (
        "仿真完成, 用时 {seconds:.1f} 秒",
        "simulation done in {seconds:.1f} s",
    ),
    "cfg.queue_missing": (
        "{config}: {source} 有队列 {queue}{spelt}, 但配置中没有 [queues.{queue}] 表 (已配置: {configured}); "
        "请为它加一张表 (客服时间、AHT、并发、服务水平目标), 或去掉该队列的行",
        "{config}: {source} has queue '{queue}'{spelt} but the config has no [queues.{queue}] table "
        "(configured: {configured}); add one (service hours, AHT, concurrency, service level) "
        "or drop the queue's rows",
    ),
    "cap.unserved": (
        "{queue}: 客服时间内有 {n:,} 个时段 (共 {hours:,.0f} 小时) 的预测为 0, 即历史上从未接待的时段, "
        "不排人: {spans}",
        "{queue}: {n:,} interval{n!p} ({hours:,.0f} h) inside service hours are forecast at 0, "
        "slots the queue never served, and are not staffed: {spans}",
    ),
    "cap.staffing_queue": (
        "正在计算 {queue} 的人力: {n:,} 个时段, 按 {column} 预测",
        "staffing {queue}: {n:,} intervals to {column}",
    ),
    "sim.where": ("requirements, 队列 {queue}", "requirements, queue '{queue}'"),
    "sim.in_queue": ("{where}: {error}", "{where}: {error}"),
    "sim.bad_aht": (
        "aht_seconds 在 human_inquiries > 0 的时段必须为正, {when} 为 {got}",
        "aht_seconds must be positive where human_inquiries > 0, got {got} at {when}",
    ),
    "sim.not_numbers": (
        "{name} 必须是非负数, {when} 为 {got}",
        "{name} must be non-negative numbers, got {got} at {when}",
    ),
    "sim.not_counts": (
        "{name} 必须是非负整数, {when} 为 {got}",
        "{name} must be non-negative integers, got {got} at {when}",
    ),
    "sim.queue": (
        "正在仿真队列 {queue}: {n} 个时段 × {replications} 次重复",
        "simulating queue '{queue}': {n} intervals x {replications} replications",
    ),
    # ----------------------------------------------------------------- roster progress
    "roster.sizing": (
        "正在定编: 团队人数可变的排班线性规划 (HiGHS)",
        "sizing the team: the roster's LP with the team sizes free (HiGHS)",
    ),
    "roster.pt_overflow": (
        "为兼职班次指派具体人员时用了 {named} 名兼职, 比兼职池 ({pool}) 多 {extra} 名: 排班只限制"
        "每天的兼职人数和兼职池每周的总工时, 不限制每个人的一周; 多出的班次请向劳务公司订, 或调高 {key}",
        "naming the part-time blocks took {named} part-timers, {extra} more than the pool "
        "({pool}): the roster caps part-timers per day and the pool's weekly hours, not each "
        "person's week; book the extra blocks from an agency or raise {key}",
    ),
    "roster.team_listed": (
        "员工名单有 {named} 名全职, 配置的 ft_agents 为 {configured}: 以名单为准, 排 {named} 名全职",
        "the agents file lists {named} full-timer{named!p} and labour.ft_agents is "
        "{configured}: the file's people are the team",
    ),
    "roster.pt_overflow_named": (
        "员工名单只有 {listed} 名兼职, 兼职班次排不进他们的一周, 另加了 {extra} 人 ({ids}, 共 {blocks} "
        "个班次): 这些班次请向劳务公司订, 或在名单中加兼职",
        "the agents file lists {listed} part-timers and their weeks could not hold every "
        "part-time block: {extra} more ({ids}, {blocks} blocks) were added; book those blocks "
        "from an agency or add part-timers to the file",
    ),
    "roster.ft_named": (
        "全职人数 = 'auto': 以员工名单中的全职人员为团队 ({n} 人)",
        "ft_agents = 'auto': the agents file names the FT team ({n} agents)",
    ),
    "sizing.message": ("定编: {parts}", "team sizing: {parts}"),
    "sizing.recheck": (
        "排班按全职 {before} 人缺口较大, 改用 {after} 人再排一次比较 (只排第一阶段)",
        "the roster with {before} FT agents fell short: solving again with {after} to compare "
        "(phase 1 only)",
    ),
    "sizing.whole": (
        "按复核采用的全职 {agents} 人求解完整排班",
        "solving the whole program for the {agents} FT agents the check kept",
    ),
    "sizing.checked": (
        "排班复核: 全职 {before} 人的排班缺 {short_before:,.1f} 人时, {after} 人的缺 "
        "{short_after:,.1f} 人时, 按 {days} 天薪资计总成本低 {saving:,.0f} 元: 采用 {after} 人",
        "roster check: {before} FT agents left {short_before:,.1f} agent-hours short, {after} "
        "left {short_after:,.1f}, and cost {saving:,.0f} CNY less with their salaries over "
        "{days} days: {after} kept",
    ),
    "sizing.checked_kept": (
        "排班复核: 全职 {before} 人的排班缺 {short_before:,.1f} 人时, 试了 {after} 人 (缺 "
        "{short_after:,.1f} 人时), 按 {days} 天薪资计总成本不降: 仍用 {before} 人",
        "roster check: {before} FT agents left {short_before:,.1f} agent-hours short; {after} "
        "(short {short_after:,.1f}) cost no less with their salaries over {days} days: "
        "{before} kept",
    ),
    "sizing.checks": (
        "排班复核: 全职 {sizes} 人, 缺口 {short} 人时, 按 {days} 天薪资计总成本共低 "
        "{saving:,.0f} 元: 采用 {size} 人",
        "roster checks: {sizes} FT agents, {short} agent-hours short, {saving:,.0f} CNY less "
        "in all with their salaries over {days} days: {size} kept",
    ),
    "sizing.checks_capped": (
        "{line}; 复核只做 {n} 次, 最后一次仍省钱且仍有缺口: 更大的团队可能更划算, 可把 "
        "labour.ft_agents_min 设为 {size} 以上再排",
        "{line}; the checks stop after {n} and the last still saved with shortfall left: a "
        "larger team may pay off, set labour.ft_agents_min above {size} and plan again",
    ),
    "sizing.checks_tried": (
        "{line}; 再试 {after} 人 (缺 {short_after:,.1f} 人时) 总成本不降",
        "{line}; {after} (short {short_after:,.1f}) cost no less",
    ),
    "sizing.short": (
        "计划只有 {days} 天, 全职成本按至少一个月的薪资计, 自动定编的团队因此偏小; "
        "已有团队时请把 labour.ft_agents 设为现有人数",
        "the horizon is only {days} days and an FT agent costs at least a month's salary, "
        "so the chosen team is small: with a team in place, set labour.ft_agents to its size",
    ),
    "sizing.ft": (
        "全职 {size} 人 ({how}); 再加 1 人可省其他成本 {value:,.0f} 元, "
        "{days} 天内需付 {cost:,.0f} 元: {verdict}",
        "{size} FT agents ({how}); one more would save {value:,.0f} CNY of other cost "
        "and cost {cost:,.0f} over {days} days: {verdict}",
    ),
    "sizing.pt": (
        "兼职池 {size} 人 ({how}); 再加 1 人可省其他成本 {value:,.0f} 元, "
        "{days} 天内需付 {cost:,.0f} 元: {verdict}",
        "{size} part-timers ({how}); one more would save {value:,.0f} CNY of other cost "
        "and cost {cost:,.0f} over {days} days: {verdict}",
    ),
    "sizing.chosen": ("自动定编", "chosen"),
    "sizing.ft_checked": (
        "全职 {size} 人 (自动定编: 线性规划定 {lp} 人, 排班复核后 {size} 人; "
        "再加人是否划算见排班复核)",
        "{size} FT agents (chosen: {lp} by the LP, {size} after the roster's check; whether "
        "more would pay, see the roster check)",
    ),
    "sizing.fixed": ("固定人数", "fixed"),
    "sizing.worth": ("值得增加", "worth adding"),
    "sizing.not_worth": ("不值得增加", "not worth adding"),
    "sizing.capped": (
        "值得增加: 已到上限 labour.{key} = {size}, 提高上限可再省",
        "worth adding: at the upper bound labour.{key} = {size}, raise it to save more",
    ),
    "roster.building": (
        "正在建立排班模型: {intervals:,} 个时段 × {queues} 个队列, {options:,} 个班次选项, "
        "全职 {agents} 人",
        "building the roster model: {intervals:,} intervals x {queues} queue(s), "
        "{options:,} shift options, {agents} FT agents",
    ),
    "roster.solving": (
        "正在用 {solver} 求解: {variables:,} 个变量, {constraints:,} 个约束, "
        "时间上限 {limit:g} 秒, 间隙 {gap:.2%}",
        "solving with {solver}: {variables:,} variables, {constraints:,} constraints, "
        "time limit {limit:g} s, gap {gap:.2%}",
    ),
    "roster.lp_rounding": (
        "  线性松弛 {objective:,.0f}, 正在取整",
        "  LP relaxation {objective:,.0f}, rounding",
    ),
    "roster.phase1": (
        "第一阶段 (按规则排出班组的上班日, 由取整后的线性规划定班次) 用时 {seconds:.1f} 秒: "
        "成本 {cost:,.0f} (按规则排出的初始方案为 {start:,.0f}, 含缺口罚金)",
        "phase 1 (crews' days by rule, shifts from the rounded LP) in {seconds:.1f} s: "
        "cost {cost:,.0f} (the rule's first roster: {start:,.0f}, shortfall penalty included)",
    ),
    "roster.phase2": (
        "第二阶段 (整体模型), 剩余 {seconds:.0f} 秒",
        "phase 2 (whole program) for the remaining {seconds:.0f} s",
    ),
    "roster.phase2_skipped": ("跳过第二阶段: {why}", "phase 2 skipped: {why}"),
    "roster.why_time": (
        "时间上限 {limit:g} 秒只剩 {left:.0f} 秒",
        "{left:.0f} s of the {limit:g} s limit left",
    ),
    "roster.why_size": (
        "{variables:,} 个变量, 超过 CBC 能及时求解根松弛的规模",
        "{variables:,} variables, more than CBC's root relaxation solves in time",
    ),
    "roster.cbc_line": ("  {seconds:.0f} 秒: {line}", "  {seconds:.0f} s: {line}"),
    "roster.cbc_root": (
        "根松弛 {bound:,.0f}, 正在搜索排班",
        "root relaxation {bound:,.0f}, searching for a roster",
    ),
    "roster.cbc_best": (
        "当前最优排班 {best:,.0f} (含缺口罚金), 下界 {bound:,.0f}",
        "best roster {best:,.0f} (shortfall penalty included), bound {bound:,.0f}",
    ),
    "roster.cbc_best_only": ("当前最优排班 {best:,.0f}", "best roster {best:,.0f}"),
    "roster.cbc_pending": ("正在求解根松弛", "solving the root relaxation"),
    "roster.solver_stopped": (
        "  求解器在 {seconds:.0f} 秒后停止: {why}",
        "  solver stopped after {seconds:.0f} s: {why}",
    ),
    "roster.stop_time": ("已到时间上限", "the time limit"),
    "roster.solver_frozen": (
        "求解器 CBC 的进程已暂停 {seconds:.0f} 秒 (被挂起或卡住), 已结束它",
        "the CBC solver process was stopped for {seconds:.0f} s (suspended or stuck) and was ended",
    ),
    "roster.solver_crashed": (
        "求解器 CBC 的进程异常退出 (退出码 {code}, 例如内存不足)",
        "the CBC solver process exited abnormally (exit code {code}, e.g. out of memory)",
    ),
    "roster.repair_highs": (
        "  用 HiGHS 补齐取整后的排班 (外包预订与缺口), 限时 {seconds:.0f} 秒",
        "  completing the rounded roster (agency bookings, gaps) with HiGHS, {seconds:.0f} s limit",
    ),
    "roster.solver_fallback": (
        "  改用 HiGHS (本进程内) 求解这一步, 限时 {seconds:.0f} 秒",
        "  solving this step with HiGHS (in this process) instead, {seconds:.0f} s limit",
    ),
    "roster.stop_root": ("根松弛未能及时求出", "its root relaxation is not solved in time"),
    "roster.floors": (
        "正在计算付薪工时下界: 各班次模板在其允许的开始时间, 以及在任意开始时间的线性规划",
        "computing the paid-hours floors: the LP with every template at its starts, and at any "
        "start",
    ),
    "roster.reshift_ft": (
        "修补缺口: 重排 {days} 天的全职班次 (缺口罚金 {cost:,.0f} 元; 班组上班日不变)",
        "repairing the shortfall: re-shifting the FT agents on {days} day(s) (shortfall "
        "penalty {cost:,.0f} CNY; the crews' days kept)",
    ),
    "roster.reshift_all": (
        "修补缺口: 重排缺口最大的 {days} 天的全部班次 (缺口罚金 {cost:,.0f} 元)",
        "repairing the shortfall: re-shifting every kind on the {days} day(s) of the "
        "costliest shortfall ({cost:,.0f} CNY of penalty)",
    ),
    "roster.bounding_team": (
        "团队人数固定的线性松弛 (保留开始时间窗、兼职占比、休息间隔、合同上班天数与全员上班日): "
        "排班下界与全职每天上班人数的目标",
        "the LP relaxation with the team fixed (start windows, part-time share, rest, contract "
        "days and all-hands days kept): the roster's bound and FT agents on duty each day",
    ),
    "roster.bounding": (
        "计算排班下界: 不含排班规则的覆盖线性规划",
        "bounding the roster: the rules-free covering LP",
    ),
    "roster.done": (
        "排班{status}, 用时 {seconds:.1f} 秒: 成本 {cost:,.0f}, 间隙 {gap}, "
        "缺口 {shortfall:,.1f} 人时",
        "roster {status} in {seconds:.1f} s: cost {cost:,.0f}, gap {gap}, shortfall "
        "{shortfall:,.1f} agent-hours",
    ),
    "status.optimal": ("最优", "optimal"),
    # the English is summary.json's status (text is read back by it): a roster is
    # "feasible (time limit)" whenever no solver proved it within the gap, also when
    # phase 2 was skipped for the model's size, so the Chinese does not say 时间上限
    "status.feasible (time limit)": ("可行 (未证明最优)", "feasible (time limit)"),
    "status.infeasible": ("无可行解", "infeasible"),
    "status.not solved": ("未求解", "not solved"),
    "status.no solution (time limit)": ("无解 (达到时间上限)", "no solution (time limit)"),
    "status.separate plans kept": ("保留各店单独方案", "separate plans kept"),
    "status.applied": ("已生效", "applied"),
    "status.no match: outside the forecast": (
        "未生效: 不在预测时段内",
        "no match: outside the forecast",
    ),
    # ----------------------------------------------------------------- planner adjustments
    "adj.window.within_day": (
        "{start:%Y-%m-%d %H:%M} 至 {end:%H:%M}",
        "{start:%Y-%m-%d %H:%M} to {end:%H:%M}",
    ),
    "adj.window.to_midnight": (
        "{start:%Y-%m-%d %H:%M} 至 24:00",
        "{start:%Y-%m-%d %H:%M} to 24:00",
    ),
    "adj.window.days": (
        "{start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M}",
        "{start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M}",
    ),
    "adj.window.days_to_midnight": (
        "{start:%Y-%m-%d %H:%M} 至 {last:%Y-%m-%d} 24:00",
        "{start:%Y-%m-%d %H:%M} to {last:%Y-%m-%d} 24:00",
    ),
    "adj.window.whole_day": ("{date:%Y-%m-%d} 全天", "{date:%Y-%m-%d} (whole day)"),
    "adj.detail.scale": ("乘以 {factor}", "scale × {factor}"),
    "adj.detail.event": ("临时活动「{name}」, 乘以 {lift}", "event '{name}', lift × {lift}"),
    "adj.detail.day_total": ("全天总量 {total:,.10g} 次咨询", "day total {total:,.10g} inquiries"),
    "vendor.alone": (
        "外包: {shop} 单独排: {seat_hours:,.1f} 座席小时, {cost:,.0f} 元 ({status}, {seconds:.1f} 秒)",
        "vendor: {shop} alone: {seat_hours:,.1f} seat-hours, {cost:,.0f} CNY ({status}, "
        "{seconds:.1f} s)",
    ),
    "vendor.pooling": (
        "外包: 合并 {shops} 家店铺, {groups} 个座席组, {minutes} 分钟粒度: "
        "{variables:,} 个变量, {constraints:,} 个约束",
        "vendor: pooling {shops} shops in {groups} seat groups on the {minutes}-min grid: "
        "{variables:,} variables, {constraints:,} constraints",
    ),
    "vendor.pooled": (
        "外包: 合并后 {seat_hours:,.1f} 座席小时, {cost:,.0f} 元 ({status}, {seconds:.1f} 秒)",
        "vendor: pooled {seat_hours:,.1f} seat-hours, {cost:,.0f} CNY ({status}, {seconds:.1f} s)",
    ),
    "vendor.kept_separate": (
        "合并求解停在不优于各店单独方案的结果 ({status}); 保留各店单独方案",
        "the pooled solve stopped at a plan no better than the shops' separate plans "
        "({status}); the separate plans are kept",
    ),
    "vendor.no_plan": (
        "外包座席池在 {limit} 秒内没有找到方案 (状态: {status}); 请提高 solver.time_limit_seconds",
        "the vendor pool found no plan within {limit} s (status {status}); raise "
        "solver.time_limit_seconds",
    ),
    "roster.short": (
        "缺 {total:,.1f} 人时, 涉及 {n} 个时段; 最紧: {listed}。{at:%Y-%m-%d %H:%M} 时: {reasons}",
        "short of {total:,.1f} agent-hours in {n} interval(s); worst: {listed}. "
        "At {at:%Y-%m-%d %H:%M}: {reasons}",
    ),
    "roster.short_cell": (
        "{at:%Y-%m-%d %H:%M} {queue} 排 {scheduled} 人, 需 {required} 人",
        "{at:%Y-%m-%d %H:%M} {queue} {scheduled} of {required}",
    ),
    "roster.why_no_shift": (
        "当天没有{kind}班次 ({names}) 覆盖该时间",
        "no {kind} shift ({names}) covers that time that day",
    ),
    "roster.why_ft": (
        "{working} / {agents} 名全职当天上班 (每周休 {off} 天, 最多连上 {days} 天)",
        "{working} of the {agents} FT agents work that day (days off {off}/week, at most "
        "{days} days in a row)",
    ),
    "roster.why_ft_skills": (
        "按团队名单只有 {able} 名全职能接 {queue}",
        "only {able} FT agents serve {queue} by the agents file",
    ),
    "roster.why_ft_forced": (
        "没有全职能上班: 全员上班日 {days} (labour.no_days_off_phases, 含前 {lead} 天) 加上每周休 "
        "{off} 天、最多连上 {run} 天, 所有排法都在这天休息",
        "no FT agent can work that day: the all-hands days {days} (labour.no_days_off_phases, "
        "with {lead} lead day(s)), {off} days off a week and at most {run} days in a row leave "
        "every tour off",
    ),
    "roster.forced_off": (
        "{days} 没有全职能上班: 全员上班日 {all_hands} (labour.no_days_off_phases, 含前 {lead} 天) "
        "加上每周休 {off} 天、最多连上 {run} 天, 所有排法都在这些天休息, 只能由兼职和外包覆盖; "
        "可缩短 all_hands_lead_days 或 no_days_off_phases, 或在这些天开放外包班次",
        "no FT agent can work on {days}: the all-hands days {all_hands} "
        "(labour.no_days_off_phases, with {lead} lead day(s)), {off} days off a week and at "
        "most {run} days in a row leave every tour off those days, so only part-timers and "
        "outsourced agents can cover them; shorten all_hands_lead_days or "
        "no_days_off_phases, or open outsourced shifts on those days",
    ),
    "roster.why_pt_pool": (
        "兼职池 {pool} 人当天已排满",
        "the PT pool of {pool} is fully booked that day",
    ),
    "roster.why_no_pt": ("没有兼职 (pt_pool = 0)", "no part-timers (pt_pool = 0)"),
    "roster.why_pt_share": (
        "兼职工时上限为付薪工时的 {share:.0%}",
        "part-timers are capped at {share:.0%} of paid hours",
    ),
    "roster.why_out": (
        "增加外包的成本高于缺口罚金, 或违反最少预订 {days} 天",
        "more OUT agents would cost more than the shortfall penalty or break the "
        "{days}-day minimum booking",
    ),
    # ----------------------------------------------------------------- why short or idle
    # (forecaster.explain's reasons, kept in plan_summary.json in English; rendered by
    # matching these templates)
    "why.no_template": (
        "没有班次模板能覆盖 {when}: 没有哪个允许的开始时间和时长跨过这个时刻 (模板: {names})",
        "no shift template covers {when}: no allowed start and length spans that time "
        "(templates: {names})",
    ),
    "why.not_campaign": ("{day} 不是大促日", "{day} is not a campaign day"),
    "why.no_out_ran": (
        "{day} 没有外包班次 (按非大促日处理)",
        "no outsourced shift ran on {day} (taken as not a campaign day)",
    ),
    "why.out_campaign_only": (
        "外包班次 ({name}) 只能在大促日排, 而{why}; 当天在岗的自有团队 (全职 {ft}, 兼职 {pt}) "
        "覆盖不了 {when}",
        "outsourced shifts ({name}) may only run on campaign days and {why}; the in-house "
        "team on duty ({ft} FT, {pt} PT) cannot cover {when}",
    ),
    "why.cheaper_short": (
        "再排 1 人上 {name} 要 {cost:,.0f} 元, 高于它能补上的 {covered} 小时缺口罚金 "
        "(每人时 {penalty:,.0f} 元 × {covered2} 小时 = {total:,.0f} 元), 所以 {when} 留有缺口",
        "one more agent on {name} costs {cost:,.0f} CNY, more than the shortfall penalty of "
        "the {covered} h it would cover ({penalty:,.0f} CNY per agent-hour × {covered2} h = "
        "{total:,.0f} CNY), so the roster leaves {when} short",
    ),
    "why.out_min_booking": (
        "外包至少要连续预订 {days} 天 ({name}), 为 {day} 的 {hours} 小时缺口这样订太贵",
        "an outsourced agent must be booked for at least {days} days ({name}), too costly "
        "for a gap of {hours} h on {day}",
    ),
    "why.pt_pool": (
        "兼职池 {pool} 人在 {day} 已排满 (在岗 {on})",
        "the part-time pool of {pool} is fully booked on {day} ({on} on duty)",
    ),
    "why.pt_share": (
        "兼职已占付薪工时的 {share}, 达到上限 labour.pt_max_share = {cap}",
        "part-timers already have {share} of the paid hours, the cap labour.pt_max_share = {cap}",
    ),
    "why.pt_week": (
        "兼职这一周已排 {used} 小时, 达到兼职池上限 {pool} × {hours} 小时",
        "part-timers already work {used} h that week, the pool's cap of {pool} × {hours} h",
    ),
    "why.ft_all": (
        "{day} 全部 {team} 名全职都已上班",
        "all {team} full-time agents already work on {day}",
    ),
    "why.ft_days_off": (
        "{day} {ft} / {team} 名全职上班; 其余人在每周 {off} 天休息日或休息中 (最多连上 {days} 天, "
        "两班之间至少休 {rest} 小时)",
        "{ft} of the {team} full-time agents work on {day}; the others are on their {off} "
        "weekly days off or resting (at most {days} days in a row, {rest} h rest)",
    ),
    "why.solver": (
        "在 {when} 没有哪条用工规则卡住: 排班求解结束于 {status}, 间隙 {gap}",
        "no labour rule binds in the data at {when}: the roster ended {status} with gap {gap}",
    ),
    "why.spread": (
        "在岗班次在自己的队列里都没有富余 (富余分散在各队列之间)",
        "no shift on site has a surplus in its own queue here (the surplus is spread over queues)",
    ),
    "why.idle_out": (
        "{count} 名在岗外包整个班次都不需要, 这段时间外包共富余 {spare} 人时: 外包至少要连续"
        "预订 {days} 天 (labour.out_min_booking_days), 所以为前后几天的需求, {day} 也在岗",
        "{count} outsourced agent(s) on duty are not needed at any time of their shift, and "
        "outsourced agents are spare {spare} agent-hours of this block in all: agencies book "
        "outsourced agents for at least {days} days (labour.out_min_booking_days), so they "
        "stay on {day} for a need on a neighbouring day",
    ),
    "why.ft_forced_off": (
        "{day} 没有全职能上班: 全员上班日 {spans} (labour.no_days_off_phases, "
        "all_hands_lead_days = {lead}) 加上每周休 {off} 天、最多连上 {run} 天, 所有排法这天都休息; "
        "当天在岗的兼职和外包 (兼职 {pt}, 外包 {out}) 覆盖不了 {when}",
        "no full-time agent can work on {day}: the all-hands days {spans} "
        "(labour.no_days_off_phases with all_hands_lead_days = {lead}), {off} days off a week "
        "and at most {run} days in a row leave every tour off that day; the part-timers and "
        "outsourced agents on duty ({pt} PT, {out} OUT) cannot cover {when}",
    ),
    "why.idle_ft_all_hands": (
        "{count} 名在岗全职整个班次都不需要: {day} 是全员上班日 (labour.no_days_off_phases, "
        "all_hands_lead_days), 当天每位能上班的全职都排一个班",
        "{count} full-time agent(s) on duty are not needed at any time of their shift: {day} "
        "is an all-hands day (labour.no_days_off_phases, all_hands_lead_days), on which every "
        "available FT agent works a shift",
    ),
    "why.idle_ft": (
        "{count} 名在岗全职整个班次都不需要: 全职拿月薪, 每周上 {works} 天班 "
        "(7 − labour.ft_days_off_per_week = {off})",
        "{count} full-time agent(s) on duty are not needed at any time of their shift: FT are "
        "salaried and work {works} days a week (7 − labour.ft_days_off_per_week = {off})",
    ),
    "why.who": (
        "{n} 名 {queue} 客服 ({shift} {start}–{end}, {hours} 小时)",
        "{n} {queue} agent(s) on {shift} {start}–{end} ({hours} h)",
    ),
    "why.min_agents": (
        "{queue} 在 {at} 需要保底在线 min_agents = {floor} 人 (排班 {heads} 人); 满足它的班次"
        "会一直上到 {first}–{last}",
        "{queue} needs its floor of min_agents = {floor} on chat ({heads} present) at {at}; "
        "the shifts that meet it stay on through {first}–{last}",
    ),
    "why.shift_length": (
        "{who} 只在 {first}–{stop} ({hours} 小时) 被需要; 覆盖这段时间最短的班次 {name} 长 "
        "{length} 小时, 所以不需要时也还在岗",
        "{who} are needed only {first}–{stop} ({hours} h); the shortest shift that covers that "
        "time, {name}, lasts {length} h, so they stay on when they are not needed",
    ),
    "why.shift_length_kind": (
        "{who} 只在 {first}–{stop} ({hours} 小时) 被需要; 覆盖这段时间最短的{kind}班次 {name} "
        "长 {length} 小时, 所以不需要时也还在岗",
        "{who} are needed only {first}–{stop} ({hours} h); the shortest {kind} shift that "
        "covers that time, {name}, lasts {length} h, so they stay on when they are not needed",
    ),
    "why.idle_pt_pool": (
        "班次 {name} ({length} 小时) 正好覆盖 {queue} 的高峰 {first}–{stop}, 但兼职池 {pool} 人"
        "已排满, 只能用更长的班次覆盖, 多出的时间闲置",
        "a {name} block ({length} h) would fit the {queue} peak {first}–{stop}, but the "
        "part-time pool of {pool} is fully booked, so longer shifts cover it and sit idle",
    ),
    "why.idle_pt_share": (
        "班次 {name} ({length} 小时) 正好覆盖 {queue} 的高峰 {first}–{stop}, 但兼职工时已达上限 "
        "labour.pt_max_share = {cap}",
        "a {name} block ({length} h) would fit the {queue} peak {first}–{stop}, but "
        "part-timers are at the cap of labour.pt_max_share = {cap} of paid hours",
    ),
    "why.idle_ft_all": (
        "班次 {name} ({length} 小时) 正好覆盖 {queue} 的需求 {first}–{stop}, 但 {day} 全部 {team} "
        "名全职都已上班, 所以由 {who} 覆盖并超出所需",
        "a {name} shift ({length} h) would fit the {queue} need {first}–{stop}, but all "
        "{team} full-time agents already work on {day}, so {who} cover it and outlast it",
    ),
    "why.idle_ft_contract": (
        "全职拿月薪, 每周上 {works} 天班; {day} {who} 覆盖 {queue} 的需求 {first}–{stop} 后仍在岗",
        "full-time agents are salaried and work {works} days a week; on {day} {who} cover the "
        "{queue} need {first}–{stop} and outlast it",
    ),
    "why.idle_solver_saved": (  # the wording of plans saved before 2026-12-07
        "另有班次 ({name}, {length} 小时) 能覆盖这个高峰; 排班求解结束于 {status}, 间隙 {gap}",
        "a shorter shift ({name}, {length} h) would fit the peak; the roster ended {status} "
        "with gap {gap}",
    ),
    "why.idle_solver": (
        "另有班次 ({name}, {length} 小时) 能覆盖这个高峰; 排班求解结束于 {status}, 间隙 {gap}",
        "another shift ({name}, {length} h) would fit the peak; the roster ended {status} "
        "with gap {gap}",
    ),
    # ----------------------------------------------------------------- scenarios
    "sc.forecast_shared": (
        "{n} 个情景共用一次预测, 用时 {seconds:.1f} 秒",
        "forecast shared by {n} scenarios in {seconds:.1f} s",
    ),
    "sc.planning": (
        "正在用 {count} 个进程计算 {n} 个情景",
        "planning {n} scenarios with {count} process{count!e}",
    ),
    "sc.failed": (
        "[{done}/{n}] {name}: 失败, 用时 {seconds:.0f} 秒: {error}",
        "[{done}/{n}] {name}: failed in {seconds:.0f} s: {error}",
    ),
    "sc.done": (
        "[{done}/{n}] {name}: 成本 {cost:,.0f} 元, 付薪工时 {paid:,.0f}, "
        "仿真服务水平 {sl:.1%} ({seconds:.0f} 秒)",
        "[{done}/{n}] {name}: cost {cost:,.0f} CNY, {paid:,.0f} paid hours, simulated "
        "service level {sl:.1%} ({seconds:.0f} s)",
    ),
    # ----------------------------------------------------------------- backtest
    "sc.line": ("  情景 {name}: {line}", "  scenario {name}: {line}"),
    "bt.last_year_fallback": (
        "去年同期模型: 历史中没有 {event} 一年前的同期数据, {share:.0%} 的时段改用上周同时段 "
        "(与 seasonal_naive 相同)",
        "last_year: the history holds nothing a year before {event}; for {share:.0%} of the "
        "intervals it forecasts the same interval last week (as seasonal_naive)",
    ),
    "bt.fitted": (
        "{origin} ({start:%Y-%m-%d} 起预测): {model} 模型用时 {seconds:.1f} 秒",
        "{origin} {start:%Y-%m-%d}: {model} in {seconds:.1f} s",
    ),
    "bt.history_ends": (
        "历史数据止于 {last:%Y-%m-%d %H:%M}, 早于评估窗口结束日 {end:%Y-%m-%d}; 没有实际数据的时段不计分",
        "history ends {last:%Y-%m-%d %H:%M}, before the window's end {end:%Y-%m-%d}; "
        "intervals without actuals are not scored",
    ),
    # ----------------------------------------------------------------- review
    "rv.aligning": ("正在把实际数据对齐到方案的时间格", "aligning the actuals to the plan grid"),
    "rv.staffing": ("正在按实际咨询量计算人力需求", "staffing the actual inquiries"),
    "rv.simulating": (
        "正在用实际咨询量仿真排班 ({n} 次重复)",
        "simulating the roster on the actuals ({n} replications)",
    ),
    "rv.other_queue": (
        "  提示: 实际数据里的队列 {queue} 不在方案里 ({rows:,} 行), 不参与复盘",
        "  note: the actuals' queue {queue} is not in the plan ({rows:,} rows); left out of "
        "the review",
    ),
    "rv.done": (
        "复盘: 比较了 {n:,} 个时段, WAPE {wape}, 人手不足 {under} 个时段, 仿真服务水平 {sl}",
        "review: {n:,} intervals compared, WAPE {wape}, {under} under-served, "
        "simulated service level {sl}",
    ),
    # ----------------------------------------------------------------- command line
    "cli.roster_column": (
        "{path}: 缺少列 {column} (应为排班命令写出的 coverage.csv)",
        "{path}: no column {column} (expected the coverage.csv forecaster roster writes)",
    ),
    "cli.roster_cell": (
        "{path} 第 {row} 行, {column} 列: 必须是非负数, 实际为 {value!r}",
        "{path} row {row}, column {column}: must be a non-negative number, got {value!r}",
    ),
    "cli.reading": ("正在读取 {path}", "reading {path}"),
    "cli.fitting": (
        "正在用 {start:%Y-%m-%d %H:%M} 之前的历史拟合预测模型: {model}",
        "fitting the {model} model on history before {start:%Y-%m-%d %H:%M}",
    ),
    "cli.applying": (
        "正在应用 {path} 中的 {n} 条调整",
        "applying {n} adjustment(s) from {path}",
    ),
    "cli.campaign_days": (
        "计划区间内有 {n} 个大促日 (来自 {source})",
        "{n} campaign day(s) in the horizon from {source}",
    ),
    "cli.history_ends": (
        "提示: 历史数据截至 {last:%Y-%m-%d}, 比 --start 早 {days} 天",
        "note: the history ends {last:%Y-%m-%d}, {days} days before --start",
    ),
    "cli.plan_line": (
        "方案 {start} 至 {end}: 咨询 {inquiries:,.0f} 次, 峰值在线 {peak:,.0f} 人, "
        "付薪工时 {paid:,.0f}, 成本 {cost:,.0f} 元, 仿真服务水平 {sl:.1%}, 用时 {seconds:.0f} 秒",
        "plan {start} to {end}: {inquiries:,.0f} inquiries, peak {peak:,.0f} agents on chat, "
        "{paid:,.0f} paid hours, cost {cost:,.0f} CNY, simulated service level {sl:.1%}, "
        "in {seconds:.0f} s",
    ),
    "cli.wrote": (
        "已写入 {n} 个文件到 {path} (请打开 {report})",
        "wrote {n} files into {path} (open {report})",
    ),
    "cli.wrote_plain": ("已写入 {n} 个文件到 {path}", "wrote {n} files into {path}"),
    "cli.error": ("forecaster {command}: 错误: {text}", "forecaster {command}: error: {text}"),
    "cli.interrupted": ("forecaster: 已中断", "forecaster: interrupted"),
    "cli.warning": ("  注意: {text}", "  warning: {text}"),
    "cli.no_holidays": (
        "提示: 没有 {years} 年的中国节假日安排 (chinesecalendar): 这些节假日按普通日预测",
        "note: no Chinese holiday schedule for {years} (chinesecalendar): its holidays are "
        "forecast as ordinary days",
    ),
    "cli.wrote_forecast": (
        "已写入 {path}: {rows:,} 行 ({queues}), {start} 至 {end}, 用时 {seconds:.1f} 秒",
        "wrote {path}: {rows:,} rows ({queues}), {start} to {end}, {seconds:.1f} s",
    ),
    "cli.wrote_files": ("已写入 {paths}", "wrote {paths}"),
    "cli.wrote_rows": (
        "已写入 {path}: {rows:,} 行, 用时 {seconds:.1f} 秒",
        "wrote {path}: {rows:,} rows in {seconds:.1f} s",
    ),
    "cli.wrote_sim": (
        "已写入 {path}: {rows:,} 行, {replications} 次重复, 用时 {seconds:.1f} 秒",
        "wrote {path}: {rows:,} rows, {replications} replications, {seconds:.1f} s",
    ),
    "cli.backtest": (
        "{event} 回测: 各预测起点与模型的 p50 WAPE / 偏差 / P10-P90 覆盖率",
        "backtest of {event}: WAPE of p50 / bias / P10-P90 coverage per origin and model",
    ),
    "cli.backtest_row": (
        "  {origin} {model} {queue} WAPE {wape:.3f}  偏差 {bias:+.3f}  覆盖率 {coverage:.2f}",
        "  {origin} {model} {queue} wape {wape:.3f}  bias {bias:+.3f}  coverage {coverage:.2f}",
    ),
    "cli.phase_hours_no_calendar": (
        "提示: {queues} 设有分阶段服务时间 (phase_service_hours), 但未给出 --calendar: "
        "只按 service_hours 排班",
        "note: {queues} ha{queues!v} phase_service_hours but no --calendar was given: only "
        "service_hours apply",
    ),
    "cli.bundled_calendar": (
        "注意: 未给出 --calendar, 使用自带的 618/双11 日历 ({path}, 天猫 2022 年起的活动时间); "
        "本店的活动时间不同时请用 --calendar 指定本店日历, 没有大促时传 --calendar ''",
        "note: no --calendar, so the bundled 618/双11 calendar is used ({path}, Tmall's "
        "campaign dates from 2022); give this shop's calendar with --calendar where its dates "
        "differ, or --calendar '' when it has no campaigns",
    ),
    "cli.backtest_needs_calendar": (
        "回测需要 --calendar (大促日历)",
        "backtest needs --calendar (the campaign calendar)",
    ),
    "cli.staff_peak": (
        "{queue}: 峰值在线 {agents} 人 (排班人数 {headcount}), 在 {at:%Y-%m-%d %H:%M}, "
        "共 {hours:,.0f} 人时",
        "{queue}: peak {agents} agents on chat ({headcount} headcount) at "
        "{at:%Y-%m-%d %H:%M}, {hours:,.0f} agent-hours",
    ),
    "cli.decided_by": ("  各时段人数由以下条件决定: {counts}", "  intervals decided by: {counts}"),
    "cli.count": ("{label} {n:,}", "{label} {n:,}"),
    "binding.service_level": ("服务水平", "service_level"),
    "binding.occupancy": ("占用率上限", "occupancy"),
    "binding.abandonment": ("放弃率上限", "abandonment"),
    "binding.min_agents": ("最少在线人数", "min_agents"),
    "binding.none": ("无需人工", "none"),
    "binding.closed": ("非服务时间", "closed"),
    "val.phase_overlap": (
        "{source} 第 {first} 行和第 {second} 行: {event} {phase!h} 与 {other_event} "
        "{other_phase!h} 重叠 ({start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M})",
        "{source} rows {first} and {second}: {event} {phase} overlaps {other_event} "
        "{other_phase} ({start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M})",
    ),
    "val.phase_duplicate": (
        "{source} 第 {first} 行和第 {second} 行: {event} {phase!h} 与 {other_event} "
        "{other_phase!h} 重复 ({start:%Y-%m-%d %H:%M} 至 {end:%Y-%m-%d %H:%M})",
        "{source} rows {first} and {second}: {event} {phase} duplicates phase {other_phase} "
        "of {other_event} ({start:%Y-%m-%d %H:%M} to {end:%Y-%m-%d %H:%M})",
    ),
    "pipe.cap_decides": (
        "{queue}: {share:.0%} 的服务时段的人数由「{cap}」决定, 而不是服务水平目标 {target:.0%}, "
        "所以仿真服务水平会高于目标; 这是设置使然, 不是排多了",
        "{queue}: {cap} decided the agents in {share:.0%} of open intervals, not the "
        "{target:.0%} service-level target, so the simulated service level runs above it "
        "by design, not from overstaffing",
    ),
    "pipe.outside_hours": (
        "{queue}: {n:,.0f} 次人工咨询 ({share:.1%}) 落在服务时间之外, 仅机器人接待, 最多在 "
        "{at:%Y-%m-%d %H:%M} ({most:,.0f} 次); 仿真服务水平只计服务时间内。放宽 service_hours "
        "或 phase_service_hours 才会为它们排班",
        "{queue}: {n:,.0f} human inquiries ({share:.1%}) fall outside service hours and get the "
        "bot only, most at {at:%Y-%m-%d %H:%M} ({most:,.0f}); the simulated service level "
        "counts open hours only. Widen service_hours or phase_service_hours to staff them",
    ),
    "cli.outside_hours": (
        "  提示: {n:,.0f} 次人工咨询落在 {queue} 的服务时间之外 (仅机器人接待), 最多在 "
        "{at:%Y-%m-%d %H:%M} ({most:,.0f} 次); 放宽 service_hours (或配合 --calendar 使用 "
        "phase_service_hours) 才会为它们排班",
        "  note: {n:,.0f} human inquiries fall outside {queue}'s service hours (bot only), "
        "most at {at:%Y-%m-%d %H:%M} ({most:,.0f}); widen service_hours (or "
        "phase_service_hours, with --calendar) to staff them",
    ),
    "cli.simulated": (
        "{queue}: 仿真服务水平总体 {overall:.3f} (目标 {target:.2f}), 最差 {worst:.3f} 在 "
        "{at:%Y-%m-%d %H:%M}; {below} 个时段低于目标 5 个百分点以上; 放弃 {abandoned:,.0f} 次",
        "{queue}: simulated service level {overall:.3f} overall (target {target:.2f}), worst "
        "{worst:.3f} at {at:%Y-%m-%d %H:%M}; {below} interval(s) more than 5 points below "
        "target; {abandoned:,.0f} abandoned",
    ),
    "cli.roster": (
        "排班{status} ({solver}, {seconds:.1f} 秒, 间隙 {gap}): 成本 {cost:,.0f} 元, 付薪工时 "
        "{paid:,.0f}, 需求在岗人时 {required:,.0f}; 人数 {headcount}",
        "roster {status} ({solver}, {seconds:.1f} s, gap {gap}): cost {cost:,.0f} CNY, "
        "{paid:,.0f} paid hours for {required:,.0f} required agent-hours present; headcount "
        "{headcount}",
    ),
    "cli.saved": (
        "已保存为方案 {id} ({name}), 方案库 {url}",
        "saved as plan {id} ({name}) in {url}",
    ),
    "cli.no_plans": ("方案库 {url} 中没有方案", "no saved plans in {url}"),
    "cli.plan_count": ("共 {n} 个方案, 方案库 {url}", "{n} plan(s) in {url}"),
    "cli.show_plan": ("方案 {id}: {name}, 保存于 {saved}", "plan {id}: {name}, saved {saved}"),
    "cli.show_note": ("  备注: {text}", "  note: {text}"),
    "cli.show_horizon": ("  计划区间 {start} 至 {end}", "  horizon {start} to {end}"),
    "cli.show_input": ("  {input}: {source} sha256 {sha}", "  {input}: {source} sha256 {sha}"),
    "input.history": ("历史数据", "history"),
    "input.calendar": ("大促日历", "calendar"),
    "input.config": ("排班配置", "config"),
    "cli.show_figures": (
        "  预测咨询 {inquiries:,} 次, 峰值在线 {peak} 人, 付薪工时 {paid:,.0f}, 人数 {headcount}",
        "  {inquiries:,} inquiries forecast, peak {peak} agents on chat, {paid:,.0f} paid "
        "hours, headcount {headcount}",
    ),
    "cli.show_cost": (
        "  人工成本 {cost:,.0f} 元 (每次咨询 {per:.2f} 元), 仿真服务水平 {sl:.1%}, "
        "缺口 {shortfall:,.1f} 人时",
        "  labour cost {cost:,.0f} CNY ({per:.2f} per inquiry), simulated service level "
        "{sl:.1%}, shortfall {shortfall:,.1f} agent-hours",
    ),
    "cli.show_status": (
        "  {n} 条人工调整; 排班{status}",
        "  {n} adjustment(s); roster {status}",
    ),
    "audit.save": ("保存", "saved"),
    "audit.delete": ("删除", "deleted"),
    "cli.range": ("{start} 至 {end}", "{start} to {end}"),
    "cli.no_audit": (
        "方案库 {url} 中没有保存或删除的记录",
        "no saves or deletions recorded in {url}",
    ),
    "cli.deleted": ("已从 {url} 删除方案 {id}", "deleted plan {id} from {url}"),
    "cli.exported": (
        "已导出方案 {id}: {n} 个文件到 {path}",
        "exported plan {id}: {n} files into {path}",
    ),
    "cli.review": (
        "方案 {id} ({name}) 对照 {source} 的复盘: {figures}",
        "review of plan {id} ({name}) against {source}: {figures}",
    ),
    "cli.figure": ("{label} {value}", "{label} {value}"),
    "review.wape": ("预测 WAPE", "forecast WAPE"),
    "review.bias": ("偏差", "bias"),
    "review.under_served_intervals": ("人手不足时段", "under-served intervals"),
    "review.over_staffed_cost": ("冗余人力成本 (元)", "over-staffing cost CNY"),
    "review.simulated_service_level": ("仿真服务水平", "simulated service level"),
    "cli.scenario_failed": (
        "  注意: 情景 {name} 无法计算: {error}",
        "  warning: scenario {name} could not be planned: {error}",
    ),
    "cli.compared": (
        "已对比 {n} 个情景, 用时 {seconds:.0f} 秒; 已写入 {paths}, 每个情景一个方案目录",
        "compared {n} scenarios in {seconds:.0f} s; wrote {paths} and one plan directory per "
        "scenario",
    ),
    "cli.demo": (
        "演示: 示例店铺的双11 2025, 2025-10-08 至 2025-11-16",
        "demo: the bundled sample shop's 双11 2025, 2025-10-08 to 2025-11-16",
    ),
    "cli.app": (
        "正在启动排班应用: {url} (按 Ctrl+C 停止)",
        "Starting the planner app on {url} (Ctrl+C to stop)",
    ),
    "cli.app_open": (
        "注意: 应用监听 {address}, 网络上的其他电脑也能打开; 应用没有登录, "
        "任何能访问的人都能看到上传的数据并删除保存的方案。只在可信的内网这样使用, "
        "或在 .streamlit/secrets.toml 中配置 '[auth]' 登录",
        "warning: the app listens on {address}, so other machines on the network can open it; "
        "it has no sign-in, so anyone who reaches it sees the uploaded data and can delete "
        "saved plans. Do this on a trusted network only, or configure sign-in ([auth] in "
        ".streamlit/secrets.toml)",
    ),
    "cli.app_sign_in": (
        "应用监听 {address}; 已配置登录 ({path} 中的 '[auth]'): 方案的保存人才能删除它",
        "the app listens on {address}; sign-in is configured ([auth] in {path}): only who "
        "saved a plan can delete it",
    ),
    "cli.fleet_done": (
        "已规划 {n} 个店铺: 成功 {ok} 个, 失败 {failed} 个, 沿用上次结果 {kept} 个, 用时 {seconds:.0f} 秒",
        "planned {n} shop{n!p}: {ok} ok, {failed} failed, {kept} kept from the last run, in "
        "{seconds:.0f} s",
    ),
    "cli.fleet_failed": ("  店铺 {shop} 失败: {reason}", "  shop {shop} failed: {reason}"),
    "cli.fleet_wrote": (
        "已写入 {summary} 和 {report}, 每个店铺一个目录在 {shops}",
        "wrote {summary} and {report}, one folder per shop in {shops}",
    ),
    # ----------------------------------------------------------------- fleet (many shops)
    "fleet.starting": (
        "正在规划 {n} 个店铺 (到“{stage}”为止), 使用{where}",
        "planning {n} shop{n!p} up to the {stage} stage on {where}",
    ),
    "fleet.local": ("本机 {workers} 个工作进程", "{workers} local worker process{workers!e}"),
    "fleet.cluster": (
        "集群 {address} 的 {workers} 个工作进程",
        "{workers} worker{workers!p} of the cluster at {address}",
    ),
    "fleet.vendor_pooling": (
        "正在为外包服务商合并 {n} 个店铺的外包座席 ([vendor] shared_out = true)",
        "pooling the outsourced seats of {n} shop{n!p} for the vendor ([vendor] shared_out = true)",
    ),
    "fleet.vendor_skipped": (
        "店铺 {shop} 不参与座席合并: {reason}",
        "shop {shop} left out of the seat pool: {reason}",
    ),
    "cli.fleet_vendor": (
        "外包座席: 合并后 {pooled:,.1f} 座席小时, 各店铺单独订为 {separate:,.1f}, 节省 {saving:,.1f} "
        "座席小时 ({share:.1%}), 成本节省 {cost:,.0f} 元; 订单写入 {path}",
        "vendor seats: {pooled:,.1f} seat-hours pooled against {separate:,.1f} with every shop "
        "booking alone, {saving:,.1f} seat-hours saved ({share:.1%}), {cost:,.0f} CNY; order "
        "in {path}",
    ),
    "fleet.kept": (
        "{n} 个店铺的输入与上次相同, 沿用上次的结果 (--resume)",
        "{n} shop{n!p} unchanged since the last run: kept (--resume)",
    ),
    "fleet.tally": (
        "[{finished}/{total}] 成功 {ok}, 失败 {failed}, 进行中 {running}{steps}, 排队 {queued}",
        "[{finished}/{total}] ok {ok}, failed {failed}, running {running}{steps}, queued {queued}",
    ),
    "fleet.steps": (" ({items})", " ({items})"),
    "fleet.shop_ok": (
        "{tally} · {shop} 完成, 用时 {seconds:.0f} 秒",
        "{tally} · {shop} ok in {seconds:.0f} s",
    ),
    "fleet.shop_failed": ("{tally} · {shop} 失败: {reason}", "{tally} · {shop} failed: {reason}"),
    "fleet.step.validate": ("校验", "validate"),
    "fleet.step.forecast": ("预测", "forecast"),
    "fleet.step.staff": ("人力需求", "staff"),
    "fleet.step.roster": ("排班", "roster"),
    "fleet.step.simulate": ("仿真", "simulate"),
    "fleet.step.plan": ("完整方案", "plan"),
    "fleet.status.ok": ("成功", "ok"),
    "fleet.status.failed": ("失败", "failed"),
    "fleet.worker_lost": (
        "规划这个店铺的工作进程反复退出, 已放弃 ({why})",
        "the workers planning this shop kept dying; given up ({why})",
    ),
    "fleet.task_error": (
        "任务无法在工作进程上运行 ({why})",
        "the task could not run on a worker ({why})",
    ),
    "fleet.err_no_dir": (
        "--shops {path}: 找不到这个文件夹或 shops.csv",
        "--shops {path}: no such folder or shops.csv",
    ),
    "fleet.err_no_shops": (
        "--shops {path}: 没有找到店铺 (每个店铺一个文件夹, 内含 history.csv、history.csv.gz 或 "
        "history.xlsx; 或者一个 shops.csv 清单)",
        "--shops {path}: no shops found (one folder per shop holding history.csv, "
        "history.csv.gz or history.xlsx, or a shops.csv manifest)",
    ),
    "fleet.err_horizon_both": (
        "请给出 --start 和 --end, 或者 --event, 不能同时给出",
        "give --start and --end, or --event, not both",
    ),
    "fleet.err_horizon_none": (
        "请给出计划区间: --start 和 --end, 或者 --event (如 “双11 2025”)",
        "give the horizon: --start and --end, or --event (e.g. '双11 2025')",
    ),
    "fleet.err_end_before": (
        "--end 不能早于 --start, 实际为 {start} 至 {end}",
        "--end must not be before --start, got {start} to {end}",
    ),
    "fleet.err_stage": (
        "--stage 必须是 forecast、staff 或 plan, 实际为 {stage}",
        "--stage must be one of forecast, staff, plan, got {stage}",
    ),
    "fleet.err_scheduler": (
        "--scheduler {address}: {seconds:.0f} 秒内无法连接到调度器 ({why})",
        "--scheduler {address}: cannot reach the scheduler within {seconds:.0f} s ({why})",
    ),
    "fleet.err_address": (
        "--scheduler {address}: 必须是调度器地址, 如 tcp://10.0.0.5:8786 ({why})",
        "--scheduler {address}: must be a scheduler address such as tcp://10.0.0.5:8786 ({why})",
    ),
    "fleet.err_no_workers": (
        "--scheduler {address}: 调度器在 {seconds:.0f} 秒内没有可用的工作进程 (先启动 dask worker)",
        "--scheduler {address}: the scheduler has no workers after {seconds:.0f} s (start "
        "dask worker first)",
    ),
    "fleet.err_manifest_column": (
        "{source}: 缺少 “{column}” 列; 现有列: {found}",
        "{source}: missing column {column}; found {found}",
    ),
    "fleet.err_manifest_name": (
        "{source} 第 {row} 行: 店铺名 {name} 不能为空、不能重复、不能含路径分隔符或以 . 开头",
        "{source} row {row}: shop name {name} must be non-empty, unique, without path "
        "separators and not start with a dot",
    ),
    "fleet.err_no_history": (
        "{source}: 找不到历史数据文件 (需要 history.csv、history.csv.gz 或 history.xlsx 之一)",
        "{source}: no history file (expected history.csv, history.csv.gz or history.xlsx)",
    ),
    "fleet.err_two_histories": (
        "{source}: 有多个历史数据文件 ({names}), 请只保留一个",
        "{source}: more than one history file ({names}); keep one",
    ),
    "fleet.err_no_event": (
        "{source}: 大促日历中没有活动 {event}; 现有活动: {events}",
        "{source}: event {event} is not in the calendar; events: {events}",
    ),
    "fleet.err_event_no_calendar": (
        "{source}: 没有大促日历 (calendar.csv), 无法找到活动 {event}",
        "{source}: no campaign calendar (calendar.csv) to find event {event} in",
    ),
    "fleet.err_internal": (
        "{source}: 内部错误 (环节: {step}): {why}",
        "{source}: internal error (step {step}): {why}",
    ),
    "fleet.err_write": (
        "{path}: 无法写入店铺结果 ({why})",
        "{path}: cannot write the shop's results ({why})",
    ),
    "fleet.err_all_failed": (
        "{n} 个店铺全部失败; 各店铺的原因见 {path}",
        "all {n} shop{n!p} failed; see each shop's reason in {path}",
    ),
    "fleet.err_zip_bad": (
        "{source}: 不是可用的 zip 压缩包 ({why})",
        "{source}: not a usable zip archive ({why})",
    ),
    "fleet.err_zip_unsafe": (
        "{source}: 已拒绝: 文件 {path} 的路径是绝对路径、含 .. 或符号链接, 会写到文件夹之外",
        "{source}: refused: entry {path} is an absolute path, a link or leaves the folder (..)",
    ),
    "fleet.err_zip_many": (
        "{source}: 已拒绝: 压缩包有 {n} 个文件, 最多 {limit} 个",
        "{source}: refused: {n} entries in the archive, at most {limit}",
    ),
    "fleet.err_zip_big": (
        "{source}: 已拒绝: 解压后超过 {mb:,.0f} MB",
        "{source}: refused: more than {mb:,.0f} MB once unpacked",
    ),
    "fleet.err_zip_empty": (
        "{source}: 压缩包里没有店铺文件 (history.csv、calendar.csv、plan.toml 或 shops.csv)",
        "{source}: no shop files in the archive (history.csv, calendar.csv, plan.toml or "
        "shops.csv)",
    ),
    "fleet.report.title": ("多店铺排班总览", "Fleet plan overview"),
    "fleet.report.run": (
        "{n} 个店铺, 到“{stage}”为止: 成功 {ok} 个, 失败 {failed} 个 (其中沿用上次结果 {kept} 个)",
        "{n} shop{n!p} up to the {stage} stage: {ok} ok, {failed} failed ({kept} kept from "
        "the last run)",
    ),
    "fleet.report.totals": ("成功店铺合计: {figures}", "Shops planned, together: {figures}"),
    "fleet.total.inquiries": ("预测咨询 {value:,.0f} 次", "{value:,.0f} inquiries forecast"),
    "fleet.total.peak": ("峰值在线人数之和 {value:,.0f}", "{value:,.0f} agents at their peaks"),
    "fleet.total.agent_hours": (
        "在线需求人时 {value:,.0f}",
        "{value:,.0f} agent-hours required on chat",
    ),
    "fleet.total.paid": ("付薪工时 {value:,.0f}", "{value:,.0f} paid hours"),
    "fleet.total.cost": ("人工成本 {value:,.0f} 元", "labour cost {value:,.0f} CNY"),
    "fleet.report.failed": ("失败的店铺", "Failed shops"),
    "fleet.report.ranked": ("按风险排序的店铺", "Shops ranked by risk"),
    "fleet.report.ranking": (
        "排序: 仿真服务水平低于目标最多的店铺在前, 其次是缺口人时最多的, 再次是预测咨询量与去年同期"
        "相比变化最大的。去年同期是往前 52 周的同一区间 (星期对齐), 仅在历史数据覆盖时计算。"
        "标红: 低于目标、有缺口、变化超过 {change:.0%}。",
        "Order: the simulated service level furthest below its target first, then the largest "
        "shortfall, then the largest change of forecast inquiries against the same window last "
        "year (52 weeks earlier, weekdays aligned; only where the history covers it). Marked: "
        "below target, any shortfall, a change beyond {change:.0%}.",
    ),
    "fleet.report.ranking_volume": (
        "排序: 预测咨询量与去年同期相比变化最大的店铺在前。去年同期是往前 52 周的同一区间 "
        "(星期对齐), 仅在历史数据覆盖时计算。标红: 变化超过 {change:.0%}。",
        "Order: the largest change of forecast inquiries against the same window last year "
        "first (52 weeks earlier, weekdays aligned; only where the history covers it). Marked: "
        "a change beyond {change:.0%}.",
    ),
    "fleet.report.none": ("没有成功的店铺。", "No shop was planned."),
    "fleet.report.link": ("报告", "report"),
    "fleet.col.rank": ("排名", "Rank"),
    "fleet.col.shop": ("店铺", "Shop"),
    "fleet.col.status": ("状态", "Status"),
    "fleet.col.stage": ("环节", "Step"),
    "fleet.col.reason": ("原因", "Reason"),
    "fleet.col.horizon": ("计划区间", "Horizon"),
    "fleet.col.inquiries": ("预测咨询量", "Inquiries forecast"),
    "fleet.col.last_year": ("去年同期", "Same window last year"),
    "fleet.col.change": ("同比变化", "Change"),
    "fleet.col.peak_agents": ("峰值在线人数", "Peak agents"),
    "fleet.col.agent_hours": ("在线需求人时", "Agent-hours on chat"),
    "fleet.col.paid_hours": ("付薪工时", "Paid hours"),
    "fleet.col.headcount": ("全职 / 兼职 / 外包", "FT / PT / OUT"),
    "fleet.col.cost": ("人工成本 (元)", "Labour cost (CNY)"),
    "fleet.col.sl": ("仿真服务水平 (目标)", "Simulated service level (target)"),
    "fleet.col.shortfall": ("缺口人时", "Shortfall agent-hours"),
    "fleet.col.worst": ("最差时段", "Worst interval"),
    "fleet.col.grid": ("计划粒度 (分钟)", "Grid (min)"),
    "fleet.col.seconds": ("用时 (秒)", "Seconds"),
    # ----------------------------------------------------------------- input errors
    # (raised with their English text; rendered by matching these templates)
    "err.not_found": ("{source}: 找不到文件 ({path})", "{source}: file not found ({path})"),
    "err.directory": (
        "{source}: 这是一个文件夹, 需要的是文件 ({path})",
        "{source}: is a directory, expected a file ({path})",
    ),
    "err.unreadable": ("{source}: 无法读取 ({why})", "{source}: cannot be read ({why})"),
    "err.decode": (
        "{source}: 无法按 UTF-8 或 GBK/GB18030 文本解码",
        "{source}: cannot decode the file as UTF-8 or GBK/GB18030 text",
    ),
    "err.excel": (
        "{source}: 无法读取 Excel 工作簿 ({why})",
        "{source}: cannot read the Excel workbook ({why})",
    ),
    "err.sheets_empty": (
        "{source}: 工作簿的每个工作表都是空的",
        "{source}: every sheet of the workbook is empty",
    ),
    "err.cells": (
        "{source} 第 {row} 行: 有 {got} 个单元格, 表头有 {want} 个",
        "{source} row {row}: has {got} cells, the header has {want}",
    ),
    "err.not_csv": (
        "{source}: 不是有效的 CSV 表格 ({why})",
        "{source}: not a valid CSV table ({why})",
    ),
    "err.no_table": ("{source}: 文件中没有表格", "{source}: the file has no table"),
    "err.gzip": ("{source}: gzip 文件已损坏 ({why})", "{source}: broken gzip file ({why})"),
    "err.too_big": (
        "{source}: 文件(解压后)超过 {mb} MB 的上限; 请只导出需要的日期, 或设置 {variable} 提高上限",
        "{source}: the file holds more than {mb} MB (unpacked), the limit; export only the "
        "dates you need, or raise the limit with {variable}",
    ),
    "err.too_many_rows": (
        "{source}: 有 {n:,} 行, 超过 {limit:,} 行的上限; 请只导出需要的日期, 或设置 {variable} 提高上限",
        "{source}: has {n:,} rows, more than the limit of {limit:,}; export only the dates you "
        "need, or raise the limit with {variable}",
    ),
    "err.too_many_columns": (
        "{source}: 有 {n:,} 列, 超过 {limit:,} 列的上限; 请删除表格右侧多余的单元格, 或设置 {variable} 提高上限",
        "{source}: has {n:,} columns, more than the limit of {limit:,}; delete the stray cells "
        "right of the table, or raise the limit with {variable}",
    ),
    "err.sheet_too_wide": (
        "{source}: 工作表 {sheet} 的已用区域是 {range} ({n:,} 列, 上限 {limit:,} 列); 请删除表格右侧多余的单元格后另存, 或另存为 CSV, 或设置 {variable} 提高上限",
        "{source}: sheet {sheet} uses {range} ({n:,} columns, more than the limit of "
        "{limit:,}); delete the stray cells right of the table and save again, save it as "
        "CSV, or raise the limit with {variable}",
    ),
    "val.lookalike_queues": (
        "{source}: 队列 {names} 只差大小写、全角半角或空格, 按不同的队列处理; 如果是同一个队列, "
        "请在导出中统一名称",
        "{source}: queues {names} differ only in case, width or spaces and are kept apart; if "
        "they are one queue, give them one name in the export",
    ),
    "val.western": (
        "{source}: 不是 UTF-8 或 GBK 编码, 按西欧文字 (Windows-1252/Latin-1) 读取; "
        "如果队列名显示不对, 请另存为 UTF-8 的 CSV",
        "{source}: not UTF-8 or GBK text; read as Western European (Windows-1252/Latin-1): "
        "if queue names look wrong, save the file as UTF-8 CSV",
    ),
    "val.spike": (
        "{source} 第 {rows} 行: 队列 {queue} 的咨询量 (最高 {top:,}) 超过该队列第 99 百分位的 "
        "{factor:.0f} 倍, 不太可信 (录入错误? 机器人刷量?); 请核对, 预测会把这样的日子排除在拟合之外",
        "{source} rows {rows}: queue {queue} has counts (up to {top:,}) over {factor:.0f} times "
        "its 99th percentile, which is implausible (a typo? a bot flood?); check them: the "
        "forecast leaves such days out of its fits",
    ),
    "val.silent_queue": (
        "{source}: 队列 {queues} 在整个文件中没有咨询 (全部为 0); 请在导出中去掉该队列, 或导出它的咨询量",
        "{source}: queue {queues} has no inquiries in the whole file (every count is 0); "
        "leave it out of the export, or export its counts",
    ),
    "fc.no_past_campaign": (
        "历史数据中没有已结束的往期大促: 大促阶段按普通日预测, 区间较宽",
        "the history holds no complete past campaign: campaign phases are forecast as "
        "ordinary days, with wide bands",
    ),
    "fc.borrowed_curves": (
        "队列 {queue} 的历史中没有往期大促: 借用队列 {donor} 的大促提升曲线",
        "queue {queue} has no past campaign in the history: it borrows the campaign lifts of "
        "queue {donor}",
    ),
    "fc.freak_days": (
        "历史数据队列 {queue}: {count} 天的咨询总量超过普通日中位数的 {factor:.0f} 倍 (例如 {day}: "
        "{total:,.0f}), 不计入普通日的拟合; 如是导出错误请更正",
        "history queue {queue}: {count} day(s) over {factor:.0f} times the median ordinary day "
        "(e.g. {day}: {total:,.0f}) are left out of the ordinary-day fit; correct the export "
        "if that is an error",
    ),
    "fc.backlog_days": (
        "历史数据队列 {queue}: 节假日停业后的第一个工作日还要处理积压, 每停业一个工作日约多出平常一天的 "
        "{share:.0%} (从 {days} 个这样的日子学得, 如 {day}), 大多在 {peak} 前后; 这些日子不计入普通日的拟合",
        "history queue {queue}: the first day back after closed holidays also serves their "
        "backlog, about {share:.0%} of an ordinary day per holiday working day closed (learned "
        "from {days} such days, e.g. {day}), most of it around {peak}; those days are left out "
        "of the ordinary-day fit",
    ),
    "fc.excess_by_day": (
        "历史数据队列 {queue}: 过往大促带来的额外咨询不随星期几和节假日起伏 (日常周末、节假日的高低只有约 "
        "{share:.0%} 传到大促的额外咨询上, 由过往各阶段同一天落在不同星期几估计); 预测按此处理, "
        "例如周末的大促额外量不按周末日常的倍数放大",
        "history queue {queue}: past campaigns' extra inquiries do not follow the day of the "
        "week and holidays (only about {share:.0%} of an ordinary weekend's or holiday's "
        "departure reaches them, estimated from the same day of past phases falling on "
        "different weekdays); the forecast does the same, e.g. a weekend's campaign excess is "
        "not scaled up by the ordinary weekend's",
    ),
    "error.in_source": ("{source}: {error}", "{source}: {error}"),
    "fc.too_few_days": (
        "历史数据队列 {queue}: 预测开始前至少需要 {need} 个完整的普通日 (非大促日), 现有 {has} 个; "
        "请提供更长的历史, 或先不预测该队列",
        "history queue {queue}: needs at least {need} complete ordinary (non-campaign) days "
        "before the forecast start, has {has}; give a longer history, or leave the queue out",
    ),
    "fc.young_queue": (
        "历史数据队列 {queue} 只有 {has} 天的历史 (自己的模型需要 {need} 个完整的普通日): 按它最近 "
        "{days} 天占 {others} 合计的 {share:.1f}% 预测, 营业时间按它自己的; 历史够长后会单独建模",
        "history queue {queue} has only {has} day{has!p} of history (a model of its own needs "
        "{need} complete ordinary days): it is forecast as {share:.1f}% of the total of {others}, "
        "its share over its last {days} day{days!p}, in its own opening hours; it gets its own "
        "model once its history is long enough",
    ),
    "fc.planned_heat": (
        "{event}: 按日历中计划员填写的热度 {heat:.2f} 预测 (大促超出日常的咨询量是去年同一活动的 {heat:.2f} "
        "倍, 误差约 ±{sd:.0f}%, 再加以往活动按其自身热度回测时偏离提升曲线的幅度), 不再与去年同期混合; 活动开始后, 实际偏离这个热度的"
        "部分会像平常一样带入后面的阶段",
        "{event}: forecast at the planner's heat {heat:.2f} from the calendar (its extra "
        "inquiries over the ordinary level are {heat:.2f} times last year's same campaign's, "
        "within about "
        "±{sd:.0f}% plus how far past campaigns ran from the curves at their own heat), "
        "without the mix with last year; once it "
        "is under way, how far it runs from that heat carries into its later phases as usual",
    ),
    "fc.unplanned_heat": (
        "{event}: 日历没有填写热度 (heat 列), 按往年同类活动推算; 以往活动上这样推算的大促增量误差约 ±{sd:.0f}% "
        "(预测区间已包含); 按今年目标相对去年同一活动的倍数 (如 GMV 目标) 填写 heat, 预测更准、区间更窄",
        "{event}: no heat in the calendar (its heat column), so it follows past campaigns of "
        "its kind; on past campaigns the extra inquiries forecast this way were off by about "
        "±{sd:.0f}% (the band includes it); a heat from this year's target against last year's "
        "same campaign (the GMV target) makes the forecast sharper and the band narrower",
    ),
    "fc.planned_heat_new": (
        "{event}: 历史中没有更早的同类活动, 计划员填写的热度 {heat:.2f} 按其它活动的提升曲线计算, "
        "区间按没见过的活动保留",
        "{event}: no earlier campaign of its kind in the history, so the planner's heat "
        "{heat:.2f} is taken against the other campaigns' curves, with the band of a campaign "
        "not seen before",
    ),
    "fc.bad_heat": (
        "大促日历的 heat (热度) 列必须是大于 0 的倍数 (1.2 表示比去年热两成)",
        "calendar column heat must be a factor over 0 (1.2: a fifth hotter)",
    ),
    "fc.no_inquiries": (
        "历史数据队列 {queue}: 预测开始前的普通日没有任何咨询 (全部为 0); 请去掉该队列, 或从它有咨询之后开始预测",
        "history queue {queue}: no inquiries on any ordinary day before the forecast start "
        "(every count is 0); leave the queue out, or start the forecast after its first chats",
    ),
    "val.left_out_sheets": (
        "{source}: 工作表 {sheets} 与读取的工作表列相同, 但没有读取; 如果数据在多个工作表中, 请合并到一个工作表, 或把每个工作表另存为 CSV 分别检查",
        "{source}: sheets {sheets} have the same columns as the sheet read and were not read; "
        "if the data continues there, put all rows on one sheet (or save each sheet as CSV)",
    ),
    "err.long_cell": (
        "{source}: 表头或第一行数据中有超过 {limit} 个字符的单元格; 这不是客服咨询量的导出文件",
        "{source}: a cell of the header or the first data row is longer than {limit} "
        "characters; this is not an export of chat inquiries",
    ),
    "err.empty": ("{source}: 文件是空的", "{source}: the file is empty"),
    "err.no_rows": ("{source}: 只有表头, 没有数据行", "{source}: has a header but no data rows"),
    "err.cell": (
        "{source} {where}, “{column}” 列: {expectation}, {got}",
        "{source} {where}, column {column}: {expectation}, {got}",
    ),
    "err.cell_left_empty": (
        "{source} {where}, “{column}” 列: {expectation}, {got}; 已留空",
        "{source} {where}, column {column}: {expectation}, {got}; left empty",
    ),
    "err.row": ("第 {row} 行", "row {row}"),
    "err.rows": ("第 {rows} 行", "rows {rows}"),
    "err.got": ("实际为 {value}", "got {value}"),
    "err.got_empty": ("实际为空", "got an empty cell"),
    "exp.count": ("必须是非负整数", "must be a non-negative integer"),
    "exp.at_most": ("不能超过 {n}", "must be at most {n}"),
    "exp.whole_chats": ("必须是整数次咨询", "must be a whole number of chats"),
    "exp.queue": ("必须填写队列名", "must name a queue"),
    "exp.timestamp": (
        "必须是时间, 如 2025-11-11 20:00",
        "must be a timestamp like 2025-11-11 20:00",
    ),
    "exp.date": ("必须是日期, 如 2025-11-11", "must be a date like 2025-11-11"),
    "exp.not_before_start": ("不能早于开始时间", "must not be before start"),
    "exp.heat": (
        "必须是大于 0 的倍数 (1.2 表示比去年热两成)",
        "must be a factor over 0 (1.2: a fifth hotter)",
    ),
    "exp.one_heat": ("每个活动只能填一个值 (或留空)", "must be one value per campaign (or blank)"),
    "exp.phase": (
        "必须是以下阶段之一: presale (预售)、wave (抢购波次)、final_payment (尾款)、"
        "peak_day (大促当天)、after_sales (售后期)",
        "must name a phase (presale / wave / final_payment / peak_day / after_sales)",
    ),
    "exp.generic_window": ("按一般活动时段处理", "treated as a generic event window"),
    "exp.on_grid": (
        "必须落在 {step} 分钟的时间网格上 (文件的时间粒度)",
        "must lie on the {step}-minute grid (the file's resolution)",
    ),
    "exp.event": ("必须填写活动名 (如 双11 2025)", "must name the campaign (e.g. 双11 2025)"),
    "exp.timestamp_calendar": (
        "必须是时间, 如 2025-10-15 20:00",
        "must be a timestamp like 2025-10-15 20:00",
    ),
    "val.dup_conflict": (
        "{source} 第 {rows} 行: 队列 {queue} 在 {when} 有多行且数值不同",
        "{source} rows {rows}: duplicate rows for queue {queue} at {when} with different values",
    ),
    "err.missing_column_found": (
        "{source} 缺少列 {column}; 现有列: {found}",
        "{source} is missing column {column}; found {found}",
    ),
    "err.plan_not_found": (
        "在 {url} 中找不到方案 {id}; 已保存的方案: {shown}",
        "plan {id} not found in {url}; saved plans: {shown}",
    ),
    "cfg.break_window": (
        "{source}: {key} 必须让 {minutes} 分钟的休息在 {length} 小时的班次内结束 (最晚开始 "
        "{latest} 小时 + {minutes2} 分钟 > length_hours), 实际为 {got}",
        "{source}: {key} must let the {minutes}-min break end inside the {length} h shift "
        "(latest start {latest} h + {minutes2} min > length_hours), got {got}",
    ),
    "roster.no_tour": (
        "劳动规则互相矛盾: 没有任何排班能同时满足 ft_days_off_per_week ({off})、"
        "ft_max_consecutive_days ({run}) 和 min_rest_hours ({rest}){more} 以及这些班次模板",
        "the labour rules contradict each other: no tour satisfies ft_days_off_per_week "
        "({off}), ft_max_consecutive_days ({run}) and min_rest_hours ({rest}){more} with the "
        "shift templates",
    ),
    "roster.share_off": (
        "劳动规则互相矛盾: {week} 这一周有 {campaign} 个大促日、{hands} 个全员上班日和 {free} 个"
        "普通日; 大促日最多 max_share_off_on_campaign_days = {share} 的全职可休息, 每人每周平均"
        "最多休 {room} 天, 少于 ft_days_off_per_week = {off}: 请提高该比例, 或减少 "
        "no_days_off_phases / all_hands_lead_days 的全员上班日",
        "labour rules contradict each other: the week of {week} has {campaign} campaign "
        "day(s), {hands} all-hands day(s) and {free} ordinary day(s); with at most "
        "max_share_off_on_campaign_days = {share} of the FT team off on a campaign day, an "
        "agent averages at most {room} days off that week, under ft_days_off_per_week = {off}: "
        "raise the share or make fewer all-hands days (no_days_off_phases, "
        "all_hands_lead_days)",
    ),
    "roster.no_days_off": (
        "劳动规则互相矛盾: ft_days_off_per_week = 0 意味着每天上班, 但 "
        "ft_max_consecutive_days = {run}",
        "labour rules contradict each other: ft_days_off_per_week = 0 means working every "
        "day, but ft_max_consecutive_days = {run}",
    ),
    "roster.uncovered": (
        "{n} 个时段需要客服, 但没有任何班次模板覆盖, 第一个是 {first}: 请为这些时段增加班次模板 "
        "(或开始时间), 或缩小该队列的 service_hours / phase_service_hours / min_agents",
        "{n} interval(s) need agents but no shift template covers them, first {first}: add a "
        "template (or start time) for those hours, or narrow the queue's service_hours / "
        "phase_service_hours / min_agents",
    ),
    "review.coarse_actuals": (
        "{source} 的时段为 {minutes} 分钟, {relation}方案的 {grid} 分钟网格; 复盘需要 {grid} 分钟"
        "或能整除它的更细粒度的实际数据",
        "{source} is at {minutes}-minute intervals, {relation} the plan's {grid}-minute grid; "
        "review needs actuals at {grid} minutes or a finer resolution that divides it",
    ),
    "review.off_grid": (
        "{source}: 时段 {when} 不在它自己的 {minutes} 分钟网格上",
        "{source}: interval {when} is off its {minutes}-minute grid",
    ),
    "review.no_queue": (
        "{source} 没有方案队列 {queue} 的实际数据; 文件里的队列: {found}",
        "{source} has no actuals for queue '{queue}' of the plan; found queues {found}",
    ),
    "review.no_horizon": (
        "{source} 在方案期 {first} 至 {last} 内没有实际数据; 它的时段从 {span}",
        "{source} has no actuals in the plan horizon {first} to {last}; its intervals run {span}",
    ),
    "review.no_queue_horizon": (
        "{source} 在方案期 {first} 至 {last} 内没有队列 {queue} 的实际数据",
        "{source} has no actuals for queue {queue} in the plan horizon {first} to {last}",
    ),
    "review.coarser": ("粗于", "coarser than"),
    "review.not_divisor": ("不能整除", "not a divisor of"),
    "pipe.below_target": (
        "仿真中 {n:,} / {total:,} 个有咨询的时段服务水平比目标低 5 个百分点以上 (其中 {clearly:,} 个"
        "置信区间上限也低; 共 {arrivals:,.0f} 次咨询), 最差 {worst:.0%} 在 {at:%Y-%m-%d %H:%M} "
        "{queue}; 总体服务水平掩盖不了这些时段, 见 simulation.csv 和报告中的缺口原因",
        "in simulation {n:,} of {total:,} intervals with arrivals are more than 5 points "
        "below their target ({clearly:,} of them with the upper end of the confidence interval "
        "too; {arrivals:,.0f} inquiries), the worst at {worst:.0%} at "
        "{at:%Y-%m-%d %H:%M} {queue}; the overall service level does not show them, see "
        "simulation.csv and the report's reasons for the shortfall",
    ),
    "roster.out_lengthened": (
        "为使外包预订满足最少预订天数, 按原班次、原队列在预订之后加排 {shifts:,} 个外包班 "
        "(外包公司本来就按最少天数计费, 这些席位可以上岗), 已计入成本",
        "{shifts:,} outsourced shift(s) added after bookings short of their minimum days (same "
        "shift, same queue): the agency bills the minimum anyway, so the seats work; in the "
        "cost",
    ),
    "roster.out_short": (
        "{agents:,} 个外包预订仍短于最少预订天数 (如 {agent} {first}–{last} {days} 天, 最少 "
        "{need} 天), 之后几天该班次不开或排不进: 外包公司仍按最少天数计费, 共 {seat_days:,} "
        "个席位·天未计入成本",
        "{agents:,} outsourced booking(s) still short of their minimum days (e.g. {agent} "
        "{first}–{last}, {days} day(s) of {need}): the template does not run on the days after "
        "or they do not fit; the agency bills the minimum all the same, {seat_days:,} seat-day(s) "
        "not in the cost",
    ),
    "agents.unreadable": (
        "{file}: 不是可读的 CSV 文件 ({why})",
        "{file}: not a readable CSV file ({why})",
    ),
    "agents.missing": (
        "{file}: 缺少列 {column} (也可写作 {alias}); 现有列: {found}",
        "{file} is missing column {column} (or {alias}); found {found}",
    ),
    "agents.twice": (
        "{file}: 列 {columns} 是同一列, 请只留一个",
        "{file}: columns {columns} are the same column; keep one",
    ),
    "agents.empty": (
        "{file} 第 {row} 行, 列 agent: 工号不能为空",
        "{file} row {row}, column agent: must not be empty",
    ),
    "agents.duplicate": (
        "{file} 第 {row} 行, 列 agent: 工号 {agent} 重复",
        "{file} row {row}, column agent: duplicate agent {agent}",
    ),
    "agents.kind": (
        "{file} 第 {row} 行, 列 kind: 应为 FT/PT/OUT 或 全职/兼职/外包, 实际为 {value}",
        "{file} row {row}, column kind: must be FT, PT or OUT (全职/兼职/外包), got {value}",
    ),
    "agents.date": (
        "{file} 第 {row} 行, 列 unavailable: {value} 不是日期 (请写成 2025-11-11, 多个日期用 ; 分隔)",
        "{file} row {row}, column unavailable: {value} is not a date (write 2025-11-11; "
        "separate dates with ;)",
    ),
    "err.not_text": (
        "{file}: 不是 UTF-8 或 GBK 文本 (第 {at} 个字节无法解码); 请用记事本另存为 UTF-8",
        "{file}: must be UTF-8 (or GBK) text, got undecodable byte at {at}; save it as UTF-8",
    ),
    "val.queue_lookalike": (
        "{source}: 没有队列列, 而列 {column} 像是队列 (值: {names}); 请把它命名为 'queue' "
        "(或 '客服组'、'队列'); 只有一个队列时删去该列",
        "{source}: no queue column, and column {column} looks like one (values: {names}); "
        "name it 'queue' (or '客服组', '队列'), or drop it for a single-queue history",
    ),
    "prev.none": (
        "--previous {path}: 找不到 assignments.csv; 请给出上一期 plan 或 roster 的输出文件夹",
        "--previous {path}: no assignments.csv there; give a plan or roster output folder",
    ),
    "prev.unreadable": (
        "{file}: 不是可读的 CSV 文件 ({why})",
        "{file}: not a readable CSV file ({why})",
    ),
    "prev.missing": (
        "{file}: 缺少列 {column}; 现有列: {found}",
        "{file} is missing column {column}; found {found}",
    ),
    "prev.bad_time": (
        "{file} 第 {row} 行, 列 {column}: 应为日期/时间, 实际为 {value}",
        "{file} row {row}, column {column}: must be a date/time, got {value}",
    ),
    "prev.bad_shift": (
        "{file} 第 {row} 行, 列 shift: {value} 不是配置里的班次模板; 已配置: {known}",
        "{file} row {row}, column shift: {value} is not a shift template of the config; "
        "known: {known}",
    ),
    "prev.not_before": (
        "--previous {source}: 上一期排班是 {first} 至 {last}, 没有一天在本期开始 ({start}) 之前, "
        "无法接续; 请给出本期之前那一期的输出文件夹",
        "--previous {source}: its roster runs {first} to {last}, no day of it before this "
        "horizon starts ({start}), so there is nothing to continue; give the output folder "
        "of the plan before this one",
    ),
    "prev.overlap": (
        "上一期排班 ({first} 至 {last}) 与本期重叠: {start} 起的日子按本期重新排班, 上一期只用"
        "到 {start} 之前",
        "the previous roster ({first} to {last}) overlaps this horizon: days from {start} "
        "are planned again, the previous roster counts up to the day before",
    ),
    "prev.gap": (
        "上一期排班止于 {last}, 本期从 {start} 开始: 中间 {days} 天不在任何一期, 按休息计 "
        "(连续上班天数与休息间隔从这里重新算)",
        "the previous roster ends on {last} and this horizon starts on {start}: the {days} "
        "day(s) between are in neither and count as days off (runs of days and rest start "
        "again there)",
    ),
    "prev.queue": (
        "{source} 第 {row} 行: 队列 {value} 不在配置里 (共 {n} 行); 这些班次仍计入休息和连续上班天数",
        "{source} row {row}: queue {value} is not in the config ({n} rows); those shifts "
        "still count for rest and days in a row",
    ),
    "roster.not_found": (
        "求解器没有找到排班 (状态 {status}, 用时 {seconds:.0f} 秒): {why}; 可以换用 HiGHS 求解器 "
        "(solver.name), 或用 --time-limit 提高 solver.time_limit_seconds",
        "the solver found no roster (status {status}, {seconds:.0f} s): {why}; try solver.name "
        '= "highs", or raise solver.time_limit_seconds with --time-limit',
    ),
    "roster.why_nodes": (
        "第一阶段没有得到方案, 整体求解在 {nodes} 个分支节点的工作量上限处停止",
        "phase 1 found none and the whole program stopped at its work limit of {nodes} "
        "branch-and-bound nodes",
    ),
    "roster.why_clock": (
        "已到时间上限 {limit:g} 秒",
        "the time limit of {limit:g} s was reached",
    ),
    "roster.team_new": (
        "全职团队 {now} 人, 比上一期排班的 {before} 人多 {n} 人 ({agents}): 本期的需求按上一期的"
        "团队排不满, 新增的人在上一期没有排班; 招不到人时请把 labour.ft_agents 设为 {before}, "
        "缺口会在方案里写明",
        "the FT team is {now}, {n} more than the previous roster's {before} ({agents}): this "
        "horizon's need is more than the previous team covers, and the new agents have no "
        "shifts in the previous roster; if they cannot be hired, set labour.ft_agents to "
        "{before} and the plan will state the shortfall",
    ),
    "roster.team_gone": (
        "全职团队 {now} 人, 少于上一期排班的 {before} 人: {agents} 本期不排班 "
        "(labour.ft_agents 固定为 {now})",
        "the FT team is {now}, fewer than the previous roster's {before}: {agents} get no "
        "shifts in this horizon (labour.ft_agents is fixed at {now})",
    ),
    "roster.out_tail": (
        "{seats:,} 个外包席位·天落在方案期之后 (至 {until}): 方案期末才开始的预订不足最少预订"
        "天数, 外包公司仍按最少天数计费, 约 {cost:,.0f} 元, 不在本期成本内; 下一期排班用 "
        "--previous 接续, 可以排上这些天",
        "{seats:,} outsourced seat-days fall after the horizon (to {until}): bookings started "
        "near its end run short of their minimum days, which the agency bills all the same, "
        "about {cost:,.0f} CNY, not in this plan's cost; the next plan continues them with "
        "--previous",
    ),
    "order.tail": (
        "{block}: {seats} 席自 {first} 起订, 最少预订 {days} 天, 方案期结束后还有 {beyond} 天 "
        "(至 {until}) 需预订并计费; 下一期排班用 --previous 接续",
        "{block}: {seats} seats from {first}, booked for at least {days} days, so {beyond} more "
        "day(s) after the horizon (to {until}) are booked and billed; the next plan continues "
        "them with --previous",
    ),
    "adj.err.field": (
        "{source} 第 {number} 条, 字段 {field}: {error}",
        "{source} entry {number}, field {field}: {error}",
    ),
    "adj.err.datetime": (
        "必须是时间, 如 2025-11-11 20:00, 实际为 {got}",
        'must be a date-time like "2025-11-11T20:00", got {got}',
    ),
    "adj.err.after_start": (
        "必须晚于开始时间 ({start}), 实际为 {got}",
        "must be after start ({start}), got {got}",
    ),
    "roster.agent_queue": (
        "团队名单: 客服 {agent} 的可接待队列 {queue} 不在配置中 (已配置: {configured}); "
        "请改成配置中的队列名, 或留空表示全部队列",
        "agents: agent {agent} lists queue '{queue}', which the config does not have "
        "(configured: {configured}); use a configured queue, or leave it empty for all",
    ),
    "agents.queue": (
        "{file} 第 {row} 行, 列 queues: 客服 {agent} 的可接待队列 {queue} 不在配置中 "
        "(已配置: {configured}); 请改成配置中的队列名, 或留空表示全部队列",
        "{file} row {row}, column queues: agent {agent} lists queue '{queue}', which the "
        "config does not have (configured: {configured}); use a configured queue, or leave "
        "it empty for all",
    ),
    "cli.either": ("{a} 或 {b}", "{a} or {b}"),
    "exp.one_of": ("必须是以下之一: {values}", "is not one of {values}"),
    "err.missing_column": (
        "{source} 缺少列 '{column}' (或 '{chinese}'); 现有列: {found}",
        "{source} is missing column '{column}' (or '{chinese}'); found {found}",
    ),
    "err.missing_time": (
        "{source} 缺少列 'interval_start' (或 '时间', 或 '日期' 加 '小时'/'时段'); 现有列: {found}",
        "{source} is missing column 'interval_start' (or '时间', or '日期' with "
        "'小时'/'时段'); found {found}",
    ),
    "err.no_time_of_day": (
        "{source} 只有日期没有时刻: 请加 'hour'/'小时' 或 'period'/'时段' 列 (历史数据需要 15、30 "
        "或 60 分钟粒度); 现有列: {found}",
        "{source} has dates but no time of day: add 'hour'/'小时' or 'period'/'时段' (history "
        "needs 15, 30 or 60-minute intervals); found {found}",
    ),
    "err.resolution": (
        "{source}: 时段间隔必须是 15、30 或 60 分钟, {rest}",
        "{source}: intervals must be 15, 30 or 60 minutes apart, {rest}",
    ),
    "err.common_step": (
        "最常见的间隔是 {minutes} 分钟 (如第 {row} 行)",
        "the most common step is {minutes} minutes (row {row}, for one)",
    ),
    "err.needs_two": (
        "{source}: 每个队列至少需要两个时段才能判断时间粒度",
        "{source}: needs at least two intervals per queue to detect the resolution",
    ),
    "err.cli_day_first": (
        "{option} {text} 把日和月写在年之前, 各地读法不同; 请把年份写在前面, 如 {hint}",
        "{option} {text} puts the day and month before the year, which is read differently "
        "in different places; write the year first, e.g. {hint}",
    ),
    "err.cli_date": (
        "{option} 必须是日期或时间, 如 2025-10-08 或 2025年10月8日, 实际为 {text}",
        "{option} must be a date or timestamp like 2025-10-08 or 2025年10月8日, got {text}",
    ),
    "err.cli_end_before": (
        "--end 不能早于 --start, 实际为 {start} 至 {end}",
        "--end must not be before --start, got {start} to {end}",
    ),
    "err.out_is_dir": (
        "{option} {text} 是文件夹; 请给出文件名, 如 {example}",
        "{option} {text} is a directory; give a file name, e.g. {example}",
    ),
    "err.out_is_file": (
        "{option} {text} 是文件; 请给出文件夹",
        "{option} {text} is a file; give a directory",
    ),
    "err.no_such_file": ("{option} {text}: 没有这个文件", "{option} {text}: no such file"),
    "err.config_unknown": (
        "{source}: 未知的配置项 '{key}'{hint}",
        "{source}: unknown key '{key}'{hint}",
    ),
    "err.config_holidays": (
        "{source}: {key} 必须是 'CN' (中国法定节假日和调休上班日)、'none' (没有节假日) 或 "
        "'holidays' 包支持的国家代码, 如 'GB'、'US'、'US-NY', 实际为 {got}",
        "{source}: {key} must be 'CN' (Chinese holidays and make-up working days), 'none' (no "
        "holidays) or a country code of the holidays package such as 'GB', 'US' or 'US-NY', "
        "got {got}",
    ),
    "err.did_you_mean": (" (是不是 {name}?)", " (did you mean {name}?)"),
    "err.config_belongs": (" (它属于 {where})", " (it belongs in {where})"),
    "cfg.start_both": (
        "{source}: {key} 的 start_times 和 start_window 只能填一个, 实际两个都填了",
        "{source}: {key} must have exactly one of start_times or start_window, got both",
    ),
    "cfg.start_neither": (
        "{source}: {key} 必须填 start_times (开始时间列表) 或 start_window (开始时间窗) 之一, "
        "实际都没填",
        "{source}: {key} must have exactly one of start_times or start_window, got neither",
    ),
    "cfg.step_required": (
        "{source}: {key} 必须填写: 用 start_window 时需给出开始时间的间隔 (分钟)",
        "{source}: {key} is required with start_window",
    ),
    "cfg.step_unused": (
        "{source}: {key} 只和 start_window 一起使用; 请删除它或改用 start_window, 实际为 {got}",
        "{source}: {key} is only used with start_window; remove it or use start_window, got {got}",
    ),
    "cfg.step_divide": (
        "{source}: {key} 必须把开始时间窗 {window} ({span} 分钟) 分成整数步, 实际为 {got}",
        "{source}: {key} must divide the start window {window} ({span} min) into whole steps, "
        "got {got}",
    ),
    "cfg.break_short": (
        "{source}: {key} 必须短于班次 ({length} 小时), 实际为 {got}",
        "{source}: {key} must be shorter than the shift ({length} h), got {got}",
    ),
    "cfg.max_needed": (
        "{source}: {key} 必须填写: {team} = 'auto' 时需给出考虑的最大人数",
        "{source}: {key} is needed when {team} = 'auto' (the largest team to consider)",
    ),
    "cfg.unique_shift": (
        "{source}: {key} 不能重复, {got} 又出现了 (另见 {other})",
        "{source}: {key} must be unique, got {got} again (also {other})",
    ),
    "cfg.shift_queue": (
        "{source}: {key} 必须是 [queues] 中的队列 ({configured}), 实际为 {got}",
        "{source}: {key} must name queues from [queues] ({configured}), got {got}",
    ),
    "cfg.no_queues": (
        "{source}: queues 至少需要一个 [queues.<名称>] 表, 实际一个都没有",
        "{source}: queues must have at least one [queues.<name>] table, got none",
    ),
    "cfg.queue_key": (
        "{source}: queues 的名称只能由字母、数字、'_' 或 '-' 组成且不能是配置项名, 实际为 {got}",
        "{source}: queues must be keyed by queue names made of letters, digits, '_' or '-' "
        "that are not config keys, got {got}",
    ),
    "cfg.length_grid": (
        "{source}: {key} 必须是 {grid} 分钟时段 (interval_minutes) 的整数倍, 实际为 {got}",
        "{source}: {key} must be a whole number of {grid}-min intervals (interval_minutes), "
        "got {got}",
    ),
    "cfg.off_grid": (
        "{source}: {key} 必须落在 interval_minutes 的 {grid} 分钟网格上 (如 {examples}), 实际为 "
        "{got}",
        "{source}: {key} must be on the {grid}-min grid of interval_minutes (e.g. {examples}), "
        "got {got}",
    ),
    "cfg.break_window_required": (
        "{source}: {key} 必须填写: break_minutes > 0 时需给出休息开始的时间窗 [最早, 最晚] "
        "(班次开始后的小时数)",
        "{source}: {key} is required when break_minutes > 0 ([earliest, latest] break start, "
        "hours after the shift start), got nothing",
    ),
    "cfg.grid_finer": (
        "{source}: interval_minutes = {cfg} 比 {history} 的 {data} 分钟时段更细, 且 15/30/60 "
        "中没有它的整数倍: 请改 interval_minutes",
        "{source}: interval_minutes = {cfg} is finer than the {data}-minute intervals of "
        "{history} and none of 15, 30, 60 is a multiple of them: change interval_minutes",
    ),
    "cli.grid_coarser": (
        "{source} 的 interval_minutes = {cfg}, 但 {history} 是 {data} 分钟一个时段, 预测不能比"
        "历史更细: 按 {step} 分钟规划",
        "{source} has interval_minutes = {cfg} but {history} has {data}-minute intervals and a "
        "forecast cannot be finer than its history: planning by {step} minutes",
    ),
    "cli.interval_finer": (
        "--interval {interval} 比 {source} 的 {data} 分钟时段更细 (或不是其整数倍): 请用 {data} "
        "的倍数 (15/30/60)",
        "--interval {interval} is finer than (or not a multiple of) the history's "
        "{data}-minute intervals in {source}",
    ),
    "cap.grid_other": (
        "预测中队列 {queue} 是 {step} 分钟一个时段, 但配置的 interval_minutes 是 {cfg}: 用 "
        "--interval {cfg} 重新预测 (或修改 interval_minutes)",
        "forecast queue {queue} is at {step}-minute intervals but the config's "
        "interval_minutes is {cfg}; forecast with --interval {cfg} (or change interval_minutes)",
    ),
    "cap.grid_coarser": (
        "预测中队列 {queue} 是 {step} 分钟一个时段, 比配置的 interval_minutes = {cfg} 更粗: "
        "历史数据够细时用 --interval {cfg} 重新预测; 历史只有 {step} 分钟一个时段时, 预测不能"
        "更细, 请把配置的 interval_minutes 改为 {step}",
        "forecast queue {queue} is at {step}-minute intervals, coarser than the config's "
        "interval_minutes = {cfg}: forecast with --interval {cfg} if the history is that fine; "
        "a history of {step}-minute intervals cannot give a finer forecast, so set "
        "interval_minutes = {step} in the config",
    ),
    "fc.interval": (
        "预测时段必须是 15、30 或 60 分钟, 且是历史数据 {data} 分钟的整数倍, 实际为 {got}",
        "interval must be 15, 30 or 60 minutes and a multiple of the history's {data} "
        "minutes, got {got}",
    ),
    "err.config_required": ("{source}: {key} 必须填写", "{source}: {key} is required, got nothing"),
    "err.config_type": (
        "{source}: {key} 必须是{what}, 实际为 {got}",
        "{source}: {key} must be {what}, got {got}",
    ),
    "cfg.pt_shift_cap": (
        "{source}: {key} 必须 <= {cap_key} ({cap}): 兼职班次不能超过它, 实际为 {got}",
        "{source}: {key} must be <= {cap_key} ({cap}) for a PT shift, got {got}",
    ),
    "err.config_bound": (
        "{source}: {key} 必须 {op} {bound}, 实际为 {got}",
        "{source}: {key} must be {op} {bound}, got {got}",
    ),
    "err.config_one_of": (
        "{source}: {key} 必须是以下之一: {values}, 实际为 {got}",
        "{source}: {key} must be one of {values}, got {got}",
    ),
    "word.a whole number": ("整数", "a whole number"),
    "word.a number": ("数字", "a number"),
    "word.a finite number": ("有限的数字", "a finite number"),
    "word.text in quotes": ("带引号的文本", "text in quotes"),
    "word.true or false": ("true 或 false", "true or false"),
    "word.a table": ("一个表 (table)", "a table"),
    "word.a list": ("一个列表", "a list"),
    "cfg.what_days": (
        "'all'、'campaign' 或星期名称列表 (取自 {names})",
        "'all', 'campaign' or a list of weekday names from {names}",
    ),
    "cfg.what_time": ("{span} 内的时刻 'HH:MM'", "a time of day 'HH:MM' in {span}"),
    "cfg.what_two_times": (
        "两个时刻组成的列表 [开始, 结束], 如 {example}",
        "a list of two times [start, end] like {example}",
    ),
    "cfg.what_two_numbers": (
        "两个数字组成的列表 [最早, 最晚]",
        "a list of two numbers [earliest, latest]",
    ),
    "cfg.what_code": (
        "1-4 个不含空格的字符, 且不是 '{mark}' (休息)",
        "1-4 characters without spaces, other than '{mark}' (day off)",
    ),
    "cfg.what_zone": (
        "IANA 时区名, 如 'Asia/Shanghai'",
        "an IANA time zone name like 'Asia/Shanghai'",
    ),
    "cfg.what_team": ("不小于 0 的整数或 'auto'", "a whole number >= 0 or 'auto'"),
    "err.store_url": (
        "方案库地址 {url} 不是数据库 URL, 应如 'sqlite:///path/plans.db' 或 "
        "'postgresql+psycopg://user@host/db' (也可以直接写数据库文件的路径)",
        "plan store URL {url} is not a database URL such as sqlite:///path/plans.db or "
        "postgresql+psycopg://user@host/db (or a SQLite file's path)",
    ),
    "cli.sim_plan_mean": (
        "按 {path} 的预测均值仿真 (与完整方案的仿真相同), {n} 次重复",
        "replaying the forecast mean of {path}, as forecaster plan does, {n} replications",
    ),
    "cfg.toml_at": (
        "{source} 第 {line} 行第 {column} 列: TOML 格式有误: {reason}",
        "{source} line {line}: invalid TOML: {reason} (column {column})",
    ),
    "cfg.toml": ("{source}: TOML 格式有误: {reason}", "{source}: invalid TOML: {reason}"),
    "cfg.toml_line": (
        "{source} 第 {line} 行: TOML 格式有误: {reason}",
        "{source} line {line}: invalid TOML: {reason}",
    ),
    "cfg.toml_deep": (
        "数组或表嵌套超过 {levels} 层",
        "arrays or tables nested more than {levels} levels deep",
    ),
    "toml.illegal": ("非法字符 {char} (常见原因: 引号没有闭合)", "Illegal character {char}"),
    "toml.value": (
        '无效的值 (文字要加引号, 如 "auto"; 时间如 "08:00")',
        "Invalid value",
    ),
    "toml.equals": ("键后面缺少 '='", "Expected '=' after a key in a key/value pair"),
    "toml.newline": (
        "一行只能写一个设置 (值后面多了内容)",
        "Expected newline or end of document after a statement",
    ),
    "toml.table_decl": (
        "表头缺少结尾的 ']' (如 [labour])",
        "Expected ']' at the end of a table declaration",
    ),
    "toml.key": ("键的第一个字符无效", "Invalid initial character for a key part"),
    "toml.array": ("数组没有闭合 (缺少 ']')", "Unclosed array"),
    "toml.table": ("内联表没有闭合 (缺少 '}}')", "Unclosed inline table"),
    "toml.string": ("字符串没有闭合 (缺少引号)", "Unterminated string"),
    "toml.statement": ("无效的语句", "Invalid statement"),
    "toml.overwrite": ("重复设置了同一个值", "Cannot overwrite a value"),
    "review.actual above plan": ("实际高于计划", "actual above plan"),
    "review.roster below plan": ("排班低于计划", "roster below plan"),
    "error.more": ("{text} (另有 {n} 个问题)", "{text} (and {n} more problem{n!p})"),
}
"""message id → (Chinese template, English template)."""


class _Formatter(string.Formatter):
    """``str.format`` plus ``!p`` / ``!es`` (English plural endings) and localised arguments."""

    def __init__(self, lang: str, names: Mapping[str, str], depth: int = 0) -> None:
        self.lang = lang
        self.names = names
        self.depth = depth

    def convert_field(self, value: Any, conversion: str | None) -> Any:
        if conversion == "h":  # a calendar phase: 抢购波次 for wave (not a queue's name)
            return PHASES.get(str(value), str(value)) if self.lang == "zh" else str(value)
        if conversion in ("p", "e", "v"):
            if self.lang == "zh":
                return ""
            if conversion == "v":  # "has" / "have" after a list of names
                return "s" if isinstance(value, str) or len(value) == 1 else "ve"
            try:
                one = float(str(value).replace(",", "")) == 1
            except ValueError:
                one = False
            return "" if one else ("s" if conversion == "p" else "es")
        return super().convert_field(value, conversion)

    def format_field(self, value: Any, format_spec: str) -> str:
        if isinstance(value, Message):
            return value.render(self.lang, self.names)
        if isinstance(value, list | tuple):  # a list of messages; a tuple of items
            seps = {(True, "zh"): "；", (True, "en"): "; ", (False, "zh"): "、"}
            sep = seps.get((isinstance(value, list), self.lang), ", ")
            return sep.join(self.format_field(v, "") for v in value)
        if isinstance(value, str):  # an argument read back from text keeps its formatting
            if self.lang == "zh":
                shown = self.names.get(value) or KINDS.get(value)
                if shown is None:  # "11-12 09:45 aftersale": a time, then the queue
                    head, _, last = value.rpartition(" ")
                    if head and last in self.names:
                        return f"{head} {self.names[last]}"
                return shown or _render_text(value, self.names, self.depth + 1)
            return value
        if format_spec.endswith("%") and isinstance(value, int | float):
            return share(float(value), format_spec)
        if isinstance(value, float) and _FIXED.fullmatch(format_spec):
            return number(value, format_spec)
        return super().format_field(value, format_spec)


_FIXED = re.compile(r",?\.(\d+)f")


def number(value: float, spec: str) -> str:
    """``format(value, spec)`` for a fixed-point ``spec`` (``.1f``, ``,.1f``) with halves
    rounded away from zero, as Excel shows them: 29.25 agent-hours read 29.2 in a message
    (the float's own rounding, half to even) and 29.3 in the 汇总 sheet."""
    fixed = _FIXED.fullmatch(spec)
    if fixed is None or not math.isfinite(value) or abs(value) >= 1e15:
        return format(value, spec)  # no exact halves that large (a solver's 1e50 sentinel)
    digits = Decimal(1).scaleb(-int(fixed[1]))
    return format(Decimal(repr(float(value))).quantize(digits, ROUND_HALF_UP), spec)


def share(value: float, spec: str = ".1%") -> str:
    """``value`` as a percentage (``format(value, spec)``), but a share short of 1 never
    reads 100 % and one above 0 never 0 %: one more digit, cut towards the truth (a plan
    short of 0.7 agent-hours simulated at 99.996 % reads "99.99%", not "100.0%")."""
    text = format(value, spec)
    found = re.fullmatch(r"\.(\d+)%", spec)
    if found is None or not (0 < value < 1) or float(text[:-1]) not in (0.0, 100.0):
        return text
    digits = int(found[1]) + 1
    scaled = value * 10 ** (digits + 2)
    cut = math.floor(scaled) if float(text[:-1]) == 100.0 else math.ceil(scaled)
    return f"{cut / 10**digits:.{digits}f}%"


class Message(str):
    """English text that keeps its message id and arguments (see the module docstring)."""

    id: str
    args: dict[str, Any]

    def __new__(cls, id: str, /, **args: Any) -> Message:
        text = _Formatter("en", {}).format(CATALOGUE[id][1], **args)
        self = super().__new__(cls, text)
        self.id = id
        self.args = args
        return self

    def __reduce__(self) -> tuple[Any, ...]:  # pickles (scenario processes) keep the id
        return (_rebuild, (self.id, self.args))

    def render(self, lang: str, names: Mapping[str, str] | None = None) -> str:
        """This message in ``lang`` (``zh`` or ``en``)."""
        if lang != "zh":
            return str(self)
        return _Formatter("zh", names or {}).format(CATALOGUE[self.id][0], **self.args)


def _rebuild(id: str, args: dict[str, Any]) -> Message:
    return Message(id, **args)


def msg(id: str, /, **args: Any) -> Message:
    """The message ``id`` with its arguments (its ``str`` is the English text)."""
    return Message(id, **args)


_FREE = frozenset(
    {"error", "line", "listed", "more", "name", "names", "note", "parts", "path", "reasons"}
    | {"report", "rows", "shown", "source", "span", "text", "why"}
)
"""Arguments that may hold any text, lists joined by "; " included."""
_NUMBER = r"-?[\d,]+(?:\.\d+)?%?"
_COUNTS = frozenset(
    {"n", "count", "total", "gaps", "days", "working", "agents", "off", "pool", "size"}
    | {"done", "scheduled", "required", "queues", "intervals", "options", "variables"}
)


def _field_pattern(field: str, spec: str) -> str:
    """The text one argument can be: a date in its format, a number, a name (no ";") or,
    for :data:`_FREE` arguments, anything."""
    if "%" in spec and spec[-1] != "%":
        pieces = re.split(r"(%[YmdHMS])", spec)
        return "".join(
            (r"\d{4}" if p == "%Y" else r"\d{2}") if re.fullmatch("%[YmdHMS]", p) else re.escape(p)
            for p in pieces
        )
    if field == "op":
        return "[<>]=?"
    if spec or field in _COUNTS:
        return _NUMBER
    return ".*?" if field in _FREE else "[^;]+?"


@functools.cache
def _patterns() -> list[tuple[re.Pattern[str], str]]:
    """Each English template as a regular expression whose groups are its arguments.

    A field of any text ends at the first occurrence of the literal text after it and never
    gives it back (an atomic group): matching is then linear in the text's length, where
    lazy fields took minutes on text that repeats a template's literals."""
    out = []
    for id_, (_, en) in CATALOGUE.items():
        parsed = list(string.Formatter().parse(en.strip()))
        literal = "".join(text for text, *_ in parsed)
        if len(re.findall("[A-Za-z]", literal)) < 2:  # "{label} {value}" matches anything
            continue
        parts = []
        seen: set[str] = set()
        for k, (text, field, spec, conversion) in enumerate(parsed):
            parts.append(re.escape(text))
            if field is None:
                continue
            if conversion in ("p", "e", "v"):
                parts.append("(?:s|es|ve)?")
                continue
            if field in seen:
                parts.append(f"(?P={field})")
                continue
            seen.add(field)
            pattern = _field_pattern(field, spec or "")
            after = parsed[k + 1][0] if k + 1 < len(parsed) else ""
            if pattern in (".*?", "[^;]+?") and after:
                char = "." if pattern == ".*?" else "[^;]"
                many = "*" if pattern == ".*?" else "+"
                pattern = f"(?>(?:(?!{re.escape(after)}){char}){many})"
            parts.append(f"(?P<{field}>{pattern})")
        out.append((re.compile("".join(parts) + r"\Z", re.S), id_))
    return out


def _match(text: str, names: Mapping[str, str], depth: int = 0) -> str | None:
    """``text`` in Chinese when an English template matches it whole (the template matching
    the most literal text wins), else None."""
    best: tuple[int, str, dict[str, str]] | None = None
    for pattern, id_ in _patterns():
        found = pattern.match(text)
        if found and text not in found.groupdict().values():  # "{text}" matches anything
            args = found.groupdict()
            captured = sum(len(v) for v in args.values())
            if best is None or captured < best[0]:
                best = (captured, id_, args)
    if best is None:
        return None
    return _Formatter("zh", names, depth).format(_zh_template(best[1]), **best[2]).strip()


def _match_list(pieces: list[str], names: Mapping[str, str], depth: int) -> list[str]:
    """Pieces of a "; "-joined list rendered, each run of pieces joined back as long as it
    matches one template (a message may itself contain "; ", a few times at most)."""
    out, i = [], 0
    while i < len(pieces):
        for j in range(min(len(pieces), i + _MAX_JOINED), i, -1):
            found = _match("; ".join(pieces[i:j]), names, depth)
            if found is not None:
                out.append(found)
                i = j
                break
        else:
            out.append(names.get(pieces[i], KINDS.get(pieces[i], pieces[i])))
            i += 1
    return out


def _zh_template(id_: str) -> str:
    """The Chinese template with format specs dropped (arguments read back are text)."""
    parts = []
    for literal, field, _spec, conversion in string.Formatter().parse(CATALOGUE[id_][0]):
        parts.append(literal.replace("{", "{{").replace("}", "}}"))
        if field is not None:
            parts.append("{" + field + (f"!{conversion}" if conversion else "") + "}")
    return "".join(parts)


def render(text: object, lang: str, names: Mapping[str, str] | None = None) -> str:
    """``text`` for a reader of ``lang``: a :class:`Message` by its id, other text by the
    English template it matches (arguments rendered too), else unchanged."""
    if isinstance(text, Message):
        return text.render(lang, names)
    value = "" if text is None else str(text)
    if lang != "zh":
        return value
    return _render_text(value, names or {}, 0)


_MAX_DEPTH = 6
"""Messages nest this deep at most (a list of reasons inside a warning inside a line)."""
_MAX_JOINED = 4
"""A message holds at most this many "; "-separated parts."""
_MAX_CHARS = 5000
"""Longer text is shown as it is (matching it would take long and it is no message)."""


def _render_text(value: str, names: Mapping[str, str], depth: int) -> str:
    """:func:`render` of text without an id: by the template it matches, else unchanged
    (never an exception: a line that cannot be rendered is shown as it is)."""
    stripped = value.strip()
    if not stripped or depth > _MAX_DEPTH or len(stripped) > _MAX_CHARS:
        return value
    lead = value[: len(value) - len(value.lstrip())]
    try:
        found = _match(stripped, names, depth)
        if found is not None:
            return lead + found
        if "; " in stripped:  # a list of messages joined by the caller
            return lead + "；".join(_match_list(stripped.split("; "), names, depth))
    except (ValueError, KeyError, IndexError, RecursionError):
        return value
    return lead + names[stripped] if stripped in names else value


def render_lines(
    lines: Iterable[object], lang: str, names: Mapping[str, str] | None = None
) -> list[str]:
    """Each line of a progress log rendered with :func:`render`."""
    return [render(line, lang, names) for line in lines]


def language_from_env(default: str = "en") -> str:
    """``FORECASTER_LANG`` if set (``zh``/``en``), else from the locale (``LANG=zh_CN…`` →
    ``zh``), else ``default``."""
    chosen = os.environ.get("FORECASTER_LANG", "").strip().lower()
    if chosen in ("zh", "en"):
        return chosen
    for var in ("LC_ALL", "LC_MESSAGES", "LANG"):
        locale = os.environ.get(var, "")
        if locale:
            return "zh" if locale.lower().startswith("zh") else "en"
    return default


PHASES: dict[str, str] = {
    "presale": "预售 (定金)",
    "wave": "抢购波次",
    "peak_day": "爆发日",
    "final_payment": "尾款",
    "after_sales": "售后高峰",
}
"""Campaign phase kinds (the calendar's ``phase`` column) by their Chinese name."""

COLUMNS: dict[str, tuple[str, str]] = {
    # backtests (forecaster backtest, the forecast page)
    "origin": ("预测起点", "Origin"),
    "origin_start": ("起点时间", "Origin time"),
    "window_end": ("窗口结束", "Window end"),
    "model": ("模型", "Model"),
    "scope": ("范围", "Scope"),
    "actual_total": ("实际总量", "Actual total"),
    "coverage_80": ("P10-P90 覆盖率", "P10-P90 coverage"),
    "pinball": ("分位数损失", "Pinball loss"),
    "peak_timing_minutes": ("峰值时刻偏差 (分钟)", "Peak timing (min)"),
    "fit_predict_seconds": ("拟合与预测用时 (秒)", "Fit and predict (s)"),
    "wape_truth": ("真实率的 WAPE", "WAPE of the true rate"),
    "forecast_error": ("误差 (预测 − 实际)", "Error (forecast − actual)"),
    # post-campaign review (forecaster review)
    "hour": ("小时", "Hour"),
    "actual": ("实际咨询量", "Actual inquiries"),
    "human_reported": ("实际人工接待", "Human (reported)"),
    "forecast": ("预测均值", "Forecast mean"),
    "forecast_mean": ("预测均值", "Forecast mean"),
    "forecast_p10": ("预测 P10", "Forecast P10"),
    "forecast_p50": ("预测 P50", "Forecast P50"),
    "forecast_p90": ("预测 P90", "Forecast P90"),
    "error_p50": ("P50 误差", "P50 error"),
    "abs_pct_error": ("绝对百分比误差", "Absolute % error"),
    "in_band": ("落在 P10-P90 内", "Inside P10-P90"),
    "intervals": ("时段数", "Intervals"),
    "excluded_intervals": ("排除的时段", "Excluded intervals"),
    "wape": ("WAPE (均值)", "WAPE (mean)"),
    "wape_p50": ("WAPE (P50)", "WAPE (P50)"),
    "bias": ("偏差", "Bias"),
    "band_coverage": ("P10-P90 覆盖率", "P10-P90 coverage"),
    "required_agents": ("按实际需在线", "Agents needed at actual"),
    "required_headcount": ("按实际需在岗", "Headcount needed at actual"),
    "planned_headcount": ("计划在岗", "Planned headcount"),
    "rostered_agents": ("排班在线", "Rostered on chat"),
    "shortfall_headcount": ("缺口人数", "Shortfall headcount"),
    "excess_headcount": ("富余人数", "Excess headcount"),
    "simulated_arrivals": ("仿真到达", "Simulated arrivals"),
    "simulated_abandon_rate": ("仿真放弃率", "Simulated abandon rate"),
    "simulated_asa_seconds": ("仿真平均应答 (秒)", "Simulated ASA (s)"),
    "simulated_abandoned": ("仿真放弃数", "Simulated abandoned"),
    "reason": ("原因", "Reason"),
    "intervals_over": ("富余时段数", "Intervals over"),
    "scheduled_hours": ("排班人时", "Scheduled hours"),
    "required_hours": ("按实际需要人时", "Required hours"),
    "excess_hours": ("富余人时", "Excess hours"),
    "excess_cost": ("富余成本 (元)", "Excess cost (CNY)"),
    "roster_above_plan_hours": ("排班高于计划人时", "Roster above plan hours"),
    # history, calendar and forecast
    "interval_start": ("时段开始", "Interval start"),
    "queue": ("队列", "Queue"),
    "queues": ("队列", "Queues"),
    "inquiries": ("咨询量", "Inquiries"),
    "human_inquiries": ("人工咨询量", "Human inquiries"),
    "event": ("大促活动", "Event"),
    "family": ("大促系列", "Campaign family"),
    "wape_lift": ("提升模型 WAPE", "Lift model WAPE"),
    "wape_analog": ("去年同期 WAPE", "Last year WAPE"),
    "wape_mixed": ("组合 WAPE", "Mix WAPE"),
    "weight": ("提升模型权重", "Lift model weight"),
    "phase": ("阶段", "Phase"),
    "note": ("备注", "Note"),
    "heat": ("热度 (相对去年)", "Heat (vs last year)"),
    "start": ("开始", "Start"),
    "end": ("结束", "End"),
    "days": ("天数", "Days"),
    "date": ("日期", "Date"),
    "total_inquiries": ("咨询总量", "Total inquiries"),
    "daily_min": ("日最少", "Daily min"),
    "daily_median": ("日中位数", "Daily median"),
    "daily_max": ("日最多", "Daily max"),
    "busiest_day": ("最忙的一天", "Busiest day"),
    "mean": ("预测均值", "Mean"),
    "factor": ("系数", "Factor"),
    # the adjustments' log (forecaster.adjust.explain)
    "entry": ("序号", "Entry"),
    "window": ("时段", "Window"),
    "detail": ("内容", "Detail"),
    "rows_matched": ("匹配行数", "Rows matched"),
    "inquiries_before": ("调整前咨询量", "Inquiries before"),
    "inquiries_after": ("调整后咨询量", "Inquiries after"),
    "status": ("状态", "Status"),
    "author": ("调整人", "Author"),
    "day_total": ("全天总量", "Day total"),
    # capacity
    "agents": ("在线人数", "Agents"),
    "headcount": ("排班人数", "Headcount"),
    "agent_hours": ("在线需求人时", "Agent-hours on chat"),
    "peak_agents": ("峰值在线人数", "Peak agents"),
    "binding": ("决定因素", "Binding rule"),
    "service_level": ("服务水平", "Service level"),
    # shift templates and roster
    "shift": ("班次", "Shift"),
    "code": ("班次代码", "Code"),
    "kind": ("类型", "Kind"),
    "length_hours": ("班次时长 (小时)", "Length [h]"),
    "break_minutes": ("休息 (分钟)", "Break [min]"),
    "break_window_hours": ("休息开始 (上班后第几小时)", "Break window [h after start]"),
    "break_start": ("休息开始", "Break start"),
    "break_end": ("休息结束", "Break end"),
    "start_times": ("开始时刻", "Start times"),
    "start_window": ("开始窗口", "Start window"),
    "start_step_minutes": ("步长 (分钟)", "Step [min]"),
    "cost_per_hour": ("时薪 (元)", "Cost per hour (CNY)"),
    "min_booking_days": ("最少预订天数", "Min booking days"),
    "cost": ("成本 (元)", "Cost (CNY)"),
    "required": ("需求", "Required"),
    "scheduled": ("排班", "Scheduled"),
    "shortfall": ("缺口", "Shortfall"),
    "agent": ("工号", "Agent"),
    "name": ("名称", "Name"),
    # plans and scenarios
    "id": ("编号", "ID"),
    "scenario": ("情景", "Scenario"),
    "overrides": ("参数改动", "Overrides"),
    "error": ("错误", "Error"),
    "paid_hours": ("付薪工时", "Paid hours"),
    "headcount_ft": ("全职人数", "FT headcount"),
    "headcount_pt": ("兼职人数", "PT headcount"),
    "headcount_out": ("外包人数", "Outsourced headcount"),
    "labour_cost": ("人工成本 (元)", "Labour cost (CNY)"),
    "cost_per_inquiry": ("每次咨询成本 (元)", "Cost per inquiry (CNY)"),
    "simulated_service_level": ("仿真服务水平", "Simulated service level"),
    "worst_service_level": ("最差时段服务水平", "Worst service level"),
    "worst_interval": ("最差时段", "Worst interval"),
    "worst_queue": ("最差队列", "Worst queue"),
    "abandoned_inquiries": ("放弃的咨询", "Abandoned inquiries"),
    "shortfall_agent_hours": ("缺口人时", "Shortfall agent-hours"),
    "roster_status": ("排班求解状态", "Roster status"),
    "roster_gap": ("求解间隙", "Solver gap"),
    "created": ("保存时间", "Saved"),
    "created_at": ("保存时间", "Saved"),
    "owner": ("保存人", "Saved by"),
    "at": ("时间", "At"),
    "actor": ("操作人", "By"),
    "action": ("操作", "Action"),
    "plan_id": ("方案编号", "Plan ID"),
    "plan_name": ("方案名称", "Plan name"),
    "horizon": ("计划区间", "Horizon"),
    "input": ("输入", "Input"),
    "source": ("文件", "Source"),
    "sha256": ("SHA-256", "SHA-256"),
    "current": ("与当前数据相比", "Against the current data"),
}
"""Column name → (Chinese, English) header for people; files keep the column names."""


def column_label(name: object, lang: str) -> str:
    """The header people read for column ``name`` (the name itself when it has none)."""
    zh_en = COLUMNS.get(str(name))
    if zh_en is None:
        return str(name)
    return zh_en[0] if lang == "zh" else zh_en[1]


def display_value(column: str, value: object, lang: str, names: Mapping[str, str]) -> object:
    """A cell as people read it: queue, kind, phase and status names in Chinese."""
    if lang != "zh" or not isinstance(value, str):
        return value
    if column in ("queue", "worst_queue"):
        return names.get(value) or (EVERY_QUEUE_NAME if value == EVERY_QUEUE else value)
    if column == "kind":
        return KINDS.get(value) or ADJUSTMENT_KINDS.get(value, value)
    if column == "phase":
        return PHASES.get(value, value)
    if column in ("roster_status", "status"):
        return render(msg(f"status.{value}"), lang) if f"status.{value}" in CATALOGUE else value
    if column == "binding":
        key = f"binding.{value}"
        return CATALOGUE[key][0] if key in CATALOGUE else value
    if column == "reason" and f"review.{value}" in CATALOGUE:
        return CATALOGUE[f"review.{value}"][0]
    if column in BACKTEST_VALUES and value in BACKTEST_VALUES[column]:
        return BACKTEST_VALUES[column][value]
    if column in ("window", "detail"):  # messages (adjustments log), or their English text
        return render(value, lang, names)
    return value


BACKTEST_VALUES: dict[str, dict[str, str]] = {
    "origin": {"pre_campaign": "大促前 7 天", "final_wave": "最后一波前 2 天"},
    "model": {
        "campaign": "大促提升模型",
        "last_year": "去年同期对齐",
        "seasonal_naive": "上周同期",
        "baseline": "基线模型",
        "mstl": "MSTL 分解",
    },
    "scope": {"window": "整个窗口", "campaign_days": "大促日"},
    "scenario": {"base": "基准 (base)"},  # forecaster.scenarios.BASE: the unchanged config
}
"""Backtest values in Chinese (:func:`display_value`)."""

_NAMED = (
    *("queue", "worst_queue", "kind", "phase", "roster_status", "status", "binding"),
    *("window", "detail", "reason", "origin", "model", "scope", "scenario"),
)
"""Columns whose values have display names (:func:`display_value`)."""


def localise_values(frame: Any, lang: str, names: Mapping[str, str] | None = None) -> Any:
    """A copy of a table whose queue/kind/phase/status values are shown by their display
    names (Chinese only; English keeps the values); headers unchanged."""
    names = names or {}
    out = frame.copy()
    for column in out.columns:
        if str(column) in _NAMED:
            out[column] = out[column].map(lambda v, c=str(column): display_value(c, v, lang, names))
    return out


def localise_frame(frame: Any, lang: str, names: Mapping[str, str] | None = None) -> Any:
    """:func:`localise_values` with headers from :data:`COLUMNS` too."""
    out = localise_values(frame, lang, names)
    return out.rename(columns={c: column_label(c, lang) for c in out.columns})

"""The CLI's own words in Chinese: ``--help`` texts and argparse's usage errors.

:func:`forecaster.cli.build_parser` writes its help in English; under ``--lang zh`` (or
``FORECASTER_LANG=zh``, or a Chinese locale) :func:`translate` swaps every text for its
entry here. A help text without an entry is a bug the tests catch, so a new option cannot
reach a Chinese planner in English.
"""

from __future__ import annotations

import argparse
import re

HELP: dict[str, str] = {
    "Staffing planner for e-commerce chat service around 618 and 双11.": (
        "电商客服大促 (618、双11) 排班规划工具。"
    ),
    "show this help message and exit": "显示本帮助并退出",
    "show program's version number and exit": "显示版本号并退出",
    "language of the output: zh (中文) or en (default: $FORECASTER_LANG, else the locale, "
    "else en)": "输出语言: zh (中文) 或 en (默认: $FORECASTER_LANG, 其次系统区域设置, 再次 en)",
    "check a history export (and calendar) and print a data-quality report": (
        "检查历史咨询数据 (及大促日历), 输出数据质量报告"
    ),
    "forecast inquiries with quantiles from history strictly before --start": (
        "用 --start 之前的历史预测咨询量 (含分位数)"
    ),
    "score the forecasters on a past campaign": "在过去的一次大促上给各预测模型打分",
    "agents and headcount per interval from a forecast": "由预测算出每个时段的在线客服数和编制人数",
    "full-time, part-time and outsourced shifts covering the requirements": (
        "排出覆盖人力需求的全职、兼职和外包班次"
    ),
    "forecast, staff, roster and simulate one horizon": "对一个排班周期做预测、人力测算、排班和仿真",
    "saved plans: list, show, delete, export, audit (who saved and deleted what; the user is "
    "FORECASTER_USER, else the login name)": (
        "已保存的方案: list 列表, show 查看, delete 删除, export 导出, audit 审计 "
        "(谁保存和删除了什么; 用户为 FORECASTER_USER, 否则为登录名)"
    ),
    "after the campaign: a saved plan against the actual history": (
        "大促复盘: 已保存的方案对照实际咨询量"
    ),
    "plan several what-if scenarios on one shared forecast, in parallel": (
        "在同一份预测上并行规划多个假设情景并对比"
    ),
    "many shops at once on Dask: one folder (or manifest row) per shop": (
        "用 Dask 同时规划多个店铺: 每个店铺一个文件夹 (或清单中的一行)"
    ),
    "the whole pipeline on the bundled sample (双11 2025)": "在自带示例店铺上运行完整流程 (双11 2025)",
    "simulate the chat centre with the required (or rostered) agents": (
        "按需求人数 (或排班人数) 仿真客服中心"
    ),
    "start the Streamlit app": "启动 Streamlit 网页应用",
    "history file: CSV (UTF-8/GBK, maybe .gz) or .xlsx (default: bundled sample)": (
        "历史咨询数据: CSV (UTF-8/GBK, 可为 .gz) 或 .xlsx (默认: 自带示例)"
    ),
    "campaign calendar (default: the bundled 618/双11 calendar; '' for none)": (
        "大促日历 (默认: 自带的 618/双11 日历; 传 '' 表示不用日历)"
    ),
    "plan.toml: also check it, and show its queue names": "plan.toml: 一并检查, 并显示其中的队列名称",
    "history file (default: bundled sample)": "历史咨询数据 (默认: 自带示例)",
    "first interval, e.g. 2025-10-08": "第一个时段, 例如 2025-10-08",
    "last day (whole day) or last interval start": "最后一天 (整天) 或最后一个时段的开始时间",
    "output minutes": "输出时段长度 (分钟)",
    "planner adjustments JSON to apply": "要应用的人工调整 (JSON)",
    "plan.toml whose 'holidays' key (CN, none or a country code such as GB) chooses the "
    "holiday calendar (default: CN)": (
        "plan.toml, 其中的 'holidays' 键 (CN、none 或国家代码如 GB) 决定节假日日历 (默认: CN)"
    ),
    "forecast CSV to write": "要写出的预测 CSV",
    'calendar event, e.g. "双11 2024"': '日历中的大促, 例如 "双11 2024"',
    "comma-separated models to score": "要打分的模型, 用逗号分隔",
    "directory for metrics.csv, forecasts.csv, PNGs": "输出目录: metrics.csv、forecasts.csv 和图表",
    "forecast CSV (forecaster forecast)": "预测 CSV (forecaster forecast 的输出)",
    "plan.toml (default: bundled sample)": "plan.toml (默认: 自带示例)",
    "forecast column to staff to (default: each queue's forecast_quantile)": (
        "按预测的哪一列配置人力 (默认: 各队列的 forecast_quantile)"
    ),
    "plain per-interval staffing, without the time-varying (lagged load) correction": (
        "逐时段独立测算, 不做时变 (滞后负载) 修正"
    ),
    "campaign calendar: the days each phase touches, for the queues' phase_service_hours "
    "(default: none, only service_hours apply)": (
        "大促日历: 各阶段覆盖的日期, 用于队列的 phase_service_hours "
        "(默认: 不用, 只按 service_hours)"
    ),
    "requirements CSV to write": "要写出的人力需求 CSV",
    "requirements CSV (forecaster staff)": "人力需求 CSV (forecaster staff 的输出)",
    "campaign calendar: days outsourced (days = campaign) shifts may run, all-hands "
    "phases (default: the bundled 618/双11 calendar; '' for none)": (
        "大促日历: 外包班次 (days = campaign) 可排的日期、全员上班阶段 "
        "(默认: 自带的 618/双11 日历; 传 '' 表示不用)"
    ),
    "agents.csv: agent, name, kind, queues, unavailable": (
        "团队名单 agents.csv: agent 工号, name 姓名, kind 类型, queues 队列, unavailable 请假日期"
    ),
    "headers of roster.xlsx": "roster.xlsx 的表头语言",
    "a previous plan or roster output folder this one follows (rest, days in a row, days off "
    "in the week, outsourced bookings in progress, the night shifts of the day before)": (
        "本次排班接续的上一期方案或排班输出目录 (休息间隔、连续上班天数、本周休息日、"
        "进行中的外包预订、前一天的夜班)"
    ),
    "output directory": "输出目录",
    "first day (default: sample 双11)": "第一天 (默认: 示例的双11)",
    "last day (default: sample 双11)": "最后一天 (默认: 示例的双11)",
    "planner adjustments JSON": "人工调整 (JSON)",
    "roster solver seconds": "排班求解时间上限 (秒)",
    "also save the plan in the plan database (optional name)": "同时把方案存入方案库 (可加名称)",
    "plan database: a SQLAlchemy URL or a SQLite file path (default: $FORECASTER_DB or "
    "plans.db in the user data directory)": (
        "方案库: SQLAlchemy URL 或 SQLite 文件路径 (默认: $FORECASTER_DB 或用户数据目录下的 plans.db)"
    ),
    "plan ID (see 'plans list')": "方案编号 (见 'plans list')",
    "directory for 'export'": "'export' 的输出目录",
    "roster.xlsx headers": "roster.xlsx 的表头语言",
    "saved plan ID": "已保存方案的编号",
    "history export covering the horizon": "覆盖排班周期的实际咨询数据",
    "one scenario (repeatable), e.g. bot_resolution=0.5 or "
    "'bot50: bot_resolution=0.5, presale.max_concurrency=4'": (
        "一个情景 (可重复), 例如 bot_resolution=0.5 或 "
        "'bot50: bot_resolution=0.5, presale.max_concurrency=4'"
    ),
    "leave out the unchanged configuration": "不包含未改动的配置作为基准情景",
    "processes (default: all cores)": "并行进程数 (默认: 全部 CPU 核)",
    "save this scenario's plan": "保存这个情景的方案",
    "folder of shop folders (history.csv[.gz|.xlsx], optional calendar.csv and plan.toml "
    "each), or a shops.csv manifest: shop, history, calendar, config": (
        "店铺文件夹的上级目录 (每个店铺含 history.csv[.gz|.xlsx], 可选 calendar.csv 和 "
        "plan.toml), 或清单 shops.csv: shop, history, calendar, config"
    ),
    "fleet-wide plan.toml defaults; each shop's plan.toml overrides them key by key "
    "(default: bundled sample)": (
        "全部店铺共用的 plan.toml 默认值; 各店铺自己的 plan.toml 逐键覆盖 (默认: 自带示例)"
    ),
    "first day, e.g. 2025-10-08": "第一天, 例如 2025-10-08",
    'instead of --start/--end: a calendar event, e.g. "双11 2025"; each shop plans from a '
    "week before its first phase to the end of its last": (
        '代替 --start/--end: 日历中的大促, 例如 "双11 2025"; 每个店铺从其第一个阶段前一周规划到'
        "最后一个阶段结束"
    ),
    "how far to plan each shop (default: plan, every file 'forecaster plan' writes)": (
        "每个店铺做到哪一步 (默认: plan, 即 'forecaster plan' 写出的全部文件)"
    ),
    "a running Dask scheduler (default: a local cluster on this machine)": (
        "正在运行的 Dask 调度器地址 (默认: 本机本地集群)"
    ),
    "local worker processes (default: one per core; ignored with --scheduler)": (
        "本地工作进程数 (默认: 每核一个; 指定 --scheduler 时忽略)"
    ),
    "keep shops whose outputs match their inputs' fingerprint": "跳过输出与输入指纹一致的店铺",
    "output directory (default: demo_output)": "输出目录 (默认: demo_output)",
    "roster output directory: simulate its coverage.csv": "排班输出目录: 仿真其中的 coverage.csv",
    "default 20; 10 (the plan's) for a plan's folder": "默认 20; 对方案目录为 10 (与方案一致)",
    "simulation CSV to write": "要写出的仿真 CSV",
    "forecasting model": "预测模型",
    "simulation runs of the plan (more: narrower confidence intervals, slower)": (
        "方案仿真的重复次数 (越多置信区间越窄, 也越慢)"
    ),
    "random seed of the simulation (the same seed gives the same result)": (
        "仿真的随机种子 (相同种子得到相同结果)"
    ),
    "what to do": "要做的操作",
    "port to serve on": "服务端口",
    "address to serve on": "服务地址",
}
"""English help text → Chinese, for every option and command of the CLI."""

HEADINGS = {
    "positional arguments": "位置参数",
    "options": "选项",
    "optional arguments": "选项",
}

USAGE = "用法: "

ERRORS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), zh)
    for pattern, zh in (
        (r"^the following arguments are required: (.*)$", r"缺少必需的参数: \1"),
        (r"^unrecognized arguments: (.*)$", r"无法识别的参数: \1"),
        (
            r"^argument (\S+): invalid choice: (.*) \(choose from (.*)\)$",
            r"参数 \1: 无效的取值 \2 (可选: \3)",
        ),
        (r"^argument (\S+): expected one argument$", r"参数 \1 需要一个值"),
        (r"^argument (\S+): invalid (\S+) value: (.*)$", r"参数 \1: 无效的值 \3"),
        (r"^argument (\S+): (.*)$", r"参数 \1: \2"),
    )
)


def error_text(message: str) -> str:
    """argparse's usage error in Chinese (the message as is when no pattern knows it)."""
    for pattern, zh in ERRORS:
        if pattern.match(message):
            return pattern.sub(zh, message)
    return message


class HelpFormatter(argparse.HelpFormatter):
    """argparse's layout with Chinese headings and usage prefix."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(HEADINGS.get(heading or "", heading))

    def add_usage(self, usage, actions, groups, prefix=None):  # type: ignore[no-untyped-def]
        super().add_usage(usage, actions, groups, USAGE if prefix is None else prefix)


def untranslated(parser: argparse.ArgumentParser) -> list[str]:
    """Every help text of ``parser`` and its commands without a Chinese entry."""
    return [text for text in _texts(parser) if text not in HELP]


def translate(parser: argparse.ArgumentParser) -> None:
    """Swap every help text of ``parser`` and its commands for its Chinese entry."""
    for each in parsers(parser):
        each.formatter_class = HelpFormatter
        if each.description:
            each.description = HELP.get(each.description, each.description)
        for action in _actions(each):
            if isinstance(action.help, str) and action.help != argparse.SUPPRESS:
                action.help = HELP.get(action.help, action.help)


def parsers(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    """``parser`` and every command's parser under it."""
    found = [parser]
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for sub in dict.fromkeys(action.choices.values()):
                found.extend(parsers(sub))
    return found


def _actions(parser: argparse.ArgumentParser) -> list[argparse.Action]:
    actions = list(parser._actions)
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            actions.extend(action._choices_actions)
    return actions


def _texts(parser: argparse.ArgumentParser) -> list[str]:
    texts: list[str] = []
    for each in parsers(parser):
        if each.description:
            texts.append(each.description)
        texts.extend(
            action.help
            for action in _actions(each)
            if isinstance(action.help, str) and action.help != argparse.SUPPRESS
        )
    return list(dict.fromkeys(texts))

"""Column mappings for common incident exports, and severity labels to S1/S2/S3.

A preset names, for each field of the normalised table, the export's candidate column names
(the first one present wins). Some tools export durations instead of timestamps (PagerDuty's
``seconds_to_first_ack``, Opsgenie's ``report.ackTime`` in milliseconds): an *offset* gives a
field as ``opened`` plus that duration.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

__all__ = ["FIELDS", "PRESETS", "Preset", "detect_preset", "severity_of"]

FIELDS: tuple[str, ...] = (
    "id", "system", "category", "severity", "opened", "acknowledged", "resolved", "closed",
    "sla_met",
)
"""Fields of the normalised incident table."""
TIME_FIELDS = ("opened", "acknowledged", "resolved", "closed")


@dataclass(frozen=True)
class Preset:
    """Candidate export columns per field, and offsets (column, seconds per unit) from opened."""

    name: str
    label: str
    columns: dict[str, tuple[str, ...]]
    offsets: dict[str, tuple[tuple[str, ...], float]] = field(default_factory=dict)


PRESETS: dict[str, Preset] = {p.name: p for p in (
    Preset("servicenow", "ServiceNow incident export", {
        "id": ("number",), "system": ("cmdb_ci", "business_service"),
        "category": ("category",), "severity": ("priority",),
        "opened": ("opened_at",), "resolved": ("resolved_at",), "closed": ("closed_at",),
        "sla_met": ("made_sla",),
    }),
    Preset("jira", "Jira Service Management issues", {
        "id": ("Issue key", "Key"), "system": ("Component/s", "Components", "Service"),
        "category": ("Issue Type", "Request Type"), "severity": ("Priority",),
        "opened": ("Created",), "resolved": ("Resolved",), "closed": ("Closed",),
    }),
    Preset("pagerduty", "PagerDuty incidents (analytics export)", {
        "id": ("incident_number", "id"), "system": ("service_name",),
        "category": ("escalation_policy_name",), "severity": ("priority_name", "urgency"),
        "opened": ("created_at",), "resolved": ("resolved_at",),
    }, offsets={"acknowledged": (("seconds_to_first_ack",), 1.0),
                "resolved": (("seconds_to_resolve",), 1.0)}),
    Preset("opsgenie", "Opsgenie alerts", {
        "id": ("tinyId", "alias", "id"), "system": ("source", "entity"),
        "category": ("tags",), "severity": ("priority",), "opened": ("createdAt",),
    }, offsets={"acknowledged": (("report.ackTime",), 0.001),
                "resolved": (("report.closeTime",), 0.001)}),
    Preset("zabbix", "Zabbix problems", {
        "id": ("Event ID", "eventid"), "system": ("Host", "ホスト"),
        "category": ("Problem", "障害"), "severity": ("Severity", "深刻度"),
        "opened": ("Time", "時間", "発生時刻"), "resolved": ("Recovery time", "復旧時刻"),
    }),
    Preset("generic", "Generic spreadsheet (English or Japanese headers)", {
        "id": ("id", "ID", "incident_id", "Incident ID", "ticket", "Ticket", "番号", "管理番号",
               "インシデント番号", "チケット番号"),
        "system": ("system", "System", "service", "Service", "システム", "システム名",
                   "サービス", "サービス名", "対象システム"),
        "category": ("category", "Category", "カテゴリ", "分類", "種別"),
        "severity": ("severity", "Severity", "priority", "Priority", "重要度", "優先度",
                     "深刻度", "緊急度"),
        "opened": ("opened", "Opened", "created", "Created", "start", "Start", "occurred",
                   "発生日時", "発生時刻", "起票日時", "受付日時"),
        "acknowledged": ("acknowledged", "Acknowledged", "ack", "対応開始日時", "一次対応日時",
                         "着手日時"),
        "resolved": ("resolved", "Resolved", "restored", "Restored", "end", "End", "復旧日時",
                     "復旧時刻", "解決日時"),
        "closed": ("closed", "Closed", "完了日時", "クローズ日時", "終了日時"),
        "sla_met": ("sla_met", "SLA met", "SLA", "SLA達成", "SLA遵守"),
    }),
)}


def detect_preset(columns: list[str]) -> Preset:
    """The preset whose columns the export matches best (opened and resolved count double)."""
    present = set(columns)

    def score(preset: Preset) -> float:
        total = 0.0
        for name, candidates in preset.columns.items():
            if any(c in present for c in candidates):
                total += 2.0 if name in ("opened", "resolved") else 1.0
        for candidates, _ in preset.offsets.values():
            if any(c in present for c in candidates):
                total += 1.0
        return total

    best = max(PRESETS.values(), key=score)
    return best if score(best) > 0 else PRESETS["generic"]


_WORDS = (
    ("S1", ("critical", "crit", "disaster", "highest", "urgent", "blocker", "emergency", "sev1",
            "緊急", "致命", "最高", "重大障害")),
    ("S2", ("high", "major", "sev2", "重大", "高")),
    ("S3", ("medium", "moderate", "average", "low", "lowest", "minor", "warning", "info",
            "information", "not classified", "trivial", "planning", "sev3", "sev4", "sev5", "中",
            "低", "軽微", "警告", "情報")),
)


def severity_of(label: str | None) -> str | None:
    """S1, S2 or S3 from a priority or severity label; None when it cannot be told.

    ``1 - Critical``/``P1``/``Disaster``/``緊急`` are S1; 2/``P2``/``High``/``重大`` S2;
    3 and above, ``Medium``, ``Low``, ``Warning`` ... S3.
    """
    if label is None:
        return None
    text = str(label).strip().lower()
    if not text:
        return None
    match = re.match(r"^(?:p|sev|s)?\s*([0-9])", text)
    if match:
        level = int(match.group(1))
        return "S1" if level <= 1 else "S2" if level == 2 else "S3"
    for severity, words in _WORDS:
        if any(text == w or text.startswith(w) for w in words):
            return severity
    return None

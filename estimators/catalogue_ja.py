"""Japanese translations, keyed by the English text (see estimators/i18n.py)."""

JA: dict[str, str] = {}

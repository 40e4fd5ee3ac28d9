"""Plotly figures for the pages and reports, one module per concept: costs, downtime, history,
decisions (and their shared style). Titles and axes carry units; every text goes through the
catalogue."""

from estimators.presentation.charts.costs import (
    compare_figure,
    compare_lines_figure,
    cost_by_line_figure,
    cumulative_figure,
)
from estimators.presentation.charts.decisions import (
    breakeven_map_figure,
    preventive_figure,
    scope_matrix_figure,
    sobol_figure,
    spider_figure,
    tornado_figure,
)
from estimators.presentation.charts.downtime import (
    availability_figure,
    breach_figure,
    cost_distribution_figure,
    downtime_histogram_figure,
    ttr_ecdf_figure,
)
from estimators.presentation.charts.history import (
    fit_ecdf_figure,
    heatmap_figure,
    monthly_figure,
    qq_figure,
)

__all__ = [
    "availability_figure",
    "breach_figure",
    "breakeven_map_figure",
    "compare_figure",
    "compare_lines_figure",
    "cost_by_line_figure",
    "cost_distribution_figure",
    "cumulative_figure",
    "downtime_histogram_figure",
    "fit_ecdf_figure",
    "heatmap_figure",
    "monthly_figure",
    "preventive_figure",
    "qq_figure",
    "scope_matrix_figure",
    "sobol_figure",
    "spider_figure",
    "tornado_figure",
    "ttr_ecdf_figure",
]

"""Measures of the sensitivity analyses: typed values whose keys are the JSON's strings."""

import copy

import pytest

from estimators.decisions.measures import (
    COSTS,
    GAPS,
    MEASURES,
    MONEY_MEASURES,
    OUTAGES,
    Measure,
    MeasureKind,
)
from estimators.scenario.strategies import Strategy


@pytest.mark.parametrize("measure", MEASURES, ids=lambda m: m.key)
def test_every_offered_measure_round_trips_through_its_key(measure):
    assert Measure.parse(measure.key) == measure
    assert Measure.parse(measure.key).key == measure.key
    assert copy.deepcopy(measure) == measure  # as Streamlit keeps a widget's value
    assert hash(Measure.parse(measure.key)) == hash(measure)


def test_keys_are_the_strings_of_the_json_output():
    assert [m.key for m in MEASURES] == [
        "outsourced-in_house", "hybrid-in_house", "in_house", "outsourced", "hybrid",
        "outage:in_house", "outage:outsourced", "outage:hybrid"]
    assert MONEY_MEASURES == (*GAPS, *COSTS)
    assert MEASURES == (*MONEY_MEASURES, *OUTAGES)


def test_parse_gives_typed_fields():
    gap = Measure.parse("hybrid-in_house")
    assert (gap.kind, gap.strategy, gap.baseline) == (MeasureKind.gap, Strategy.hybrid,
                                                      Strategy.in_house)
    assert gap.strategy is Strategy.hybrid and not gap.in_hours
    outage = Measure.parse("outage:outsourced")
    assert (outage.kind, outage.strategy, outage.baseline) == (MeasureKind.outage,
                                                               Strategy.outsourced, None)
    assert outage.in_hours
    cost = Measure.parse("in_house")
    assert (cost.kind, cost.strategy, cost.baseline) == (MeasureKind.cost, Strategy.in_house,
                                                         None)
    # Any two different strategies make a difference, not only the offered ones.
    assert Measure.parse("in_house-hybrid") == Measure.gap(Strategy.in_house, Strategy.hybrid)


def test_measures_are_frozen():
    with pytest.raises(AttributeError):
        Measure.cost(Strategy.hybrid).strategy = Strategy.in_house


@pytest.mark.parametrize(("key", "why"), [
    ("", "'' is not a strategy"),
    ("vendor", "'vendor' is not a strategy"),
    ("In-house", "'In' is not a strategy"),  # a display label is not a key
    ("in_house ", "'in_house ' is not a strategy"),
    ("outage:", "'' is not a strategy"),
    ("outage:vendor", "'vendor' is not a strategy"),
    ("outage:outsourced-in_house", "'outsourced-in_house' is not a strategy"),
    ("outsourced-", "'' is not a strategy"),
    ("-in_house", "'' is not a strategy"),
    ("outsourced-vendor", "'vendor' is not a strategy"),
    ("hybrid-hybrid", "needs two different strategies"),
    ("outsourced-hybrid-in_house", "expected a strategy"),
    ("cost:in_house", "'cost:in_house' is not a strategy"),
])
def test_bad_keys_are_refused_with_a_clear_error(key, why):
    with pytest.raises(ValueError, match="is not a measure") as raised:
        Measure.parse(key)
    message = str(raised.value)
    assert why in message
    assert repr(key) in message
    assert "in_house, outsourced, hybrid" in message  # says what would have been valid


def test_keys_that_are_not_text_are_refused():
    with pytest.raises(ValueError, match="must be text"):
        Measure.parse(None)


def test_inconsistent_measures_cannot_be_built():
    with pytest.raises(ValueError, match="needs a baseline"):
        Measure(MeasureKind.gap, Strategy.hybrid)
    with pytest.raises(ValueError, match="two different strategies"):
        Measure.gap(Strategy.hybrid, Strategy.hybrid)
    with pytest.raises(ValueError, match="has no baseline"):
        Measure(MeasureKind.cost, Strategy.hybrid, Strategy.in_house)
    with pytest.raises(ValueError):
        Measure.cost("vendor")
    assert Measure("gap", "hybrid", "in_house") == GAPS[1]  # values are coerced


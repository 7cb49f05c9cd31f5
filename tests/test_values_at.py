"""`values_at` finds every value at a field path, as the plain recursive walk does: the same
paths and values, in the same order, through lists, missing fields, nulls, values of the wrong
type and lists of lists."""
from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playbook.check.graph import values_at


def _walk(value, path: tuple, rest: tuple):
    """The walk as it was first written."""
    if not rest:
        items = value if isinstance(value, list) else [value]
        for i, item in enumerate(items):
            yield (path + (i,) if isinstance(value, list) else path), item
        return
    head, tail = rest[0], rest[1:]
    if head == "*" and isinstance(value, list):
        for i, item in enumerate(value):
            yield from _walk(item, path + (i,), tail)
    elif isinstance(value, dict) and head in value and value[head] is not None:
        yield from _walk(value[head], path + (head,), tail)


CASES = [
    ({"supports": "grow"}, ("supports",)),
    ({"supports": ["a", "b", None, 3]}, ("supports",)),
    ({"supports": None}, ("supports",)),
    ({}, ("supports",)),
    ({"milestones": [{"addresses": ["x", "y"]}, {"addresses": "z"}, {}, "text", None]}, ("milestones", "*", "addresses")),
    ({"milestones": {"addresses": "x"}}, ("milestones", "*", "addresses")),
    ({"milestones": {"*": {"addresses": "x"}}}, ("milestones", "*", "addresses")),
    ({"a": [[1, 2], [3]]}, ("a", "*")),
    ({"a": [[1, 2], [3]]}, ("a",)),
    ({"posting": [{"account": ["p", "q"]}, {"account": None}]}, ("posting", "*", "account")),
    ({"a": {"b": {"c": [{"d": 1}]}}}, ("a", "b", "c", "*", "d")),
    ("not a mapping", ("a",)),
    (["x", "y"], ()),
    ({"a": 1}, ()),
]


@pytest.mark.parametrize("data, path", CASES)
def test_values_at_is_the_recursive_walk(data, path):
    assert values_at(data, path) == list(_walk(data, (), path))


_values = st.recursive(st.none() | st.integers(0, 3) | st.sampled_from(["a", "b"]),
                       lambda inner: st.lists(inner, max_size=3)
                       | st.dictionaries(st.sampled_from(["a", "b", "*"]), inner, max_size=3), max_leaves=12)


@settings(max_examples=400, deadline=None)
@given(_values, st.lists(st.sampled_from(["a", "b", "*"]), max_size=4).map(tuple))
def test_any_value_and_path_give_what_the_walk_gives(data, path):
    assert values_at(data, path) == list(_walk(data, (), path))

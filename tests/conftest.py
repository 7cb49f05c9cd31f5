"""Fixtures shared by the test modules."""
from __future__ import annotations

import pytest

from tests.contenttree import copy_minimal


@pytest.fixture
def minimal_content(tmp_path):
    """A writable copy of the minimal valid playbook (the golden case clean-minimal)."""
    return copy_minimal(tmp_path / "content")

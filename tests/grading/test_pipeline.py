"""Building the batch engine's steps from nbgrader's configured lists (fast: nothing is graded)."""

from __future__ import annotations

import pytest
from nbconvert.preprocessors import ClearMetadataPreprocessor
from nbgrader.converters.base import NbGraderException
from nbgrader.preprocessors import (
    AssignLatePenalties,
    CheckCellMetadata,
    ClearOutput,
    Execute,
    OverwriteCells,
    OverwriteKernelspec,
    SaveAutoGrades,
)
from traitlets.config import Configurable

from nmt_course.grading.pipeline import (
    SANITIZE_PREPROCESSORS,
    STATIC_PREPROCESSORS,
    BatchSaveAutoGrades,
    CachedOverwriteCells,
    SharedAssignLatePenalties,
    SharedOverwriteKernelspec,
    build_preprocessors,
)
from nmt_course.grading.static import FastCheckCellMetadata, StaticGrade


@pytest.mark.parametrize(
    ("configured", "built"),
    [
        (OverwriteKernelspec, SharedOverwriteKernelspec),  # the four gradebook steps share the run's connection
        (OverwriteCells, CachedOverwriteCells),
        (SaveAutoGrades, BatchSaveAutoGrades),
        (AssignLatePenalties, SharedAssignLatePenalties),
        (CheckCellMetadata, FastCheckCellMetadata),  # the same checks, compiled
        ("nbgrader.preprocessors.SaveAutoGrades", BatchSaveAutoGrades),  # a dotted name, as in nbgrader_config.py
        (ClearOutput, ClearOutput),  # the rest are nbgrader's own classes
        (StaticGrade, StaticGrade),
    ],
)
def test_gradebook_steps_are_swapped(configured: object, built: type) -> None:
    (step,) = build_preprocessors([configured], parent=Configurable())
    assert type(step) is built


def test_an_instance_is_used_as_it_is() -> None:
    mine = ClearMetadataPreprocessor()
    assert build_preprocessors([mine], parent=Configurable()) == [mine]


@pytest.mark.parametrize("kernel", [Execute, "nbgrader.preprocessors.Execute", Execute()])
def test_a_kernel_step_is_refused(kernel: object) -> None:
    with pytest.raises(NbGraderException, match="never starts a kernel"):
        build_preprocessors([ClearOutput, kernel], parent=Configurable())


def test_the_configured_lists_build() -> None:
    steps = build_preprocessors([*SANITIZE_PREPROCESSORS, *STATIC_PREPROCESSORS], parent=Configurable())
    assert [type(s).__name__ for s in steps] == [
        "ClearOutput", "RepairCells", "DeduplicateIds", "SharedOverwriteKernelspec", "CachedOverwriteCells", "FastCheckCellMetadata",
        "StaticGrade", "ShortenCells", "IgnorePattern", "ClearMetadataPreprocessor", "LimitOutput", "BatchSaveAutoGrades", "SharedAssignLatePenalties",
        "FastCheckCellMetadata",
    ]

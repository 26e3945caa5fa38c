"""What grading reports: plain values that cross processes and compare by what they say (fast)."""

from __future__ import annotations

import pickle

from nmt_course.grading.results import GradingSummary, StudentResult


def test_a_result_compares_by_outcome_not_by_how_long_it_took() -> None:
    quick = StudentResult("ann", True, 5.0, 6.0, invalid=(("q03", "q03 is set by code, not written as a plain answer"),), seconds=0.05)
    slow = StudentResult("ann", True, 5.0, 6.0, invalid=(("q03", "q03 is set by code, not written as a plain answer"),), seconds=4.0)
    assert quick == slow  # grading twice gives the same result, however loaded the machine was
    assert pickle.loads(pickle.dumps(quick)) == quick  # what a worker sends down its pipe


def test_the_summary_lists_the_failed_in_order() -> None:
    summary = GradingSummary("quiz1", [StudentResult("ann", True, 6.0, 6.0), StudentResult("ben", False, problem="x"), StudentResult("cat", False, problem="y")])
    assert [r.student for r in summary.failed] == ["ben", "cat"]

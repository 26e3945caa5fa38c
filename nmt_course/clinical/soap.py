"""A draft SOAP note from a screening (and, optionally, a session plan).

SOAP is the usual shape of a massage record: **S**ubjective (what the client
reports), **O**bjective (what you observe and test), **A**ssessment (what it
means) and **P**lan (what you will do). The draft fills in what the intake and
screening already say and leaves clearly marked gaps for the rest, so a student
learns the structure without the tool pretending to know the hands-on findings.
"""

from __future__ import annotations

from typing import Any

from .screening import ScreeningResult

__all__ = ["soap_note"]

_GAP = "_(to complete)_"


def _listing(items: tuple[str, ...] | list[str]) -> str:
    return ", ".join(items) if items else "none reported"


def soap_note(result: ScreeningResult, *, client: str = "", complaint: str = "", review: Any = None) -> str:
    """A Markdown SOAP-note draft for ``result``.

    ``client`` is a first name, ``complaint`` the main complaint in the
    client's words, ``review`` an optional :class:`~nmt_course.session.PlanReview`
    whose steps become the plan section.
    """
    intake = result.intake
    who = client.strip() or "Client"
    lines = [f"## SOAP note (draft): {who}", ""]
    subjective = [f"Main complaint: {complaint.strip().rstrip('.') or _GAP}.",
                  f"Conditions reported: {_listing(intake.conditions)}.",
                  f"Medications: {_listing(_medications(result))}."]
    if intake.pregnancy_weeks:
        subjective.append(f"Pregnant, {intake.pregnancy_weeks} weeks.")
    if intake.recent_surgery_site:
        subjective.append(f"Recent surgery: {intake.recent_surgery_site}.")
    if intake.recent_injury_site:
        subjective.append(f"Recent injury: {intake.recent_injury_site}.")
    lines += ["**S (subjective).** " + " ".join(subjective), ""]
    lines += [f"**O (objective).** Posture, palpation and range of motion: {_GAP}", ""]
    # A: before treatment the assessment is the screening; the response to treatment is added after the session
    lines += [f"**A (assessment).** Screening decision: {result.decision}. Response to treatment: {_GAP}"]
    for c in result.combined:
        lines.append(f"- Together: {c.message}")
    for f in result.findings:
        site = f" ({f.site_label.lower()})" if f.site_label else ""
        lines.append(f"- {f.label}: {f.name}{site}; from: {', '.join(f.matched)}.")
    for u in result.unknown:
        lines.append(f"- Not checked: '{u.name}' ({u.field}); clarify with the client.")
    for n in result.noted:
        lines.append(f"- Noted: {n.label} (not a contraindication).")
    lines += ["", "**P (plan).** " + _plan_text(result, review)]
    for f in result.findings:
        lines.append(f"- {f.name}: {f.guidance}")
    if review is not None and getattr(review, "plan", None):
        lines.append("- Session: " + ", ".join(f"{p.info.name} ({p.minutes} min)" for p in review.plan) + ".")
    sources = sorted({s for f in result.findings for s in f.sources} | {s for c in result.combined for s in c.sources})
    if sources:
        lines += ["", "Sources: " + ", ".join(sources) + "."]
    return "\n".join(lines) + "\n"


def _medications(result: ScreeningResult) -> list[str]:
    """The medications listed, and any medicine the screener recognised under conditions."""
    listed = list(result.intake.medications)
    return listed + [m for m in result.intake.medicines if m not in listed]


def _plan_text(result: ScreeningResult, review: Any) -> str:
    level = result.level
    if level == "postpone":
        return "Postpone the session and refer the client to a health-care provider; explain why and rebook."
    if level == "undecided":
        return ("No hands-on work yet: clarify the names that could not be checked with the client, then screen "
                "again.")
    if level == "consult":
        return ("No hands-on work until the client's health-care provider has been asked about the combined risks "
                "noted under A; then adapt the session as follows.")
    if level == "proceed":
        return "Proceed with the usual care; reassess and record the response."
    return "Adapt the session as follows."

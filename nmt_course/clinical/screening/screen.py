"""Screening a client for contraindications before any hands-on work.

:func:`screen` reads what a client wrote on the intake form (conditions,
medications, pregnancy, recent surgery or injury) and returns a
:class:`ScreeningResult`: one :class:`Finding` per contraindication found,
in Werner's three kinds (systemic: postpone and refer; local: avoid the area;
caution: adapt), the combinations of findings that are riskier together
(:data:`~nmt_course.knowledge.base.KnowledgeBase.combinations`), the names it
could not match (each with suggestions, never silently dropped) and an overall
decision (see :mod:`.result` for how it is reached: never "proceed" while a
name is unread or risks combine)::

    from nmt_course import screening
    result = screening.screen(conditions=["DVT"], medications=["warfarin 5 mg"])
    result.decision           # "postpone and refer"
    [f.id for f in result.findings]

Names are matched against the knowledge base's contraindications, their
aliases (lay words, abbreviations such as DVT or HBP) and generic drug names,
forgiving case, spacing and dosages. A condition may name its site: "open
wound on the left shin" gives a local finding at ``medial-shin``; a local
contraindication with no site named is drawn where it usually is
(``usual_regions``: varicose veins on the legs). Pregnancy weeks are read
wherever they are typed ("pregnant 30 wks" under conditions), and a medicine
is recognised in either field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ... import knowledge as kb
from ...errors import ScreeningInputError
from ...knowledge.names import normalise
from .names import NEGATIONS as _NEGATIONS
from .names import Match, names_for
from .result import (
    ADAPT,
    CONSULT,
    POSTPONE,
    PROCEED,
    UNDECIDED,
    CombinedRisk,
    Finding,
    Intake,
    Kind,
    Level,
    Limit,
    NotedCondition,
    ScreeningResult,
    UnknownName,
)

__all__ = [
    "ADAPT",
    "CONSULT",
    "POSTPONE",
    "PROCEED",
    "UNDECIDED",
    "CombinedRisk",
    "Finding",
    "Intake",
    "Kind",
    "Level",
    "Limit",
    "NotedCondition",
    "ScreeningInputError",
    "ScreeningResult",
    "UnknownName",
    "pregnancy_weeks_in",
    "screen",
]

_NOTHING = {"none", "n a", "na", "nil", "nothing", "no", "nothing to report", "none known"}
_KIND_ORDER = {"systemic": 0, "local": 1, "caution": 2}
_WEEKS = re.compile(r"\b(\d{1,2})\s*(?:weeks?|wks?|wk|w)\b", re.I)
_PREGNANT = re.compile(r"\bpregnan|\bgestation|\bweeks? along\b|\bexpecting\b", re.I)


def _as_list(values: Iterable[str] | str | None, what: str) -> list[str]:
    if values is None:
        return []
    if isinstance(values, str):
        values = re.split(r"[,;\n]", values)
    out = []
    for v in values:
        if not isinstance(v, str):
            raise ScreeningInputError(f"Each {what} must be text in quotes, like \"diabetes\" (got {v!r}).")
        if v.strip() and normalise(v) not in _NOTHING:
            out.append(v.strip())
    return out


def _weeks(value: Any) -> int | None:
    if value is None or value == "" or value == 0:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value != int(value) or not 1 <= value <= 42:
        raise ScreeningInputError(f"Pregnancy weeks must be a whole number from 1 to 42, or None (got {value!r}).")
    return int(value)


def pregnancy_weeks_in(text: str) -> tuple[bool, int | None]:
    """Whether an intake entry says the client is pregnant, and the weeks it gives ("pregnant 30 wks" -> (True, 30)).

    "not pregnant" and "no pregnancy" say she is not.
    """
    mention = _PREGNANT.search(text)
    if not mention or set(normalise(text[: mention.start()]).split()) & _NEGATIONS:
        return False, None
    found = _WEEKS.search(text)
    weeks = int(found.group(1)) if found else None
    return True, weeks if weeks is not None and 1 <= weeks <= 42 else None


_ABSENT = {"no", "denies", "never", "without", "negative"}


def _stated_absent(typed: str, names: Any) -> bool:
    """An entry that says the client does not have something ("no diabetes", "denies smoking", "not pregnant").

    It cannot add a risk, so it is neither a finding nor an unknown name.
    "not" counts only before a name the screener knows ("not sure about a
    clot" is not a denial).
    """
    words = normalise(typed).split()
    if len(words) < 2:
        return False
    if words[0] in _ABSENT:
        return True
    rest = " ".join(words[1:])
    return words[0] == "not" and (rest.startswith("pregnan") or names.knows(rest))


def _pregnancy_note(weeks: int | None) -> str:
    if weeks is None:
        return "Ask how many weeks pregnant the client is: positioning changes from about 20 weeks."
    if weeks < 12:
        return (f"At {weeks} weeks (first trimester) there are few data on massage, and practice varies; the "
                "trials that showed benefit started at about 12 weeks. Discuss it with the client and keep the work gentle.")
    if weeks < 20:
        return (f"At {weeks} weeks lying on the back is still possible, but use side-lying rather than lying face "
                "down, and plan side-lying with pillows from about 20 weeks.")
    return f"At {weeks} weeks do not position the client flat on her back or face down: use side-lying with pillows."


def screen(
    conditions: Iterable[str] | str | None = (),
    medications: Iterable[str] | str | None = (),
    *,
    pregnancy_weeks: int | None = None,
    recent_surgery_site: str | None = None,
    recent_injury_site: str | None = None,
) -> ScreeningResult:
    """Screen an intake for contraindications (see the module docstring).

    ``conditions`` and ``medications`` are lists of names or one comma-separated
    string. ``pregnancy_weeks`` (1 to 42; 0 or None when not pregnant) adds the
    pregnancy caution with advice for that stage; weeks typed in an entry
    ("30 weeks pregnant") count too. ``recent_surgery_site`` and
    ``recent_injury_site`` name a body region (id, label or a plain word such
    as "shoulder"); the finding then carries that site.
    """
    K = kb.load()
    names = names_for(K)
    cond, meds = _as_list(conditions, "condition"), _as_list(medications, "medication")
    weeks = _weeks(pregnancy_weeks)
    surgery, injury = (_site_text(s, label) for s, label in ((recent_surgery_site, "surgery"), (recent_injury_site, "injury")))
    found: dict[str, dict[str, Any]] = {}
    unknown: list[UnknownName] = []
    noted: list[NotedCondition] = []
    medicines: list[str] = []

    def add(m: Match, typed: str) -> None:
        entry = found.setdefault(m.id, {"matched": [], "regions": [], "notes": []})
        entry["matched"].append(typed)
        if m.regions:
            entry["regions"] += [r for r in m.regions if r not in entry["regions"]]
        if m.site_unknown:
            unknown.append(UnknownName(m.site_unknown, "body region", tuple(names.suggest_sites(m.site_unknown))))

    for field_name, entries in (("condition", cond), ("medication", meds)):
        for typed in entries:
            if _stated_absent(typed, names):
                continue
            pregnant, typed_weeks = pregnancy_weeks_in(typed)
            if pregnant:
                add(Match("pregnancy"), typed)
                weeks = weeks or typed_weeks
            if field_name == "condition":
                matches, condition = names.condition(typed)
                if not matches and condition is None:
                    matches = names.medication(typed)  # "warfarin 5 mg" written under conditions
            else:
                matches, condition = names.medication(typed), None
            for m in matches:
                add(m, typed)
            if matches and (field_name == "medication" or names.is_medicine(typed)):
                medicines.append(typed)
            if condition is not None:
                noted.append(NotedCondition(typed, condition[0], condition[1]))
            elif not matches and not pregnant:
                suggest = names.suggest_conditions if field_name == "condition" else names.suggest_medications
                unknown.append(UnknownName(typed, field_name, tuple(suggest(typed))))
    for text, cid in ((surgery, "recent-surgery"), (injury, "acute-injury")):
        if text is not None:
            add(names.sited(cid, text), f"recent {'surgery' if cid == 'recent-surgery' else 'injury'}: {text}")
    if weeks is not None and "pregnancy" not in found:
        add(Match("pregnancy"), f"{weeks} weeks pregnant")
    if "pregnancy" in found:
        found["pregnancy"]["notes"].append(_pregnancy_note(weeks))

    findings = [_finding(K, K.contraindications[cid], entry) for cid, entry in found.items()]
    order = list(K.contraindications)
    findings.sort(key=lambda f: (_KIND_ORDER[f.kind], order.index(f.id)))
    intake = Intake(tuple(cond), tuple(meds), weeks, surgery, injury, tuple(dict.fromkeys(medicines)))
    return ScreeningResult(tuple(findings), tuple(unknown), tuple(noted), intake, _combined(K, findings))


def _combined(K: kb.KnowledgeBase, findings: list[Finding]) -> tuple[CombinedRisk, ...]:
    """The knowledge base's risk combinations that these findings meet."""
    ids = [f.id for f in findings]
    out = []
    for combo in K.combinations.values():
        if combo.when:
            groups = [[i for i in ids if i in group] for group in combo.when]
            if not all(groups):
                continue
            involved = tuple(dict.fromkeys(i for g in groups for i in g))
        else:
            involved = tuple(f.id for f in findings if f.kind == "caution")
            if combo.at_least is None or len(involved) < combo.at_least:
                continue
        out.append(CombinedRisk(combo.id, involved, combo.raise_to, combo.message, tuple(combo.sources)))
    specific = [c for c in out if K.combinations[c.id].when]
    # a count-based rule ("several cautions") adds nothing once a specific combination explains the risk
    return tuple(specific or out)


def _site_text(value: Any, label: str) -> str | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    if not isinstance(value, str):
        raise ScreeningInputError(f"The {label} site must be a body region in quotes, like \"shoulder\" (got {value!r}).")
    return value.strip()


def _finding(K: kb.KnowledgeBase, c: Any, entry: dict[str, Any]) -> Finding:
    regions = tuple(entry["regions"]) or (tuple(c.usual_regions) if c.kind == "local" or c.usual_regions else ())
    named_site = bool(entry["regions"])
    site = regions[0] if named_site else None
    notes = tuple(entry["notes"])
    if regions and not named_site:
        notes += (f"No site was given: the areas marked are where it is usually found ({', '.join(K.regions[r].label.lower() for r in regions)}); ask the client where it is.",)
    guidance = " ".join([*notes, c.guidance]) if notes else c.guidance
    return Finding(
        kind=c.kind, id=c.id, name=c.name, guidance=guidance, rationale=c.rationale, sources=tuple(c.sources),
        site=site, site_label=K.regions[site].label if site else "", regions=regions, matched=tuple(entry["matched"]), notes=notes,
        caveats=tuple(cv.text for cv in c.caveats),
    )

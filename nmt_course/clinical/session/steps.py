"""The catalogue of session steps, in the order the texts describe them.

Each :class:`Step` says which phase of a session it belongs to, whether it is
hands-on (the client is touched), whether it is deep or specific work (which
needs warmed tissue first) and whether it is forceful (sustained or dragging
pressure that some clients must not receive). ``technique`` links to the
knowledge base's technique of the same kind, when there is one.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["PHASES", "STEPS", "Phase", "Step"]

Phase = Literal["intake", "assessment", "warming", "treatment", "lengthening", "reassessment", "closing"]

#: The phases in session order, with a short description for legends.
PHASES: dict[str, str] = {
    "intake": "talking and paperwork before touch",
    "assessment": "looking, palpating and testing range",
    "warming": "general strokes that prepare the tissue",
    "treatment": "specific NMT and trigger point work",
    "lengthening": "MET and stretching after specific work",
    "reassessment": "checking what changed",
    "closing": "home care and notes",
}


@dataclass(frozen=True)
class Step:
    """One kind of step a session plan can contain."""

    id: str
    name: str
    description: str
    typical_minutes: int
    phase: Phase
    hands_on: bool
    deep: bool = False
    forceful: bool = False
    aliases: tuple[str, ...] = ()
    technique: str | None = None
    sources: tuple[str, ...] = ()


_STEPS = [
    Step("intake", "Intake and health history", "Ask about the complaint, its history, health conditions, "
         "medications and goals, and write them on the intake form.", 7, "intake", False,
         aliases=("health history", "intake form", "history", "interview"), sources=("walton2011", "chaitow-delany")),
    Step("consent", "Informed consent", "Explain what you plan to do, how it may feel and the alternatives, "
         "and get the client's agreement before any touch.", 2, "intake", False,
         aliases=("informed consent", "consent form"), sources=("fsmtb-mblex",)),
    Step("screening", "Contraindication screening", "Check the health history for systemic and local "
         "contraindications and cautions, and decide whether to proceed, adapt or postpone and refer.", 3,
         "intake", False, aliases=("contraindication screening", "contraindications", "screen"),
         sources=("werner", "walton2011")),
    Step("postural-assessment", "Postural assessment", "Look at how the client stands and moves: head position, "
         "shoulder height, pelvic tilt, and patterns that may load muscles.", 4, "assessment", False,
         aliases=("posture", "postural analysis", "posture assessment"), sources=("chaitow-delany",)),
    Step("palpation-assessment", "Palpation and range-of-motion assessment", "Feel for taut bands, tender "
         "spots and tissue changes, and test the range of motion of the areas involved.", 5, "assessment", True,
         aliases=("palpation", "range of motion", "rom", "rom testing", "assessment"),
         sources=("chaitow-delany", "sts1999")),
    Step("warming", "Warming (effleurage or gliding)", "Broad, light to moderate strokes over the area to "
         "prepare the tissue and let the client get used to your touch.", 5, "warming", True,
         aliases=("effleurage", "gliding", "warm up", "warm-up", "warming strokes"), technique="effleurage",
         sources=("chaitow-delany",)),
    Step("myofascial-release", "Myofascial release", "Slow, sustained stretching of the skin and fascia "
         "to ease restrictions before more specific work.", 6, "warming", True, aliases=("mfr", "fascial release"),
         technique="myofascial-release", sources=("chaitow-delany",)),
    Step("nmt-gliding", "NMT gliding strokes", "Short, specific gliding strokes with the thumb or fingertips "
         "along and across the muscle to find taut bands and tender points.", 8, "treatment", True, deep=True,
         aliases=("nmt strokes", "gliding strokes", "nmt gliding strokes", "specific gliding"),
         technique="nmt-gliding-strokes", sources=("chaitow-delany",)),
    Step("trigger-point-release", "Trigger point pressure release", "Lengthen the muscle to comfort, press "
         "until a tissue barrier is met, wait for the tension to ease, take up the slack, repeat.", 8, "treatment",
         True, deep=True, aliases=("pressure release", "trigger point release", "trp release", "trigger point work",
                                    "trigger point pressure release", "tpr"),
         technique="trigger-point-pressure-release", sources=("sts1999",)),
    Step("ischemic-compression", "Ischemic compression", "Sustained firm pressure held on a trigger point; "
         "an older, more painful method than pressure release.", 4, "treatment", True, deep=True, forceful=True,
         aliases=("ischaemic compression", "compression"), technique="ischemic-compression",
         sources=("sts1999", "lu2022")),
    Step("positional-release", "Positional release (strain-counterstrain)", "Find a tender point, move the "
         "body into the position where it hurts least, hold about 90 seconds and return slowly.", 5, "treatment",
         True, aliases=("strain counterstrain", "strain-counterstrain", "scs", "counterstrain"),
         technique="positional-release", sources=("jones1955",)),
    Step("met", "Muscle energy technique (post-isometric relaxation)", "A light isometric contraction for "
         "5 to 10 seconds, relaxation, then a gentle move to the new barrier; about three times.", 5,
         "lengthening", True, aliases=("muscle energy technique", "post isometric relaxation", "pir",
                                       "muscle energy"), technique="muscle-energy-technique",
         sources=("chaitow-met",)),
    Step("stretching", "Stretching", "Passive or assisted lengthening of the treated muscle to restore its "
         "range after specific work.", 4, "lengthening", True, aliases=("stretch", "passive stretch",
                                                                         "assisted stretching"),
         technique="stretching", sources=("sts1999", "chaitow-met")),
    Step("referral-zone-work", "Work on the referral zone", "Lighter work where the pain was felt, after the "
         "trigger points that refer there have been treated.", 3, "treatment", True,
         aliases=("referral zone", "referral zone work", "referred pain area"), sources=("chaitow-delany",)),
    Step("cross-fibre-friction", "Cross-fibre friction", "Short, firm strokes across the fibres of a muscle, "
         "tendon or ligament at one spot.", 4, "treatment", True, deep=True, forceful=True,
         aliases=("cross fiber friction", "friction", "cff", "transverse friction"),
         technique="cross-fibre-friction", sources=("chaitow-delany",)),
    Step("reassessment", "Reassessment", "Repeat the tests from the assessment (range, tenderness, posture) "
         "to see what changed.", 3, "reassessment", True, aliases=("re-assessment", "retest", "recheck"),
         sources=("chaitow-delany",)),
    Step("home-care", "Home care and self-care advice", "Show self-care stretches and explain what to expect "
         "(soreness for a day or two is common) and when to get in touch.", 3, "closing", False,
         aliases=("self care", "self-care", "homework", "home care advice", "aftercare"),
         sources=("sts1999", "chaitow-delany")),
    Step("documentation", "Documentation (SOAP note)", "Write the session up as a SOAP note: subjective, "
         "objective, assessment, plan.", 4, "closing", False, aliases=("soap", "soap note", "notes",
                                                                         "session notes", "charting"),
         sources=("fsmtb-mblex",)),
]

#: Every step, keyed by id, in the usual session order.
STEPS: dict[str, Step] = {s.id: s for s in _STEPS}

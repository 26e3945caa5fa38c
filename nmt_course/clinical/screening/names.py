"""Reading the names clients write on intake forms, for :mod:`nmt_course.screening`.

Intake forms say "history of DVT in the left calf", "warfarin 5mg daily",
"Eliquis" or "high blood pressure (uncontrolled)". :class:`Names` turns such
text into contraindication ids and body regions: it tries the whole text,
then the text with a site split off ("... on the shin", "... (calf)"), then
without filler words ("history of", "suspected", "taking"), then its last
words ("breast cancer" -> cancer, with the breast as its site); a text that
starts with a negation ("no diabetes") is never shortened. Medications lose
their doses and brand names map to the generic names in the knowledge base.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from ...knowledge.names import NameIndex, normalise

__all__ = ["BRAND_NAMES", "BROAD_AREAS", "NEGATIONS", "Match", "Names", "names_for"]

#: Common brand names -> the generic names the knowledge base lists.
BRAND_NAMES: dict[str, str] = {
    "coumadin": "warfarin", "jantoven": "warfarin", "eliquis": "apixaban", "xarelto": "rivaroxaban",
    "pradaxa": "dabigatran", "lixiana": "edoxaban", "savaysa": "edoxaban", "lovenox": "enoxaparin",
    "clexane": "enoxaparin", "fragmin": "dalteparin", "plavix": "clopidogrel", "brilinta": "ticagrelor",
    "effient": "prasugrel", "fosamax": "alendronate", "actonel": "risedronate", "boniva": "ibandronate",
    "prolia": "denosumab", "deltasone": "prednisone", "medrol": "methylprednisolone",
    "decadron": "dexamethasone", "glucophage": "metformin", "norvasc": "amlodipine", "zestril": "lisinopril",
    "cozaar": "losartan", "lopressor": "metoprolol", "toprol": "metoprolol", "tenormin": "atenolol",
    "advil": "ibuprofen", "motrin": "ibuprofen", "nurofen": "ibuprofen", "tylenol": "acetaminophen",
    "panadol": "paracetamol", "aleve": "naproxen", "voltaren": "diclofenac", "ultram": "tramadol",
    "oxycontin": "oxycodone", "neurontin": "gabapentin", "lyrica": "pregabalin", "flexeril": "cyclobenzaprine",
    "robaxin": "methocarbamol", "zanaflex": "tizanidine", "valium": "diazepam",
}

#: Plain words for body parts that span several regions; the first region is the site shown.
BROAD_AREAS: dict[str, tuple[str, ...]] = {
    "head": ("temple", "vertex", "forehead", "occiput"),
    "face": ("cheek", "forehead", "maxilla", "mandible"),
    "neck": ("posterolateral-neck", "anterior-neck", "angle-of-neck"),
    "shoulder": ("acromion", "anterior-deltoid", "mid-deltoid", "posterior-deltoid"),
    "arm": ("lateral-arm", "anterior-arm", "medial-arm", "posterior-arm"),
    "upper arm": ("lateral-arm", "anterior-arm", "medial-arm", "posterior-arm"),
    "elbow": ("lateral-epicondyle", "cubital-fossa", "medial-elbow", "olecranon"),
    "forearm": ("dorsal-forearm", "radial-forearm", "ulnar-forearm"),
    "wrist": ("dorsal-wrist", "volar-wrist"),
    "hand": ("dorsal-hand", "palm", "radial-hand", "ulnar-hand"),
    "back": ("thoracic-paraspinal", "upper-thoracic-spine", "lumbar-paraspinal"),
    "abdomen": ("lower-abdomen", "upper-abdomen"),
    "belly": ("lower-abdomen", "upper-abdomen"),
    "stomach": ("upper-abdomen", "lower-abdomen"),
    "hip": ("greater-trochanter", "groin", "buttock"),
    "thigh": ("anterior-thigh", "lateral-thigh", "medial-thigh", "posterior-thigh"),
    "knee": ("anterior-knee", "medial-knee", "lateral-knee", "popliteal-fossa"),
    "leg": ("calf", "medial-shin", "lateral-leg"),
    "lower leg": ("calf", "medial-shin", "lateral-leg"),
    "ankle": ("anterior-ankle", "achilles"),
    "foot": ("dorsal-foot", "instep", "heel", "big-toe"),
}

_SIDE_WORDS = {"left", "right", "l", "r", "both", "bilateral", "my", "the", "her", "his", "their", "a"}
_SITE_WORDS = {"on", "in", "at", "over", "around", "near", "to"}
NEGATIONS = frozenset({"no", "not", "never", "denies", "without", "negative", "non"})
_FILLERS = re.compile(
    r"^(?:(?:history of|hx of|h o|previous|past|old|recent|recently|known|suspected|possible|probable|"
    r"a|an|my|i have|i had|had|has|have|taking|takes|on|uses|using)\s+)+"
    r"|\s+(?:history|in the past|last (?:year|month|week)|(?:a|\d+) (?:years?|months?|weeks?) ago|years? ago)$"
)
_DOSE_WORDS = {
    "mg", "mcg", "g", "ml", "iu", "units", "unit", "daily", "once", "twice", "a", "day", "per", "at", "night",
    "morning", "tablet", "tablets", "pill", "pills", "as", "needed", "prn", "bd", "od", "tds", "weekly", "every",
    "times", "x", "dose", "low", "injection", "injections",
}


@dataclass(frozen=True)
class Match:
    """A contraindication found for one name, with the site's regions if a site was given."""

    id: str
    regions: tuple[str, ...] = ()
    site_unknown: str | None = None  # a site was named but is not a body region


def _strip_fillers(key: str) -> str:
    return _FILLERS.sub("", key).strip()


def _candidates(text: str) -> Iterator[tuple[str, str | None, bool]]:
    """(name, site, site_is_optional) readings of one intake entry, most literal first."""
    yield text, None, True
    paren = re.match(r"^(.*?)\s*\((.*)\)\s*$", text)
    if paren and paren.group(1):
        outer, inner = paren.groups()
        yield f"{inner} {outer}", None, True  # "high blood pressure (uncontrolled)"
        yield outer, inner, True  # "DVT (calf)"; an inner word that is no region is a qualifier
    words = text.split()
    for i, word in enumerate(words[1:-1], 1):
        if word.lower() in _SITE_WORDS:
            yield " ".join(words[:i]), " ".join(words[i + 1:]), False


def _heads(name: str) -> list[str]:
    """Short forms of an item name: without its bracketed part, and each side of a slash."""
    head = re.sub(r"\s*\(.*?\)", "", name).strip()
    return [head, *(part.strip() for part in head.split("/"))] if "/" in head else [head]


class Names:
    """Name lookups over one knowledge base: contraindications, medications, conditions, regions."""

    def __init__(self, K: Any):
        self._K = K
        contras = K.contraindications.values()
        self._contra = NameIndex((c.id, [c.name, *_heads(c.name), *c.aliases]) for c in contras)
        self._meds: dict[str, list[str]] = {}
        for c in contras:
            for med in c.medications:
                self._meds.setdefault(normalise(med), []).append(c.id)
        self._brands = {b: normalise(g) for b, g in BRAND_NAMES.items() if normalise(g) in self._meds}
        med_names = sorted({*(m for c in contras for m in c.medications), *self._brands})
        self._med_index = NameIndex((m, []) for m in med_names)
        self._conditions = NameIndex((c.id, [c.name, *c.aliases]) for c in K.conditions.values())
        self._broad = {k: tuple(r for r in v if r in K.regions) for k, v in BROAD_AREAS.items()}
        self._broad = {k: v for k, v in self._broad.items() if v}

    # lookups -------------------------------------------------------------------
    def _contra_ids(self, name: str) -> list[str]:
        key = normalise(name)
        for k in dict.fromkeys((key, _strip_fillers(key))):
            if not k:
                continue
            found = self._contra.find(k)
            if found:
                return [found]
            meds = self._med_ids(k)
            if meds:
                return meds
        return []

    def _med_ids(self, key: str) -> list[str]:
        key = self._brands.get(key, key)
        return list(self._meds.get(key, []))

    def site(self, text: str) -> tuple[str, ...] | None:
        """The regions of a site ("left calf", "shoulder", "tmj"), or None if it is no body region."""
        words = _strip_fillers(normalise(text)).split()
        while words and words[0] in _SIDE_WORDS:
            words = words[1:]
        key = " ".join(words)
        if not key:
            return None
        if key in self._broad:
            return self._broad[key]
        region = self._K.find_region(key)
        return (region.id,) if region is not None else None

    def condition(self, typed: str) -> tuple[list[Match], tuple[str, str] | None]:
        """Matches for a condition entry, or the course condition it names (id, name), if any."""
        for name, site_text, optional in _candidates(typed.strip()):
            ids = self._contra_ids(name)
            if not ids:
                continue
            if site_text is None:
                return [Match(i) for i in ids], None
            regions = self.site(site_text)
            if regions is None and optional:
                return [Match(i) for i in ids], None
            return [Match(i, regions or (), None if regions else site_text) for i in ids], None
        key = normalise(typed)
        for k in dict.fromkeys((key, _strip_fillers(key))):
            found = self._conditions.find(k) if k else None
            if found:
                return [], (found, self._K.conditions[found].name)
        words = key.split()
        if words and words[0] not in NEGATIONS:  # "breast cancer", "knee sprain": the last words name it
            for i in range(1, len(words)):
                ids = self._contra_ids(" ".join(words[i:]))
                if ids:
                    regions = self.site(_strip_fillers(" ".join(words[:i]))) or ()
                    return [Match(x, () if self._K.contraindications[x].kind == "systemic" else regions)
                            for x in ids], None
        return [], None

    def medication(self, typed: str) -> list[Match]:
        """Matches for a medication entry: generic or brand name (doses ignored) or a class word."""
        key = normalise(typed)
        cleaned = " ".join(w for w in _strip_fillers(key).split() if w not in _DOSE_WORDS and not re.search(r"\d", w))
        for k in dict.fromkeys((cleaned, key)):
            ids = self._med_ids(k) if k else []
            if ids:
                return [Match(i) for i in ids]
        return [Match(i) for i in self._contra_ids(typed)]

    def knows(self, typed: str) -> bool:
        """Whether the whole entry names a contraindication, a medicine or a course condition (no shortening)."""
        key = normalise(typed)
        return bool(self._contra_ids(key)) or self.is_medicine(typed) or self._conditions.find(key) is not None

    def is_medicine(self, typed: str) -> bool:
        """Whether an entry names a medicine the course knows (generic or brand name, doses ignored)."""
        key = normalise(typed)
        cleaned = " ".join(w for w in _strip_fillers(key).split() if w not in _DOSE_WORDS and not re.search(r"\d", w))
        return any(self._med_ids(k) for k in dict.fromkeys((cleaned, key)) if k)

    def sited(self, contraindication: str, site_text: str) -> Match:
        regions = self.site(site_text)
        return Match(contraindication, regions or (), None if regions else site_text)

    # suggestions -----------------------------------------------------------------
    def suggest_conditions(self, typed: str, limit: int = 4) -> list[str]:
        key = _strip_fillers(normalise(typed)) or typed
        pool = self._contra.suggest(key, limit) + self._med_index.suggest(key, 2) + self._conditions.suggest(key, 2)
        return list(dict.fromkeys(pool))[:limit]

    def suggest_medications(self, typed: str, limit: int = 4) -> list[str]:
        key = " ".join(w for w in normalise(typed).split() if w not in _DOSE_WORDS and not re.search(r"\d", w)) or typed
        pool = self._med_index.suggest(key, limit) + self._contra.suggest(key, 2)
        return list(dict.fromkeys(pool))[:limit]

    def suggest_sites(self, typed: str, limit: int = 4) -> list[str]:
        words = [w for w in normalise(typed).split() if w not in _SIDE_WORDS]
        key = " ".join(words) or typed
        broad = NameIndex((k, []) for k in self._broad).suggest(key, 2)
        return list(dict.fromkeys(broad + self._K.suggest_regions(key, limit)))[:limit]


@functools.lru_cache(maxsize=4)
def names_for(K: Any) -> Names:
    """The (cached) name lookups for a knowledge base."""
    return Names(K)

"""The knowledge base: muscles, regions, techniques, contraindications and more.

``kb.load()`` reads every YAML file under ``nmt_course/data/``, validates it
against :mod:`nmt_course.knowledge.models` and :mod:`nmt_course.knowledge.integrity`, and returns
a cached :class:`KnowledgeBase`. Lookups accept an id, a name or an alias in
any case; an unknown name raises :class:`~nmt_course.errors.UnknownNameError`
with close matches.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, ValidationError

from . import integrity
from .files import content_error, read_yaml, validation_problems
from ..errors import ContentError, UnknownNameError
from .drawings import Landmark, MuscleShape
from .names import NameIndex
from .models import (
    Condition,
    Contraindication,
    EndangermentSite,
    MblexOutline,
    Muscle,
    Region,
    RiskCombination,
    Source,
    Technique,
)

__all__ = ["DATA_DIR", "KnowledgeBase", "ReferralMatch", "check_kb", "load", "load_from"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"

Zone = Literal["essential", "spillover"]

# file (relative to the data folder) -> (top-level key, model)
_COLLECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "sources.yaml": ("sources", Source),
    "regions.yaml": ("regions", Region),
    "techniques.yaml": ("techniques", Technique),
    "contraindications.yaml": ("contraindications", Contraindication),
    "endangerment_sites.yaml": ("endangerment_sites", EndangermentSite),
    "conditions.yaml": ("conditions", Condition),
    "risk_combinations.yaml": ("combinations", RiskCombination),
}


@dataclass(frozen=True)
class ReferralMatch:
    """A muscle whose referral pattern reaches a region, and through which zone."""

    muscle: Muscle
    zone: Zone

    @property
    def label(self) -> str:
        return f"{self.muscle.name} ({self.zone})"


class KnowledgeBase:
    """Everything the course knows, indexed for lookups by id, name or alias."""

    def __init__(
        self,
        *,
        sources: dict[str, Source],
        regions: dict[str, Region],
        muscles: dict[str, Muscle],
        techniques: dict[str, Technique],
        contraindications: dict[str, Contraindication],
        endangerment_sites: dict[str, EndangermentSite],
        conditions: dict[str, Condition],
        combinations: dict[str, RiskCombination],
        mblex: MblexOutline,
        shapes: dict[str, MuscleShape] | None = None,
        landmarks: dict[str, Landmark] | None = None,
    ):
        self.sources = sources
        self.regions = regions
        self.muscles = muscles
        self.techniques = techniques
        self.contraindications = contraindications
        self.endangerment_sites = endangerment_sites
        self.conditions = conditions
        self.combinations = combinations
        self.mblex = mblex
        self.shapes = shapes or {}  # muscle id -> its drawing on the body map
        self.landmarks = landmarks or {}
        self._muscle_names = NameIndex((m.id, [m.name, *m.aliases]) for m in muscles.values())
        self._region_names = NameIndex((r.id, [r.label, *r.aliases]) for r in regions.values())
        self._technique_names = NameIndex((t.id, [t.name, *t.aliases]) for t in techniques.values())
        self._condition_names = NameIndex((c.id, [c.name, *c.aliases]) for c in conditions.values())
        self._referrals: dict[str, list[ReferralMatch]] = {}
        for m in muscles.values():
            for zone, ids in (("essential", m.referral.essential), ("spillover", m.referral.spillover)):
                for rid in ids:
                    self._referrals.setdefault(rid, []).append(ReferralMatch(m, zone))  # type: ignore[arg-type]
        for matches in self._referrals.values():
            matches.sort(key=lambda r: (r.zone != "essential", r.muscle.name.lower()))

    def __repr__(self) -> str:
        return (
            f"<KnowledgeBase: {len(self.muscles)} muscles, {len(self.regions)} regions, "
            f"{len(self.techniques)} techniques, {len(self.contraindications)} contraindications>"
        )

    # lookups -----------------------------------------------------------------
    def muscle(self, name: str) -> Muscle:
        """A muscle by id, name or alias, case-insensitive (``"SCM"``, ``"Upper Trapezius"``)."""
        return self.muscles[_lookup(self._muscle_names, "muscle", name)]

    def region(self, name: str) -> Region:
        """A body region by id, label or alias (``"temple"``, ``"Back of the knee"``)."""
        return self.regions[_lookup(self._region_names, "body region", name)]

    def technique(self, name: str) -> Technique:
        return self.techniques[_lookup(self._technique_names, "technique", name)]

    def condition(self, name: str) -> Condition:
        return self.conditions[_lookup(self._condition_names, "condition", name)]

    def source(self, source_id: str) -> Source:
        try:
            return self.sources[source_id]
        except KeyError:
            raise UnknownNameError("source", source_id, NameIndex((s, []) for s in self.sources).suggest(source_id)) from None

    def find_muscle(self, name: str) -> Muscle | None:
        """Like :meth:`muscle`, but None instead of an error."""
        found = self._muscle_names.find(name)
        return self.muscles[found] if found else None

    def find_region(self, name: str) -> Region | None:
        found = self._region_names.find(name)
        return self.regions[found] if found else None

    def suggest_muscles(self, name: str, limit: int = 3) -> list[str]:
        return self._muscle_names.suggest(name, limit)

    def suggest_regions(self, name: str, limit: int = 3) -> list[str]:
        return self._region_names.suggest(name, limit)

    def refers_to(self, region: str) -> list[ReferralMatch]:
        """Muscles whose referred pain reaches ``region``: essential zones first, then spillover."""
        rid = self.region(region).id
        return list(self._referrals.get(rid, []))

    def muscles_in_area(self, area: str) -> list[Muscle]:
        return [m for m in self.muscles.values() if m.area == area]

    def cite(self, source_ids: list[str]) -> list[str]:
        """Full citations for a list of source ids."""
        return [self.sources[s].citation for s in source_ids]


def _lookup(index: NameIndex, kind: str, name: str) -> str:
    if not isinstance(name, str):
        raise UnknownNameError(kind, repr(name))
    found = index.find(name)
    if found is None:
        raise UnknownNameError(kind, name, index.suggest(name))
    return found


# loading ---------------------------------------------------------------------

Loaded = dict[str, list[integrity.Entry]]


def _read_collection(
    path: Path, label: str, key: str, model: type[BaseModel], problems: list[ContentError], invalid: set[str]
) -> list[integrity.Entry]:
    """The items of one file that validate on their own.

    Every problem found goes to ``problems``; the ids of items that did not
    validate go to ``invalid``, so that references to them are not reported
    as dangling on top of the item's own problem.
    """
    try:
        data = read_yaml(path, label=label)
    except ContentError as err:
        problems.append(err)
        return []
    if not isinstance(data, dict) or key not in data:
        problems.append(ContentError(f"the file must start with '{key}:' followed by a list", file=label, line=1))
        return []
    for extra in sorted(set(data) - {key}):
        problems.append(content_error(f"unknown top-level key {extra!r}", path=path, label=label, place=(extra,), data=data))
    items = data[key]
    if not isinstance(items, list):
        problems.append(content_error(f"'{key}' must be a list of items", path=path, label=label, place=(key,), data=data))
        return []
    out = []
    for i, item in enumerate(items):
        try:
            out.append((model.model_validate(item), (key, i), label, path))
        except ValidationError as exc:
            problems += validation_problems(exc, path=path, label=label, data=data, prefix=(key, i), model=model)
            if isinstance(item, dict) and isinstance(item.get("id"), str):
                invalid.add(item["id"])
    return out


def _read_mblex(data_dir: Path, problems: list[ContentError]) -> MblexOutline | None:
    path = data_dir / "mblex.yaml"
    if not path.exists():
        problems.append(ContentError("this required file is missing", file="mblex.yaml"))
        return None
    try:
        data = read_yaml(path, label="mblex.yaml")
    except ContentError as err:
        problems.append(err)
        return None
    if not isinstance(data, dict) or "mblex" not in data:
        problems.append(ContentError("the file must start with 'mblex:'", file="mblex.yaml", line=1))
        return None
    try:
        return MblexOutline.model_validate(data["mblex"])
    except ValidationError as exc:
        problems += validation_problems(exc, path=path, label="mblex.yaml", data=data, prefix=("mblex",), model=MblexOutline)
        return None


def check_kb(data_dir: Path | str) -> tuple[KnowledgeBase | None, list[ContentError]]:
    """Validate a knowledge-base folder: the knowledge base (None if anything is wrong) and every problem found.

    Each item is validated on its own and the cross-file checks run on the
    items that validated, so one mistake hides no other.
    """
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        return None, [ContentError("the knowledge-base folder does not exist", file=str(data_dir))]
    problems: list[ContentError] = []
    loaded: Loaded = {}
    invalid: dict[str, set[str]] = {}
    unavailable: set[str] = set()
    for rel, (key, model) in _COLLECTIONS.items():
        path = data_dir / rel
        loaded[key] = []
        before = len(problems)
        if not path.exists():
            problems.append(ContentError("this required file is missing", file=rel))
        else:
            loaded[key] = _read_collection(path, rel, key, model, problems, invalid.setdefault(key, set()))
        if not loaded[key] and len(problems) > before:
            unavailable.add(key)
    loaded["muscles"] = []
    for path in sorted((data_dir / "muscles").glob("*.yaml")):
        loaded["muscles"] += _read_collection(path, f"muscles/{path.name}", "muscles", Muscle, problems, invalid.setdefault("muscles", set()))
    # the body-map drawings: optional files (a knowledge base without them draws no muscles)
    loaded["shapes"] = []
    for path in sorted((data_dir / "shapes").glob("*.yaml")):
        loaded["shapes"] += _read_collection(path, f"shapes/{path.name}", "shapes", MuscleShape, problems, invalid.setdefault("shapes", set()))
    landmarks = data_dir / "landmarks.yaml"
    loaded["landmarks"] = _read_collection(landmarks, "landmarks.yaml", "landmarks", Landmark, problems, set()) if landmarks.exists() else []
    mblex = _read_mblex(data_dir, problems)
    collections = integrity.check(loaded, mblex=mblex, problems=problems, invalid=invalid, unavailable=unavailable)
    if problems or mblex is None:
        return None, problems
    return KnowledgeBase(**collections, mblex=mblex), []


def load_from(data_dir: Path | str) -> KnowledgeBase:
    """Load and validate a knowledge base from a folder laid out like ``nmt_course/data``.

    Raises the first problem (saying how many more there are); ``check_kb``
    and ``nmt-course kb validate`` list them all.
    """
    K, problems = check_kb(data_dir)
    if K is None:
        first = problems[0]
        more = f" (and {len(problems) - 1} more; run `nmt-course kb validate` to list them)" if len(problems) > 1 else ""
        raise ContentError(f"{first.message}{more}", file=first.file, place=first.place, line=first.line)
    return K


@functools.lru_cache(maxsize=1)
def load() -> KnowledgeBase:
    """The course's knowledge base, loaded once per process."""
    return load_from(DATA_DIR)

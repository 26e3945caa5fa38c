"""The knowledge base: muscles, regions, techniques, contraindications and more.

``kb.load()`` reads every YAML file under ``nmt_course/data/``, validates it
against :mod:`nmt_course.models` and :mod:`nmt_course.integrity`, and returns
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
from .content_files import content_error, read_yaml
from .errors import ContentError, UnknownNameError
from .matching import NameIndex
from .models import (
    Condition,
    Contraindication,
    EndangermentSite,
    MblexOutline,
    Muscle,
    Region,
    Source,
    Technique,
)

__all__ = ["DATA_DIR", "KnowledgeBase", "ReferralMatch", "load", "load_from"]

DATA_DIR = Path(__file__).parent / "data"

Zone = Literal["essential", "spillover"]

# file (relative to the data folder) -> (top-level key, model)
_COLLECTIONS: dict[str, tuple[str, type[BaseModel]]] = {
    "sources.yaml": ("sources", Source),
    "regions.yaml": ("regions", Region),
    "techniques.yaml": ("techniques", Technique),
    "contraindications.yaml": ("contraindications", Contraindication),
    "endangerment_sites.yaml": ("endangerment_sites", EndangermentSite),
    "conditions.yaml": ("conditions", Condition),
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
        mblex: MblexOutline,
    ):
        self.sources = sources
        self.regions = regions
        self.muscles = muscles
        self.techniques = techniques
        self.contraindications = contraindications
        self.endangerment_sites = endangerment_sites
        self.conditions = conditions
        self.mblex = mblex
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

_FRIENDLY = {
    "missing": "the field is missing",
    "string_pattern_mismatch": "ids are lower-case words joined by hyphens, like 'upper-trapezius'",
    "too_short": "this list needs at least one entry",
}


def _validation_error(exc: ValidationError, *, path: Path, label: str, prefix: tuple, data: Any) -> ContentError:
    err = exc.errors()[0]
    loc = tuple(prefix) + tuple(err["loc"])
    kind = err["type"]
    if kind == "extra_forbidden":
        message = f"unknown field {loc[-1]!r} (check its spelling; see docs/content-format.md for the allowed fields)"
        loc = loc[:-1] + (loc[-1],)
    elif kind in _FRIENDLY:
        message = _FRIENDLY[kind]
    else:
        message = err["msg"].removeprefix("Value error, ")
    more = len(exc.errors()) - 1
    if more:
        message += f" (and {more} more problem{'s' if more > 1 else ''} in this item)"
    return content_error(message, path=path, label=label, place=loc, data=data)


def _read_collection(path: Path, label: str, key: str, model: type[BaseModel]) -> list[tuple[BaseModel, tuple]]:
    data = read_yaml(path, label=label)
    if not isinstance(data, dict) or key not in data:
        raise ContentError(f"the file must start with '{key}:' followed by a list", file=label, line=1)
    extra = sorted(set(data) - {key})
    if extra:
        raise content_error(f"unknown top-level key {extra[0]!r}", path=path, label=label, place=(extra[0],), data=data)
    items = data[key]
    if not isinstance(items, list):
        raise content_error(f"'{key}' must be a list of items", path=path, label=label, place=(key,), data=data)
    out = []
    for i, item in enumerate(items):
        try:
            out.append((model.model_validate(item), (key, i)))
        except ValidationError as exc:
            raise _validation_error(exc, path=path, label=label, prefix=(key, i), data=data) from None
    return out


def load_from(data_dir: Path | str) -> KnowledgeBase:
    """Load and validate a knowledge base from a folder laid out like ``nmt_course/data``."""
    data_dir = Path(data_dir)
    if not data_dir.is_dir():
        raise ContentError("the knowledge-base folder does not exist", file=str(data_dir))
    loaded: dict[str, list[tuple[BaseModel, tuple, str, Path]]] = {}
    files = dict(_COLLECTIONS)
    muscle_files = sorted((data_dir / "muscles").glob("*.yaml"))
    for rel, (key, model) in files.items():
        path = data_dir / rel
        if not path.exists():
            raise ContentError("this required file is missing", file=rel)
        loaded[key] = [(obj, place, rel, path) for obj, place in _read_collection(path, rel, key, model)]
    loaded["muscles"] = []
    for path in muscle_files:
        rel = f"muscles/{path.name}"
        loaded["muscles"] += [(obj, place, rel, path) for obj, place in _read_collection(path, rel, "muscles", Muscle)]
    mblex_path = data_dir / "mblex.yaml"
    mblex_data = read_yaml(mblex_path, label="mblex.yaml") if mblex_path.exists() else None
    if not isinstance(mblex_data, dict) or "mblex" not in mblex_data:
        raise ContentError("the file must start with 'mblex:'", file="mblex.yaml", line=1)
    try:
        mblex = MblexOutline.model_validate(mblex_data["mblex"])
    except ValidationError as exc:
        raise _validation_error(exc, path=mblex_path, label="mblex.yaml", prefix=("mblex",), data=mblex_data) from None

    collections = integrity.check(loaded, mblex=mblex)
    return KnowledgeBase(**collections, mblex=mblex)  # type: ignore[arg-type]


@functools.lru_cache(maxsize=1)
def load() -> KnowledgeBase:
    """The course's knowledge base, loaded once per process."""
    return load_from(DATA_DIR)

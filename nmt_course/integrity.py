"""Cross-file checks of the knowledge base: unique ids and references that resolve.

The models check each item on its own; this module checks how items refer to
each other: every region, muscle and source id that an item names exists, no
id is used twice, a trigger point's own zones belong to its muscle, and a
region is not both essential and spillover for one muscle. The first problem
found is raised as a ContentError naming the file and the place in it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from .content_files import content_error, read_yaml
from .errors import ContentError
from .models import MblexOutline

__all__ = ["check"]

Entry = tuple[Any, tuple, str, Path]  # (model, place in file, file label, path)


def _fail(entry: Entry, sub: Sequence[str | int], message: str) -> ContentError:
    _, place, label, path = entry
    return content_error(message, path=path, label=label, place=(*place, *sub), data=read_yaml(path, label=label))


def _index(entries: list[Entry], kind: str) -> dict[str, Any]:
    out: dict[str, Any] = {}
    first: dict[str, Entry] = {}
    for entry in entries:
        obj = entry[0]
        if obj.id in out:
            other = first[obj.id]
            raise _fail(entry, ("id",), f"the {kind} id {obj.id!r} is used twice (first in {other[2]})")
        out[obj.id] = obj
        first[obj.id] = entry
    return out


def _refs(entry: Entry, field: Sequence[str | int], ids: Iterable[str], known: dict[str, Any], kind: str) -> None:
    for i, ref in enumerate(ids):
        if ref not in known:
            from .matching import NameIndex

            close = NameIndex((k, []) for k in known).suggest(ref)
            hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
            raise _fail(entry, (*field, i), f"there is no {kind} with id {ref!r}.{hint}")


def check(loaded: dict[str, list[Entry]], *, mblex: MblexOutline) -> dict[str, dict[str, Any]]:
    """Validate references across collections; return each collection as ``{id: item}``."""
    sources = _index(loaded["sources"], "source")
    regions = _index(loaded["regions"], "region")
    muscles = _index(loaded["muscles"], "muscle")
    out = {
        "sources": sources,
        "regions": regions,
        "muscles": muscles,
        "techniques": _index(loaded["techniques"], "technique"),
        "contraindications": _index(loaded["contraindications"], "contraindication"),
        "endangerment_sites": _index(loaded["endangerment_sites"], "endangerment site"),
        "conditions": _index(loaded["conditions"], "condition"),
    }
    for key, entries in loaded.items():
        for entry in entries:
            obj = entry[0]
            if hasattr(obj, "sources") and key != "sources":
                _refs(entry, ("sources",), obj.sources, sources, "source")
            for i, caveat in enumerate(getattr(obj, "caveats", ())):
                _refs(entry, ("caveats", i, "sources"), caveat.sources, sources, "source")
    for entry in loaded["muscles"]:
        _check_muscle(entry, regions)
    for entry in loaded["endangerment_sites"]:
        _refs(entry, ("regions",), entry[0].regions, regions, "region")
    for entry in loaded["conditions"]:
        _refs(entry, ("muscles",), entry[0].muscles, muscles, "muscle")
    _check_mblex(mblex, sources)
    return out


def _check_muscle(entry: Entry, regions: dict[str, Any]) -> None:
    m = entry[0]
    _refs(entry, ("referral", "essential"), m.referral.essential, regions, "region")
    _refs(entry, ("referral", "spillover"), m.referral.spillover, regions, "region")
    both = sorted(set(m.referral.essential) & set(m.referral.spillover))
    if both:
        raise _fail(entry, ("referral",), f"{both[0]!r} is listed as both essential and spillover")
    zones = set(m.referral.essential) | set(m.referral.spillover)
    seen: set[str] = set()
    for i, tp in enumerate(m.trigger_points):
        if tp.id in seen:
            raise _fail(entry, ("trigger_points", i, "id"), f"trigger point id {tp.id!r} is used twice in this muscle")
        seen.add(tp.id)
        if tp.referral is None:
            continue
        for zone in ("essential", "spillover"):
            ids = getattr(tp.referral, zone)
            _refs(entry, ("trigger_points", i, "referral", zone), ids, regions, "region")
            for j, rid in enumerate(ids):
                if rid not in zones:
                    raise _fail(
                        entry,
                        ("trigger_points", i, "referral", zone, j),
                        f"{rid!r} is not in the muscle's own referral zones; add it there too",
                    )


def _check_mblex(mblex: MblexOutline, sources: dict[str, Any]) -> None:
    for s in mblex.sources:
        if s not in sources:
            raise ContentError(f"there is no source with id {s!r}", file="mblex.yaml", place="mblex > sources")
    total = sum(a.weight for a in mblex.areas)
    if abs(total - 1.0) > 0.011:
        raise ContentError(f"the content-area weights add up to {total:.2f}, not 1", file="mblex.yaml", place="mblex > areas")
    ids = [a.id for a in mblex.areas]
    if len(set(ids)) != len(ids):
        raise ContentError("a content-area id is used twice", file="mblex.yaml", place="mblex > areas")
    subtopics = [s.id for a in mblex.areas for s in a.subtopics]
    if len(set(subtopics)) != len(subtopics):
        raise ContentError("a subtopic id is used twice (subtopic ids must be unique across areas)", file="mblex.yaml", place="mblex > areas")

"""Cross-file checks of the knowledge base: unique ids and references that resolve.

The models check each item on its own; this module checks how items refer to
each other: every region, muscle and source id that an item names exists, no
id is used twice, a trigger point's own zones belong to its muscle, and a
region is not both essential and spillover for one muscle. Every problem is
added to the caller's list as a ContentError naming the file and the place in
it, so an author can fix them all in one pass.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..errors import ContentError
from .files import content_error, read_yaml
from .models import MblexOutline
from .names import NameIndex

__all__ = ["Entry", "check"]

Entry = tuple[Any, tuple, str, Path]  # (model, place in file, file label, path)


class _Checker:
    def __init__(self, problems: list[ContentError], invalid: set[str], unavailable: set[str]) -> None:
        self.problems = problems
        self.invalid = invalid  # ids of items already reported as invalid: not dangling references too
        self.unavailable = unavailable  # kinds whose whole file could not be read: references to them are not checked
        self._data: dict[Path, Any] = {}

    def fail(self, entry: Entry, sub: Sequence[str | int], message: str) -> None:
        _, place, label, path = entry
        if path not in self._data:
            self._data[path] = read_yaml(path, label=label)
        self.problems.append(content_error(message, path=path, label=label, place=(*place, *sub), data=self._data[path]))

    def index(self, entries: list[Entry], kind: str) -> dict[str, Any]:
        out: dict[str, Any] = {}
        first: dict[str, Entry] = {}
        for entry in entries:
            obj = entry[0]
            if obj.id in out:
                self.fail(entry, ("id",), f"the {kind} id {obj.id!r} is used twice (first in {first[obj.id][2]})")
                continue
            out[obj.id] = obj
            first[obj.id] = entry
        return out

    def refs(self, entry: Entry, field: Sequence[str | int], ids: Iterable[str], known: dict[str, Any], kind: str) -> None:
        if kind in self.unavailable:
            return
        for i, ref in enumerate(ids):
            if ref not in known and ref not in self.invalid:
                close = NameIndex((k, []) for k in known).suggest(ref)
                hint = f" Did you mean {', '.join(repr(c) for c in close)}?" if close else ""
                self.fail(entry, (*field, i), f"there is no {kind} with id {ref!r}.{hint}")

    def muscle(self, entry: Entry, regions: dict[str, Any]) -> None:
        m = entry[0]
        self.refs(entry, ("referral", "essential"), m.referral.essential, regions, "region")
        self.refs(entry, ("referral", "spillover"), m.referral.spillover, regions, "region")
        for rid in sorted(set(m.referral.essential) & set(m.referral.spillover)):
            self.fail(entry, ("referral",), f"{rid!r} is listed as both essential and spillover")
        zones = set(m.referral.essential) | set(m.referral.spillover)
        seen: set[str] = set()
        for i, tp in enumerate(m.trigger_points):
            if tp.id in seen:
                self.fail(entry, ("trigger_points", i, "id"), f"trigger point id {tp.id!r} is used twice in this muscle")
            seen.add(tp.id)
            if tp.referral is None:
                continue
            for zone in ("essential", "spillover"):
                ids = getattr(tp.referral, zone)
                self.refs(entry, ("trigger_points", i, "referral", zone), ids, regions, "region")
                for j, rid in enumerate(ids):
                    if rid in regions and rid not in zones:
                        self.fail(
                            entry,
                            ("trigger_points", i, "referral", zone, j),
                            f"{rid!r} is not in the muscle's own referral zones; add it there too",
                        )

    def mblex(self, mblex: MblexOutline, sources: dict[str, Any]) -> None:
        def fail(message: str, place: str) -> None:
            self.problems.append(ContentError(message, file="mblex.yaml", place=place))

        for s in mblex.sources:
            if s not in sources:
                fail(f"there is no source with id {s!r}", "mblex > sources")
        total = sum(a.weight for a in mblex.areas)
        if abs(total - 1.0) > 0.011:
            fail(f"the content-area weights add up to {total:.2f}, not 1", "mblex > areas")
        ids = [a.id for a in mblex.areas]
        if len(set(ids)) != len(ids):
            fail("a content-area id is used twice", "mblex > areas")
        subtopics = [s.id for a in mblex.areas for s in a.subtopics]
        if len(set(subtopics)) != len(subtopics):
            fail("a subtopic id is used twice (subtopic ids must be unique across areas)", "mblex > areas")


def check(
    loaded: dict[str, list[Entry]],
    *,
    mblex: MblexOutline | None,
    problems: list[ContentError],
    invalid: dict[str, set[str]] | None = None,
    unavailable: Iterable[str] = (),
) -> dict[str, dict[str, Any]]:
    """Check references across collections, adding every problem to ``problems``; return each collection as ``{id: item}``.

    ``invalid`` holds, per collection, the ids of items that failed their own
    validation (and were reported); ``unavailable`` the collections whose file
    could not be read at all (``"regions"``). References to either are not
    reported again: the problem that caused them already is.
    """
    c = _Checker(problems, {i for ids in (invalid or {}).values() for i in ids}, {k.removesuffix("s") for k in unavailable})
    sources = c.index(loaded["sources"], "source")
    regions = c.index(loaded["regions"], "region")
    muscles = c.index(loaded["muscles"], "muscle")
    out = {
        "sources": sources,
        "regions": regions,
        "muscles": muscles,
        "techniques": c.index(loaded["techniques"], "technique"),
        "contraindications": c.index(loaded["contraindications"], "contraindication"),
        "endangerment_sites": c.index(loaded["endangerment_sites"], "endangerment site"),
        "conditions": c.index(loaded["conditions"], "condition"),
        "combinations": c.index(loaded["combinations"], "risk combination"),
        "shapes": c.index(loaded.get("shapes", []), "muscle drawing"),
        "landmarks": c.index(loaded.get("landmarks", []), "landmark"),
    }
    for key, entries in loaded.items():
        for entry in entries:
            obj = entry[0]
            if hasattr(obj, "sources") and key != "sources":
                c.refs(entry, ("sources",), obj.sources, sources, "source")
            for i, caveat in enumerate(getattr(obj, "caveats", ())):
                c.refs(entry, ("caveats", i, "sources"), caveat.sources, sources, "source")
    for entry in loaded["muscles"]:
        c.muscle(entry, regions)
    for entry in loaded.get("shapes", []):
        c.refs(entry, ("muscle",), [entry[0].muscle], muscles, "muscle")
    contraindications = out["contraindications"]
    for entry in loaded["contraindications"]:
        c.refs(entry, ("usual_regions",), entry[0].usual_regions, regions, "region")
    for entry in loaded["combinations"]:
        for i, group in enumerate(entry[0].when):
            c.refs(entry, ("when", i), group, contraindications, "contraindication")
    for entry in loaded["endangerment_sites"]:
        c.refs(entry, ("regions",), entry[0].regions, regions, "region")
    for entry in loaded["conditions"]:
        c.refs(entry, ("muscles",), entry[0].muscles, muscles, "muscle")
    if mblex is not None:
        c.mblex(mblex, sources)
    return out

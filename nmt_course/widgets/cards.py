"""HTML cards for the apps: a muscle's full record, with sources and evidence notes."""

from __future__ import annotations

import html

from ..figures.zone_style import TRIGGER_POINT_MARK, zone_phrase
from ..knowledge import KnowledgeBase
from ..knowledge.models import Muscle

__all__ = ["muscle_card", "message_html", "EVIDENCE_NOTE"]

EVIDENCE_NOTE = (
    "Trigger points are a working model, not settled science: critics question the theory "
    "(quintner2015) and its defenders reply (dommerholt2015), and examiners often disagree when they "
    "try to find the same trigger point (lucas2009, rathbone2017). Use these maps as a guide to where to "
    "look, and let the client's report and your reassessment decide."
)

_ICONS = {"info": "ℹ️", "warning": "⚠️", "error": "✖", "ok": "✔"}


def message_html(text: str, kind: str = "info") -> str:
    """A short message with an icon and a word, so colour is never the only cue."""
    if not text:
        return ""
    word = {"info": "Note", "warning": "Check", "error": "Problem", "ok": "Done"}[kind]
    return f"<div role='status' aria-live='polite' style='margin:4px 0'>{_ICONS[kind]} <b>{word}:</b> {html.escape(text)}</div>"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def _items(values: list[str]) -> str:
    return "<ul style='margin:2px 0 6px 18px;padding:0'>" + "".join(f"<li>{html.escape(v)}</li>" for v in values) + "</ul>"


def muscle_card(m: Muscle, K: KnowledgeBase) -> str:
    """Every knowledge-base field of a muscle, in reading order, as HTML."""
    e = html.escape
    rows = [
        ("Also called", ", ".join(m.aliases) or "-"),
        ("Body area", m.area.replace("-", " and ")),
        ("Origin", m.origin),
        ("Insertion", m.insertion),
        ("Action", m.action),
        ("Innervation", m.innervation),
    ]
    out = [f"<div class='nmt-card' style='max-width:900px;line-height:1.4'><h3 style='margin:4px 0'>{e(m.name)}</h3>"]
    out.append("<table style='border-collapse:collapse'>")
    out += [f"<tr><th style='text-align:left;padding:2px 10px 2px 0;vertical-align:top'>{e(k)}</th><td>{e(v)}</td></tr>" for k, v in rows]
    out.append("</table>")
    out.append(f"<h4 style='margin:8px 0 2px'>Trigger points ({TRIGGER_POINT_MARK} on the map, numbered)</h4>")
    out.append(_items([f"{tp.id}: {tp.description}" for tp in m.trigger_points]))
    out.append("<h4 style='margin:8px 0 2px'>Referred pain</h4>")
    out.append(_items(
        [_capital(zone_phrase("essential")) + ": " + ", ".join(K.regions[r].label for r in m.referral.essential)]
        + ([_capital(zone_phrase("spillover")) + ": " + ", ".join(K.regions[r].label for r in m.referral.spillover)] if m.referral.spillover else [])
    ))
    for title, values in (("Symptoms", m.symptoms), ("Perpetuating factors", m.perpetuating_factors), ("Self-care", m.self_care)):
        if values:
            out.append(f"<h4 style='margin:8px 0 2px'>{title}</h4>{_items(values)}")
    if m.notes:
        out.append(f"<p>⚠️ <b>Note:</b> {e(m.notes)}</p>")
    for c in m.caveats:
        out.append(f"<p>❓ <b>Not settled ({e(c.status.replace('-', ' '))}):</b> {e(c.text)}</p>")
    out.append(f"<p style='font-size:0.92em'>ℹ️ <b>Evidence:</b> {e(EVIDENCE_NOTE)}</p>")
    out.append("<h4 style='margin:8px 0 2px'>Sources</h4>")
    out.append(_items([f"[{s}] {K.sources[s].citation}" for s in m.sources]))
    out.append("</div>")
    return "".join(out)

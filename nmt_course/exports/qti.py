"""The question bank as a Canvas-importable QTI 1.2 zip (Settings > Import course content > QTI .zip file).

The zip holds ``imsmanifest.xml`` and one assessment,
``<ident>/<ident>.xml``: a ``<questestinterop>`` with one ``<assessment>``,
one ``<section>`` and an ``<item>`` per question, in the layout Canvas's
own quiz export uses:

- ``itemmetadata`` gives ``question_type`` (``multiple_choice_question``,
  ``multiple_answers_question``, ``matching_question``,
  ``numerical_question``, ``short_answer_question``, ``essay_question``),
  ``points_possible`` and, for choice questions, ``original_answer_ids``.
- The stem is HTML (``texttype="text/html"``, escaped); choices are plain
  text. Answer idents are ``<question id>-<option letter>``; matching
  prompts are ``response_<question id>-<letter>`` and their choices
  ``<question id>-c<choice id>``.
- ``resprocessing`` sets ``SCORE`` to 100 for the right answer (single),
  the exact set of right answers (multiple: every right one and ``not``
  every wrong one), any accepted text (short answer), the value or the range
  value +- tolerance (numerical); a matching question adds 100 / prompts per
  right pair. Essays have no scoring condition.
- Feedback: ``itemfeedback ident="general_fb"`` holds the explanation
  (shown whatever the answer), and ``<answer ident>_fb`` each option's own
  feedback, linked from ``displayfeedback`` conditions.

Ordering and hotspot questions are converted as described in
:mod:`nmt_course.exports.question_forms` (matching and short answer); a
hotspot's feedback on tempting wrong regions joins its general feedback.

Output is deterministic: elements and attributes in a fixed order, zip
entries sorted, each stamped 1980-01-01 00:00 with fixed permissions, so the
same questions always give the same bytes.
"""

from __future__ import annotations

import html
import io
import zipfile
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any
from xml.etree import ElementTree as ET

from .question_forms import as_matching, format_number, general_feedback, hotspot_regions, region_names, stem_text

if TYPE_CHECKING:
    from ..quiz.models import Question

__all__ = ["QTI_NS", "QUESTION_TYPES", "assessment_xml", "manifest_xml", "to_qti_zip", "write_qti_zip"]

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
IMSCP_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"
XSI_NS = "http://www.w3.org/2001/XMLSchema-instance"
QUESTION_TYPES = {
    "single": "multiple_choice_question",
    "multiple": "multiple_answers_question",
    "matching": "matching_question",
    "ordering": "matching_question",
    "numeric": "numerical_question",
    "hotspot": "short_answer_question",
    "written": "essay_question",
}
_ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attrs)
    if text is not None:
        element.text = text
    return element


def _html(text: str) -> str:
    paragraphs = [p.strip() for p in text.split("\n\n") if p.strip()]
    return "<div>" + "".join(f"<p>{html.escape(p).replace(chr(10), '<br/>')}</p>" for p in paragraphs) + "</div>"


def _material(parent: ET.Element, text: str, texttype: str = "text/html") -> None:
    _sub(_sub(parent, "material"), "mattext", _html(text) if texttype == "text/html" else text, texttype=texttype)


def _metadata(item: ET.Element, fields: list[tuple[str, str]]) -> None:
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields:
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _condition(processing: ET.Element, *, cont: str | None = None) -> tuple[ET.Element, ET.Element]:
    cond = _sub(processing, "respcondition", **({"continue": cont} if cont else {}))
    return cond, _sub(cond, "conditionvar")


def _feedback_link(processing: ET.Element, respident: str | None, value: str | None, link: str) -> None:
    cond, var = _condition(processing, cont="Yes")
    if respident is None:
        _sub(var, "other")
    else:
        _sub(var, "varequal", value, respident=respident)
    _sub(cond, "displayfeedback", feedbacktype="Response", linkrefid=link)


def _set_score(cond: ET.Element, value: str = "100", action: str = "Set") -> None:
    _sub(cond, "setvar", value, action=action, varname="SCORE")


def _item(section: ET.Element, q: Question, regions: Mapping[str, Any]) -> None:
    item = _sub(section, "item", ident=q.id, title=q.id)
    qtype = QUESTION_TYPES[q.type]
    fields = [("question_type", qtype), ("points_possible", format_number(q.points))]
    if q.type in ("single", "multiple"):
        fields.append(("original_answer_ids", ",".join(f"{q.id}-{o.id}" for o in q.options)))
    _metadata(item, fields)
    presentation = _sub(item, "presentation")
    _material(presentation, stem_text(q))
    processing = ET.Element("resprocessing")
    _sub(_sub(processing, "outcomes"), "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    _feedback_link(processing, None, None, "general_fb")
    answer_feedback: list[tuple[str, str]] = []

    if q.type in ("single", "multiple"):
        lid = _sub(presentation, "response_lid", ident="response1", rcardinality="Single" if q.type == "single" else "Multiple")
        render = _sub(lid, "render_choice")
        for o in q.options:
            label = _sub(render, "response_label", ident=f"{q.id}-{o.id}")
            _material(label, o.text, "text/plain")
            _feedback_link(processing, "response1", f"{q.id}-{o.id}", f"{q.id}-{o.id}_fb")
            answer_feedback.append((f"{q.id}-{o.id}_fb", o.feedback))
        cond, var = _condition(processing, cont="No")
        if q.type == "single":
            _sub(var, "varequal", f"{q.id}-{q.answer}", respident="response1")
        else:
            both = _sub(var, "and")
            for o in q.options:
                target = both if o.id in q.answer else _sub(both, "not")
                _sub(target, "varequal", f"{q.id}-{o.id}", respident="response1")
        _set_score(cond)
    elif q.type in ("matching", "ordering"):
        form = as_matching(q)
        share = format_number(100 / len(form.prompts), 4)
        for pid, text in form.prompts:
            lid = _sub(presentation, "response_lid", ident=f"response_{q.id}-{pid}")
            _material(lid, text, "text/plain")
            render = _sub(lid, "render_choice")
            for cid, choice in form.choices:
                _material(_sub(render, "response_label", ident=f"{q.id}-c{cid}"), choice, "text/plain")
            cond, var = _condition(processing)
            _sub(var, "varequal", f"{q.id}-c{form.answer[pid]}", respident=f"response_{q.id}-{pid}")
            _set_score(cond, share, "Add")
    elif q.type == "numeric":
        fib = _sub(_sub(presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib", fibtype="Decimal")
        _sub(fib, "response_label", ident="answer1")
        cond, var = _condition(processing, cont="No")
        either = _sub(var, "or")
        value, tol = q.answer.value, q.answer.tolerance
        _sub(either, "varequal", format_number(value), respident="response1")
        both = _sub(either, "and")
        _sub(both, "vargte", format_number(value - tol), respident="response1")
        _sub(both, "varlte", format_number(value + tol), respident="response1")
        _set_score(cond)
    else:  # hotspot (short answer) and written (essay)
        fib = _sub(_sub(presentation, "response_str", ident="response1", rcardinality="Single"), "render_fib")
        _sub(fib, "response_label", ident="answer1", rshuffle="No")
        cond, var = _condition(processing, cont="No")
        if q.type == "hotspot":
            for name in [n for rid in q.answer for n in region_names(rid, regions)]:
                _sub(var, "varequal", name, respident="response1")
            _set_score(cond)
        else:
            _sub(var, "other")

    item.append(processing)
    general = general_feedback(q, regions=regions, with_region_feedback=True)
    for ident, text in [("general_fb", general), *answer_feedback]:
        _material(_sub(_sub(item, "itemfeedback", ident=ident), "flow_mat"), text)


def _serialise(root: ET.Element) -> bytes:
    ET.indent(root, space="  ")
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def assessment_xml(questions: Iterable[Any], *, ident: str, title: str, regions: Mapping[str, Any] | None = None) -> bytes:
    """The ``<questestinterop>`` document for ``questions``."""
    questions = list(questions)
    regions = regions if regions is not None else hotspot_regions(questions)
    root = ET.Element("questestinterop", {
        "xmlns": QTI_NS, "xmlns:xsi": XSI_NS,
        "xsi:schemaLocation": f"{QTI_NS} http://www.imsglobal.org/xsd/ims_qtiasiv1p2p1.xsd",
    })
    assessment = _sub(root, "assessment", ident=ident, title=title)
    field = _sub(_sub(assessment, "qtimetadata"), "qtimetadatafield")
    _sub(field, "fieldlabel", "cc_maxattempts")
    _sub(field, "fieldentry", "1")
    section = _sub(assessment, "section", ident="root_section")
    for q in questions:
        _item(section, q, regions)
    return _serialise(root)


def manifest_xml(*, ident: str, title: str) -> bytes:
    """``imsmanifest.xml``: one QTI resource pointing at ``<ident>/<ident>.xml``."""
    root = ET.Element("manifest", {"identifier": f"{ident}-manifest", "xmlns": IMSCP_NS, "xmlns:imsmd": IMSMD_NS, "xmlns:xsi": XSI_NS})
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    title_el = _sub(_sub(_sub(metadata, "imsmd:lom"), "imsmd:general"), "imsmd:title")
    _sub(title_el, "imsmd:string", title)
    _sub(root, "organizations")
    resource = _sub(_sub(root, "resources"), "resource", identifier=ident, type="imsqti_xmlv1p2")
    _sub(resource, "file", href=f"{ident}/{ident}.xml")
    return _serialise(root)


def to_qti_zip(questions: Iterable[Any], *, title: str = "nmt-course question bank", ident: str = "nmt-course-bank", regions: Mapping[str, Any] | None = None) -> bytes:
    """The zip's bytes: manifest and assessment, deterministic (see the module notes)."""
    files = {
        "imsmanifest.xml": manifest_xml(ident=ident, title=title),
        f"{ident}/{ident}.xml": assessment_xml(questions, ident=ident, title=title, regions=regions),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name in sorted(files):
            info = zipfile.ZipInfo(name, date_time=_ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.create_system = 3
            info.external_attr = 0o644 << 16
            archive.writestr(info, files[name])
    return buffer.getvalue()


def write_qti_zip(questions: Iterable[Any], out: Path, *, title: str = "nmt-course question bank", ident: str = "nmt-course-bank") -> Path:
    """Write :func:`to_qti_zip` to ``out`` and return the path."""
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(to_qti_zip(questions, title=title, ident=ident))
    return out

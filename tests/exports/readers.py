"""Readers that parse the exports back, written independently of the writers.

``read_gift`` follows Moodle's own GIFT importer (``qformat_gift::readquestion``):
the same escape placeholders, the same order of type detection, the same
answer-weight pattern. ``read_qti`` unzips a QTI package and reads each item
with ElementTree. A question synthesised for a test is made by ``question``.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
from typing import Any
from xml.etree import ElementTree as ET

from nmt_course.quiz import QUESTION_ADAPTER

__all__ = ["question", "read_gift", "read_qti", "html_text", "MOODLE_FRACTIONS"]

# Moodle's grade list (question_bank::fraction_options_full), the only weights it accepts
MOODLE_FRACTIONS = [1.0, 0.9, 0.8333333, 0.8, 0.75, 0.7, 0.6666667, 0.6, 0.5, 0.4, 0.3333333, 0.3, 0.25, 0.2,
                    0.1666667, 0.1428571, 0.125, 0.1111111, 0.1, 0.05, 0.0]
_WEIGHT = re.compile(r"^%-*([0-9]{1,2})\.?([0-9]*)%")  # Moodle's $giftanswerweightregex
_ESCAPES = {":": "\ue001", "#": "\ue002", "=": "\ue003", "{": "\ue004", "}": "\ue005", "~": "\ue006", "n": "\ue007"}


def question(**fields: Any) -> Any:
    """A validated bank question with the common fields filled in."""
    base = {"id": "t-question", "stem": "Stem?", "explanation": "Because.", "topics": ["testing"], "mblex_area": "kinesiology",
            "difficulty": "easy", "sources": ["ts1983"]}
    return QUESTION_ADAPTER.validate_python({**base, **fields})


def _pre(text: str) -> str:
    text = text.replace("\\\\", "\ue000")
    for ch, placeholder in _ESCAPES.items():
        text = text.replace("\\" + ch, placeholder)
    return text.replace("\ue000", "\\")


def _post(text: str) -> str:
    for ch, placeholder in _ESCAPES.items():
        text = text.replace(placeholder, "\n" if ch == "n" else ch)
    return text.strip()


def _weight(answer: str) -> tuple[float | None, str]:
    if not _WEIGHT.match(answer):
        return None, answer
    end = answer.index("%", 1)
    return float(answer[1:end]), answer[end + 1:]


def _comment(answer: str) -> tuple[str, str]:
    text, _, feedback = answer.partition("#")
    return _post(text), _post(feedback)


def _chunks(text: str) -> list[str]:
    chunks, current = [], []
    for line in text.split("\n"):
        if line.strip():
            current.append(line)
        elif current:
            chunks.append(current)
            current = []
    if current:
        chunks.append(current)
    return ["\n".join(" " if ln.strip().startswith("//") else ln for ln in chunk).strip() for chunk in chunks]


def read_gift(text: str) -> list[dict[str, Any]]:
    """Every question in a GIFT file, as Moodle would read it."""
    questions, category = [], None
    for chunk in _chunks(text):
        if not chunk:
            continue
        body = _pre(chunk)
        if body.startswith("$CATEGORY:"):
            category = body[10:].strip()
            continue
        assert body.startswith("::"), body[:80]
        end = body.index("::", 2)
        title, body = _post(body[2:end]), body[end + 2:].strip()
        start, finish = body.index("{"), body.index("}")
        assert finish == len(body) - 1, "the answers close the question"
        answers = body[start + 1:finish].strip()
        general = ""
        if "####" in answers:
            cut = answers.rindex("####")
            general, answers = _post(answers[cut + 4:]), answers[:cut].strip()
        q: dict[str, Any] = {"title": title, "category": category, "stem": _post(body[:start]), "general": general, "answers": []}
        if answers == "":
            q["type"] = "essay"
        elif answers.startswith("#"):
            q["type"] = "numerical"
            for part in [p.strip() for p in answers[1:].split("=") if p.strip()]:
                value, _, tolerance = _comment(part)[0].partition(":")
                q["answers"].append({"value": float(value), "tolerance": float(tolerance or 0)})
        elif "~" in answers:
            q["type"] = "multichoice"
            q["single"] = "=" in answers
            for part in [p.strip() for p in answers.replace("=", "~=").split("~") if p.strip()]:
                if part.startswith("="):
                    weight, part = 100.0, part[1:]
                else:
                    weight, part = _weight(part)
                    weight = weight if weight is not None else 0.0
                answer, feedback = _comment(part)
                q["answers"].append({"text": answer, "weight": weight, "feedback": feedback})
        elif "=" in answers and "->" in answers:
            q["type"] = "match"
            for part in [p.strip() for p in answers.split("=") if p.strip()]:
                prompt, _, match = part.partition("->")
                q["answers"].append({"prompt": _post(prompt), "match": _post(match)})
        else:
            q["type"] = "shortanswer"
            for part in [p.strip() for p in answers.split("=") if p.strip()]:
                weight, part = _weight(part)
                answer, feedback = _comment(part)
                q["answers"].append({"text": answer, "weight": 100.0 if weight is None else weight, "feedback": feedback})
        questions.append(q)
    return questions


def html_text(markup: str) -> str:
    """The plain text of the writer's ``<div><p>..</p></div>`` markup."""
    paragraphs = re.findall(r"<p>(.*?)</p>", markup, flags=re.S)
    return "\n\n".join(html.unescape(p.replace("<br/>", "\n")) for p in paragraphs)


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _strip_ns(element: ET.Element) -> ET.Element:
    for el in element.iter():
        el.tag = _local(el.tag)
    return element


def read_qti(data: bytes) -> dict[str, Any]:
    """The zip's entries, manifest and assessment (namespaces dropped from tags)."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        infos = archive.infolist()
        files = {i.filename: archive.read(i) for i in infos}
    manifest = _strip_ns(ET.fromstring(files["imsmanifest.xml"]))
    href = manifest.find("resources/resource/file").get("href")
    assessment = _strip_ns(ET.fromstring(files[href]))
    items = {}
    for item in assessment.iter("item"):
        meta = {f.findtext("fieldlabel"): f.findtext("fieldentry") for f in item.iter("qtimetadatafield")}
        feedback = {fb.get("ident"): html_text(fb.findtext("flow_mat/material/mattext")) for fb in item.findall("itemfeedback")}
        items[item.get("ident")] = {"element": item, "meta": meta, "feedback": feedback,
                                    "stem": html_text(item.findtext("presentation/material/mattext"))}
    return {"infos": infos, "files": files, "manifest": manifest, "assessment": assessment, "items": items}

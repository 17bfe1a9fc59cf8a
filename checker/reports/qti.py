"""Export checked questions as an IMS QTI 2.1 content package (a zip: ``imsmanifest.xml``, an ``assessmentTest``
and one ``assessmentItem`` per question), for Canvas, Blackboard and any QTI 2.1 player.

The same guarantees as the Moodle export (:mod:`checker.reports.platforms`): which options are marked correct
is decided by :func:`~checker.reports.platforms.choose`; a question whose options speak about the others keeps
their order — QTI can say so, ``shuffle="false"`` — while the others may be shuffled; each option's feedback
(a ``modalFeedback`` shown for the chosen option) is the sentence students read in Moodle, in the quiz's
language, naming no auxiliary symbol. Math is MathML (QTI 2.1 embeds MathML 2; latex2mathml writes it), so
no platform filter is needed. Item types: ``choiceInteraction`` with one correct option (``match_correct``
scoring written out), several (``mapResponse``: each correct option 1/k, each wrong one −1/(n − k), bounded
to [0, 1]), true/false (two choices in the quiz's language), and numerical (``textEntryInteraction`` of base
type float, ``equal`` with an absolute tolerance).
"""

from __future__ import annotations

import io
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Sequence
from fractions import Fraction

from checker.values.printable import xml_safe

from . import markup
from .feedback import words
from .mathml import writer
from .platforms import Exported, fractions, kind, option_feedback, statement_feedback, typed

QTI = "http://www.imsglobal.org/xsd/imsqti_v2p1"
CP = "http://www.imsglobal.org/xsd/imscp_v1p1"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
MATHML = "http://www.w3.org/1998/Math/MathML"
QTI_XSD = "http://www.imsglobal.org/xsd/qti/qtiv2p1/imsqti_v2p1.xsd"
CP_XSD = "http://www.imsglobal.org/xsd/imscp_v1p1.xsd"
ET.register_namespace("", QTI)
ET.register_namespace("m", MATHML)
ET.register_namespace("xsi", XSI)


def identifier(text: str) -> str:
    """A QTI identifier (an XML NCName) for an id: ``q06-kl-figures`` as it is, ``1-a`` as ``q-1-a``."""
    safe = re.sub(r"[^A-Za-z0-9._-]", "-", text)
    return safe if re.match(r"[A-Za-z_]", safe) else f"q-{safe}"


def _q(tag: str) -> str:
    return f"{{{QTI}}}{tag}"


def _xhtml(parent: ET.Element, fragment: str) -> None:
    """An HTML fragment of :mod:`markup` (well-formed, MathML inside) appended as QTI's XHTML content."""
    wrapper = ET.fromstring(f'<div xmlns="{QTI}">{fragment}</div>')
    parent.text = (parent.text or "") + (wrapper.text or "")
    for child in wrapper:
        _strip_classes(child)
        parent.append(child)


def _strip_classes(node: ET.Element) -> None:
    """``span class="display-math"`` → QTI's ``div``-free inline content: QTI keeps ``class`` but not ``span``'s
    display role; MathML's own ``display`` attribute says it is a block."""
    for child in node.iter():
        if child.tag == _q("span") and child.get("class") == "display-math":
            child.attrib.pop("class", None)


def _stem(parent: ET.Element, item: Exported) -> None:
    body = markup.blocks(markup.clean(item.result.question.stem), writer)
    _xhtml(ET.SubElement(parent, _q("div")), body)


def _feedback(node: ET.Element, choice: str, text: str) -> None:
    if text:
        shown = ET.SubElement(node, _q("modalFeedback"), outcomeIdentifier="FEEDBACK", identifier=choice,
                              showHide="show")
        _xhtml(shown, f"<p>{text}</p>")


def _choices(item: Exported) -> list[tuple[str, str, str]]:
    """(identifier, content, feedback) for each choice the item offers."""
    q = item.result.question
    if kind(q) == "truefalse":
        _ = words(q)
        said = statement_feedback(item, writer)
        return [("true", _("True"), said), ("false", _("False"), said)]
    return [(f"choice_{o.number}", markup.inline(markup.clean(o.text), writer), option_feedback(item, o.number, writer))
            for o in q.options]


def item_xml(item: Exported) -> str:
    """One ``assessmentItem``."""
    q = item.result.question
    root = ET.Element(_q("assessmentItem"), {
        "identifier": identifier(q.id), "title": item.name, "adaptive": "false", "timeDependent": "false",
        f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}"})
    if q.language:
        root.set("{http://www.w3.org/XML/1998/namespace}lang", q.language)
    numerical = kind(q) in ("numerical", "shortanswer")
    choices = [] if numerical else _choices(item)
    if kind(q) == "numerical":
        declaration = ET.SubElement(root, _q("responseDeclaration"), identifier="RESPONSE", cardinality="single",
                                    baseType="float")
        ET.SubElement(ET.SubElement(declaration, _q("correctResponse")), _q("value")).text = q.numerical[0]
    elif numerical:
        declaration = ET.SubElement(root, _q("responseDeclaration"), identifier="RESPONSE", cardinality="single",
                                    baseType="string")
        ET.SubElement(ET.SubElement(declaration, _q("correctResponse")), _q("value")).text = typed(q.options[0].text)
        mapping = ET.SubElement(declaration, _q("mapping"), defaultValue="0")
        for option in q.options:  # every accepted spelling scores 1
            ET.SubElement(mapping, _q("mapEntry"), mapKey=typed(option.text), mappedValue="1", caseSensitive="false")
    else:
        right = ({"true"} if item.answer == 1 else {"false"}) if kind(q) == "truefalse" \
            else {f"choice_{n}" for n in item.correct}
        several = len(right) > 1
        declaration = ET.SubElement(root, _q("responseDeclaration"), identifier="RESPONSE",
                                    cardinality="multiple" if several else "single", baseType="identifier")
        correct = ET.SubElement(declaration, _q("correctResponse"))
        for choice, _, _ in choices:
            if choice in right:
                ET.SubElement(correct, _q("value")).text = choice
        if several:
            mapping = ET.SubElement(declaration, _q("mapping"), lowerBound="0", upperBound="1", defaultValue="0")
            for (choice, _, _), share in zip(choices, fractions(item)):
                ET.SubElement(mapping, _q("mapEntry"), mapKey=choice, mappedValue=_decimal(share / 100))
    score = ET.SubElement(root, _q("outcomeDeclaration"), identifier="SCORE", cardinality="single", baseType="float")
    ET.SubElement(ET.SubElement(score, _q("defaultValue")), _q("value")).text = "0"
    if not numerical:
        ET.SubElement(root, _q("outcomeDeclaration"), identifier="FEEDBACK",
                      cardinality="multiple" if len(item.correct) > 1 else "single", baseType="identifier")
    body = ET.SubElement(root, _q("itemBody"))
    _stem(body, item)
    if numerical:
        ET.SubElement(ET.SubElement(body, _q("p")), _q("textEntryInteraction"), responseIdentifier="RESPONSE",
                      expectedLength="12")
    else:
        interaction = ET.SubElement(body, _q("choiceInteraction"), responseIdentifier="RESPONSE",
                                    shuffle="false" if q.keeps_order or kind(q) == "truefalse" else "true",
                                    maxChoices="0" if len(item.correct) > 1 else "1")
        for choice, content, _ in choices:
            _xhtml(ET.SubElement(interaction, _q("simpleChoice"), identifier=choice), content)
    _processing(root, item, numerical)
    for choice, _, said in ([] if not item.validated else choices):
        _feedback(root, choice, said)
    # not indented: whitespace added inside the XHTML would be text students see
    return xml_safe('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")


def _processing(root: ET.Element, item: Exported, numerical: bool) -> None:
    """Scoring written out (no template to fetch): 1 for the correct response, the mapping's sum for several,
    within the tolerance for a number; FEEDBACK is the response, so the chosen options' feedback shows."""
    processing = ET.SubElement(root, _q("responseProcessing"))
    score = ET.SubElement(processing, _q("responseCondition"))
    test = ET.SubElement(score, _q("responseIf"))
    if numerical and kind(item.result.question) == "shortanswer":
        ET.SubElement(ET.SubElement(test, _q("not")), _q("isNull")).append(
            ET.Element(_q("variable"), identifier="RESPONSE"))
    elif numerical:
        tolerance = item.result.question.numerical[1]
        equal = ET.SubElement(test, _q("equal"), toleranceMode="absolute", tolerance=f"{tolerance} {tolerance}",
                              includeLowerBound="true", includeUpperBound="true")
        ET.SubElement(equal, _q("variable"), identifier="RESPONSE")
        ET.SubElement(equal, _q("correct"), identifier="RESPONSE")
    elif len(item.correct) > 1:
        ET.SubElement(ET.SubElement(test, _q("not")), _q("isNull")).append(
            ET.Element(_q("variable"), identifier="RESPONSE"))
    else:
        match = ET.SubElement(test, _q("match"))
        ET.SubElement(match, _q("variable"), identifier="RESPONSE")
        ET.SubElement(match, _q("correct"), identifier="RESPONSE")
    scored = ET.SubElement(test, _q("setOutcomeValue"), identifier="SCORE")
    if (len(item.correct) > 1 and not numerical) or kind(item.result.question) == "shortanswer":
        ET.SubElement(scored, _q("mapResponse"), identifier="RESPONSE")
    else:
        ET.SubElement(scored, _q("baseValue"), baseType="float").text = "1"
    otherwise = ET.SubElement(ET.SubElement(score, _q("responseElse")), _q("setOutcomeValue"), identifier="SCORE")
    ET.SubElement(otherwise, _q("baseValue"), baseType="float").text = "0"
    if not numerical:
        ET.SubElement(ET.SubElement(processing, _q("setOutcomeValue"), identifier="FEEDBACK"), _q("variable"),
                      identifier="RESPONSE")


def _decimal(value: Fraction) -> str:
    return f"{float(value):.6f}".rstrip("0").rstrip(".") or "0"


def test_xml(items: Sequence[Exported], title: str) -> str:
    """The ``assessmentTest``: one section holding every item, in order."""
    root = ET.Element(_q("assessmentTest"), {"identifier": "rlhf-quiz", "title": title,
                                             f"{{{XSI}}}schemaLocation": f"{QTI} {QTI_XSD}"})
    part = ET.SubElement(root, _q("testPart"), identifier="part", navigationMode="nonlinear",
                         submissionMode="simultaneous")
    section = ET.SubElement(part, _q("assessmentSection"), identifier="section", title=title, visible="true")
    for item in items:
        qid = identifier(item.result.question.id)
        ET.SubElement(section, _q("assessmentItemRef"), identifier=qid, href=f"items/{qid}.xml")
    ET.indent(root)
    return xml_safe('<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(root, encoding="unicode") + "\n")


def manifest_xml(items: Sequence[Exported]) -> str:
    """The content package's manifest: the test, and each item as a resource it depends on."""
    def c(tag: str) -> str:
        return f"{{{CP}}}{tag}"

    root = ET.Element(c("manifest"), {"identifier": "rlhf-quiz-package",
                                      f"{{{XSI}}}schemaLocation": f"{CP} {CP_XSD}"})
    metadata = ET.SubElement(root, c("metadata"))
    ET.SubElement(metadata, c("schema")).text = "QTIv2.1 Package"
    ET.SubElement(metadata, c("schemaversion")).text = "1.0.0"
    ET.SubElement(root, c("organizations"))
    resources = ET.SubElement(root, c("resources"))
    test = ET.SubElement(resources, c("resource"), identifier="test", type="imsqti_test_xmlv2p1",
                         href="assessment.xml")
    ET.SubElement(test, c("file"), href="assessment.xml")
    for item in items:
        qid = identifier(item.result.question.id)
        ET.SubElement(test, c("dependency"), identifierref=f"item-{qid}")
    for item in items:
        qid = identifier(item.result.question.id)
        resource = ET.SubElement(resources, c("resource"), identifier=f"item-{qid}", type="imsqti_item_xmlv2p1",
                                 href=f"items/{qid}.xml")
        ET.SubElement(resource, c("file"), href=f"items/{qid}.xml")
    ET.indent(root)
    text = xml_safe(ET.tostring(root, encoding="unicode"))
    text = text.replace(f'xmlns:ns0="{CP}"', f'xmlns="{CP}"').replace("ns0:", "")
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + text + "\n"


def package(items: Sequence[Exported], title: str = "RLHF") -> bytes:
    """The zip a platform imports: manifest, test and items (entries in a fixed order, fixed timestamps)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        def add(name: str, text: str) -> None:
            archive.writestr(zipfile.ZipInfo(name, date_time=(2026, 1, 1, 0, 0, 0)), text.encode("utf-8"))

        add("imsmanifest.xml", manifest_xml(items))
        add("assessment.xml", test_xml(items, title))
        for item in items:
            add(f"items/{identifier(item.result.question.id)}.xml", item_xml(item))
    return buffer.getvalue()

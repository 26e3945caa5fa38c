"""The question-bank format (schema version 1).

A bank file under ``nmt_course/data/bank/`` looks like::

    schema_version: 1
    topic: trigger-points
    questions:
      - id: tp-upper-trap-referral
        type: single
        stem: A client has a headache at the temple ...
        options:
          - {id: A, text: Upper trapezius, feedback: Right - its pattern climbs ...}
          - {id: B, text: Soleus, feedback: No - soleus refers to the heel ...}
        answer: A
        ...

Seven question types share the common fields (``stem``, ``points``,
``explanation``, ``topics``, ``mblex_area``, ``difficulty``, ``sources``,
optional ``kb`` references) and differ in their options and answer:

- ``single``: options A, B, C...; answer is one option id.
- ``multiple``: answer is the list of every correct option id.
- ``ordering``: options are the items; answer lists their ids in the right order.
- ``matching``: options are the prompts, ``choices`` what they match to;
  answer maps each prompt id to a choice id.
- ``numeric``: answer is ``{value, tolerance, unit}``.
- ``hotspot``: answer is a list of acceptable body-region ids; optional
  ``region_feedback`` explains tempting wrong regions.
- ``written``: graded by hand, with a ``rubric``.

The JSON Schema in ``quizzes/bank.schema.json`` is generated from these models
(``nmt-course bank schema``); a test checks the committed copy is current.
"""

from __future__ import annotations

from typing import Annotated, Literal, Union

from pydantic import Field, StringConstraints, TypeAdapter, model_validator

from ..knowledge.types import ID_PATTERN, Id, Strict, Text

__all__ = [
    "SCHEMA_VERSION",
    "Option",
    "Choice",
    "NumericAnswer",
    "RubricItem",
    "SingleChoice",
    "MultipleSelect",
    "Ordering",
    "Matching",
    "Numeric",
    "Hotspot",
    "Written",
    "Question",
    "OptionQuestion",
    "BankFile",
    "QUESTION_ADAPTER",
    "KbRefs",
    "QuestionBase",
]

SCHEMA_VERSION = 1

QuestionId = Annotated[str, StringConstraints(pattern=ID_PATTERN, max_length=60)]
OptionId = Annotated[str, StringConstraints(pattern=r"^[A-Z]$")]
ChoiceId = Annotated[str, StringConstraints(pattern=r"^[1-9][0-9]?$")]


class Option(Strict):
    id: OptionId
    text: Text
    feedback: Text = Field(description="why this option is right or wrong, shown after answering")


class Choice(Strict):
    id: ChoiceId
    text: Text


class NumericAnswer(Strict):
    value: float
    tolerance: float = Field(ge=0)
    unit: str = ""


class RubricItem(Strict):
    criterion: Text
    points: float = Field(gt=0)


class KbRefs(Strict):
    """Knowledge-base ids a question depends on (checked to exist)."""

    muscles: list[Id] = Field(default_factory=list)
    regions: list[Id] = Field(default_factory=list)
    contraindications: list[Id] = Field(default_factory=list)
    techniques: list[Id] = Field(default_factory=list)
    conditions: list[Id] = Field(default_factory=list)
    endangerment_sites: list[Id] = Field(default_factory=list)
    cases: list[Id] = Field(default_factory=list)


class QuestionBase(Strict):
    id: QuestionId
    stem: Text
    points: float = Field(default=1, gt=0)
    explanation: Text
    topics: list[Id] = Field(min_length=1)
    mblex_area: Id
    mblex_subtopic: Id | None = Field(default=None, description="the subtopic of the MBLEx content area (ids in nmt_course/data/mblex.yaml)")
    family: Id | None = Field(default=None, description="questions that test the same fact share a family; a quiz draws at most one of each family")
    difficulty: Literal["easy", "medium", "hard"]
    sources: list[Id] = Field(min_length=1)
    kb: KbRefs = Field(default_factory=KbRefs)

    def option(self, option_id: str) -> Option | None:
        for opt in getattr(self, "options", ()):
            if opt.id == option_id:
                return opt
        return None


def _check_option_ids(options: list[Option]) -> None:
    ids = [o.id for o in options]
    expected = [chr(ord("A") + i) for i in range(len(ids))]
    if ids != expected:
        raise ValueError(f"options must be lettered {', '.join(expected)} in order, not {', '.join(ids)}")
    texts = [o.text.lower() for o in options]
    if len(set(texts)) != len(texts):
        raise ValueError("two options have the same text")


class SingleChoice(QuestionBase):
    type: Literal["single"]
    options: list[Option] = Field(min_length=2, max_length=8)
    answer: OptionId

    @model_validator(mode="after")
    def _answer_is_an_option(self) -> SingleChoice:
        _check_option_ids(self.options)
        if self.option(self.answer) is None:
            raise ValueError(f"the answer {self.answer!r} is not one of the options")
        return self


class MultipleSelect(QuestionBase):
    type: Literal["multiple"]
    options: list[Option] = Field(min_length=3, max_length=8)
    answer: list[OptionId] = Field(min_length=1)

    @model_validator(mode="after")
    def _answers_are_options(self) -> MultipleSelect:
        _check_option_ids(self.options)
        bad = [a for a in self.answer if self.option(a) is None]
        if bad:
            raise ValueError(f"the answer {bad[0]!r} is not one of the options")
        if len(set(self.answer)) != len(self.answer):
            raise ValueError("the answer lists an option twice")
        return self


class Ordering(QuestionBase):
    type: Literal["ordering"]
    options: list[Option] = Field(min_length=3, max_length=8)
    answer: list[OptionId]

    @model_validator(mode="after")
    def _answer_is_a_permutation(self) -> Ordering:
        _check_option_ids(self.options)
        if sorted(self.answer) != sorted(o.id for o in self.options):
            raise ValueError("the answer must list every option exactly once")
        return self


class Matching(QuestionBase):
    type: Literal["matching"]
    options: list[Option] = Field(min_length=2, max_length=8)
    choices: list[Choice] = Field(min_length=2, max_length=12)
    answer: dict[OptionId, ChoiceId]

    @model_validator(mode="after")
    def _answer_pairs_every_prompt(self) -> Matching:
        _check_option_ids(self.options)
        if set(self.answer) != {o.id for o in self.options}:
            raise ValueError("the answer must pair every option (A, B, ...) with a choice")
        choice_ids = {c.id for c in self.choices}
        bad = [c for c in self.answer.values() if c not in choice_ids]
        if bad:
            raise ValueError(f"the answer uses choice {bad[0]!r}, which is not in 'choices'")
        return self


class Numeric(QuestionBase):
    type: Literal["numeric"]
    answer: NumericAnswer


class Hotspot(QuestionBase):
    type: Literal["hotspot"]
    answer: list[Id] = Field(min_length=1, description="acceptable body-region ids")
    region_feedback: dict[Id, Text] = Field(default_factory=dict, description="why a tempting wrong region is wrong")


class Written(QuestionBase):
    type: Literal["written"]
    rubric: list[RubricItem] = Field(min_length=1)
    model_answer: Text

    @model_validator(mode="after")
    def _rubric_adds_up(self) -> Written:
        total = sum(r.points for r in self.rubric)
        if abs(total - self.points) > 1e-9:
            raise ValueError(f"the rubric adds up to {total:g} points but the question is worth {self.points:g}")
        return self


Question = Annotated[
    Union[SingleChoice, MultipleSelect, Ordering, Matching, Numeric, Hotspot, Written],
    Field(discriminator="type"),
]

QUESTION_ADAPTER: TypeAdapter = TypeAdapter(Question)

# the questions whose answer is made of option letters (their ``options`` list the choices a student sees)
OptionQuestion = Union[SingleChoice, MultipleSelect, Ordering, Matching]


class BankFile(Strict):
    schema_version: Literal[1]
    topic: Id
    title: Text
    questions: list[Question] = Field(min_length=1)

"""Validated shapes of the corpus files."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, HttpUrl, field_validator

Theme = Literal[
    "verkkopalvelut",
    "asuminen-ja-talous",
    "vanhemmuus-ja-parisuhde",
    "maahanmuuttajat",
    "mielen-hyvinvointi",
    "ero-ja-sovinnollinen-vanhemmuus",
    "paihteettomyys-ja-riippuvuudet",
    "lahisuhdevakivalta",
]
Level = Literal["vapaa-aika", "arki", "varhainen-tuki", "vahva-tuki", "kriisi"]
ChannelType = Literal["phone", "web", "chat", "form", "visit", "email", "sms"]

_ID = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
UNVERIFIED = "unverified"


def _id_format(value: str) -> str:
    if not _ID.match(value):
        raise ValueError("must be lowercase letters, digits and single hyphens")
    return value


Identifier = Annotated[str, AfterValidator(_id_format)]  # ids of services, needs and curated answers


def is_verified_text(value: str | None) -> bool:
    """A catalogue value is a fact only when it is present and carries no 'unverified' marker."""
    return bool(value) and UNVERIFIED not in str(value).lower()


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Localized(_Strict):
    """A text in Finnish (required), Swedish and English."""

    fi: str = Field(min_length=1)
    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)

    def get(self, lang: str) -> str:
        """The text in ``lang``, Finnish for any language we have no translation for."""
        return str(getattr(self, lang, None) or self.fi)


class Channel(_Strict):
    """One way to reach a service. ``hours`` may hold the marker 'unverified'."""

    type: ChannelType
    value: str = Field(min_length=1)
    hours: str | None = None
    label: str | None = None  # what the address is for, when the source says ('vertaisryhmät')

    @field_validator("value")
    @classmethod
    def _web_value_is_an_address(cls, value: str) -> str:
        if value.startswith("http") and not re.fullmatch(r"https?://[^\s()<>\"']+", value):
            raise ValueError("a web address must be one URL without spaces or brackets (put a note in 'label')")
        return value

    @property
    def source_value(self) -> str:
        """The value as shared/reference/service_facts.yaml writes it (address and label together)."""
        return f"{self.value} ({self.label})" if self.label else self.value

    @property
    def verified(self) -> bool:
        return is_verified_text(self.value) and (self.label is None or is_verified_text(self.label))

    @property
    def hours_verified(self) -> bool:
        return is_verified_text(self.hours)


UserGroup = Literal["kaikki", "vanhemmat", "nuoret"]


class Fits(_Strict):
    """Whom a service card fits, for keeping cards for other groups away from an answer (services.yaml ``fits``).

    ``ages``: youngest and oldest age in years of the children (or young people) it is for; ``users``: who
    contacts it (``nuoret``: the child or young person themself; ``vanhemmat``: parents and carers);
    ``only_with``: needs (needs.yaml ids) it is suggested for; empty = any need; ``school``: reached only through
    the child's or young person's own school (not for one who has left school)."""

    ages: tuple[float, float] | None = None
    users: UserGroup = "kaikki"
    only_with: list[str] = Field(default_factory=list)
    school: bool = False

    @field_validator("ages")
    @classmethod
    def _ordered(cls, value: tuple[float, float] | None) -> tuple[float, float] | None:
        if value is not None and not 0 <= value[0] <= value[1] <= 120:
            raise ValueError("ages must be [youngest, oldest] in years, youngest <= oldest")
        return value


class NoteTranslation(_Strict):
    """A Finnish note of the catalogue's contact channels ('Rovaniemi (osoite unverified)', 'joka päivä 9–22')
    in Swedish and English (corpus/catalogue_notes.yaml), for cards in those languages."""

    fi: str = Field(min_length=1)
    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)


class Service(_Strict):
    """A catalogue entry. Ids are fixed: test sets and the API refer to them."""

    id: Identifier
    name: Localized
    summary: Localized
    summary_plain_fi: str = Field(min_length=1)
    organiser: str = Field(min_length=1)
    audience: str = Field(min_length=1)
    fits: Fits = Field(default_factory=Fits)
    themes: list[Theme] = Field(default_factory=list)
    level: Level
    channels: list[Channel] = Field(min_length=1)
    urgent: bool
    cost: str
    anonymity: str
    source: str = Field(min_length=1)
    verified: bool
    keywords: list[str] = Field(default_factory=list)


class GlossaryEntry(_Strict):
    """A term of the handbook's glossary (chapter 13, Sanakirja)."""

    term: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    definition: str = Field(min_length=1)
    url: HttpUrl | None = None
    links: list[HttpUrl] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)


@dataclass(frozen=True)
class Section:
    """A handbook section: the text under one heading, with the path of headings above it."""

    path: tuple[str, ...]
    text: str
    line: int
    urls: list[str] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.path[-1]


Lang = Literal["fi", "sv", "en"]
Urgency = Literal["everyday", "support", "urgent"]


class NeedDescription(_Strict):
    """Short descriptions of a need as families put it, per language (Finnish required)."""

    fi: list[str] = Field(min_length=1)
    sv: list[str] = Field(default_factory=list)
    en: list[str] = Field(default_factory=list)

    def all(self) -> list[str]:
        return [*self.fi, *self.sv, *self.en]


class Need(_Strict):
    """An everyday or urgent family need and what serves it (corpus/needs.yaml)."""

    id: Identifier
    urgency: Urgency
    description: NeedDescription
    services: list[str] = Field(min_length=1)
    handbook: list[str] = Field(default_factory=list)


class AnswerTexts(_Strict):
    """One curated answer in Finnish, Swedish, English and selkokieli (plain Finnish)."""

    fi: str = Field(min_length=1)
    sv: str = Field(min_length=1)
    en: str = Field(min_length=1)
    plain: str = Field(min_length=1)

    def get(self, lang: str, plain: bool = False) -> str:
        if plain and lang == "fi":
            return self.plain
        return str(getattr(self, lang, None) or self.fi)

    def items(self) -> list[tuple[str, str]]:
        return [("fi", self.fi), ("sv", self.sv), ("en", self.en), ("plain", self.plain)]


class Citations(_Strict):
    """What a curated answer is written from: handbook section titles, glossary terms and service ids."""

    handbook: list[str] = Field(default_factory=list)
    glossary: list[str] = Field(default_factory=list)
    services: list[str] = Field(default_factory=list)


class CuratedAnswer(_Strict):
    """An answer written for families from the material (corpus/answers.yaml)."""

    id: Identifier
    questions: dict[Lang, list[str]] = Field(default_factory=dict)
    answer: AnswerTexts
    cites: Citations
    # Who the answer's texts speak to: a parent or another adult about their child ('parent'), a child or young
    # person about themself ('young'), or anyone (what a service is, hours, facts). Used to keep an answer written
    # to parents from a young person writing about themself, and the other way round (assistant.curated).
    speaks_to: Literal["parent", "young", "professional", "anyone"] = "anyone"

    @field_validator("questions", mode="before")
    @classmethod
    def _no_null_lists(cls, value: object) -> object:
        if isinstance(value, dict):
            return {k: v for k, v in value.items() if v is not None}
        return value or {}

    def question_texts(self) -> list[str]:
        return [q for texts in self.questions.values() for q in texts]

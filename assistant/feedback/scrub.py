"""Personal data out of a text before it is stored: henkilötunnus, phone numbers, e-mail addresses,
street addresses and names a person gives ("nimeni on …", "olen …", "my name is …", "jag heter …").

Phone numbers are found by ``phonenumbers`` (Finnish numbering plan, plus any number written with a
country code) and, as a backstop, by a digit-run pattern; the rest are tested regular expressions. A
removed item is replaced by a tag such as ``[puhelin]`` so the question still reads as a question.
Pure functions: safe to share between threads."""

from __future__ import annotations

import re

import phonenumbers

# Henkilötunnus: DDMMYY, century sign (+, -, A-F, U-Y), three digits, check character.
_HETU = re.compile(r"\b\d{6}[-+A-FU-Ya-fu-y]\d{3}[0-9A-Ya-y]\b")
_EMAIL = re.compile(r"[\w.+-]{1,64}@[\w-]+(?:\.[\w-]+)+")
# A run of 7+ digits that may be split by spaces, dashes or brackets, optionally with '+': what
# phonenumbers does not accept (a typo'd number) is still a number a person wrote.
# Dots are left out so that dates (12.3.2022) stay.
_DIGITS = re.compile(r"\+?\(?\d[\d\s()-]{5,}\d")
# Street addresses: a word ending in a Finnish or Swedish street suffix, then a house number
# (Koskikatu 12 B 3, Rovakatu 2a, Pohjolankatu 15, Storgatan 4, Main Street 5 / 5 Main Street).
_STREET_FI_SV = re.compile(
    r"\b[A-ZÅÄÖa-zåäö][\wåäöÅÄÖ-]*(?:katu|tie|kuja|polku|väylä|raitti|kaari|rinne|ranta|piha|tori|"
    r"gatan|gata|vägen|väg|gränd|stig)\s+\d+(?:\s?[A-Za-z](?:\s?\d+)?)?\b",
    re.IGNORECASE,
)
_STREET_EN = re.compile(
    r"\b\d+\s+[A-Z][a-z]+(?:\s[A-Z][a-z]+)?\s(?:Street|St|Road|Rd|Avenue|Ave|Lane|Way)\b"
    r"|\b[A-Z][a-z]+\s(?:Street|Road|Avenue|Lane)\s+\d+\b"
)
# A name after a self-introduction: one or two capitalised words (case-sensitive, so "olen huolissani" or
# "jag heter Anna och" keep their ordinary words).
_NAME = re.compile(
    r"\b(nimeni on|minun nimeni on|mun nimi on|olen|oon|my name is|i am|i'm|jag heter|mitt namn är|jag är)"
    r"(\s+)((?-i:[A-ZÅÄÖ][a-zåäöéü'-]+(?:\s+[A-ZÅÄÖ][a-zåäöéü'-]+)?))",
    re.IGNORECASE,
)

TAGS = {"hetu": "[hetu]", "email": "[sähköposti]", "phone": "[puhelin]", "address": "[osoite]", "name": "[nimi]"}


def _phones(text: str) -> str:
    spans = [
        (match.start, match.end)
        for match in phonenumbers.PhoneNumberMatcher(text, "FI", leniency=phonenumbers.Leniency.VALID)
    ]
    for start, end in reversed(spans):
        text = text[:start] + TAGS["phone"] + text[end:]
    return _DIGITS.sub(TAGS["phone"], text)


def _name(match: re.Match[str]) -> str:
    return f"{match.group(1)}{match.group(2)}{TAGS['name']}"


def scrub(text: str) -> str:
    """``text`` with personal data replaced by tags; the order matters (a henkilötunnus before the digit
    runs it contains, e-mail before phone numbers inside it)."""
    text = _HETU.sub(TAGS["hetu"], text)
    text = _EMAIL.sub(TAGS["email"], text)
    text = _phones(text)
    text = _STREET_FI_SV.sub(TAGS["address"], text)
    text = _STREET_EN.sub(TAGS["address"], text)
    return _NAME.sub(_name, text)

"""Personal data out of a text before it is stored: henkilötunnus, phone numbers, e-mail addresses,
street addresses and names a person gives ("nimeni on …", "olen …", "my name is …", "jag heter …").

Phone numbers are found by ``phonenumbers`` (Finnish numbering plan, plus any number written with a
country code) and, as a backstop, by a digit-run pattern; the rest are tested regular expressions. A
removed item is replaced by a tag such as ``[puhelin]`` so the question still reads as a question.
After "olen" / "oon" a capitalised word is removed only when Voikko does not read it as a place or a
locative case (``assistant.feedback.names``): "Olen Pekka" loses the name, "Olen Rovaniemellä" keeps it.
Safe to share between threads."""

from __future__ import annotations

import re

import phonenumbers

from assistant.feedback.names import NameCheck, default_names

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
# A name after a self-introduction: one or two capitalised words, each maybe hyphenated ("Jenna-Maria"),
# case-sensitive, so "olen huolissani" or "jag heter Anna och" keep their ordinary words.
_NAME = re.compile(
    r"\b(nimeni on|minun nimeni on|mun nimi on|olen|oon|my name is|i am|i'm|jag heter|mitt namn är|jag är)"
    r"(\s+)((?-i:{word}(?:\s+{word})?))".format(word=r"[A-ZÅÄÖ][a-zåäöéü']+(?:-[A-ZÅÄÖa-zåäöéü][a-zåäöéü']+)*"),
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


# "olen" is also "I am (somewhere)": the word after it is a name only when the name check says so.
_BE_FI = frozenset({"olen", "oon"})


def _name(match: re.Match[str], names: NameCheck) -> str:
    opening, space, words = match.group(1), match.group(2), match.group(3).split()
    if opening.casefold() not in _BE_FI:
        return f"{opening}{space}{TAGS['name']}"
    # Each word on its own: "Olen Rovaniemellä" keeps the place, "Olen Pekka Rovaniemeltä" only the place,
    # "Olen Maija Virtanen" keeps neither (two tags become one).
    kept = [TAGS["name"] if names(word) else word for word in words]
    if kept == [TAGS["name"], TAGS["name"]]:
        kept = [TAGS["name"]]
    gap = match.group(3)[len(words[0]) : len(match.group(3)) - len(words[-1])] if len(words) == 2 else ""
    return f"{opening}{space}{gap.join(kept)}"


def scrub(text: str, names: NameCheck | None = None) -> str:
    """``text`` with personal data replaced by tags; the order matters (a henkilötunnus before the digit
    runs it contains, e-mail before phone numbers inside it). ``names`` decides whether the word after
    "olen" is a name (default: Voikko, see :func:`assistant.feedback.names.default_names`)."""
    check = names or default_names()
    text = _HETU.sub(TAGS["hetu"], text)
    text = _EMAIL.sub(TAGS["email"], text)
    text = _phones(text)
    text = _STREET_FI_SV.sub(TAGS["address"], text)
    text = _STREET_EN.sub(TAGS["address"], text)
    return _NAME.sub(lambda match: _name(match, check), text)


# A message that leaves the writer's own phone number or e-mail in the chat ('numero on 040 555 1234, parhaiten
# aamupäivisin', a user trial, 2026-11-30, was answered "Tähän en osaa vastata"): the chat passes it to no one.
_CONTACT_WORDS = re.compile(
    r"(?<!\w)(?:numero\w*|nro|puh\w*|sähköpost\w*|sahkopost\w*|s-?posti\w*|nummer\w*|telefon\w*|e-?post\w*|"
    r"number|phone|e-?mail\w*|mail\b|tavoit\w*|soit\w*|ring\w*|call\w*|reach)",
    re.IGNORECASE,
)
CONTACT_ONLY_WORDS = 6


def leaves_contact(text: str, known_numbers: frozenset[str] = frozenset()) -> bool:
    """The message gives a phone number or an e-mail address as the writer's contact: with a word that says so
    ('numero', 'ring mig', 'email'), or in a message of at most ``CONTACT_ONLY_WORDS`` words. A number of
    ``known_numbers`` (digits only: the catalogue's own lines) is no one's contact ('onko 0800 147 111 ilmainen?')."""
    numbers = {re.sub(r"\D", "", m.group(0)) for m in _DIGITS.finditer(text)}
    numbers |= {re.sub(r"\D", "", m.raw_string) for m in phonenumbers.PhoneNumberMatcher(text, "FI")}
    has_contact = bool(_EMAIL.search(text)) or bool(numbers - known_numbers)
    if not has_contact:
        return False
    return bool(_CONTACT_WORDS.search(text)) or len(text.split()) <= CONTACT_ONLY_WORDS

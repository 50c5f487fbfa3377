"""How hard a module's text is to read: the Flesch-Kincaid grade, worked out here so that it
needs nothing from the internet (recent textstat releases fetch a pronouncing dictionary when
first used). Syllables are counted by a rule (groups of vowels, a silent final e), which
lands within about half a grade of dictionary counts on ordinary English."""

from __future__ import annotations

import re
from pathlib import Path

import nbformat

NOTES_TAG = "facilitator-notes"
_ROLE = re.compile(r"\{[a-z]+\}`([^`<]*?)\s*(?:<[^>]*>)?`")  # {term}`word <target>`: word
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_CODE = re.compile(r"`[^`]*`")
_DIRECTIVE = re.compile(r"^\s*(```|:::|:[a-z-]+:).*$", re.MULTILINE)  # MyST fences, options
_ITEM = re.compile(r"^\s*(?:#+|[-*>]|\d+[.)])\s+")  # a heading, bullet or quote starts anew
_WORD = re.compile(r"[A-Za-z]+(?:['’][a-z]+)?")


def participant_text(path: Path) -> list[str]:
    """The text a participant reads in a module notebook, as paragraphs, headings and list
    items: its Markdown cells without the facilitator notes, tables, code and markup."""
    items: list[str] = []
    for cell in nbformat.read(path, as_version=4).cells:
        if cell.cell_type != "markdown" or NOTES_TAG in cell.get("metadata", {}).get("tags", []):
            continue
        source = _CODE.sub("code", _LINK.sub(r"\1", _ROLE.sub(r"\1", _DIRECTIVE.sub(
            "", cell.source))))
        for block in re.split(r"\n\s*\n", source):
            for line in block.splitlines():
                if not line.strip() or line.lstrip().startswith("|"):
                    continue
                if _ITEM.match(line) or not items or items[-1] == "":
                    items.append(_ITEM.sub("", line).replace("*", "").strip())
                else:
                    items[-1] += " " + line.replace("*", "").strip()
            items.append("")  # a paragraph ends
    return [i for i in items if i]


def sentences(items: list[str]) -> list[str]:
    """Each item split after . ! ? : or ;, an item with no end mark being one sentence."""
    return [s for item in items for s in re.split(r"(?<=[.!?:;])\s+", item)
            if _WORD.search(s)]


def syllables(word: str) -> int:
    word = word.lower()
    count = len(re.findall(r"[aeiouy]+", word))
    if word.endswith("e") and not word.endswith(("le", "ee", "ye")) and count > 1:
        count -= 1  # a silent final e: "made", "change"
    return max(1, count)


def grade(text: list[str]) -> float:
    """The Flesch-Kincaid grade level of sentences: 0.39 words per sentence plus 11.8
    syllables per word, minus 15.59."""
    said = sentences(text)
    words = [w for s in said for w in _WORD.findall(s)]
    return (0.39 * len(words) / len(said) + 11.8 * sum(map(syllables, words)) / len(words)
            - 15.59)

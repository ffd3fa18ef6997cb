"""Visible text of an admin response: text nodes and the attributes people read or hear."""

import json
import re
from html.parser import HTMLParser

READ_ATTRIBUTES = {"title", "aria-label", "placeholder", "alt", "aria-description", "label"}


class _TextParser(HTMLParser):
    def __init__(self):
        super().__init__()
        self.texts = set()
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        if tag in ("script", "style", "template"):
            self._skip += 1
        for name, value in attrs:
            if value and name in READ_ATTRIBUTES:
                self.texts.add(re.sub(r"\s+", " ", value.strip()))

    def handle_endtag(self, tag):
        if tag in ("script", "style", "template"):
            self._skip = max(0, self._skip - 1)

    def handle_data(self, data):
        if not self._skip and data.strip():
            self.texts.add(re.sub(r"\s+", " ", data.strip()))


def visible_texts(content):
    if content.lstrip().startswith("{"):  # modal choosers answer JSON with an "html" member
        try:
            content = json.loads(content).get("html", "") or ""
        except ValueError:
            pass
    parser = _TextParser()
    parser.feed(content)
    return parser.texts


# Keys whose values are identifiers (menu item names, icons), not text anyone reads.
SCRIPT_IDENTIFIER_KEYS = {"name", "icon_name", "classname", "classnames", "url", "attrs"}


def script_texts(content):
    """Strings in the page's JSON data for the admin's scripts (menu, config, checker)."""
    texts = set()

    def walk(value):
        if isinstance(value, str):
            texts.add(re.sub(r"\s+", " ", value.strip()))
        elif isinstance(value, dict):
            for key, item in value.items():
                if key not in SCRIPT_IDENTIFIER_KEYS:
                    walk(item)
        elif isinstance(value, list):
            for item in value:
                walk(item)

    for block in re.findall(
        r'<script[^>]*type="application/json"[^>]*>(.*?)</script>', content, re.S
    ):
        try:
            walk(json.loads(block))
        except ValueError:
            continue
    return texts


def msgid_pattern(msgid):
    """A regex for the text a msgid renders to; for msgids with markup, its first text run."""
    if "<" in msgid:
        msgid = re.split(r"<[^>]+>", msgid)[0].strip()
    pattern = re.escape(msgid)
    pattern = re.sub(r"%\\\([a-z_]+\\\)[sd]|%[sd]", ".+?", pattern)
    # Wagtail appends "*" to required placeholders ("Page title*") and ":" to some labels.
    return re.compile("^" + pattern + "[*:]?$")

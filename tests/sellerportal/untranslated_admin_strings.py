"""Developer tool: list Wagtail msgids left in English on saved admin pages.

Save the seller's screens as HTML (e.g. with the test client), then run
    .venv/bin/python -m tests.sellerportal.untranslated_admin_strings page1.html page2.html …
and add what it prints to marketplace/sellerportal/admin_strings.py, then translate them in
locale/id/LC_MESSAGES/django.po. It reads the text on the page and the JSON the admin's scripts
read (menus, config). Strings of the admin's JavaScript itself ("Collapse all") are in Wagtail's
djangojs catalogue: translate those in locale/id/LC_MESSAGES/djangojs.po (see
test_admin_javascript_catalogue_is_complete_in_indonesian).
"""

import glob
import os
import re
import sys


def parse_po(path):
    entries, current, key = [], {}, None

    def flush():
        if "msgid" in current:
            entries.append(dict(current))
        current.clear()

    with open(path, encoding="utf-8") as handle:
        lines = handle.read().splitlines()
    for line in lines:
        line = line.rstrip("\n")
        if not line.strip():
            flush()
            key = None
            continue
        if line.startswith("#"):
            continue
        match = re.match(r'^(msgctxt|msgid_plural|msgid|msgstr(?:\[\d\])?) "(.*)"$', line)
        if match:
            key = match.group(1)
            current[key] = match.group(2)
        elif line.startswith('"') and key:
            current[key] += line[1:-1]
    flush()
    return [e for e in entries if e.get("msgid")]


def main(paths):
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "pasarlokal.settings.test")
    import django

    django.setup()
    from django.utils import translation

    import taggit
    import wagtail

    from .admin_text import msgid_pattern, script_texts, visible_texts

    texts = set()
    for path in paths:
        with open(path, encoding="utf-8") as handle:
            content = handle.read()
        texts |= visible_texts(content) | script_texts(content)
    catalogues = [
        po
        for package in (wagtail, taggit)
        for po in glob.glob(
            f"{os.path.dirname(package.__file__)}/**/locale/en/LC_MESSAGES/django.po",
            recursive=True,
        )
    ]
    seen = set()
    with translation.override("id"):
        for po in catalogues:
            for entry in parse_po(po):
                msgid = entry["msgid"].replace('\\"', '"')
                plural = entry.get("msgid_plural", "").replace('\\"', '"') or None
                if entry.get("msgctxt") or msgid in seen or not re.search("[A-Za-z]{3}", msgid):
                    continue
                seen.add(msgid)
                if plural:
                    if translation.ngettext(msgid, plural, 2) != plural:
                        continue
                    forms = [msgid, plural]
                elif translation.gettext(msgid) == msgid:
                    forms = [msgid]
                else:
                    continue
                patterns = [msgid_pattern(form) for form in forms]
                if any(p.match(text) for p in patterns for text in texts):
                    print(repr((msgid, plural)) if plural else repr(msgid))


if __name__ == "__main__":
    main(sys.argv[1:])

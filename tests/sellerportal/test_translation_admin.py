"""wagtail-localize's admin (translation editor, sync, PO download/upload) is for editors only.

Its views take a translation's id rather than a page's, and some of them check no permission on
the page behind it, so the seller guard refuses every one of them to seller accounts (the
isolation matrix walks them all with another seller's ids); these tests show the seller-visible
side (no Translate button, the PO file and string endpoints refused) and that editors keep them.
"""

import polib
import pytest
from wagtail_localize.models import StringSegment, StringTranslation, TranslationSource

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from wagtail.models import Locale

from marketplace.translations import translate_page

SECRET = "Gerabah Bravo Secret Product"


@pytest.fixture
def translated(seller_a, seller_b):
    Locale.objects.get_or_create(language_code="en")
    product = seller_b["product"]
    english = translate_page(product, "en", {"title": SECRET, "summary": "Hand-thrown clay."})
    source = TranslationSource.objects.get_for_instance(product)
    translation = source.translations.get(target_locale__language_code="en")
    segment = StringSegment.objects.get(source=source, context__path="title")
    return {"product": product, "english": english, "translation": translation, "segment": segment}


def refused(response):
    """Wagtail's admin answers a refused request with 403 or a redirect to the dashboard."""
    return response.status_code == 403 or (
        response.status_code == 302 and response["Location"] == reverse("wagtailadmin_home")
    )


def english_title(translated):
    return type(translated["english"]).objects.get(pk=translated["english"].pk).title


@pytest.mark.django_db
@pytest.mark.parametrize("owner", ["seller_a", "seller_b"])
def test_sellers_are_refused_the_po_file_and_string_editor(client, translated, owner, request):
    """Neither another seller nor the product's own seller reaches wagtail-localize's screens:
    a seller's English text goes through their own edit screen and review."""
    client.force_login(request.getfixturevalue(owner)["user"])
    translation, segment = translated["translation"], translated["segment"]
    strings_before = list(StringTranslation.objects.values_list("pk", "data"))

    download = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert refused(download)
    assert SECRET.encode() not in download.content

    po = polib.POFile()
    po.append(polib.POEntry(msgctxt="title", msgid=translated["product"].title, msgstr="DIBAJAK"))
    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("b.po", str(po).encode())},
    )
    assert refused(upload)

    url = reverse("wagtail_localize:edit_string_translation", args=[translation.pk, segment.pk])
    put = client.put(url, "value=DIBAJAK", content_type="application/x-www-form-urlencoded")
    assert refused(put)

    for name, args in [
        ("submit_page_translation", [translated["product"].pk]),
        ("update_translations", [translation.source_id]),
        ("preview_translation", [translation.pk]),
        ("translations_report", []),
    ]:
        response = client.get(reverse(f"wagtail_localize:{name}", args=args))
        assert refused(response), name
        assert SECRET.encode() not in response.content, name
    assert refused(client.get(reverse("wagtaillocales:index")))
    assert list(StringTranslation.objects.values_list("pk", "data")) == strings_before
    assert english_title(translated) == SECRET


@pytest.mark.django_db
def test_seller_sees_no_translate_button_and_editor_does(client, seller_a, editor):
    Locale.objects.get_or_create(language_code="en")
    product = seller_a["product"]
    client.force_login(seller_a["user"])
    for url in (
        reverse("wagtailadmin_explore", args=[seller_a["seller"].pk]),
        reverse("wagtailadmin_pages:edit", args=[product.pk]),
    ):
        body = client.get(url).content.decode()
        assert "/admin/localize/" not in body, url
    client.force_login(editor)
    body = client.get(reverse("wagtailadmin_explore", args=[seller_a["seller"].pk])).content
    assert reverse("wagtail_localize:submit_page_translation", args=[product.pk]) in body.decode()


@pytest.mark.django_db
def test_editor_exports_and_imports_a_po_file(client, translated, editor):
    """An editor downloads the English PO file for a translator and uploads it back."""
    client.force_login(editor)
    translation = translated["translation"]
    download = client.get(reverse("wagtail_localize:download_pofile", args=[translation.pk]))
    assert download.status_code == 200
    po = polib.pofile(download.content.decode())
    title = next(entry for entry in po if entry.msgctxt == "title")
    assert title.msgstr == SECRET
    title.msgstr = "Hand-thrown Bravo Jar"
    upload = client.post(
        reverse("wagtail_localize:upload_pofile", args=[translation.pk]),
        {"file": SimpleUploadedFile("en.po", str(po).encode())},
        follow=True,
    )
    assert upload.status_code == 200
    assert StringTranslation.objects.filter(
        translation_of=translated["segment"].string, data="Hand-thrown Bravo Jar"
    ).exists()

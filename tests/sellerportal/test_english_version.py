"""A seller adds English text to a product from their own screen, through Product review (#16)."""

import pytest

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import translation

from wagtail.models import Locale, TaskState, WorkflowPage, WorkflowState

from marketplace.products import ProductPage, StockRecord
from marketplace.sellerportal.english import english_page
from marketplace.sellerportal.forms import EnglishVersionForm
from marketplace.sellerportal.setup import MODERATORS_GROUP, WORKFLOW_NAME
from marketplace.sellers import SellerIndexPage
from marketplace.translations import translate_page
from tests.factories import ProductPageFactory

pytestmark = pytest.mark.django_db

ENGLISH_TEXT = {
    "title": "Handwoven Songket Cloth",
    "summary": "Songket woven by hand in Sukarara.",
    "description": "Woven over three weeks on a backstrap loom.\n\nGold thread & <b>silk</b>.",
}


@pytest.fixture
def seller_client(client, seller_a):
    client.force_login(seller_a["user"])
    return client


def url(product):
    return reverse("sellerportal_english", args=[product.pk])


def approve(client, editor, page):
    client.force_login(editor)
    task_state = TaskState.objects.get(
        workflow_state=page.current_workflow_state, status=TaskState.STATUS_IN_PROGRESS
    )
    response = client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[page.pk, "approve", task_state.pk]),
        {"comment": ""},
    )
    assert response.status_code == 302
    return ProductPage.objects.get(pk=page.pk)


@pytest.fixture
def moderator(db):
    user = get_user_model().objects.create_user(
        username="moderator@example.com", email="moderator@example.com", password="x-Mod-2026!"
    )
    user.groups.add(Group.objects.get(name=MODERATORS_GROUP))  # as seeded by post_migrate
    return user


@pytest.mark.parametrize("reviewer", ["editor", "moderator"])
def test_seller_sends_english_text_for_review_and_an_editor_approves_it(
    client, seller_client, seller_a, reviewer, request
):
    editor = request.getfixturevalue(reviewer)
    product = seller_a["product"]
    page = seller_client.get(url(product)).content.decode()
    assert "Belum ada versi bahasa Inggris." in page  # the state, in the seller's language

    response = seller_client.post(url(product), ENGLISH_TEXT, follow=True)
    assert response.status_code == 200
    body = response.content.decode()
    assert "Versi bahasa Inggris dikirim untuk ditinjau." in body
    assert "Sedang ditinjau." in body
    assert "Handwoven Songket Cloth" in body  # the form shows what was sent

    english = english_page(product)
    assert english is not None and english.locale.language_code == "en"
    assert not english.live
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS
    assert state.workflow.name == WORKFLOW_NAME
    # The English seller directory (copied with the first English product) got the workflow.
    english_index = SellerIndexPage.objects.ancestor_of(english).get(locale=english.locale)
    assert WorkflowPage.objects.get(page=english_index).workflow.name == WORKFLOW_NAME
    draft = english.get_latest_revision_as_object()
    assert draft.title == "Handwoven Songket Cloth"
    # Plain paragraphs, escaped: no HTML from the seller reaches the page.
    assert draft.description == (
        "<p>Woven over three weeks on a backstrap loom.</p>\n\n"
        "<p>Gold thread &amp; &lt;b&gt;silk&lt;/b&gt;.</p>"
    )
    # The Indonesian product and its stock are untouched.
    product.refresh_from_db()
    assert product.title == "Tenun Alfa Produk Rahasia" and product.live
    assert StockRecord.objects.get(product=product).quantity == 10

    english = approve(client, editor, english)
    assert english.live
    assert english.title == "Handwoven Songket Cloth"
    client.logout()
    public_url = english.get_url()
    assert public_url.startswith("/en/")
    public = client.get(public_url)
    assert public.status_code == 200
    content = public.content.decode()
    assert "Handwoven Songket Cloth" in content
    assert "Woven over three weeks on a backstrap loom." in content
    assert "&lt;b&gt;silk&lt;/b&gt;" in content and "<b>silk</b>" not in content


def test_a_change_to_a_live_english_version_waits_for_review(
    client, seller_client, seller_a, editor
):
    product = seller_a["product"]
    seller_client.post(url(product), ENGLISH_TEXT)
    approve(client, editor, english_page(product))
    client.force_login(seller_a["user"])
    changed = {**ENGLISH_TEXT, "title": "Songket Cloth, New Name"}
    response = client.post(url(product), changed, follow=True)
    body = response.content.decode()
    assert "Songket Cloth, New Name" in body  # prefilled with the draft in review
    assert "Versi bahasa Inggris yang sudah disetujui tetap tayang sampai saat itu." in body

    english = english_page(product)
    assert english.live and english.title == "Handwoven Songket Cloth"
    assert english.current_workflow_state.status == WorkflowState.STATUS_IN_PROGRESS
    client.logout()
    content = client.get(english.get_url()).content.decode()
    assert "Handwoven Songket Cloth" in content and "New Name" not in content

    english = approve(client, editor, english)
    assert english.title == "Songket Cloth, New Name"


def test_an_empty_form_creates_nothing(seller_client, seller_a):
    product = seller_a["product"]
    response = seller_client.post(
        url(product), {"title": " ", "summary": "", "description": "\n"}, follow=True
    )
    assert response.status_code == 200
    assert "produk tetap dalam bahasa Indonesia saja" in response.content.decode()
    assert english_page(product) is None
    assert (
        not Locale.objects.filter(language_code="en").exists()
        or not ProductPage.objects.filter(locale__language_code="en").exists()
    )


@pytest.mark.parametrize(
    "data, message",
    [
        ({**ENGLISH_TEXT, "title": "x" * 256}, "Pastikan nilai ini mengandung paling banyak 255"),
        ({**ENGLISH_TEXT, "summary": "y" * 241}, "paling banyak 240 karakter"),
        ({**ENGLISH_TEXT, "title": ""}, "Tulis nama produk dalam bahasa Inggris"),
    ],
)
def test_bad_input_re_renders_with_a_translated_error_and_keeps_the_text(
    seller_client, seller_a, data, message
):
    product = seller_a["product"]
    response = seller_client.post(url(product), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert "Belum ada yang disimpan." in body and "Ke kesalahan pertama" in body
    assert "Woven over three weeks on a backstrap loom." in body  # what was typed stays
    assert 'aria-invalid="true"' in body
    assert english_page(product) is None


def test_a_nul_byte_is_refused_with_a_translated_error(seller_client, seller_a):
    """The site refuses any request carrying a NUL (pasarlokal.core.middleware) before a view
    runs; the form refuses one too, should it ever get there."""
    product = seller_a["product"]
    response = seller_client.post(url(product), {**ENGLISH_TEXT, "summary": "Woven\x00cloth"})
    assert response.status_code == 400
    assert "Permintaan tidak valid" in response.content.decode()
    assert english_page(product) is None
    with translation.override("id"):
        form = EnglishVersionForm({**ENGLISH_TEXT, "title": "Kain\x00"})
        assert not form.is_valid()
        assert form.errors["title"] == ["Karakter null tidak diizinkan."]


def test_a_seller_never_sees_or_changes_another_sellers_english_text(
    seller_client, seller_a, seller_b
):
    Locale.objects.get_or_create(language_code="en")
    theirs = seller_b["product"]
    secret = "Bravo Secret English Name"
    translate_page(
        theirs,
        "en",
        {"title": secret, "summary": "Bravo secret summary", "description": "<p>Bravo secret</p>"},
    )
    for target in (theirs, english_page(theirs)):
        response = seller_client.get(url(target))
        assert response.status_code == 404
        assert secret not in response.content.decode()
        assert "Bravo secret" not in response.content.decode()
        response = seller_client.post(url(target), ENGLISH_TEXT)
        assert response.status_code == 404
        assert secret not in response.content.decode()
    assert english_page(theirs).title == secret
    assert english_page(theirs).current_workflow_state is None
    # Their own screens never show it either.
    for page in (url(seller_a["product"]), reverse("sellerportal_stock")):
        body = seller_client.get(page).content.decode()
        assert secret not in body and "Gerabah Bravo" not in body


def test_editors_may_open_any_sellers_english_version(client, editor, seller_b):
    client.force_login(editor)
    assert client.get(url(seller_b["product"])).status_code == 200


def test_linked_from_the_stock_screen_and_the_product_editor(seller_client, seller_a):
    product = seller_a["product"]
    stock = seller_client.get(reverse("sellerportal_stock")).content.decode()
    assert url(product) in stock
    edit = seller_client.get(reverse("wagtailadmin_pages:edit", args=[product.pk]))
    assert edit.status_code == 200
    assert url(product) in edit.content.decode()


def test_stock_screen_lists_a_translated_product_once(seller_client, seller_a):
    product = seller_a["product"]
    seller_client.post(url(product), ENGLISH_TEXT)
    body = seller_client.get(reverse("sellerportal_stock")).content.decode()
    assert body.count('name="form-0-product_id"') == 1
    assert 'name="form-1-product_id"' not in body
    assert str(english_page(product).pk) not in [
        part.split('"')[0] for part in body.split('name="form-0-product_id" value="')[1:]
    ]


def test_changes_requested_show_the_comment_and_the_seller_sends_again(
    client, seller_client, seller_a, editor
):
    product = seller_a["product"]
    seller_client.post(url(product), ENGLISH_TEXT)
    english = english_page(product)
    client.force_login(editor)
    task_state = TaskState.objects.get(workflow_state=english.current_workflow_state)
    client.post(
        reverse("wagtailadmin_pages:workflow_action", args=[english.pk, "reject", task_state.pk]),
        {"comment": "Please spell Sukarara correctly."},
    )
    client.force_login(seller_a["user"])
    body = client.get(url(product)).content.decode()
    assert "Perlu perbaikan." in body and "Please spell Sukarara correctly." in body
    response = client.post(url(product), {**ENGLISH_TEXT, "summary": "Songket from Sukarara."})
    assert response.status_code == 302
    english = english_page(product)
    state = english.current_workflow_state
    assert state.status == WorkflowState.STATUS_IN_PROGRESS and not english.live
    assert english.get_latest_revision_as_object().summary == "Songket from Sukarara."


def test_the_screen_reads_in_indonesian(seller_client, seller_a):
    body = seller_client.get(url(seller_a["product"])).content.decode()
    assert "Versi bahasa Inggris" in body and "Kirim versi bahasa Inggris untuk ditinjau" in body
    for english in ("English name", "English description", "Send English", "Plain text"):
        assert english not in body


def test_no_english_version_before_the_product_is_approved(seller_client, seller_a):
    draft = ProductPageFactory(parent=seller_a["seller"], title="Produk Baru Alfa", live=False)
    assert "produk belum tayang" in seller_client.get(url(draft)).content.decode().lower()
    response = seller_client.post(url(draft), ENGLISH_TEXT)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Belum ada yang disimpan: produk belum tayang." in body
    assert "Handwoven Songket Cloth" in body  # what was typed stays
    assert english_page(draft) is None


def test_the_english_pages_editor_leads_its_seller_to_this_screen(seller_client, seller_a):
    """The dashboard's recent edits and the review e-mails link to the English page's editor,
    which sellers are refused (wagtail-localize's pages are the editors'): their own product's
    English page sends them here instead, and nothing is saved on the way."""
    product = seller_a["product"]
    seller_client.post(url(product), ENGLISH_TEXT)
    english = english_page(product)
    edit = reverse("wagtailadmin_pages:edit", args=[english.pk])
    response = seller_client.get(edit)
    assert response.status_code == 302 and response["Location"] == url(product)
    revisions = english.revisions.count()
    response = seller_client.post(edit, {"title": "DIBAJAK"})
    assert response.status_code == 302 and response["Location"] == url(product)
    assert english.revisions.count() == revisions


def test_another_sellers_english_editor_stays_refused(seller_client, seller_b):
    Locale.objects.get_or_create(language_code="en")
    theirs = translate_page(seller_b["product"], "en", {"title": "Bravo Secret English Name"})
    response = seller_client.get(reverse("wagtailadmin_pages:edit", args=[theirs.pk]))
    assert response.status_code in (302, 403)
    assert response.get("Location") != url(seller_b["product"])
    assert "Bravo Secret" not in response.content.decode()


def test_the_dashboard_counts_a_translated_product_once(seller_client, seller_a):
    product = seller_a["product"]
    StockRecord.objects.filter(product=product).update(quantity=50)
    seller_client.post(url(product), ENGLISH_TEXT)
    body = seller_client.get(reverse("wagtailadmin_home")).content.decode()
    assert "dari 1 produk" in body
    assert "Handwoven Songket Cloth: 0" not in body  # an English page has no stock of its own


def test_sending_twice_leaves_one_english_page_in_review_once(seller_client, seller_a):
    product = seller_a["product"]
    seller_client.post(url(product), ENGLISH_TEXT)
    seller_client.post(url(product), {**ENGLISH_TEXT, "summary": "Second tap."})
    english = ProductPage.objects.filter(
        translation_key=product.translation_key, locale__language_code="en"
    )
    assert english.count() == 1
    states = WorkflowState.objects.filter(object_id=str(english.get().pk))
    assert states.filter(status=WorkflowState.STATUS_IN_PROGRESS).count() == 1
    assert english.get().get_latest_revision_as_object().summary == "Second tap."


@pytest.mark.parametrize("name", ["sellerportal_english", "sellerportal_variants"])
@pytest.mark.parametrize("product_id", [0, 2**63, 10**30])
def test_an_impossible_product_id_is_a_404_not_a_500(seller_client, name, product_id):
    address = reverse(name, args=[product_id])
    assert seller_client.get(address).status_code == 404
    assert seller_client.post(address, ENGLISH_TEXT).status_code == 404


def test_a_too_long_description_is_refused_and_kept(seller_client, seller_a):
    text = "Woven. " * 800
    response = seller_client.post(url(seller_a["product"]), {**ENGLISH_TEXT, "description": text})
    assert response.status_code == 400
    assert "paling banyak 5000 karakter" in response.content.decode()
    assert text.strip() in response.content.decode()

import pytest

from django.core import mail
from django.test import override_settings

from marketplace.contact.models import Enquiry
from tests.factories import ProductPageFactory, SellerPageFactory

pytestmark = pytest.mark.django_db

SCRIPT = "<script>alert('x')</script> Ada warna merah?"


def enquiry_data(**overrides):
    data = {
        "enquiry-name": "Baiq Nurul",
        "enquiry-email": "nurul@example.com",
        "enquiry-phone": "0819 1111 2222",
        "enquiry-quantity": "3",
        "enquiry-message": "Apakah ada warna merah?",
        "enquiry-website": "",
    }
    data.update({f"enquiry-{k}": v for k, v in overrides.items()})
    return data


def post(client, product, **overrides):
    return client.post(f"/kontak/tanya/{product.pk}/", enquiry_data(**overrides))


def test_product_page_shows_enquiry_form_and_contact_buttons(client, product):
    response = client.get(product.url)
    content = response.content.decode()
    assert f'action="/kontak/tanya/{product.pk}/#enquiry"' in content
    # No token: the page is shared by every visitor; the view checks Origin (core/origin.py).
    assert 'name="csrfmiddlewaretoken"' not in content
    assert 'name="enquiry-website"' in content and 'class="honeypot"' in content
    assert f'href="/kontak/wa/{product.pk}/"' in content
    assert "Chat lewat WhatsApp" in content


def test_enquiry_is_stored_and_both_emails_are_sent(client, product, seller):
    response = post(client, product)
    assert response.status_code == 302
    assert response["Location"] == f"/kontak/tanya/{product.pk}/terkirim/"

    enquiry = Enquiry.objects.get()
    assert (enquiry.product, enquiry.seller) == (product.page_ptr.specific, seller)
    assert enquiry.name == "Baiq Nurul"
    assert enquiry.phone == "6281911112222"
    assert enquiry.quantity == 3
    assert enquiry.status == Enquiry.Status.NEW
    assert enquiry.language == "id"

    assert len(mail.outbox) == 2
    to_seller, to_shopper = mail.outbox
    assert to_seller.to == ["tenun@example.com"]
    assert to_seller.reply_to == ["nurul@example.com"]
    assert "Songket Subahnale" in to_seller.subject
    for body in (to_seller.body, to_seller.alternatives[0][0]):
        assert "Baiq Nurul" in body
        assert "nurul@example.com" in body
        assert "+6281911112222" in body
        assert "Apakah ada warna merah?" in body
        assert "http://testserver/penjual/tenun-sukarara/songket-subahnale/" in body

    assert to_shopper.to == ["nurul@example.com"]
    assert "Tenun Sukarara" in to_shopper.subject
    assert "http://testserver/penjual/tenun-sukarara/songket-subahnale/" in to_shopper.body
    assert "Apakah ada warna merah?" in to_shopper.body

    page = client.get(response["Location"])
    content = page.content.decode()
    assert "Pertanyaan Anda tentang Songket Subahnale sudah dikirim ke Tenun Sukarara" in content
    assert 'href="/penjual/tenun-sukarara/songket-subahnale/"' in content
    assert f'href="/kontak/wa/{product.pk}/"' in content


def test_seller_without_email_gets_it_through_the_editors(client, seller_index):
    seller = SellerPageFactory(parent=seller_index, email="")
    product = ProductPageFactory(parent=seller)
    with override_settings(EDITOR_NOTICE_EMAILS=["redaksi@example.com"]):
        post(client, product, email="", phone="0819 1111 2222")
    assert Enquiry.objects.count() == 1
    assert len(mail.outbox) == 1  # no acknowledgement without a shopper e-mail
    assert mail.outbox[0].to == ["redaksi@example.com"]
    assert "belum punya alamat e-mail" in mail.outbox[0].body
    assert mail.outbox[0].reply_to == []


def test_english_enquiry_acknowledged_in_english(client, product):
    response = client.post(f"/en/kontak/tanya/{product.pk}/", enquiry_data())
    assert response["Location"] == f"/en/kontak/tanya/{product.pk}/terkirim/"
    assert "has been sent to Tenun Sukarara" in client.get(response["Location"]).content.decode()
    assert Enquiry.objects.get().language == "en"
    seller_mail, ack = mail.outbox
    assert seller_mail.subject.startswith("Pertanyaan baru")  # sellers read Indonesian
    assert ack.subject == "We have passed your enquiry to Tenun Sukarara"


def test_message_is_escaped_in_html_email_and_on_the_page(client, product):
    post(client, product, message=SCRIPT)
    html = mail.outbox[0].alternatives[0][0]
    assert "<script>" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "<script>" not in mail.outbox[1].alternatives[0][0]
    # The plain-text part is text/plain: shown as typed, never interpreted as markup.
    assert mail.outbox[0].content_subtype == "plain"

    # An error re-render shows the typed message escaped too.
    response = post(client, product, message=SCRIPT, email="", phone="")
    content = response.content.decode()
    assert "alert(&#x27;x&#x27;)" in content
    assert "<script>alert" not in content


def test_errors_rerender_the_product_page_keeping_what_was_typed(client, product):
    response = post(client, product, email="", phone="", message="Masih ada stok?")
    assert response.status_code == 200
    content = response.content.decode()
    assert ">Songket Subahnale</h1>" in content
    assert "Isi alamat e-mail atau nomor telepon" in content
    assert 'value="Baiq Nurul"' in content
    assert "Masih ada stok?</textarea>" in content
    assert not Enquiry.objects.exists()
    assert not mail.outbox


def test_the_empty_form_kept_per_language_never_hides_what_was_typed(client, product):
    """The empty form's fields are rendered once per language and process (enquiry_fields)."""
    from django.utils import translation

    indonesian = client.get(product.url).content.decode()
    assert "Nama Anda" in indonesian
    with translation.override("en"):
        english = client.get("/en" + product.url).content.decode()
    assert "Your name" in english and "Nama Anda" not in english
    content = post(client, product, email="", phone="", message="Masih ada stok?").content
    assert 'value="Baiq Nurul"' in content.decode()
    again = client.get(product.url).content.decode()
    assert "Baiq Nurul" not in again and "Masih ada stok?" not in again and "Nama Anda" in again


@pytest.mark.parametrize(
    "overrides, field",
    [
        ({"name": ""}, "name"),
        ({"name": "x" * 121}, "name"),
        ({"message": "y" * 2001}, "message"),
        ({"message": "   "}, "message"),
        ({"email": "not-an-email"}, "email"),
        ({"phone": "12345"}, "phone"),
        ({"quantity": "0"}, "quantity"),
        ({"quantity": "abc"}, "quantity"),
    ],
)
def test_invalid_input_is_refused_with_a_message(client, product, overrides, field):
    response = post(client, product, **overrides)
    assert response.status_code == 200
    assert response.context["enquiry_form"].has_error(field)
    assert f'id="id_enquiry-{field}_error"' in response.content.decode()
    assert not Enquiry.objects.exists()


def test_honeypot_stores_nothing_but_shows_success(client, product):
    response = post(client, product, website="http://spam.example")
    assert response.status_code == 302
    assert not Enquiry.objects.exists()
    assert not mail.outbox
    page = client.get(response["Location"])
    assert "sudah dikirim ke Tenun Sukarara" in page.content.decode()


@override_settings(PUBLIC_FORM_RATE_LIMIT=5)
def test_sixth_enquiry_in_an_hour_is_refused(client, product):
    for _ in range(5):
        assert post(client, product).status_code == 302
    response = post(client, product, message="Keenam")
    assert response.status_code == 429
    content = response.content.decode()
    assert "sudah mengirim beberapa pertanyaan dalam satu jam terakhir" in content
    assert "Keenam</textarea>" in content
    assert Enquiry.objects.count() == 5
    # Another address is not affected.
    assert (
        client.post(
            f"/kontak/tanya/{product.pk}/", enquiry_data(), REMOTE_ADDR="10.0.0.9"
        ).status_code
        == 302
    )


def test_enquiry_needs_csrf_token(product):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    response = post(client, product)
    assert response.status_code == 403
    assert not Enquiry.objects.exists()


def test_enquiry_for_draft_product_404s_and_get_is_refused(client, product):
    assert client.get(f"/kontak/tanya/{product.pk}/").status_code == 405
    product.unpublish()
    assert post(client, product).status_code == 404

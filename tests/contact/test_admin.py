import datetime

import pytest

from django.contrib.auth.models import Group
from django.utils import timezone

from marketplace.contact.models import ContactClick, Enquiry
from marketplace.sellerportal.setup import CURATORS_GROUP, add_seller_member
from marketplace.sellers import SellerMember
from tests.contact.factories import ContactClickFactory, EnquiryFactory
from tests.factories import ProductPageFactory, SellerPageFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "editor@example.com", "pw")


@pytest.fixture
def other_seller(seller_index):
    return SellerPageFactory(parent=seller_index, title="Gerabah Banyumulek")


@pytest.fixture
def seller_user(django_user_model, seller):
    user = django_user_model.objects.create_user("inaq", "inaq@example.com", "pw")
    add_seller_member(seller, user)  # the seeded Sellers group, as approval gives it
    return user


def test_listing_shows_message_escaped(client, editor, product, seller):
    EnquiryFactory(seller=seller, product=product, message="<script>alert('x')</script> merah?")
    client.force_login(editor)
    response = client.get("/admin/enquiries/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt; merah?" in content
    assert "<script>alert(" not in content


def test_inspect_view_shows_message_escaped(client, editor, product, seller):
    enquiry = EnquiryFactory(
        seller=seller, product=product, message="<b>tebal</b> <script>x()</script>"
    )
    client.force_login(editor)
    response = client.get(f"/admin/enquiries/inspect/{enquiry.pk}/")
    assert response.status_code == 200
    content = response.content.decode()
    assert "&lt;script&gt;x()&lt;/script&gt;" in content
    assert "<script>x()" not in content
    assert "Songket Subahnale" in content


def test_filters_by_status_seller_and_date(client, editor, seller, other_seller, product):
    old = EnquiryFactory(
        seller=seller, product=product, name="Lama", status=Enquiry.Status.ANSWERED
    )
    Enquiry.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=40)
    )
    EnquiryFactory(seller=seller, product=product, name="Baru Satu")
    EnquiryFactory(seller=other_seller, name="Toko Lain")
    client.force_login(editor)

    def names(query):
        response = client.get("/admin/enquiries/" + query)
        assert response.status_code == 200
        return {e.name for e in response.context["object_list"]}

    assert names("") == {"Lama", "Baru Satu", "Toko Lain"}
    assert names("?status=answered") == {"Lama"}
    assert names(f"?seller={other_seller.pk}") == {"Toko Lain"}
    since = (timezone.localdate() - datetime.timedelta(days=7)).isoformat()
    assert names(f"?created_at_from={since}") == {"Baru Satu", "Toko Lain"}
    assert names("?q=lain") == {"Toko Lain"}


def test_seller_sees_only_their_own_enquiries(client, seller_user, seller, other_seller, product):
    mine = EnquiryFactory(seller=seller, product=product, name="Untuk Saya")
    theirs = EnquiryFactory(seller=other_seller, name="Bukan Untuk Saya")
    client.force_login(seller_user)
    response = client.get("/admin/enquiries/")
    assert response.status_code == 200
    assert [e.name for e in response.context["object_list"]] == ["Untuk Saya"]
    assert client.get(f"/admin/enquiries/inspect/{mine.pk}/").status_code == 200
    assert client.get(f"/admin/enquiries/inspect/{theirs.pk}/").status_code == 404
    assert client.get(f"/admin/enquiries/edit/{theirs.pk}/").status_code == 404
    assert client.post(f"/admin/enquiries/answered/{theirs.pk}/").status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == Enquiry.Status.NEW


def test_seller_can_mark_their_enquiry_answered(client, seller_user, seller, product):
    enquiry = EnquiryFactory(seller=seller, product=product)
    client.force_login(seller_user)
    response = client.post(f"/admin/enquiries/answered/{enquiry.pk}/")
    assert response.status_code == 302
    assert response["Location"] == f"/admin/enquiries/inspect/{enquiry.pk}/"
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED
    assert enquiry.answered_at is not None


def test_mark_answered_is_a_post_for_the_seller(client, seller_user, seller, product):
    enquiry = EnquiryFactory(seller=seller, product=product)
    client.force_login(seller_user)
    assert client.get("/admin/enquiries/").status_code == 200
    assert client.get(f"/admin/enquiries/answered/{enquiry.pk}/").status_code == 405
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_mark_answered_needs_change_permission(client, django_user_model, seller, product):
    """A curator of the seller (seeded Curators group: admin access, no enquiry permissions)."""
    enquiry = EnquiryFactory(seller=seller, product=product)
    curator = django_user_model.objects.create_user("kurator", "k@example.com", "pw")
    curator.groups.add(Group.objects.get(name=CURATORS_GROUP))
    SellerMember.objects.create(seller=seller, user=curator)
    client.force_login(curator)
    # Wagtail answers a refused admin request with a redirect to the dashboard.
    assert client.post(f"/admin/enquiries/answered/{enquiry.pk}/").status_code in (302, 403)
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW


def test_nobody_creates_enquiries_in_the_admin(client, editor):
    client.force_login(editor)
    assert client.get("/admin/enquiries/new/").status_code in (302, 403)
    assert 'href="/admin/enquiries/new/"' not in client.get("/admin/enquiries/").content.decode()


def test_listing_query_count_is_constant(client, editor, seller, product):
    client.force_login(editor)
    EnquiryFactory.create_batch(3, seller=seller, product=product)
    client.get("/admin/enquiries/")  # warm caches (site, permissions)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as small:
        client.get("/admin/enquiries/")
    EnquiryFactory.create_batch(27, seller=seller, product=product)
    with CaptureQueriesContext(connection) as large:
        client.get("/admin/enquiries/")
    assert len(large) == len(small), (len(small), len(large))


# --- Click report ------------------------------------------------------------------------


def make_clicks(seller, product, **counts):
    for channel, n in counts.items():
        ContactClickFactory.create_batch(n, seller=seller, product=product, channel=channel)


def report_rows(response):
    return {
        (row["seller__title"], row["product__title"]): row
        for row in response.context["object_list"]
    }


def test_click_report_counts_per_product_and_channel(client, editor, seller, other_seller, product):
    other_product = ProductPageFactory(parent=other_seller, title="Kendi Banyumulek")
    make_clicks(seller, product, whatsapp=4, phone=2, email=1, whatsapp_cart=3)
    make_clicks(other_seller, other_product, whatsapp=1)
    make_clicks(seller, None, whatsapp=2)
    client.force_login(editor)
    response = client.get("/admin/reports/contact-clicks/")
    assert response.status_code == 200
    rows = report_rows(response)
    row = rows[("Tenun Sukarara", "Songket Subahnale")]
    assert (row["whatsapp"], row["phone"], row["email"], row["whatsapp_cart"], row["total"]) == (
        4,
        2,
        1,
        3,
        10,
    )
    assert rows[("Gerabah Banyumulek", "Kendi Banyumulek")]["total"] == 1
    assert rows[("Tenun Sukarara", None)]["whatsapp"] == 2
    content = response.content.decode()
    assert "(halaman toko)" in content or "(storefront)" in content
    # Biggest first.
    assert response.context["object_list"][0]["total"] == 10


def test_click_report_filters_by_date(client, editor, seller, product):
    make_clicks(seller, product, whatsapp=3)
    ContactClick.objects.filter(pk=ContactClick.objects.first().pk).update(
        created_at=timezone.now() - datetime.timedelta(days=60)
    )
    client.force_login(editor)
    since = (timezone.localdate() - datetime.timedelta(days=30)).isoformat()
    response = client.get(f"/admin/reports/contact-clicks/?created_at_from={since}")
    assert report_rows(response)[("Tenun Sukarara", "Songket Subahnale")]["total"] == 2


def test_click_report_is_scoped_to_the_sellers_own(
    client, seller_user, seller, other_seller, product
):
    make_clicks(seller, product, whatsapp=2)
    make_clicks(other_seller, None, whatsapp=5)
    client.force_login(seller_user)
    response = client.get("/admin/reports/contact-clicks/")
    assert response.status_code == 200
    assert set(report_rows(response)) == {("Tenun Sukarara", "Songket Subahnale")}
    assert "Contact clicks" in client.get("/admin/").content.decode() or "Klik kontak" in (
        client.get("/admin/").content.decode()
    )


def test_click_report_refused_without_permission(client, django_user_model):
    user = django_user_model.objects.create_user("plain", "p@example.com", "pw")
    user.groups.add(Group.objects.get(name=CURATORS_GROUP))  # admin access, no click report
    client.force_login(user)
    assert client.get("/admin/reports/contact-clicks/").status_code in (302, 403)


def test_click_report_query_count_is_constant(client, editor, seller_index):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(editor)

    def add_products(n):
        for _ in range(n):
            s = SellerPageFactory(parent=seller_index)
            p = ProductPageFactory(parent=s)
            make_clicks(s, p, whatsapp=2, phone=1)

    add_products(3)
    client.get("/admin/reports/contact-clicks/")
    with CaptureQueriesContext(connection) as small:
        client.get("/admin/reports/contact-clicks/")
    add_products(27)
    with CaptureQueriesContext(connection) as large:
        response = client.get("/admin/reports/contact-clicks/")
    assert len(response.context["object_list"]) == 30
    assert len(large) == len(small), (len(small), len(large))


def test_click_report_exports_csv(client, editor, seller, product):
    make_clicks(seller, product, whatsapp=2)
    client.force_login(editor)
    response = client.get("/admin/reports/contact-clicks/?export=csv")
    assert response.status_code == 200
    body = (
        b"".join(response.streaming_content).decode()
        if response.streaming
        else response.content.decode()
    )
    assert "Songket Subahnale" in body


def test_edit_form_changes_status_and_keeps_answered_time_in_step(client, editor, seller, product):
    enquiry = EnquiryFactory(seller=seller, product=product)
    client.force_login(editor)
    response = client.post(f"/admin/enquiries/edit/{enquiry.pk}/", {"status": "answered"})
    assert response.status_code == 302
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.ANSWERED and enquiry.answered_at is not None
    client.post(f"/admin/enquiries/edit/{enquiry.pk}/", {"status": "new"})
    enquiry.refresh_from_db()
    assert enquiry.status == Enquiry.Status.NEW and enquiry.answered_at is None
    assert enquiry.message == "Apakah ada warna merah?"  # only the status is editable


def test_csv_export_neutralises_formulas(client, editor, seller, product):
    EnquiryFactory(
        seller=seller, product=product, name="=HYPERLINK(1)", message="+SUM(A1)", phone=""
    )
    client.force_login(editor)
    response = client.get("/admin/enquiries/?export=csv")
    assert response.status_code == 200
    body = b"".join(response.streaming_content).decode()
    assert "'=HYPERLINK(1)" in body
    assert "'+SUM(A1)" in body
    assert ",'," not in body  # empty cells stay empty

import datetime

import pytest

from django.core.exceptions import ValidationError
from django.utils import timezone

from marketplace.certificates import CertificateForm
from marketplace.products import Certificate
from marketplace.sellerportal.setup import add_seller_member
from marketplace.taxonomy import CertificationType

pytestmark = pytest.mark.django_db

NEXT_YEAR = timezone.localdate() + datetime.timedelta(days=365)

# (slug, pattern, valid numbers, invalid numbers) — the demo's certification types.
PATTERNS = [
    (
        "halal",
        r"ID\d{10,20}",
        ["ID52110000123450923", "ID3111000012345"],
        ["52110000123450923", "ID-5211", "id52110000123450923x"],
    ),
    (
        "pirt",
        r"\d{13}-?\d{2}",
        ["1234567890123-45", "123456789012345"],
        ["1234567890123-4", "12345678901234-56", "P-IRT 1234567890123-45"],
    ),
    (
        "bpom",
        r"(BPOM RI )?(MD|ML) ?\d{12,15}",
        ["MD 224513001234", "ML224513001234", "BPOM RI MD 224513001234"],
        ["MD 2245", "NA18201234567", "224513001234"],
    ),
    ("food-safe", r"LHU-\d{4}-\d{3,6}", ["LHU-2025-00123"], ["LHU-25-00123", "LHU 2025 00123"]),
]


@pytest.mark.parametrize("slug,pattern,valid,invalid", PATTERNS)
def test_certificate_number_is_checked_against_its_type(shop, slug, pattern, valid, invalid):
    cert_type = CertificationType.objects.create(
        name=slug, short_label=slug, slug=f"t-{slug}", number_pattern=pattern
    )
    product = shop.add_product(title=f"Produk {slug}")
    for number in valid:
        Certificate(
            product=product, certification_type=cert_type, number=number, valid_until=NEXT_YEAR
        ).full_clean()
    for number in invalid:
        with pytest.raises(ValidationError) as excinfo:
            Certificate(
                product=product, certification_type=cert_type, number=number, valid_until=NEXT_YEAR
            ).full_clean()
        assert "number" in excinfo.value.message_dict


def test_a_broken_pattern_is_refused(shop):
    with pytest.raises(ValidationError):
        CertificationType(name="x", short_label="x", slug="x", number_pattern="ID(\\d").full_clean()


def test_current_excludes_expired(shop):
    product = shop.add_product(title="Dodol Rumput Laut")
    shop.add_certificate(product, days=-1)
    kept = shop.add_certificate(product, days=0)
    assert list(Certificate.objects.current()) == [kept]


# --- The admin ---------------------------------------------------------------------------


@pytest.fixture
def seller_user(shop, django_user_model):
    user = django_user_model.objects.create_user("inaq", password="pw-123-long-enough")
    add_seller_member(shop.coffee_seller, user)  # the seeded Sellers group, nothing by hand
    return user


@pytest.fixture
def editor(django_user_model):
    return django_user_model.objects.create_superuser("editor", "e@example.com", "pw-123-long")


@pytest.fixture
def certs(shop):
    mine = shop.add_certificate(shop.add_product(title="Kopi Saya"), number="ID52110000000000001")
    theirs = shop.add_certificate(
        shop.add_product(seller=shop.weaver, category=shop.weaving, title="Songket Mereka"),
        number="ID52110000000000002",
    )
    return mine, theirs


def test_seller_sees_only_their_own_certificates(client, seller_user, certs):
    mine, theirs = certs
    client.force_login(seller_user)
    response = client.get("/admin/certificates/")
    assert response.status_code == 200
    content = response.content.decode()
    assert mine.number in content
    assert theirs.number not in content
    assert client.get(f"/admin/certificates/edit/{theirs.pk}/").status_code == 404
    assert client.get(f"/admin/certificates/delete/{theirs.pk}/").status_code == 404
    assert client.get(f"/admin/certificates/edit/{mine.pk}/").status_code == 200


def _post(client, url, cert, **changes):
    data = {
        "product": cert.product_id,
        "certification_type": cert.certification_type_id,
        "number": cert.number,
        "valid_until": cert.valid_until.isoformat(),
        "document": "",
    }
    data.update(changes)
    return client.post(url, data)


def test_seller_cannot_verify_and_changing_the_number_resets_verification(
    client, seller_user, editor, certs
):
    mine, _theirs = certs
    mine.mark_verified(editor)
    client.force_login(seller_user)
    form = client.get(f"/admin/certificates/edit/{mine.pk}/").context["form"]
    assert "verified" not in form.fields
    # Posting verified=on is ignored; a new number drops the verification.
    response = _post(
        client,
        f"/admin/certificates/edit/{mine.pk}/",
        mine,
        number="ID52110000000000009",
        verified="on",
    )
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.number == "ID52110000000000009"
    assert (mine.verified, mine.verified_by, mine.verified_at) == (False, None, None)


def test_seller_cannot_attach_a_certificate_to_someone_elses_product(client, seller_user, certs):
    _mine, theirs = certs
    client.force_login(seller_user)
    response = _post(client, "/admin/certificates/new/", theirs, number="ID52110000000000003")
    assert response.status_code == 200  # the form comes back with an error
    assert "product" in response.context["form"].errors
    assert not Certificate.objects.filter(number="ID52110000000000003").exists()


def test_invalid_number_is_a_form_error(client, seller_user, certs):
    mine, _theirs = certs
    client.force_login(seller_user)
    response = _post(client, f"/admin/certificates/edit/{mine.pk}/", mine, number="12345")
    assert response.status_code == 200
    assert "number" in response.context["form"].errors


def test_editor_verifies_and_is_recorded(client, editor, certs):
    mine, theirs = certs
    client.force_login(editor)
    assert theirs.number in client.get("/admin/certificates/").content.decode()
    response = _post(client, f"/admin/certificates/edit/{mine.pk}/", mine, verified="on")
    assert response.status_code == 302
    mine.refresh_from_db()
    assert mine.verified and mine.verified_by == editor and mine.verified_at is not None
    response = _post(client, f"/admin/certificates/edit/{mine.pk}/", mine)  # unticked
    mine.refresh_from_db()
    assert (mine.verified, mine.verified_by) == (False, None)


def test_form_without_a_user_cannot_verify(certs):
    mine, _theirs = certs
    form = CertificateForm(instance=mine)
    assert "verified" not in form.fields

"""“Uji kelayakan produk”: the seller asks, staff record the result; a passed food-contact test
adds the verified food-safe certificate to the product, a failed one records its values."""

import pytest

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from marketplace.products import Certificate
from marketplace.programme import models as programme
from marketplace.programme.models import ProductTest

from .conftest import PDF

pytestmark = pytest.mark.django_db


def request_test(client, shop):
    client.force_login(shop["user"])
    return client.post(
        reverse("product_tests:add"),
        {
            "product": shop["product"].pk,
            "standard": "food_contact",
            "sample_handover_date": "2030-03-02",
            "sample_handover_place": "Lab Dinas Perindustrian, Mataram",
            "note": "Piring gerabah untuk makan.",
        },
    )


def record(client, test, **data):
    return client.post(reverse("product_tests:inspect", args=[test.pk]), data)


def test_passed_tableware_test_adds_food_safe_certificate(client, shop, facilitator):
    assert request_test(client, shop).status_code == 302
    test = ProductTest.objects.get()
    assert test.seller == shop["seller"] and test.status == programme.TestStatus.REQUESTED
    client.force_login(facilitator)
    response = record(
        client,
        test,
        status="passed",
        lab="Balai Besar Keramik Bandung",
        tested_on="2030-03-20",
        result_values="Pb 0,12 mg/L (batas 0,5); Cd 0,01 mg/L (batas 0,05)",
        report_file=SimpleUploadedFile("laporan.pdf", PDF),
    )
    assert response.status_code == 302
    test.refresh_from_db()
    assert test.result_recorded_by == facilitator
    certificate = Certificate.objects.get(product=shop["product"])
    assert certificate.verified and certificate.certification_type.slug == "food-safe"
    assert test.certificate == certificate
    client.force_login(shop["user"])
    body = client.get(reverse("product_tests:inspect", args=[test.pk])).content.decode()
    assert "Lulus" in body and "Pb 0,12 mg/L" in body
    report = client.get(reverse("product_tests:report", args=[test.pk]))
    assert report.status_code == 200
    page = client.get(shop["product"].url).content.decode()
    assert "Aman Pangan" in page


def test_failed_test_needs_values_and_adds_nothing(client, shop, facilitator):
    request_test(client, shop)
    test = ProductTest.objects.get()
    client.force_login(facilitator)
    assert record(client, test, status="failed").status_code == 400
    response = record(client, test, status="failed", result_values="Pb 2,1 mg/L (batas 0,5)")
    assert response.status_code == 302
    assert not Certificate.objects.exists()


def test_seller_cannot_record_a_result(client, shop):
    request_test(client, shop)
    test = ProductTest.objects.get()
    record(client, test, status="passed")
    test.refresh_from_db()
    assert test.status == programme.TestStatus.REQUESTED and not Certificate.objects.exists()


def test_report_upload_is_content_checked(client, shop, facilitator):
    request_test(client, shop)
    test = ProductTest.objects.get()
    client.force_login(facilitator)
    response = record(
        client, test, status="testing", report_file=SimpleUploadedFile("x.pdf", b"<html>")
    )
    assert response.status_code == 400
    assert "bukan berkas PDF, JPEG atau PNG" in response.content.decode()

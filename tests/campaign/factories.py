"""Factories for the campaign's models."""

import datetime

import factory
import wagtail_factories

from django.utils import timezone

from campaign.models import (
    Author,
    CampaignIndexPage,
    CentreIndexPage,
    CentrePage,
    CentrePhoto,
    EventIndexPage,
    EventPage,
    Pledge,
    StoryPage,
)
from tests.factories import RegionFactory


class AuthorFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Penulis {n}")
    role = "Redaksi"

    class Meta:
        model = Author


class CampaignIndexPageFactory(wagtail_factories.PageFactory):
    title = "Kampanye"
    slug = "kampanye"
    show_in_menus = True

    class Meta:
        model = CampaignIndexPage


class StoryPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Cerita produk lokal {n}")
    intro = "Cerita tentang perajin lokal."
    date = factory.Sequence(lambda n: timezone.localdate() - datetime.timedelta(days=n))
    author = factory.SubFactory(AuthorFactory)
    hero_image = factory.SubFactory(wagtail_factories.ImageFactory)

    class Meta:
        model = StoryPage


class EventIndexPageFactory(wagtail_factories.PageFactory):
    title = "Agenda"
    slug = "agenda"
    show_in_menus = True

    class Meta:
        model = EventIndexPage


class EventPageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Pameran produk lokal {n}")
    start = factory.LazyFunction(lambda: timezone.now() + datetime.timedelta(days=7))
    end = factory.LazyAttribute(lambda o: o.start + datetime.timedelta(hours=4))
    venue = "Islamic Center NTB"
    address = "Jl. Udayana, Mataram"
    region = factory.SubFactory(RegionFactory)
    organiser = "Dinas Perindustrian NTB"
    intro = "Pameran produk IKM."
    hero_image = factory.SubFactory(wagtail_factories.ImageFactory)

    class Meta:
        model = EventPage


class CentreIndexPageFactory(wagtail_factories.PageFactory):
    title = "Sentra IKM"
    slug = "sentra-ikm"
    show_in_menus = True

    class Meta:
        model = CentreIndexPage


class CentrePageFactory(wagtail_factories.PageFactory):
    title = factory.Sequence(lambda n: f"Sentra Gerabah {n}")
    region = factory.SubFactory(RegionFactory)
    village = "Banyumulek"
    district = "Kediri"
    summary = "Gerabah tanah liat."
    latitude = "-8.627400"
    longitude = "116.113900"

    class Meta:
        model = CentrePage


class CentrePhotoFactory(factory.django.DjangoModelFactory):
    centre = factory.SubFactory(CentrePageFactory)
    image = factory.SubFactory(wagtail_factories.ImageFactory)
    alt_text = "Perajin di depan tungku"

    class Meta:
        model = CentrePhoto


class PledgeFactory(factory.django.DjangoModelFactory):
    name = factory.Sequence(lambda n: f"Warga {n}")
    region = factory.SubFactory(RegionFactory)
    email = factory.Sequence(lambda n: f"warga{n}@contoh.id")

    class Meta:
        model = Pledge

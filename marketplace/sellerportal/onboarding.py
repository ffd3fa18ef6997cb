"""Seller onboarding: receive an application, approve it (account, storefront, permissions) or
reject it with a reason. Each step e-mails the people who need to know."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import default_token_generator
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.encoding import force_bytes
from django.utils.html import escape, linebreaks
from django.utils.http import urlsafe_base64_encode
from django.utils.text import slugify

from wagtail.users.models import UserProfile

from marketplace.sellers import SellerIndexPage, SellerPage
from pasarlokal.core.mail import queue_email

from .models import ApplicationDocument, SellerApplication
from .setup import add_seller_member, assign_workflow


class OnboardingError(Exception):
    pass


def _send(template, subject, recipients, context, language):
    with translation.override(language or settings.LANGUAGE_CODE):
        body = render_to_string(f"marketplace/sellerportal/email/{template}.txt", context)
        queue_email(subject, body, recipients)


def admin_url(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def receive_application(form, request=None):
    """Store a valid application form with its documents and send the two notices."""
    from django.utils.translation import gettext_lazy as _

    with transaction.atomic():
        application = form.save(commit=False)
        application.language = translation.get_language() or settings.LANGUAGE_CODE
        application.save()
        for uploaded, content_type in form.cleaned_data.get("documents") or []:
            ApplicationDocument.objects.create(
                application=application,
                file=uploaded,
                original_name=uploaded.name[:255],
                content_type=content_type,
                size=uploaded.size,
            )
    context = {
        "application": application,
        "admin_link": admin_url(reverse("seller_applications:inspect", args=[application.pk])),
    }
    _send(
        "acknowledgement",
        _("We received your application to sell on Pasar Lokal"),
        [application.email],
        context,
        application.language,
    )
    if settings.EDITOR_NOTICE_EMAILS:
        _send(
            "editor_notice",
            _("New seller application: %(name)s") % {"name": application.business_name},
            list(settings.EDITOR_NOTICE_EMAILS),
            context,
            settings.LANGUAGE_CODE,
        )
    return application


def set_password_link(user):
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    return admin_url(reverse("wagtailadmin_password_reset_confirm", args=[uid, token]))


def _unique_slug(parent, title):
    base = slugify(title)[:60] or "penjual"
    slug, n = base, 2
    while parent.get_children().filter(slug=slug).exists():
        slug, n = f"{base}-{n}", n + 1
    return slug


def approve_application(application, editor):
    """Create the seller's account, draft storefront, group and collection. Idempotent.

    Returns the SellerPage. A second call (or a call on a decided application) changes nothing.
    """
    from django.utils.translation import gettext_lazy as _

    with transaction.atomic():
        application = SellerApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != SellerApplication.Status.PENDING:
            if application.status == SellerApplication.Status.APPROVED:
                return application.seller
            raise OnboardingError(_("This application was already rejected."))
        index = SellerIndexPage.objects.first()
        if index is None:
            raise OnboardingError(_("There is no seller directory page to add the storefront to."))
        assign_workflow(index)

        User = get_user_model()
        email = application.email.strip().lower()
        user = User.objects.filter(username__iexact=email).first()
        created_user = user is None
        if created_user:
            user = User(username=email, email=email, first_name=application.owner_name[:150])
            user.set_unusable_password()
            user.save()
        profile = UserProfile.get_for_user(user)
        profile.preferred_language = "id"
        profile.save(update_fields=["preferred_language"])

        seller = SellerPage(
            title=application.business_name,
            slug=_unique_slug(index, application.business_name),
            owner_name=application.owner_name,
            story=linebreaks(escape(application.description)),
            region=application.region,
            sector=application.sector,
            whatsapp=application.whatsapp,
            email=email,
            nib=application.nib,
            live=False,
            owner=user,
        )
        index.add_child(instance=seller)
        seller.save_revision(user=editor, log_action=True)
        add_seller_member(seller, user)

        application.status = SellerApplication.Status.APPROVED
        application.decided_at = timezone.now()
        application.decided_by = editor
        application.seller = seller
        application.user = user
        application.save(update_fields=["status", "decided_at", "decided_by", "seller", "user"])

    context = {
        "application": application,
        "seller": seller,
        "user": user,
        "set_password_link": set_password_link(user),
        "login_link": admin_url(reverse("wagtailadmin_login")),
        "new_account": created_user or not user.has_usable_password(),
    }
    _send(
        "approved",
        _("Welcome to Pasar Lokal: your seller account is ready"),
        [email],
        context,
        application.language,
    )
    return seller


def reject_application(application, editor, reason):
    from django.utils.translation import gettext_lazy as _

    reason = (reason or "").strip()
    if not reason:
        raise OnboardingError(_("Please give the applicant a reason."))
    with transaction.atomic():
        application = SellerApplication.objects.select_for_update().get(pk=application.pk)
        if application.status != SellerApplication.Status.PENDING:
            raise OnboardingError(_("This application has already been decided."))
        application.status = SellerApplication.Status.REJECTED
        application.rejection_reason = reason
        application.decided_at = timezone.now()
        application.decided_by = editor
        application.save(update_fields=["status", "rejection_reason", "decided_at", "decided_by"])
    _send(
        "rejected",
        _("Your application to sell on Pasar Lokal"),
        [application.email],
        {"application": application, "apply_link": admin_url(reverse("sellerportal:apply"))},
        application.language,
    )
    return application

"""Site search across products, sellers and stories (Wagtail's search backend)."""

from django.core.paginator import EmptyPage, PageNotAnInteger, Paginator
from django.shortcuts import render

from wagtail.models import Page

MAX_QUERY_LENGTH = 200


def clean_query(raw):
    return " ".join((raw or "").split())[:MAX_QUERY_LENGTH]


def search_view(request):
    query = clean_query(request.GET.get("q"))
    results = None
    if query:
        pages = Page.objects.live().public().search(query)
        paginator = Paginator(pages, 20)
        try:
            results = paginator.page(request.GET.get("page", 1))
        except (PageNotAnInteger, EmptyPage):
            results = paginator.page(1)
    return render(request, "home/search.html", {"query": query, "results": results})

"""One page of a listing from `?page=`, the same way on every listing."""

from django.core.paginator import Paginator
from django.http import Http404

from pasarlokal.core import pagecache

# Beyond this a page number is nonsense, not a page that might exist.
MAX_PAGE_DIGITS = 6


def parse_page_number(raw):
    """page=abc, 0 or -3 mean the first page; absurdly long numbers are past the end."""
    raw = (raw or "").strip()
    if not raw.isascii() or not raw.isdigit():
        return 1
    if len(raw) > MAX_PAGE_DIGITS:
        raise Http404("No such page")
    return max(int(raw), 1)


class ByKey:
    """A page's rows by their keys (paginate's `by_key`): true and sized by the keys alone, the
    rows fetched (in the queryset's order) only when iterated. `queryset` is the page's rows
    unevaluated, for code that can answer with less than whole rows (the card cache)."""

    def __init__(self, queryset, keys):
        self.keys = keys
        self.queryset = queryset.filter(pk__in=keys)  # the same order_by sorts the page

    def __bool__(self):
        return bool(self.keys)

    def __len__(self):
        return len(self.keys)

    def __iter__(self):
        return iter(self.queryset)

    def __getitem__(self, index):
        return list(self.queryset)[index]


def paginate(request, queryset, per_page, *, count=None, by_key=False, kept_as=None):
    """One page of `queryset`; 404 past the end. `count` saves the COUNT query when known.

    `by_key`: find the page's primary keys first (one narrow query), then fetch only those rows
    whole (one more query). A card listing joins half a dozen tables; sorted whole, every row of
    the catalogue is joined and carried through the sort (49 ms of a 10,000-product /katalog/
    on PostgreSQL). As one query with an `IN (subquery)` PostgreSQL still joined every row
    before filtering; a literal list of keys gets index lookups.

    `kept_as` (with `by_key`): a name for everything `queryset` depends on besides the data
    (filters, sort, seller). While an anonymous page is served, the count and the page's keys
    are then kept per page-cache version (pagecache.per_version_bounded), so the sorts and
    pages seen since the last change cost no listing query.

    The page carries `elided_range` for components/pagination.html.
    """
    paginator = Paginator(queryset, per_page)
    if count is not None:
        paginator.count = count  # cached_property: set it, and Django won't ask the database
    raw = request.GET.get("page", "")
    number = parse_page_number(raw[:20] if isinstance(raw, str) else "")

    def count_and_keys():
        if number > paginator.num_pages:
            return None
        if not by_key:
            return paginator.count, None
        return paginator.count, list(
            paginator.page(number).object_list.values_list("pk", flat=True)
        )

    if by_key and kept_as is not None:
        name = f"page-keys:{kept_as!r}:{per_page}:{number}"
        kept = pagecache.per_version_bounded(name, count_and_keys)
    else:
        kept = count_and_keys()
    if kept is None:
        raise Http404("No such page")
    paginator.count, keys = kept
    page = paginator.page(number)
    if by_key:
        page.object_list = ByKey(queryset, keys)
    page.elided_range = list(paginator.get_elided_page_range(number, on_each_side=1, on_ends=1))
    return page

from impact.models import ImpactPage


def test_public_impact_page_is_linked_from_every_pages_footer(client, home_page):
    assert "/dampak/" not in client.get("/").content.decode()
    page = ImpactPage(title="Dampak Kampanye", slug="dampak", show_in_menus=False)
    home_page.add_child(instance=page)
    page.save_revision().publish()
    for url in ("/", "/en/"):
        footer = client.get(url).content.decode().split('class="site-footer"', 1)[1]
        assert 'href="/dampak/"' in footer or 'href="/en/dampak/"' in footer
    page.unpublish()
    assert 'href="/dampak/"' not in client.get("/").content.decode()

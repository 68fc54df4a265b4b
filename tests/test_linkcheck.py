"""hooks.linkcheck: every internal href/src and #fragment in the written site must resolve."""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from hooks.linkcheck import _CUT, BrokenLink, _common, _shared_runs, check_site
from tests.fixtures import write

PAGES = {
    "index.html": '<h1 id="top">ホーム</h1>\n<p id="intro">本文</p>\n',
    "glossary/index.html": '<h3 id="reasoning-model">推論モデル</h3>\n<a name="old-anchor"></a>\n<p id="%E6%8E%A8">x</p>\n',
    "article/lead/index.html": "<h1 id='lead'>リード</h1>\n",
    "assets/site.css": "body {}\n",
    "assets/logo.png": "png",
    "404.html": "<h1>見つからない</h1>\n",
}


def make_site(root: Path, page: str, body: str) -> Path:
    """Write the tiny site plus one page with the given body; return the site folder."""
    site = root / "site"
    for rel, text in PAGES.items():
        write(site, rel, text)
    write(site, page, body)
    return site


GOOD_LINKS = [
    pytest.param('<a href="glossary/">用語集</a>', id="folder"),
    pytest.param('<a href="glossary/index.html">用語集</a>', id="index-file"),
    pytest.param('<a href="glossary">用語集（末尾の/なし）</a>', id="folder-without-slash"),
    pytest.param('<a href="glossary/#reasoning-model">推論モデル</a>', id="fragment"),
    pytest.param('<a href="glossary/#old-anchor">name属性</a>', id="name-attribute"),
    pytest.param('<a href="./">ホーム</a>', id="home"),
    pytest.param('<a href="#top">上へ</a>', id="same-page-fragment"),
    pytest.param('<a href="?q=1">検索</a>', id="query-only"),
    pytest.param('<a href="article/lead/?x=1#lead">リード</a>', id="query-and-fragment"),
    pytest.param('<a href="article/lead/../../glossary/">まわり道</a>', id="dot-dot-inside"),
    pytest.param('<a href="glossary/#%E6%8E%A8">エンコードされたid</a>', id="encoded-fragment"),
    pytest.param("<a href='article/lead/'>単引用符</a>", id="single-quotes"),
    pytest.param('<img src="assets/logo.png" alt="">', id="img-src"),
    pytest.param('<link rel="stylesheet" href="assets/site.css">', id="stylesheet"),
    pytest.param('<a href="404.html">404</a>', id="file-404"),
    pytest.param('<a href="https://example.org/missing/">外部</a>', id="external-https"),
    pytest.param('<a href="http://example.org/">外部http</a>', id="external-http"),
    pytest.param('<a href="//cdn.example.org/x.js">プロトコル相対</a>', id="protocol-relative"),
    pytest.param('<a href="mailto:someone@example.org">メール</a>', id="mailto"),
    pytest.param('<a href="javascript:void(0)">js</a>', id="javascript"),
    pytest.param('<img src="data:image/png;base64,AAAA" alt="">', id="data-uri"),
    pytest.param('<a href="">空</a>', id="empty-href"),
    pytest.param("<script>var a = '<a href=\"missing/\">x</a>';</script>", id="in-script"),
    pytest.param(
        '<script type="module">\nimport x from "./missing.js";\nconst h = "<img src=\\"nope.png\\">";\n</script>',
        id="in-module-script",
    ),
    pytest.param(
        '<style>.x { background: url("missing.png"); } </style><template><a href="nope/">t</a></template>',
        id="in-style-and-template",
    ),
]


@pytest.mark.parametrize("body", GOOD_LINKS)
def test_good_and_ignored_links_pass(tmp_path: Path, body: str) -> None:
    """Links that resolve, external links, mailto: and links in scripts, styles and templates are not reported."""
    page = f'<html><body>\n<h1 id="top">ホーム</h1>\n{body}\n</body></html>\n'
    assert check_site(make_site(tmp_path, "index.html", page)) == []


BROKEN_LINKS = [
    pytest.param(
        '<a href="missing/">x</a>',
        "site/article/lead/index.html:3: link 'missing/' points at 'article/lead/missing/', which the build did not write.",
        id="missing-folder",
    ),
    pytest.param(
        '<img src="../../assets/nope.png">',
        "site/article/lead/index.html:3: link '../../assets/nope.png' points at 'assets/nope.png', which the build did not write.",
        id="missing-file",
    ),
    pytest.param(
        '<a href="../../glossary/#no-such-term">x</a>',
        "site/article/lead/index.html:3: link '../../glossary/#no-such-term' points at '#no-such-term', "
        "but glossary/index.html has no element with that id.",
        id="missing-fragment-on-other-page",
    ),
    pytest.param(
        '<a href="#nowhere">x</a>',
        "site/article/lead/index.html:3: link '#nowhere' points at '#nowhere', but article/lead/index.html has no element with that id.",
        id="missing-fragment-on-same-page",
    ),
    pytest.param(
        '<a href="../../../elsewhere/">x</a>',
        "site/article/lead/index.html:3: link '../../../elsewhere/' points outside the site.",
        id="outside-the-site",
    ),
    pytest.param(
        '<a href="/glossary/#nope">x</a>',
        "site/article/lead/index.html:3: link '/glossary/#nope' points at '#nope', but glossary/index.html has no element with that id.",
        id="root-relative-missing-fragment",
    ),
    pytest.param(
        '<a href="/missing/">x</a>',
        "site/article/lead/index.html:3: link '/missing/' points at 'missing/', which the build did not write.",
        id="root-relative-missing-page",
    ),
]


@pytest.mark.parametrize(("body", "expected"), BROKEN_LINKS)
def test_broken_link_message(tmp_path: Path, body: str, expected: str) -> None:
    """Each broken link is reported as site/<page>:<line>: link '<url>' <reason>."""
    page = "article/lead/index.html"
    site = make_site(tmp_path, page, f"<h1 id='lead'>リード</h1>\n<p>\n{body}\n</p>\n")
    assert [str(b) for b in check_site(site)] == [expected]


@pytest.mark.parametrize(
    ("base_path", "href", "broken"),
    [
        ("/sub/", "/sub/glossary/#reasoning-model", False),
        ("/sub/", "/sub/", False),
        ("/sub", "/sub/glossary/", False),
        ("sub/", "/sub/article/lead/", False),
        ("/sub/", "/other/glossary/", False),  # outside this site's folder: not checked
        ("/sub/", "/sub/missing/", True),
        ("/sub/", "/sub/glossary/#nope", True),
        ("/", "/glossary/", False),
        ("/", "/nope/", True),
    ],
)
def test_root_relative_links_with_a_base_path(tmp_path: Path, base_path: str, href: str, broken: bool) -> None:
    """Links starting with '/' are checked against the site folder under the site_url's path."""
    site = make_site(tmp_path, "index.html", f'<a href="{href}">x</a>\n')
    assert [b.url for b in check_site(site, base_path)] == ([href] if broken else [])


def test_every_broken_link_is_reported_with_its_own_line(tmp_path: Path) -> None:
    """All broken links of all pages come back in one call, in page order, each with its line."""
    site = make_site(tmp_path, "index.html", '<a href="a/">1</a>\n\n<a href="b/">2</a> <a href="#c">3</a>\n')
    write(site, "about/index.html", '<p>\n<img src="../nope.png"></p>\n')
    found = check_site(site)
    assert [(b.page, b.line, b.url) for b in found] == [
        ("about/index.html", 2, "../nope.png"),
        ("index.html", 1, "a/"),
        ("index.html", 3, "b/"),
        ("index.html", 3, "#c"),
    ]


def test_line_numbers_survive_blanked_scripts(tmp_path: Path) -> None:
    """A multi-line script before a broken link does not shift the link's line."""
    body = '<script>\nvar a = 1;\nvar b = "<a href=\'x/\'>";\n</script>\n<a href="missing/">x</a>\n'
    site = make_site(tmp_path, "index.html", body)
    assert [(b.line, b.url) for b in check_site(site)] == [(5, "missing/")]


def test_broken_link_text() -> None:
    """BrokenLink reads as a site-relative location, the link and the reason."""
    assert (
        str(BrokenLink("a/index.html", 7, "x/", "points outside the site."))
        == "site/a/index.html:7: link 'x/' points outside the site."
    )


# Sibling pages (a/x/, a/y/) share most of their HTML (the theme's navigation); the check reads
# each shared piece once. These cases make sure that sharing never hides a broken link.
NAV = '<ul>\n<li class="nav"><a href="../x/">X</a>\n<li class="nav"><a href="../y/">Y</a>\n<li class="nav">{extra}\n</ul>\n'


def sibling_site(root: Path, extra: str, x_body: str = "", y_body: str = "") -> Path:
    """Two sibling pages a/x/ and a/y/ with the same navigation (plus extra) and their own bodies."""
    site = root / "site"
    write(site, "index.html", "<p>home</p>\n")
    write(site, "a/x/index.html", x_body + NAV.format(extra=extra))
    write(site, "a/y/index.html", y_body + NAV.format(extra=extra))
    return site


def test_shared_broken_link_is_reported_once(tmp_path: Path) -> None:
    """A broken '../' link in the shared navigation means the same on every sibling: reported once."""
    site = sibling_site(tmp_path, '<a href="../missing/">M</a>')
    broken = check_site(site)
    assert [(b.page, b.url) for b in broken] == [("a/x/index.html", "../missing/")]


def test_shared_folder_relative_link_is_judged_on_each_page(tmp_path: Path) -> None:
    """A link relative to the page's own folder, in a shared piece, is judged again on every page."""
    site = sibling_site(tmp_path, '<img src="pic.png">')
    write(site, "a/x/pic.png", "png")  # only a/x/ has the picture
    broken = check_site(site)
    assert [(b.page, b.url, b.line) for b in broken] == [("a/y/index.html", "pic.png", 4)]


def test_shared_fragment_link_is_judged_on_each_page(tmp_path: Path) -> None:
    """A '#fragment' link in a shared piece must find the id on each page that shows it."""
    site = sibling_site(tmp_path, '<a href="#notes">N</a>', x_body='<h2 id="notes">注</h2>\n', y_body="<h2>注</h2>\n")
    broken = check_site(site)
    assert [(b.page, b.url) for b in broken] == [("a/y/index.html", "#notes")]


def test_link_in_a_page_own_part_is_checked(tmp_path: Path) -> None:
    """Content that differs between siblings is read on each page."""
    site = sibling_site(tmp_path, "", x_body='<p><a href="../x/">ok</a></p>\n', y_body='<p><a href="../z/">bad</a></p>\n')
    broken = check_site(site)
    assert [(b.page, b.url) for b in broken] == [("a/y/index.html", "../z/")]


def test_broken_link_in_the_own_part_of_several_pages_is_reported_on_each(tmp_path: Path) -> None:
    """A link judged once for the group is still reported on every page whose own text holds it."""
    site = sibling_site(
        tmp_path,
        "",
        x_body='<p>x の本文 <a href="../missing/">M</a></p>\n',
        y_body='<p>y の本文\n<a href="../missing/">M</a></p>\n',
    )
    broken = check_site(site)
    assert [(b.page, b.line, b.url) for b in broken] == [
        ("a/x/index.html", 1, "../missing/"),
        ("a/y/index.html", 2, "../missing/"),
    ]


def test_missing_fragment_on_another_page_is_reported_on_each_linking_page(tmp_path: Path) -> None:
    """'page/#id' with no such id on that page: every page that links there is named, with its line."""
    site = make_site(tmp_path, "index.html", '<a href="glossary/#nope">x</a>\n')
    write(site, "about/index.html", '<p>\n<a href="../glossary/#nope">y</a></p>\n')
    write(site, "about/more/index.html", '<a href="../../glossary/#reasoning-model">ok</a>\n')
    broken = check_site(site)
    reason = "points at '#nope', but glossary/index.html has no element with that id."
    assert [str(b) for b in broken] == [
        f"site/about/index.html:2: link '../glossary/#nope' {reason}",
        f"site/index.html:1: link 'glossary/#nope' {reason}",
    ]


@pytest.mark.parametrize(
    "element",
    [
        pytest.param("<script>\nvar s = '<li><a href=\"../missing/\">';\n</script>", id="script-across-a-cut"),
        pytest.param('<template>\n<ul><li><a href="../missing/">t</a></li></ul>\n</template>', id="template-across-a-cut"),
        pytest.param("<script>\nvar s = '<a href=\"../missing/\">';\n</script>", id="script-inside-a-piece"),
    ],
)
def test_links_in_scripts_and_templates_of_sibling_pages_are_not_read(tmp_path: Path, element: str) -> None:
    """Script and template bodies are never read as links, also when they hold the cut ('<li') of the comparison."""
    body = f'<p>本文</p>\n{element}\n<a href="../nope/">x</a>\n'
    site = sibling_site(tmp_path, "", x_body="<p>x</p>\n", y_body=body)
    broken = check_site(site)
    assert [(b.page, b.line, b.url) for b in broken] == [("a/y/index.html", 5, "../nope/")]


# The comparison of sibling pages: stretches both pages have are found by comparing bytes in place.
def _mutated(rng: random.Random) -> tuple[bytes, bytes]:
    """Two texts cut at '<li' into pieces, the second made from the first by replacing, adding and taking out pieces."""
    alphabet = [b"<li", b"<l", b"i", b"<", b"a", b"<<li", b"li<", b"x" * 5, "語".encode()]
    old = b"".join(rng.choice(alphabet) for _ in range(rng.randint(0, 30)))
    pieces = old.split(b"<li")
    for _ in range(rng.randint(0, 4)):
        place = rng.randrange(len(pieces) + 1)
        piece = b"".join(rng.choice(alphabet[1:]) for _ in range(rng.randint(0, 3))).replace(b"<li", b"")
        roll = rng.random()
        if roll < 0.3 and place < len(pieces):
            pieces[place] = piece
        elif roll < 0.6:
            pieces.insert(place, piece)
        elif place < len(pieces) and len(pieces) > 1:
            del pieces[place]
    new = b"<li".join(pieces)
    if rng.random() < 0.2:
        new += rng.choice(alphabet)
    if rng.random() < 0.2:
        new = rng.choice(alphabet) + new
    return old, new


@pytest.mark.parametrize("seed", range(20))
def test_shared_runs_are_whole_pieces_both_pages_have(seed: int) -> None:
    """Every stretch is the same bytes in both texts, in order, and begins and ends at cuts in both."""
    rng = random.Random(seed)
    for _ in range(300):
        old, new = _mutated(rng)
        end_old = end_new = 0
        for a, b, length in _shared_runs(old, new):
            assert old[a : a + length] == new[b : b + length]
            assert a >= end_old and b >= end_new
            assert (a == 0 or old[a - 3 : a] == _CUT) and (b == 0 or new[b - 3 : b] == _CUT)
            assert (a + length == len(old) and b + length == len(new)) or new[b + length - 3 : b + length] == _CUT
            end_old, end_new = a + length, b + length


def test_shared_runs_skip_only_what_differs() -> None:
    """Sibling pages with one item changed and one added: only those pieces are left to read."""
    items = [b'<li class="nav"><a href="../p%d/">P%d</a>\n' % (i, i) for i in range(200)]
    old = b"<head>old</head>" + b"".join(items)
    items[50] = b'<li class="nav active"><a href="./">P50</a>\n'
    items.insert(120, b'<li class="toc"><a href="#s0">S0</a>\n')
    new = b"<head>new page</head>" + b"".join(items)
    covered = sum(length for _, _, length in _shared_runs(old, new))
    # a piece runs from after one cut to just after the next: the head, and each item as long as it is
    assert len(new) - covered == len(b"<head>new page</head>" + _CUT) + len(items[50]) + len(items[120])


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [(b"", b"", 0), (b"abc", b"abd", 2), (b"abc", b"abc", 3), (b"abc", b"ab", 2), (b"x" * 5000 + b"a", b"x" * 5000 + b"b", 5000)],
)
def test_common_counts_the_bytes_both_start_with(old: bytes, new: bytes, expected: int) -> None:
    """The shared start of two texts, however long, to the byte."""
    assert _common(memoryview(old), 0, new, 0) == expected


def _random_group(rng: random.Random) -> dict[str, str]:
    """Sibling pages a/p0/ … with one navigation, each marking itself in it and with its own head and body."""
    count = rng.randint(2, 6)
    extras = [
        '<li class="nav"><a href="../missing/">M</a>\n',
        '<li class="nav"><a href="#notes">N</a>\n',
        '<li class="nav"><img src="pic.png">\n',
        '<li class="nav"><script>var s = \'<li><a href="../nope/">\';</script>\n',
    ]
    nav_extra = [item for item in extras if rng.random() < 0.5]
    bodies = [
        '<h2 id="notes">注</h2>\n',
        '<p><a href="../p0/">p0</a></p>\n',
        '<p><a href="../gone/">gone</a></p>\n',
        '<p><a href="#top">top</a></p>\n',
        '<template><ul><li><a href="../t/">t</a></li></ul></template>\n',
        '<ul><li><a href="pic.png">図</a><li>二つめ</ul>\n',
    ]
    pages = {}
    for k in range(count):
        head = f'<head><title>p{k}</title><link rel="prev" href="../p{max(k - 1, 0)}/"></head>\n'
        nav = []
        for i in range(count):
            if i == k:
                nav.append(f'<li class="nav active"><a href="./">P{i}</a>\n')
                nav += [f'<li class="toc"><a href="#s{j}">S{j}</a>\n' for j in range(rng.randint(0, 3))]
            else:
                nav.append(f'<li class="nav"><a href="../p{i}/">P{i}</a>\n')
        body = "".join(rng.choice(bodies) for _ in range(rng.randint(0, 4)))
        body += "".join(f'<h2 id="s{j}">S{j}</h2>\n' for j in range(rng.randint(0, 3)))
        pages[f"a/p{k}/index.html"] = head + "<ul>\n" + "".join(nav + nav_extra) + "</ul>\n" + body
    return pages


@pytest.mark.parametrize("seed", range(25))
def test_comparing_siblings_finds_what_checking_each_page_alone_finds(tmp_path: Path, seed: int) -> None:
    """Sharing never hides a broken link: a link relative to the page is reported on each page that has it
    broken, any other broken link at least once in the group, and nothing is reported that a page does not have."""
    rng = random.Random(seed)
    site = tmp_path / "site"
    write(site, "index.html", "<p>home</p>\n")
    pages = _random_group(rng)
    for name, text in pages.items():
        write(site, name, text)
        if rng.random() < 0.5:
            write(site, name.replace("index.html", "pic.png"), "png")
    together = {(b.page, b.url, b.reason) for b in check_site(site)}
    alone = {(b.page, b.url, b.reason) for name in pages for b in check_site(site, pages=[name])}
    assert together <= alone
    local = {found for found in alone if not found[1].startswith("../")}
    assert local <= together
    assert {found[1:] for found in alone} == {found[1:] for found in together}

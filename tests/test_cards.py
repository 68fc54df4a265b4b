"""Share cards (issue 19, point 1): every page's Open Graph and Twitter tags, and its image with readable Japanese."""

from __future__ import annotations

import html
import io
import os
import re
from pathlib import Path

import pytest
from mkdocs.config import load_config
from PIL import Image, ImageChops, ImageDraw, ImageFont

from hooks import cards
from tests.conftest import ROOT, site_pages
from tests.fixtures import NAV, PAGES, mkdocs_yml, run_build, write_project

META = re.compile(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)">')
TAGS = {"og:title", "og:description", "og:url", "og:image", "og:locale", "twitter:card"}
NOTDEF = "\U0010fffd"  # a private-use character no font here has: its rendering is the font's .notdef box
THEME = (ROOT / "hooks" / "theme").as_posix()  # the site's templates, which write the tags
LONG = "「約560万ドル」は何の費用か：DeepSeek-R1の公開、Nvidiaの記録的な下落、輸出規制の強化とスターゲート構想" * 8


def share_tags(markup: str) -> dict[str, str]:
    """A page's og: and twitter: tags, their values unescaped."""
    return {key: html.unescape(value) for key, value in META.findall(markup)}


def covered(face: ImageFont.FreeTypeFont, char: str) -> bool:
    """Whether the font draws the character with a glyph of its own, not the .notdef box (tofu)."""
    return _drawn(face, char) != _drawn(face, NOTDEF)


def _drawn(face: ImageFont.FreeTypeFont, char: str) -> bytes:
    """The pixels of one character drawn alone."""
    image = Image.new("L", (2 * face.size, 2 * face.size))
    ImageDraw.Draw(image).text((0, 0), char, font=face, fill=255)
    return image.tobytes()


def ink(image: Image.Image) -> tuple[int, int, int, int] | None:
    """The box of everything drawn on the card's background (the colour of its corner)."""
    return ImageChops.difference(image, Image.new("RGB", image.size, image.getpixel((0, 0)))).getbbox()


def inside_margins(box: tuple[int, int, int, int] | None) -> bool:
    """Whether a drawn box keeps clear of the card's edges (a few pixels of a glyph's overhang allowed)."""
    return (
        box is not None
        and box[0] >= cards.MARGIN - 4
        and box[2] <= cards.WIDTH - cards.MARGIN + 4
        and box[1] >= 40
        and box[3] <= cards.HEIGHT - 40
    )


def check_card(path: Path, title: str) -> None:
    """A card: a 1200x630 PNG that says which title it draws, every character of which the font has, drawn inside the margins."""
    with Image.open(path) as image:
        assert image.format == "PNG" and image.size == (1200, 630), path
        assert image.text.get("Title") == title, path
        assert inside_margins(ink(image.convert("RGB"))), path
    face = ImageFont.truetype(str(cards.FONT), 48)
    missing = sorted({char for char in title if not char.isspace() and not covered(face, char)})
    assert not missing, f"{path}: {title!r} would show boxes for {missing}"


def test_the_tofu_check_can_fail() -> None:
    """The coverage check tells a glyph from the .notdef box: a Latin-only font lacks 推, the card's font has it."""
    latin = ImageFont.load_default(48)
    assert covered(latin, "A") and not covered(latin, "推")
    assert covered(ImageFont.truetype(str(cards.FONT), 48), "推")


def test_every_page_has_a_share_card(built_site: Path) -> None:
    """Each page has the six tags, from its own title, description and URL, and its image draws that title."""
    config = load_config(str(ROOT / "mkdocs.yml"))
    site_url = config.site_url
    titles = []
    for path in site_pages(built_site):
        if path == "404.html":
            continue
        markup = (built_site / path / "index.html").read_text(encoding="utf-8")
        tags = share_tags(markup)
        assert TAGS <= set(tags), f"{path}: missing {TAGS - set(tags)}"
        title = html.unescape(re.search(r"<title>(.*?)</title>", markup, re.S).group(1).strip())
        title = title.removesuffix(f" - {config.site_name}")
        description = html.unescape(re.search(r'<meta name="description" content="([^"]*)"', markup).group(1))
        assert (tags["og:title"], tags["og:description"]) == (title, description), path
        assert tags["og:url"] == site_url + path
        assert (tags["og:locale"], tags["twitter:card"]) == ("ja_JP", "summary_large_image")
        assert tags["og:image"].startswith(site_url + "assets/cards/") and tags["og:image"].endswith(".png"), path
        check_card(built_site / tags["og:image"].removeprefix(site_url), title)
        titles.append(title)
    assert len(titles) == len(site_pages(built_site)) - 1
    longest = max(titles, key=len)
    _, lines = cards.layout(longest)
    assert "".join(lines).replace(" ", "") == longest.replace(" ", ""), "the site's longest title is drawn whole"


@pytest.mark.parametrize("title", [LONG, "推論" * 300, "W" * 400, "DeepSeek-R1 " * 60, "「あ」、" * 120])
def test_a_long_title_wraps_and_never_overflows(title: str) -> None:
    """Lines stay within the title box, never more than fit, and the card keeps clear of its edges."""
    size, lines = cards.layout(title)
    left, top, right, bottom = cards.TITLE_BOX
    face = ImageFont.truetype(str(cards.FONT), size)
    assert lines and all(face.getlength(line) <= right - left for line in lines)
    assert len(lines) * cards.line_height(size) <= bottom - top
    shown = "".join(lines).replace(" ", "")
    assert shown.endswith("…") and title.replace(" ", "").startswith(shown[:-1])
    assert inside_margins(ink(Image.open(io.BytesIO(cards.card_png(title, "サイトの名前" * 20))).convert("RGB")))


def test_lines_break_between_words_and_keep_kinsoku() -> None:
    """An ASCII word stays whole; no line starts with a closing mark or small kana, nor ends with an opening mark."""
    title = "「DeepSeek-R1」は、中国のAI企業が公開した推論モデル（オープンウェイト）である。" * 3
    _, lines = cards.layout(title)
    assert len(lines) > 1 and "".join(lines) == title
    assert not any(line[0] in cards.NO_START or line[-1] in cards.NO_END for line in lines)
    assert all("DeepSeek-R1" in line for line in lines if "Deep" in line or "R1" in line)


def test_cards_are_cached_and_drawn_again_only_when_their_text_changes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The second card of a title comes from the cache; another title or site name is another image."""
    cache, out = tmp_path / "cache", tmp_path / "site"
    name = cards.write_card("年表", "サイト", cache, out)
    assert (cache / name).read_bytes() == (out / name).read_bytes()
    drawn, original = [], cards.card_png
    monkeypatch.setattr(cards, "card_png", lambda title, site_name: drawn.append(title) or original(title, site_name))
    assert cards.write_card("年表", "サイト", cache, tmp_path / "again") == name and drawn == []
    assert cards.write_card("用語集", "サイト", cache, out) != name and drawn == ["用語集"]
    assert cards.write_card("年表", "別のサイト", cache, out) != name and drawn == ["用語集", "年表"]


def test_tags_are_escaped(tmp_path: Path) -> None:
    """A title and a description with markup characters come out as text in the tags and in the card, escaped once."""
    title = "R&D「<b>記事</b>」\"q\" 'a'"
    nav = NAV.replace("  - 記事: article/one.md", "  - 'R&D「<b>記事</b>」\"q\" ''a''': article/one.md")
    config = mkdocs_yml("https://example.org/sub/", nav).replace(
        "  name: material\n", f"  name: material\n  custom_dir: {THEME}\n"
    )
    article = PAGES["article/one.md"].replace("description: 記事のページである。", 'description: "A&B <i>説明</i>"')
    root = write_project(tmp_path, config=config, pages={**PAGES, "article/one.md": article})
    result = run_build(root)
    assert result.returncode == 0, result.stdout
    markup = (root / "site" / "article" / "one" / "index.html").read_text(encoding="utf-8")
    head = markup.split("</head>")[0]
    assert "<b>" not in head and "<i>" not in head and "&amp;amp;" not in head
    tags = share_tags(head)
    assert (tags["og:title"], tags["og:description"]) == (title, "A&B <i>説明</i>")
    assert tags["og:url"] == "https://example.org/sub/article/one/"
    check_card(root / "site" / tags["og:image"].removeprefix("https://example.org/sub/"), title)
    assert (
        not (root / "docs" / "assets").exists()
        and (Path(os.environ["SITE_CARDS_CACHE"]) / tags["og:image"].rpartition("/")[2]).is_file()
    )

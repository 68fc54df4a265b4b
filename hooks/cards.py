"""Share cards: a page's Open Graph and Twitter tags, and its 1200×630 PNG with its title and the site's name.

The image is drawn with Pillow in Noto Sans CJK JP Bold from the ``noto-cjk-sans-jp-bold`` package
(SIL Open Font License 1.1), which requirements.txt installs: nothing is fetched at build time. Each
image is kept in a cache folder under a hash of its text, the font and the size, and drawn again only
when one of them changes. No MkDocs here: the adapter passes titles and URLs.
"""

from __future__ import annotations

import hashlib
import html
import io
import os
import re
import shutil
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import noto_cjk_sans_jp_bold

if TYPE_CHECKING:
    from PIL import ImageFont

FONT = Path(str(noto_cjk_sans_jp_bold.FONT_PATH))
WIDTH, HEIGHT, MARGIN = 1200, 630, 80
TITLE_BOX = (MARGIN, 110, WIDTH - MARGIN, 470)  # left, top, right, bottom of the title's lines
SIZES = (72, 64, 56, 48, 40)  # the largest size at which the whole title fits is used
COLORS = {"background": "#1a237e", "title": "#ffffff", "name": "#c5cae9", "rule": "#7986cb"}
LAYOUT = 1  # raise when the drawing changes, so cached images are drawn again
# A line may not start with closing marks or small kana, nor end with an opening mark (kinsoku).
NO_START = set("、。，．・：；？！ー…‥）」』】〉》〕］｝,.:;?!)]}ぁぃぅぇぉっゃゅょゎァィゥェォッャュョヮヵヶ々ゝゞヽヾ")
NO_END = set("（「『【〈《〔［｛([{")
_TOKEN = re.compile(r"[!-~]+|\s+|.", re.S)  # a run of ASCII (a word, a number: DeepSeek-R1, 5,890) or one character


@cache
def font(size: int) -> ImageFont.FreeTypeFont:
    """The card's font at a size."""
    from PIL import ImageFont  # Pillow is loaded only when a card is drawn: a cached card needs none of it

    return ImageFont.truetype(str(FONT), size)


def units(text: str) -> list[str]:
    """The pieces a line may break between, with kinsoku marks kept on the right side of a break."""
    out: list[str] = []
    for token in _TOKEN.findall(" ".join(text.split())):
        if out and (token[0] in NO_START or out[-1][-1] in NO_END) and not token.isspace():
            out[-1] += token
        else:
            out.append(token)
    return out


def wrap(text: str, face: ImageFont.FreeTypeFont, width: int) -> list[str]:
    """The text in lines no wider than ``width``; a piece wider than a line is cut between characters."""
    lines = [""]
    for unit in units(text):
        pieces = [unit] if face.getlength(unit) <= width else list(unit)
        for piece in pieces:
            if face.getlength(lines[-1] + piece) <= width:
                lines[-1] += piece
            elif not piece.isspace():
                lines.append(piece)
    return [line.strip() for line in lines if line.strip()]


def layout(title: str) -> tuple[int, list[str]]:
    """The font size and lines of a title in the title box: the largest size that fits it whole, else the
    smallest with the lines that fit and an ellipsis at the end."""
    left, top, right, bottom = TITLE_BOX
    for size in SIZES:
        lines = wrap(title, font(size), right - left)
        fit = (bottom - top) // line_height(size)
        if len(lines) <= fit:
            return size, lines
    face = font(size)
    lines = lines[:fit]
    while lines[-1] and face.getlength(lines[-1] + "…") > right - left:
        lines[-1] = lines[-1][:-1]
    lines[-1] += "…"
    return size, lines


def line_height(size: int) -> int:
    """The distance between two lines of the title."""
    return round(size * 1.4)


def card_png(title: str, site_name: str) -> bytes:
    """The card as PNG: the title's lines in the box, a rule, the site's name below; the title in its text chunk."""
    from PIL import Image, ImageDraw
    from PIL.PngImagePlugin import PngInfo

    image = Image.new("RGB", (WIDTH, HEIGHT), COLORS["background"])
    draw = ImageDraw.Draw(image)
    size, lines = layout(title)
    left, top, right, _ = TITLE_BOX
    for number, line in enumerate(lines):
        draw.text((left, top + number * line_height(size)), line, font=font(size), fill=COLORS["title"])
    draw.rectangle((left, 500, left + 120, 506), fill=COLORS["rule"])
    name = wrap(site_name, font(36), right - left)[:1] or [""]
    draw.text((left, 520), name[0], font=font(36), fill=COLORS["name"])
    info = PngInfo()
    info.add_itxt("Title", title)
    info.add_itxt("Software", f"hooks/cards.py with {FONT.name}")
    out = io.BytesIO()
    image.save(out, "PNG", pnginfo=info)
    return out.getvalue()


def card_name(title: str, site_name: str) -> str:
    """The image's file name: a hash of what is drawn and how."""
    key = "\0".join([title, site_name, FONT.name, str(FONT.stat().st_size), f"{WIDTH}x{HEIGHT}", str(LAYOUT)])
    return hashlib.sha256(key.encode("utf-8")).hexdigest()[:20] + ".png"


def write_card(title: str, site_name: str, cache: Path, out: Path) -> str:
    """Put the title's card in the folder ``out`` (from the cache, drawn there first when missing); return its name."""
    name = card_name(title, site_name)
    cached = cache / name
    if not cached.is_file():
        cache.mkdir(parents=True, exist_ok=True)
        partial = cached.with_suffix(".tmp")
        partial.write_bytes(card_png(title, site_name))
        partial.replace(cached)
    out.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(cached, out / name)
    return name


def meta_tags(title: str, description: str, url: str, image_url: str, site_name: str) -> str:
    """The Open Graph and Twitter tags of a page, every value escaped."""
    tags = {
        "og:type": "website",
        "og:site_name": site_name,
        "og:title": title,
        "og:description": description,
        "og:url": url,
        "og:locale": "ja_JP",
        "og:image": image_url,
        "og:image:width": str(WIDTH),
        "og:image:height": str(HEIGHT),
        "og:image:alt": title,
        "twitter:card": "summary_large_image",
    }
    return "".join(
        f'<meta {"name" if key.startswith("twitter:") else "property"}="{key}" content="{html.escape(value)}">'
        for key, value in tags.items()
    )


def write_card_and_tags(
    title: str, description: str, page_url: str, site_url: str, site_name: str, cache: Path, site_dir: Path
) -> str:
    """Write the page's card under ``site_dir``/assets/cards; return its share tags (none without a site_url).

    SITE_CARDS_CACHE, when set, names another cache folder (the tests share one across their fixture sites).
    """
    if not site_url:
        return ""
    base = site_url if site_url.endswith("/") else site_url + "/"
    name = write_card(title, site_name, Path(os.environ.get("SITE_CARDS_CACHE") or cache), site_dir / "assets" / "cards")
    return meta_tags(title, description, urljoin(base, page_url), urljoin(base, "assets/cards/" + name), site_name)

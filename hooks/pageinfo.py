"""What a page says about itself: its place in the reading path, its reading time, when it last changed, how to share it.

The theme's partials (hooks/theme/partials/page-*.html) show these from ``page.meta.page_info``, which both
engines' adapters set from :func:`page_info`. Every value is text escaped for HTML here: the themes write
front matter values as they are.
"""

from __future__ import annotations

import html
import math
import re
import subprocess
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from urllib.parse import quote, urljoin
from zoneinfo import ZoneInfo

from .model import format_date

# Reading speed for the estimate: about 500 Japanese characters a minute, a common figure for silent reading of
# general Japanese prose (400–600 字/分).
CHARS_PER_MINUTE = 500
ARTICLE_FOLDER = "article/"
TOKYO = ZoneInfo("Asia/Tokyo")
# What of a page's Markdown is not read: link targets, attribute lists, HTML tags, and Markdown's own marks.
_UNREAD = re.compile(r"\]\([^)]*\)|\{[#:.][^}]*\}|<[^>]+>|\[\[[^\]|]*\|?|[#*_>|`\[\]\-\s]")


def reading_minutes(markdown: str) -> int:
    """Minutes to read a page's Markdown at CHARS_PER_MINUTE, rounded up (at least 1)."""
    return max(1, math.ceil(len(_UNREAD.sub("", markdown)) / CHARS_PER_MINUTE))


def markdown_title(markdown: str) -> str:
    """The text of a page's first level-1 heading in Markdown (without its attribute list), or ''."""
    found = re.search(r"^# +(.+?)(?: +\{[^}]*\})? *$", markdown, re.M)
    return found.group(1).strip() if found else ""


def reading_position(src: str, order: list[str]) -> str | None:
    """Where an article page stands in the reading path: リード for the first, else 第n節（全m節）; None off the path."""
    articles = [page for page in order if page.startswith(ARTICLE_FOLDER)]
    if src not in articles:
        return None
    number = articles.index(src)
    return "リード" if number == 0 else f"第{number}節（全{len(articles) - 1}節）"


def last_commit_dates(root: Path, paths: list[str]) -> dict[str, date]:
    """The date (in Japan) of the last commit that changed each of ``paths`` (from the project root); {} without git."""
    try:
        log = subprocess.run(
            ["git", "-C", str(root), "log", "--format=%x00%ct", "--name-only", "--", *paths],
            capture_output=True,
            text=True,
            timeout=60,
            check=True,
        ).stdout
    except (OSError, subprocess.SubprocessError):
        return {}  # no git, or not a repository (a tarball): the caller falls back
    found: dict[str, date] = {}
    for entry in log.split("\x00")[1:]:
        stamp, _, names = entry.partition("\n")
        day = datetime.fromtimestamp(int(stamp), TOKYO).date()
        for name in names.split():
            found.setdefault(name, day)  # the log is newest first
    return found


def file_date(path: Path) -> date | None:
    """The date (in Japan) a file was last modified, for a build without git history; None if it does not exist."""
    try:
        return datetime.fromtimestamp(path.stat().st_mtime, TOKYO).date()
    except OSError:
        return None


def report_url(repo_url: str | None, edit_uri: str | None) -> str | None:
    """The 「誤りを報告する」 section of CONTRIBUTING.md on the code host, on the branch the edit links use."""
    if not repo_url:
        return None
    found = re.match(r"^(?:edit|blob)/([^/]+)/", (edit_uri or "").lstrip("/"))
    branch = found.group(1) if found else "main"
    return f"{repo_url.rstrip('/')}/blob/{branch}/CONTRIBUTING.md#{quote('13-誤りを報告する')}"


@dataclass
class Share:
    """The address of a page and its share links (LINE, X)."""

    url: str
    line: str
    x: str


def share_links(page_url: str, site_url: str | None, title: str, site_name: str) -> Share | None:
    """The page's address and its share links; None without a site_url (no address to share)."""
    if not site_url:
        return None
    url = urljoin(site_url if site_url.endswith("/") else site_url + "/", page_url)
    text = title if title == site_name else f"{title}｜{site_name}"
    return Share(
        url,
        "https://social-plugins.line.me/lineit/share?url=" + quote(url, safe=""),
        "https://x.com/intent/post?url=" + quote(url, safe="") + "&text=" + quote(text, safe=""),
    )


def page_info(
    src: str,
    markdown: str,
    order: list[str],
    updated: date | None,
    share: Share | None,
    report: str | None,
) -> dict[str, str]:
    """The values the theme's partials show for a page, escaped for HTML (text and attributes)."""
    info = {"updated": format_date(updated.isoformat()), "updated_iso": updated.isoformat()} if updated else {}
    position = reading_position(src, order)
    if position:
        info["position"] = position
        info["minutes"] = str(reading_minutes(markdown))
    if share:
        info |= {"url": share.url, "line": share.line, "x": share.x}
    if report:
        info["report"] = report
    return {key: html.escape(value) for key, value in info.items()}

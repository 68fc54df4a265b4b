"""What a page says about itself (hooks.pageinfo): place in the reading path, reading time, dates, share and report links."""

from __future__ import annotations

import subprocess
from datetime import date
from pathlib import Path

from hooks.pageinfo import (
    CHARS_PER_MINUTE,
    last_commit_dates,
    markdown_title,
    page_info,
    reading_minutes,
    reading_position,
    report_url,
    share_links,
)

ORDER = ["index.md", "article/lead.md", "article/one.md", "article/two.md", "article/three.md", "glossary.md"]


def test_japanese_dates_have_no_leading_zeros() -> None:
    """2026年5月3日, not 2026年05月03日."""
    assert page_info("x.md", "", [], date(2026, 5, 3), None, None)["updated"] == "2026年5月3日"


def test_the_lead_and_the_sections_say_where_they_stand() -> None:
    """The first article page is リード; the others 第n節（全m節）; pages off the path have no place."""
    assert reading_position("article/lead.md", ORDER) == "リード"
    assert reading_position("article/one.md", ORDER) == "第1節（全3節）"
    assert reading_position("article/three.md", ORDER) == "第3節（全3節）"
    assert reading_position("glossary.md", ORDER) is None


def test_reading_time_counts_the_text_not_the_markup() -> None:
    """Link targets, attribute lists and marks are not read; the minutes are rounded up."""
    text = "あ" * CHARS_PER_MINUTE
    assert reading_minutes(text) == 1
    assert reading_minutes(text + "い") == 2
    assert reading_minutes(f"## 見出し {{#id}}\n\n[{text}](https://example.com/{'x' * 2000})") == 2


def test_the_title_of_a_page_comes_from_its_first_heading() -> None:
    """# 蒸留 {#top} gives 蒸留."""
    assert markdown_title("---\n\n# 蒸留 {#top}\n\n本文") == "蒸留"
    assert markdown_title("本文だけ") == ""


def test_report_and_share_links() -> None:
    """The report link opens CONTRIBUTING's section on the edit links' branch; share links carry the page's address."""
    url = report_url("https://github.com/o/r/", "edit/dev/docs/")
    assert url is not None and url.startswith("https://github.com/o/r/blob/dev/CONTRIBUTING.md#13-")
    assert report_url(None, "edit/main/docs/") is None
    share = share_links("glossary/", "https://example.org/site", "用語集", "サイト")
    assert share is not None and share.url == "https://example.org/site/glossary/"
    assert share.line.endswith("https%3A%2F%2Fexample.org%2Fsite%2Fglossary%2F")
    assert "text=%E7%94%A8%E8%AA%9E%E9%9B%86" in share.x
    assert share_links("glossary/", None, "用語集", "サイト") is None


def test_page_info_is_escaped_and_leaves_out_what_it_does_not_know() -> None:
    """Every value is escaped for HTML; without a date, a place or a site URL those keys are absent."""
    share = share_links("a/", "https://example.org/", "A&B", "S")
    info = page_info("article/one.md", "本文", ORDER, date(2026, 1, 2), share, "https://h/?a=1&b=2")
    assert info["updated"] == "2026年1月2日" and info["updated_iso"] == "2026-01-02"
    assert info["position"] == "第1節（全3節）" and info["minutes"] == "1"
    assert info["report"] == "https://h/?a=1&amp;b=2" and "&amp;text=" in info["x"]
    assert page_info("glossary.md", "", ORDER, None, None, None) == {}


def test_last_commit_dates_from_git_and_nothing_without_it(tmp_path: Path) -> None:
    """The date of each file's last commit; {} where there is no repository (a tarball)."""
    assert last_commit_dates(tmp_path, ["a.md"]) == {}
    git = ["git", "-C", str(tmp_path), "-c", "user.name=t", "-c", "user.email=t@example.org"]
    subprocess.run([*git, "init", "-q"], check=True)
    (tmp_path / "a.md").write_text("a", encoding="utf-8")
    subprocess.run([*git, "add", "a.md"], check=True)
    env_date = "2026-03-04T12:00:00+09:00"
    subprocess.run(
        [*git, "commit", "-q", "-m", "a"],
        check=True,
        env={"GIT_COMMITTER_DATE": env_date, "GIT_AUTHOR_DATE": env_date, "PATH": "/usr/bin:/bin"},
    )
    assert last_commit_dates(tmp_path, ["a.md"]) == {"a.md": date(2026, 3, 4)}

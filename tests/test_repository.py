"""The repository's contract: the README's two commands, CI, workflows, pre-commit, licences."""

from __future__ import annotations

import re

import yaml

from tests.conftest import ROOT


def workflow(name: str) -> dict:
    """A workflow file parsed as YAML (the quoted "on" key stays a string)."""
    return yaml.safe_load((ROOT / ".github" / "workflows" / name).read_text(encoding="utf-8"))


def steps(job: dict) -> list[dict]:
    """The steps of a job."""
    return job["steps"]


def test_readme_gives_the_two_commands() -> None:
    """The quick start names `make serve` and `make test`, and the Makefile defines both."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert "make serve" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    for target in ("serve", "test", "build", "check", "bench", "clean"):
        assert re.search(rf"^{target}:", makefile, re.M), target


def test_ci_runs_the_readme_test_command() -> None:
    """.ci/run calls `make test` with CI=true and stops on the first failure."""
    script = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "set -euo pipefail" in script and "CI=true" in script
    assert re.search(r"^make test$", script, re.M)


def test_test_workflow_runs_make_test_on_pull_requests() -> None:
    """Every pull request and push to main runs make check (annotations), the Zensical build and make test, with pip caching."""
    flow = workflow("test.yml")
    assert "pull_request" in flow["on"] and flow["on"]["push"]["branches"] == ["main"]
    job = flow["jobs"]["test"]
    runs = [s.get("run", "") for s in steps(job)]
    assert "make check" in runs and "make test" in runs and "make build ENGINE=zensical" in runs
    setup = next(s for s in steps(job) if s.get("uses", "").startswith("actions/setup-python@"))
    assert setup["with"]["cache"] == "pip"
    test_step = next(s for s in steps(job) if s.get("run") == "make test")
    assert test_step["env"]["CI"] == "true"


def test_deploy_workflow_publishes_to_pages() -> None:
    """Pushes to main build strictly with MkDocs (DESIGN.md: "Switching to Zensical") and deploy with the official Pages actions."""
    flow = workflow("deploy.yml")
    assert flow["on"]["push"]["branches"] == ["main"]
    assert flow["permissions"]["pages"] == "write" and flow["permissions"]["id-token"] == "write"
    build = flow["jobs"]["build"]
    uses = [s.get("uses", "") for s in steps(build)]
    assert any(u.startswith("actions/configure-pages@") for u in uses)
    assert any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert "make build" in [s.get("run") for s in steps(build)]
    assert flow["env"]["ENGINE"] == "mkdocs"
    upload = next(s for s in steps(build) if s.get("uses", "").startswith("actions/upload-pages-artifact@"))
    assert upload["with"]["path"] == "${{ env.ENGINE == 'zensical' && 'build/zensical/site' || 'site' }}"
    deploy = flow["jobs"]["deploy"]
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert steps(deploy)[0]["uses"].startswith("actions/deploy-pages@")


def test_pre_commit_runs_the_project_linters() -> None:
    """pre-commit runs ruff, yamllint and the data check from the project's own environment."""
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    assert any("ruff check" in e for e in entries)
    assert any("yamllint" in e for e in entries)
    assert any("hooks.check" in e for e in entries)


def test_licences_are_stated() -> None:
    """Code under MIT; our writing under CC BY 4.0; the article credited to its publisher."""
    licence = (ROOT / "LICENSE").read_text(encoding="utf-8")
    assert "MIT License" in licence and "CC BY 4.0" in licence and "Futurism" in licence


def test_lighthouse_job_runs_on_pull_requests_that_change_what_a_page_loads() -> None:
    """The lighthouse job runs `make lighthouse` (CI=true) on pull requests whose changes a page loads."""
    import json

    job = workflow("test.yml")["jobs"]["lighthouse"]
    assert job["if"] == "github.event_name == 'pull_request'"
    filter_step = next(s for s in steps(job) if s.get("id") == "paths")
    pattern = re.search(r"pattern='([^']+)'", filter_step["run"]).group(1)
    changed = [
        "docs/article/lead.md",
        "docs/assets/site.css",
        "docs/assets/search-worker.js",
        "docs/data/timeline.yml",
        "glossary.yml",
        "hooks/theme/main.html",
        "hooks/render.py",
        "hooks/phrases.py",  # the line-break markup of every page
        "hooks/extension.py",  # the links and tooltips of every page
        "mkdocs.yml",
        "requirements.txt",
        "package-lock.json",
        "tests/lighthouse.py",
    ]
    unchanged = ["README.md", "CONTRIBUTING.md", "DESIGN.md", "tests/test_site.py", "requirements-test.txt"]
    assert all(re.search(pattern, path) for path in changed), [p for p in changed if not re.search(pattern, p)]
    assert not any(re.search(pattern, path) for path in unchanged), [p for p in unchanged if re.search(pattern, p)]
    run = next(s for s in steps(job) if "make lighthouse" in s.get("run", ""))
    assert run["if"] == "steps.paths.outputs.changed == 'true'" and run["env"]["CI"] == "true"
    assert re.search(r"^lighthouse: build node_modules/\.installed$", (ROOT / "Makefile").read_text(encoding="utf-8"), re.M)
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["dependencies"]["lighthouse"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned), pinned


def test_readme_is_a_short_japanese_front_page() -> None:
    """README: at most about 120 lines, Japanese first, linking to CONTRIBUTING and to the measurements, which are dated."""
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 120
    first = readme.split("\n\n")[1]  # the paragraph under the title
    assert sum("\u3040" <= c <= "\u30ff" or "\u4e00" <= c <= "\u9fff" for c in first) > len(first) / 2
    assert readme.index("## English summary") > readme.index("## 公開先")
    for linked in ("CONTRIBUTING.md", "PERFORMANCE.md", "DESIGN.md"):
        assert f"]({linked})" in readme and (ROOT / linked).is_file(), linked
    measured = (ROOT / "PERFORMANCE.md").read_text(encoding="utf-8")
    for heading in ("## Performance (`make bench`)", "## Phone speed (`make lighthouse`)"):
        line = next(line for line in measured.splitlines() if line.startswith(heading))
        assert re.search(r"measured \d{4}-\d{2}-\d{2}$", line), line
    assert "| Page | Perf | A11y | BP | SEO | LCP | TBT | CLS | Bytes |" in measured

"""The pages the build writes itself, which no file in the repository holds (`_toc.yml` still lists them).

Three are written from the data (`from_data`), with the landing page's computed findings filled in, made
again only when the data, the landing page's text, the package or the lock changed; the auditing page is written last, from the data checks and the manifest (`auditing`).
"""

from __future__ import annotations

from typing import Any

from hertsbook.cache import Cache
from hertsbook.cache import key as cache_key
from hertsbook.project import Project
from hertsbook.publish import manifest, pages

EVIDENCE, NATIONAL, AUDIT, AUDITING = "book/evidence", "book/national", "book/audit", "book/auditing"
PAGES = (EVIDENCE, NATIONAL, AUDIT, AUDITING)  # their names in _toc.yml (gate.book_config reads this)
LANDING = "book/index.md"  # in the repository, with marked lines the build fills in (pages.landing_page)


def from_data(project: Project, cache: Cache | None = None) -> dict[str, str]:
    """The evidence, audit and national data pages, by their path in the book (from `cache` if unchanged)."""
    if cache is None:
        return _write(project)
    data = {
        project.relative(p): manifest.sha256(p.read_bytes()) for p in project.data.rglob("*") if p.is_file()
    }
    landing = project.root / LANDING
    data[LANDING] = manifest.sha256(landing.read_bytes())
    lock = manifest.sha256((project.root / "requirements.lock").read_bytes())
    key = cache_key("pages", sorted(data.items()), manifest.package_source_hash(project), lock)
    written = cache.value("pages", key)
    if written is None:
        written = _write(project)
        cache.put("pages", key, {}, value=written)
    return written


def _write(project: Project) -> dict[str, str]:
    from hertsbook.content import audit, data  # pandas: loaded when needed, not before the kernels start

    evidence, dates = data.evidence(project), data.dates(project)
    findings = audit.findings(audit.load(project))
    landing = (project.root / LANDING).read_text(encoding="utf-8")
    return {
        LANDING: pages.landing_page(landing, pages.landing_findings(project)),
        f"{EVIDENCE}.md": pages.evidence_page(evidence, dates, data.lists(project)),
        f"{AUDIT}.md": pages.audit_page(findings, evidence, dates),
        f"{NATIONAL}.md": pages.national_page(data.national_provenance(project)),
    }


def auditing(checked: list[dict[str, Any]], made: dict[str, Any]) -> dict[str, str]:
    """The "Auditing this book" page: every data check that ran and the manifest of this build."""
    return {f"{AUDITING}.md": pages.auditing_page(checked, made)}

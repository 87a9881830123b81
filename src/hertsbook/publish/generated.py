"""The pages the build writes itself, which no file in the repository holds (`_toc.yml` still lists them).

The evidence index, one evidence page per source document, the audit and national data pages are written from the data (`from_data`, with the downloads those pages offer), with the landing page's computed findings filled in, made
again only when the data, the landing page's text, the package or the lock changed; the auditing page is written last, from the data checks and the manifest (`auditing`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from hertsbook.cache import Cache, sha256
from hertsbook.cache import key as cache_key
from hertsbook.project import Project
from hertsbook.publish import manifest, pages

EVIDENCE, NATIONAL, AUDIT, AUDITING = "book/evidence", "book/national", "book/audit", "book/auditing"
# The five source documents (data/sources/*.txt, a test holds the two the same): each has its evidence page.
SOURCES = (
    "2018-11-prevention-strategy",
    "2020-adult-care-local-account-2018-2020",
    "2023-07-early-help-redesign-news",
    "2025-03-connect-and-prevent-news",
    "2025-07-adult-care-cabinet-panel-summary",
)
SOURCE_PAGES = tuple(f"{EVIDENCE}/{stem}" for stem in SOURCES)
PAGES = (
    EVIDENCE,
    *SOURCE_PAGES,
    NATIONAL,
    AUDIT,
    AUDITING,
    "councils/index",  # hertsbook.publish.council_pages
)  # their names in _toc.yml (gate.book_config reads this)
LANDING = "book/index.md"  # in the repository, with marked lines the build fills in (pages.landing_page)


def from_data(project: Project, cache: Cache | None = None) -> dict[str, str]:
    """The evidence, audit and national data pages, by their path in the book (from `cache` if unchanged)."""
    if cache is None:
        return _write(project)
    data = {project.relative(p): sha256(p.read_bytes()) for p in project.data.rglob("*") if p.is_file()}
    landing = project.root / LANDING
    data[LANDING] = sha256(landing.read_bytes())
    lock = sha256((project.root / "requirements.lock").read_bytes())
    key = cache_key("pages", sorted(data.items()), manifest.package_source_hash(project), lock)
    written = cache.value("pages", key)
    if written is None:
        written = _write(project)
        cache.put("pages", key, {}, value=written)
    return written


def _write(project: Project) -> dict[str, str]:
    from hertsbook.content import audit, data  # pandas: loaded when needed, not before the kernels start

    evidence, dates, lists = data.evidence(project), data.dates(project), data.lists(project)
    findings = audit.findings(audit.load(project))
    landing = (project.root / LANDING).read_text(encoding="utf-8")
    documents = pages.documents((project.sources / "SOURCES.md").read_text(encoding="utf-8"))
    written = {
        LANDING: pages.landing_page(landing, pages.landing_findings(project)),
        f"{EVIDENCE}.md": pages.evidence_index(documents, evidence, dates, lists),
        f"{AUDIT}.md": pages.audit_page(findings, evidence, dates),
        f"{NATIONAL}.md": pages.national_page(data.national_provenance(project)),
        # Downloads, published at the site's root: every evidence row, and the book's copy of each document.
        f"_extra/{pages.EVIDENCE_CSV}": pages.evidence_csv(evidence),
    }
    for document in documents:
        stem = Path(document["file"]).stem
        written[f"{EVIDENCE}/{stem}.md"] = pages.source_evidence_page(document, evidence, dates, lists)
        copy = (project.sources / document["file"]).read_bytes().decode("utf-8")  # bytes: line ends kept
        written[f"_extra/{pages.source_download(document['file'])}"] = copy
    return written


def auditing(checked: list[dict[str, Any]], made: dict[str, Any]) -> dict[str, str]:
    """The "Auditing this book" page: every data check that ran and the manifest of this build."""
    return {f"{AUDITING}.md": pages.auditing_page(checked, made)}

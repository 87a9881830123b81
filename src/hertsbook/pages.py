"""Pages written from the data at build time (they are never edited by hand, so they cannot go stale)."""

from __future__ import annotations

from html import escape

import pandas as pd

from hertsbook.text import figure


def evidence_page(evidence: pd.DataFrame) -> str:
    """Every value with its quote and locator; each row's id is its anchor (evidence.html#ID)."""
    rows = []
    for evidence_id, row in evidence.sort_index().iterrows():
        rows.append(
            f'<tr id="{escape(evidence_id)}"><th scope="row"><code>{escape(evidence_id)}</code></th>'
            f"<td>{escape(row['measure'])}</td><td>{escape(row['period'])}</td>"
            f'<td class="hb-num">{escape(figure(row["written"], row["unit"]))}</td>'
            f"<td>“{escape(row['quote'])}”<br><small>{escape(row['source'])}: {escape(row['locator'])}</small></td></tr>"
        )
    counts = evidence.groupby("source").size()
    summary = "\n".join(f"- `{source}`: {count} figures" for source, count in counts.items())
    return f"""# Sources and evidence

This page lists every figure the book takes from its five source documents: {len(evidence)} in all.
Each row gives the figure, the exact words it was copied from (the *quote*) and where those words are in
the document (the *locator*). Every time the book is built, a check confirms that each quote is still in its
document and that the figure is written in its quote. Figures in the chapters link to their row here; to find
one by its id, use your browser's find (Ctrl+F) or the search box.

{summary}

```{{raw}} html
<div class="hb-table-scroll"><table class="hb-table hb-evidence-table">
<caption>Every figure taken from the source documents, with its quote and locator</caption>
<thead><tr><th scope="col">Id</th><th scope="col">What is measured</th><th scope="col">Period</th>
<th scope="col">Figure</th><th scope="col">Quote and where it is</th></tr></thead>
<tbody>
{chr(10).join(rows)}
</tbody></table></div>
```
"""

"""briefing.md: the briefing rendered as Markdown, a rendering stage.

Reads a built `Briefing` and nothing else; every document or model string goes through
`md_escape`. The wording it shares with the HTML page (dates, counts, event phrases) is in
briefing/prose.py.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.briefing.models import Briefing, BriefingEvent, Citation, ReportedValue
from summarizer.briefing.prose import event_phrase, fmt_date, plural, ref_text, span_text
from summarizer.render.outputs import md_escape


def _cite_md(c: Citation) -> str:
    where = f" {c.start}–{c.end}" if c.start is not None and c.end is not None else ""
    mark = "" if c.verified else " unverified"
    return f"[{c.source}]{where}{mark}"


def _cites_md(sources: Iterable[int]) -> str:
    """Citation marks; runs of three or more consecutive sources are shortened to [1]–[5]."""
    nums = sorted(set(sources))
    parts: list[str] = []
    i = 0
    while i < len(nums):
        j = i
        while j + 1 < len(nums) and nums[j + 1] == nums[j] + 1:
            j += 1
        if j - i >= 2:
            parts.append(f"[{nums[i]}]–[{nums[j]}]")
        else:
            parts.extend(f"[{n}]" for n in nums[i : j + 1])
        i = j + 1
    return "".join(parts)


def _casualties(e: BriefingEvent) -> str:
    def part(values: list[ReportedValue], noun: str) -> str:
        if not values:
            return ""
        if len(values) == 1:
            return f"{values[0].value} {noun}"
        return f"{noun}: " + " vs ".join(f"{v.value} {_cites_md(v.sources)}" for v in values)

    bits = [
        p for p in (part(e.fatalities_reported, "killed"), part(e.injuries_reported, "injured"))
    ]
    return "; ".join(b for b in bits if b) or "—"


def briefing_markdown(b: Briefing) -> str:
    """briefing.md: every document or model string escaped with md_escape."""
    out: list[str] = [f"# {md_escape(b.title)}", ""]
    period = "reports " + span_text(b.period_start, b.period_end)
    if b.events_start:
        period += " · events " + span_text(b.events_start, b.events_end)
    out += [
        f"{plural(len(b.sources), 'source')} · {period} · {plural(len(b.events), 'event')} · "
        f"{plural(len(b.actors), 'actor')} · {plural(len(b.contradictions), 'contradiction')}",
        "",
        "## Bottom line up front",
        "",
    ]
    if not b.bluf:
        out += ["No reports.", ""]
    for i, sentence in enumerate(b.bluf):
        line = f"{md_escape(sentence.text)} {_cites_md(sentence.sources)}"
        out += [f"**{line}**", ""] if i == 0 else [f"- {line}"]
    if len(b.bluf) > 1:
        out.append("")
    events_by_id = {e.id: e for e in b.events}
    if b.new_since is not None:
        out += [f"## New since {md_escape(b.new_since.since)}", ""]
        if not b.new_since.sources and not b.new_since.events:
            out += ["Nothing new.", ""]
        for n in b.new_since.sources:
            src = b.sources[n - 1]
            out.append(f"- [{n}] {md_escape(src.title)} ({md_escape(src.date or 'undated')})")
        for eid in b.new_since.events:
            e = events_by_id[eid]
            out.append(f"- {md_escape(event_phrase(e))} {_cites_md(e.sources)}")
        out.append("")
    out += ["## Timeline", ""]
    if b.events:
        out += [
            "| Date | Place | Type | Actors | Casualties | Status | Sources |",
            "| --- | --- | --- | --- | --- | --- | --- |",
        ]
        for e in b.events:
            kind = e.event_type + (f" / {e.sub_event_type}" if e.sub_event_type else "")
            actors = ", ".join(ref_text(a) for a in e.actors) or (
                "unidentified" if e.actor_unknown else ""
            )
            if e.targets:
                actors += " → " + ", ".join(ref_text(t) for t in e.targets)
            status = str(e.status)
            if len(e.statuses) > 1:
                status += " (" + "; ".join(f"{v.value} {_cites_md(v.sources)}" for v in e.statuses)
                status += ")"
            cites = "; ".join(_cite_md(r.citation) for r in e.reports)
            flag = " ⚠" if e.contradictions else ""
            if not e.verified:
                status += " (unverified: not found in the source)"
            out.append(
                f"| {md_escape(fmt_date(e.date)) if e.date else 'undated'} "
                f"| {md_escape(e.location) or '—'} | {md_escape(kind)} "
                f"| {md_escape(actors) or '—'} | {md_escape(_casualties(e))}{flag} "
                f"| {md_escape(status)} | {md_escape(cites)} |"
            )
        out.append("")
        out.append("What each source says:")
        out.append("")
        for e in b.events:
            for r in e.reports:
                out.append(
                    f"- {md_escape(fmt_date(e.date)) if e.date else 'undated'}, "
                    f"{md_escape(e.location) or 'place unknown'}: {md_escape(r.description)} "
                    f"{_cite_md(r.citation)}"
                )
        out.append("")
    else:
        out += ["No events.", ""]
    out += ["## Actors", ""]
    if b.actors:
        out += [
            "| Actor | Kind | Affiliation | Also named | Events | Sources |",
            "| --- | --- | --- | --- | --- | --- |",
        ]
        for a in b.actors:
            out.append(
                f"| {md_escape(a.name)} | {md_escape(a.kind)} | {md_escape(a.affiliation) or '—'} "
                f"| {md_escape('; '.join(a.aliases)) or '—'} | {a.events} "
                f"| {_cites_md(a.sources)} |"
            )
        out.append("")
    else:
        out += ["No actors.", ""]
    out += ["## Key quotes", ""]
    if not b.quotes:
        out += ["No quotes.", ""]
    for g in b.quotes:
        out += [f"### {md_escape(g.speaker)}", ""]
        for q in g.quotes:
            out.append(f"> “{md_escape(q.text)}” {_cite_md(q.citation)}")
            out.append("")
    out += ["## Uncertainties and contradictions", ""]
    if b.contradictions:
        out += ["### Contradictions", ""]
        for c in b.contradictions:
            e = events_by_id[c.event_id]
            out.append(
                f"- **{c.kind.capitalize()}**, {md_escape(fmt_date(e.date))}"
                f"{', ' + md_escape(e.location) if e.location else ''}: "
                + "; ".join(f"{md_escape(v.value)} {_cites_md(v.sources)}" for v in c.values)
            )
        out.append("")
    if b.uncertainties:
        out += ["### Hedged or unconfirmed claims", ""]
        for u in b.uncertainties:
            out.append(
                f"- *{md_escape(u.kind)}*: {md_escape(u.claim)} — “{md_escape(u.citation.text)}” "
                f"{_cite_md(u.citation)}"
            )
        out.append("")
    undecided = [d for d in b.actor_decisions if not d.merged]
    if undecided:
        out += ["### Actor names kept apart (possibly the same)", ""]
        for d in undecided:
            by = "model" if d.decided_by == "model" else "no adjudication"
            out.append(f"- {md_escape(d.a)} / {md_escape(d.b)}: {md_escape(d.reason)} ({by})")
        out.append("")
    if not (b.contradictions or b.uncertainties or undecided):
        out += ["None recorded.", ""]
    out += ["## Sources", ""]
    for s in b.sources:
        bits = [md_escape(s.date or "undated")]
        if s.path:
            bits.append(md_escape(s.path + (f" #{s.record_id}" if s.record_id else "")))
        if s.url:
            bits.append(md_escape(s.url))
        new = " **new**" if s.new else ""
        out.append(f"{s.number}\\. {md_escape(s.title)} — {' — '.join(bits)}{new}  ")
    if b.warnings:
        out += ["", "## Warnings", ""]
        out += [f"- {md_escape(w)}" for w in b.warnings]
    return "\n".join(out).rstrip() + "\n"

"""Citations and actor references, as every section of the briefing gives them.

A citation names its source by number and carries the quoted text; its offsets are kept only when
the text was verified against the source. An actor reference carries the reconciled actor's name
and id where the registry knows the name, and the name as written otherwise; `ref_key` tells
when two references name one actor.
"""

from __future__ import annotations

from summarizer.briefing.actors import ActorRegistry
from summarizer.briefing.models import ActorRef, Citation
from summarizer.core.names import name_key


def cite(
    source: int,
    doc_id: str,
    text: str,
    start: int | None,
    end: int | None,
    verified: bool,
) -> Citation:
    """A citation of `text` in source number `source`; the offsets only if it was verified."""
    return Citation(
        source=source,
        doc_id=doc_id,
        start=start if verified else None,
        end=end if verified else None,
        text=text,
        verified=verified,
    )


def actor_ref(name: str, doc_id: str, registry: ActorRegistry) -> ActorRef:
    """The reconciled actor a name in document `doc_id` denotes, else the name as written."""
    entry = registry.resolve(name, doc_id)
    if entry is not None:
        return ActorRef(name=entry.name, actor_id=entry.id)
    return ActorRef(name=" ".join(name.split()))


def ref_key(ref: ActorRef) -> str:
    """What two references to one actor share: the actor's id, else "~" and the name's key."""
    return ref.actor_id or "~" + " ".join(name_key(ref.name))

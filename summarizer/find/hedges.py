"""Hedges and attributions of uncertainty, each with its sentence as evidence."""

from __future__ import annotations

import re

from summarizer.find.reading import Doc, read
from summarizer.find.sentences import sent_index, sentences_of
from summarizer.find.types import HedgeCue
from summarizer.find.words import MONTHS, WEEKDAYS

_W = r"\s+"
# A day after "on" ("reported on Tuesday", "on 12 March", "on March 12"): when, not what about.
_DAY = (
    r"(?:"
    + "|".join(sorted([*MONTHS, *WEEKDAYS], key=len, reverse=True))
    + r")\b|\d|the\s+(?:\d|same|previous|next|following|eve)"
)
_HEDGE_RULES: dict[str, list[str]] = {
    "unconfirmed": [
        r"unconfirmed",
        r"unverified",
        r"not(?:{w}yet)?(?:{w}been)?(?:{w}independently)?{w}(?:confirmed|verified)",
        r"(?:could|can)(?:not|{w}not|n't)(?:{w}be)?(?:{w}independently)?{w}(?:confirm(?:ed)?|verif(?:y|ied))",
        r"(?:has|have|had){w}not{w}been{w}claimed",
        r"yet{w}to{w}be{w}(?:confirmed|verified|claimed)",
        r"not{w}(?:yet{w}|immediately{w})?claimed",
        r"unclaimed",
        r"no{w}(?:one|group|organi[sz]ation|party){w}(?:has{w}|had{w})?(?:immediately{w})?claimed",
        r"no{w}(?:immediate{w})?claims?{w}of{w}responsibility",
        r"(?:did|does|has|have){w}not{w}claim(?:ed)?",
        r"no{w}evidence",
        # "On the speculations of vigilante killings, the PNP ...".
        r"speculations?",
        # "was unable to conduct an immediate assessment", "unable to immediately dispatch a
        # ground force to assess the results".
        r"unable{w}to(?:{w}[a-z]+){{0,6}}?{w}(?:assess|confirm|verif)[a-z]*",
        # "All attempts to get the Chief Medical Director ... for confirmation were in vain".
        r"(?:efforts?|attempts?){w}to{w}(?:get|reach|contact)\b[^.;]{{0,150}}?\b(?:in{w}vain|"
        r"abortive|unsuccessful|failed)",
    ],
    "unknown": [
        r"it{w}(?:was|is|remains|remained)(?:{w}still)?{w}(?:unclear|not{w}clear|unknown|not{w}known)",
        r"(?:remains?|remained){w}unclear",
        r"unclear",
        r"unknown",
        r"not{w}known",
        r"without{w}(?:providing|giving|offering|specifying|disclosing){w}(?:any{w}|further{w})?details",
        r"without{w}elaborating",
        r"questions{w}(?:remain|remains|remained|linger|lingered)",
        r"did{w}not{w}(?:identify|specify|elaborate|disclose|name|mention|say{w}(?:who|how|what|when|where|whether))",
        r"did(?:{w}not|n't){w}(?:provide|give|release|disclose|offer)(?:{w}(?:any|specific|further|more))*{w}(?:details|information)",
        r"didn't{w}(?:identify|specify|elaborate|disclose|name)",
        r"declined{w}to{w}(?:comment|identify|name|say|elaborate)",
        r"(?:(?:was|were){w}not|(?:has|have|had){w}not{w}(?:yet{w})?been){w}identified",
        r"not{w}immediately{w}(?:clear|known)",
        # "those bombings have never been satisfactorily explained".
        r"(?:never|not){w}(?:yet{w})?been{w}(?:[a-z]+ly{w})?(?:explained|established|"
        r"determined|confirmed|verified)",
        r"unidentified",
        r"no{w}(?:further{w})?details",
        r"(?:is|are|was|were){w}not{w}naming",
        r"withh[eo]ld(?:ing)?{w}(?:[a-z’'\-]+{w}){{0,2}}?(?:names?|identit(?:y|ies))",
        r"found{w}nothing",
        r"(?:was|were|is|are){w}not{w}aware",
        # "investigators to find out the cause".
        r"(?:find{w}out|establish|determine|ascertain){w}(?:the{w})?(?:cause|circumstances|"
        r"identity|identities)",
    ],
    "contested": [
        # Not "were denied a part in the process", "denied them access": a deprivation, not a
        # denial of what was said.
        r"denied(?!{w}(?:them{w}|him{w}|her{w}|us{w})?(?:a{w}|the{w}|any{w})?(?:access|entry|"
        r"part|rights?|permission|bail|visas?|passage|treatment|food|water|care)\b)",
        r"denies",
        r"denial",
        r"disputed",
        r"rejected{w}(?:the{w}|these{w}|those{w}|such{w})?(?:claims?|allegations?|accusations?|reports?|account)",
        r"refuted",
        r"dismissed{w}(?:the{w}|these{w}|such{w})?(?:claims?|allegations?|accusations?|reports?)",
        r"contradict(?:ed|s)?",
        r"rejects?{w}any",
        r"skepticism",
        r"scepticism",
        r"doubts?{w}(?:about|over|remain)",
        r"plead(?:ed|s)?{w}not{w}guilty",
        r"(?:a|the|biggest|big|outright){w}lie",
        # Not "lying on the ground", "lying dead": where something lies.
        r"lying(?!{w}(?:on|in|at|down|around|about|under|beneath|there|here|near|next|dead|"
        r"injured|wounded|face|flat|still)\b)",
        r"falsely",
        r"brushed{w}off",
        r"false{w}(?:claims?|reports?|information|allegations?)",
        # "General Azazi insisted that Nigerian troops did not attack", "had no hand in it".
        r"insisted{w}(?:[a-z’'\-]+{w}){{0,7}}?(?:(?:did|had|has|have|was|were|is|are)"
        r"(?:{w}not|n't)|never)",
        r"(?:had|has|have){w}no{w}hand",
    ],
    "attributed": [
        r"reportedly",
        # Not "according to international law" nor "according to the plan": conformity, not a
        # source.
        r"according{w}to(?!{w}(?:international{w}|the{w}|its{w}|their{w})?(?:law|laws|"
        r"legitimacy|resolutions?|agreements?|plans?|schedule|procedures?|rules?)\b)"
        # Nor "according to the Dallas Police Department's protocol": a body's written rule.
        r"(?!{w}(?:the{w})?(?:[\w’'-]+{w}){{0,5}}?(?:protocols?|polic(?:y|ies)|guidelines|"
        r"regulations|manual|charter|constitution|statutes?)\b)",
        # Not "claimed the lives of 12" nor "claiming more than 500 lives": a toll, not a claim.
        r"claim(?:ed|ing|s)?(?!(?:{w}[\w,.-]+){{0,4}}?{w}li(?:fe|ves)\b)",
        r"citing(?:{w}(?:anonymous|unnamed|unidentified))?{w}(?:sources?|officials?)",
        r"(?:is|are|was|were){w}said{w}to",
        r"allegedly",
        r"alleged",
        r"alleges",
        r"purportedly",
        r"purported",
        r"(?:anonymous|unnamed){w}(?:sources?|officials?)",
        r"sources{w}(?:said|say|told)",
        r"(?:is|are|was|were|has{w}been|have{w}been){w}reported",
        # "As I have reported previously" is a letter's own report, not an attribution.
        # Nor "must be reported to the Treasury": a duty to report, not a report.
        r"(?<!\bi )(?<!\bwe )(?<!\bi have )(?<!\bwe have )reported"
        r"(?!{w}to{w}(?!have\b|be\b|been\b))(?!{w}on{w}(?!{day}))",
        r"reports{w}(?:said|say|suggested|suggest|emerged|indicated|indicate|indicating)",
        r"there{w}(?:are|were|have{w}been){w}(?:[a-z]+{w})?reports",
        r"credible{w}reports",
        r"allegations?",
        r"(?:experts|analysts|observers|officials|witnesses|authorities|prosecutors|"
        r"investigators|police|activists|residents)(?:{w}(?:also|have|had|later))?{w}"
        r"(?:say|says|said|saying)",
        # "activists in contact with inmates said", "residents of the town said".
        r"(?:activists|residents|witnesses){w}(?:in|of|from|with|inside|near)"
        r"(?:{w}[a-z’'\-]+){{1,4}}?{w}(?:say|says|said|saying)",
        r"accus(?:ed|es|ing)",
        r"(?:is|are|was|were){w}described{w}as",
        r"intelligence{w}(?:indicated|suggested|showed)",
        r"blamed",
        r"blaming",
        # "Immediate suspicion fell on the Abu Sayyaf Group": a doer suspected, not known.
        r"suspicion{w}(?:fell|falls|has{w}fallen|centred|centered)",
        # "Fars News said", "state media reported", "the industry publication stated": a claim
        # that rests on an outlet ("press secretary" is a person, not an outlet).
        # A bare "agency" is as often a UN agency stating a fact as a news agency: "news agency"
        # is caught by "news" with the word after it.
        r"(?:media|press|television|tv|news|newspaper|outlet|publication|herald|radio|"
        r"channel|database)(?:{w}(?!secretary|conference|release|briefing)[a-z’'\-]+)?{w}"
        # Not "The Post and Courier newspaper reported on Bruck's closing argument:": what a
        # report was about, not a claim it made.
        r"(?:said|says|stated|states|reported(?!{w}on{w}(?!{day}))|reports|quoted)",
        r"by{w}varying{w}reports",
        r"(?:initial|early|earlier|first|preliminary){w}reports",
        # What a statement said, told again: "The statement also said US troops had ...".
        r"the{w}statement(?:{w}also)?{w}(?:said|says|claimed|added)",
        # An unnamed source: "One community worker said", "A senior official told VOA".
        # "A member of the Syrian National Council opposition group said", "a source has
        # confirmed".
        r"(?<![\w-])(?:a|an|one){w}(?:[a-z’'\-]+{w}){{0,3}}?(?:official|source|worker|friend|"
        r"witness|resident|neighbou?r|diplomat|officer|aide|relative|insider|member){w}"
        r"(?:of{w}(?:the{w}|his{w}|her{w})?(?:[a-z’'\-]+{w}){{1,6}}?)?(?:also{w})?"
        r"(?:(?:has|had){w})?(?:said|says|told|confirmed)",
    ],
    "hedge": [
        r"likely",
        r"unlikely",
        r"possibly",
        # Not "as soon as possible", "where possible", "everything possible", "to the extent it
        # was possible": a manner, not a hedge.
        r"(?<!\bas )(?<!\bif )(?<!\bwhere )(?<!\bwhen )(?<!\bwhenever )(?<!\bwherever )"
        r"(?<!\beverything )(?<!\bextent it was )(?<!\bextent it is )"
        # Nor "made it possible", "faster than I thought possible": what could be done.
        r"(?<!\bit )(?<!\bthought )possible",
        # Not "perhaps ten minutes later", "probably 200": an approximation, not a hedge.
        r"probably(?!{w}(?:\d|a{w}dozen|dozens|hundreds|thousands|ten|twenty|thirty)\b)",
        r"perhaps(?!{w}(?:\d|a{w}dozen|dozens|hundreds|thousands|ten|twenty|thirty)\b)",
        r"apparently",
        r"presumably",
        r"suspected",
        r"suggests",
        r"apparent",
        r"(?:appears|appeared)(?:{w}[a-z]+){{0,2}}?{w}to",
        # Not "I suggested to him that we go": a proposal, not a hedge.
        r"suggested(?!{w}(?:to{w}(?:him|her|them|me|us)|that{w}(?:we|i))\b)",
        r"suggesting",
        # Not "none of us could have imagined", "no amount of training could have": what no
        # one could do is no hedge.
        r"(?<!\bnone of us )(?<!\bno one )(?<!\bnobody )(?:may|might|could){w}have",
        r"(?:may|might){w}be",
        r"(?:is|are|was|were){w}believed",
        # "Investigators believe a racist motive was behind the attack".
        r"(?:investigators|police|officials|authorities|experts|analysts|prosecutors){w}"
        r"(?:also{w})?believe[sd]?",
        # "The attack, if proven to be carried out by Islamic State": a condition unmet.
        r"if{w}(?:it{w}(?:is|was){w})?(?:proven|proved|confirmed)",
        # "The main suspect is Chechen warlord Doku Umarov".
        r"(?:main|prime|chief|key){w}suspects?",
        r"believed{w}to",
        r"assessed{w}to{w}be",
        r"based{w}on{w}(?:the{w})?information{w}(?:currently{w})?available",
        # Not "I thought to myself".
        r"thought{w}to{w}(?:be|have)\b",
        r"appear(?:s|ed)?{w}to",
        r"seem(?:s|ed)?{w}to",
        r"potentially",
        r"it{w}(?:seems|seemed)\b",
        r"rumou?rs?",
        r"it{w}(?:is|was){w}understood\b",
        r"(?:is|are|was|were){w}understood{w}to",
        r"suggest{w}that",
        # Not "in no uncertain terms": an idiom of certainty.
        r"(?<!\bno )uncertain",
        r"either{w}by",
    ],
}
# Matched against an ASCII-lower-cased copy (same length); one named group per kind, the
# rules of a kind in order.
_HEDGE_RE = re.compile(
    r"\b(?:"
    + "|".join(
        f"(?P<{kind}>" + "|".join(p.format(w=_W, day=_DAY) for p in pats) + ")"
        for kind, pats in _HEDGE_RULES.items()
    )
    + r")\b"
)


# "As complex as the path may be", "however hard it may be": a concession, not a hedge.
_CONCESSIVE = re.compile(
    r"\b(?:as\s+(?!well\b)[a-z]+\s+as|however\s+[a-z]+|whatever)\s+(?:[a-z’'-]+\s+){0,4}\Z"
)


# "It may be a cliché but the air really did feel electrified": granted, then asserted.
_CONCEDED = re.compile(r"[^.;:!?]{0,40}?,?\s+but\b")
# "the best case possible", "the highest possible": a degree, not a hedge.
_SUPERLATIVE = re.compile(
    r"\b(?:best|worst|most|least|highest|lowest|greatest|fullest|largest|smallest|earliest|"
    r"latest|fastest|strongest|maximum|minimum)\s+(?:[a-z’'-]+\s+)?\Z"
)
# "no amount of training or experience could have": a negated ability, not a hedge.
_NO_AMOUNT = re.compile(r"\bno\s+amount\s+of\b[^.;]*\Z")


def find_hedges(text: str | Doc) -> list[HedgeCue]:
    """Hedges and attributions of uncertainty, each with its sentence as evidence.

    Kinds: "hedge" (likely, possibly, may have, believed to, suspected), "unconfirmed"
    (unconfirmed, could not be verified, has not been claimed, no group claimed), "attributed"
    (reportedly, according to, claimed, citing anonymous sources, said to, "state media reported",
    "Fars News said"), "contested" (denied, disputed, rejected the claim, "the biggest lie") and
    "unknown" (it was unclear, unknown, without providing details, did not identify, did not
    release any information). The longest phrase wins where several overlap.
    """
    doc = read(text)
    sents = sentences_of(doc)
    out: list[HedgeCue] = []
    for m in _HEDGE_RE.finditer(doc.lower, doc.body):
        kind = m.lastgroup or ""
        if m.group().startswith(("may", "might")) and (
            _CONCESSIVE.search(doc.lower, max(0, m.start() - 60), m.start())
            or _CONCEDED.match(doc.lower, m.end())
        ):
            continue
        if kind == "hedge" and _NO_AMOUNT.search(doc.lower, max(0, m.start() - 80), m.start()):
            continue
        if m.group() == "possible" and _SUPERLATIVE.search(
            doc.lower, max(0, m.start() - 40), m.start()
        ):
            continue
        si = sent_index(doc, m.start())
        if si >= 0 and sents[si][0] <= m.start() < sents[si][1]:
            sentence = doc.cue(*sents[si])
        else:
            sentence = doc.cue(m.start(), m.end())
        if kind == "hedge" and sentence.text.rstrip().endswith("?"):
            continue  # "is it possible that our people ...?": a question asks, it claims nothing
        s, e = doc.span(m.start(), m.end())
        out.append(HedgeCue(s, e, doc.text[s:e], kind, sentence))
    return out

"""Deterministic finders: sentences, names, quotations and speakers, hedges, dates, tolls.

Each finder returns spans whose offsets are Python code-point indices into the exact text it was
given, so ``text[cue.start:cue.end] == cue.text`` holds for every cue. The text itself is never
normalized: matching runs on a folded copy and every offset is mapped back (`reading`). Each
finder takes the text or its reading (a `reading.Doc`): a caller that runs several finders on one
document builds one `Doc` and passes it to each, so the fold, sentences and names are read once.

One module per cue kind, each below the ones it reads: `types` (the cues), `reading` (the folded
text and what is read once on it), `words` (shared word lists), `sentences`, `names` (with
`name_split` and `name_kinds`), `turns` (transcript speaker turns), `acronyms` (and mentions),
`quotes` (the marks), `referents` (whom a surname or pronoun stands for), `speakers` (who said
each quote: `find_quotes`), `hedges`, `dates`, `casualties`.
"""

"""Repairs to the parser's trees, as a spaCy pipeline component run once the parts of speech are set.

The small English model reads a news lead whose subject carries an apposition as a noun phrase with a participle:
"Javier Milei, a libertarian economist, defeated Economy Minister Sergio Massa on Sunday" comes out with the name as
the root of the sentence and "defeated" as a clause describing "economist". A verb the tagger itself calls a finite
past (VBD) cannot describe a noun; when a sentence has no verb at its root and such a verb hangs on the root or on
the root's apposition, that verb is the sentence's main verb and the root noun its subject.

It also reads a passive whose auxiliary the second half leaves out ("Six people were killed and 58 injured on Friday")
as the first verb coordinated with the number, and the participle as describing that number: the injuring is then
no clause of the killing and does not share its time. A past participle hung on a number or noun that is coordinated
with a passive verb is that verb's coordinated verb, the number or noun its subject.
"""

from __future__ import annotations

from spacy.language import Language
from spacy.tokens import Doc

NAME = "dateline_parse_repair"
_NOUNS = ("PROPN", "NOUN")


def _main_verb_taken_for_a_modifier(sent):
    """The finite verb the parser hung on the root noun (or its apposition) of a sentence without a verb at its root,
    or None."""
    root = sent.root
    if root.pos_ not in _NOUNS:
        return None
    for t in sent:
        if t.i <= root.i or t.dep_ != "acl" or t.tag_ != "VBD" or t.pos_ != "VERB":
            continue
        host = t.head
        if (host.i == root.i or host.dep_ == "appos" and host.head.i == root.i) and not any(
                c.dep_ in ("nsubj", "nsubjpass") for c in t.children):
            return t
    return None


def _gapped_passives(sent) -> list[tuple]:
    """(the passive verb, the coordinated subject, its participle) for "X were killed and Y injured" in a sentence."""
    out = []
    for t in sent:
        if t.dep_ != "acl" or t.tag_ != "VBN" or t.pos_ != "VERB" or t.i < t.head.i:
            continue
        subj = t.head
        verb = subj.head
        passive = any(c.dep_ == "auxpass" for c in verb.children)
        if subj.dep_ == "conj" and subj.pos_ in ("NUM", "NOUN") and verb.pos_ == "VERB" and verb.tag_ == "VBN" \
                and passive and not any(c.dep_ == "auxpass" for c in t.children):
            out.append((verb, subj, t))
    return out


@Language.component(NAME)
def repair(doc: Doc) -> Doc:
    for sent in list(doc.sents):
        verb = _main_verb_taken_for_a_modifier(sent)
        if verb is None:
            continue
        root = sent.root
        after = [t for t in sent if t.i > verb.i and t.head.i == root.i]  # the full stop hung on the noun
        verb.head, verb.dep_ = verb, "ROOT"
        root.head, root.dep_ = verb, "nsubj"
        for t in after:
            t.head = verb
    for sent in list(doc.sents):
        for verb, subj, participle in _gapped_passives(sent):
            participle.head, participle.dep_ = verb, "conj"
            subj.head, subj.dep_ = participle, "nsubjpass"
    return doc

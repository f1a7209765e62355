"""One lexicon of reporting verbs, by lemma, for the article path and the merge.

``SPEECH`` verbs introduce what someone said ("said", "told", "added");
``STANCE`` verbs report an evaluation of something ("applauded the decision",
"denied the charges"), which is a reported statement even without a clause; ``STANCE_STATES``
say it as the speaker's state ("was critical of the arrests"); ``NON_ANSWER`` finds words that
say nothing yet ("could not be reached", "too early to tell").
"""

from __future__ import annotations

import re

SPEECH = frozenset({
    "say", "tell", "add", "state", "explain", "write", "ask", "reply", "respond", "continue", "insist",
    "warn", "declare", "confirm", "announce", "claim", "argue", "note", "acknowledge", "admit", "allege",
    "testify", "recall", "suggest", "predict", "complain", "tweet", "post", "report", "maintain", "stress",
    "assert", "contend", "concede", "reiterate", "emphasize", "emphasise", "observe", "remark", "comment",
    "promise", "pledge", "vow", "threaten", "urge", "believe", "describe", "express", "estimate", "disclose",
    "reveal", "indicate", "mention", "appeal", "shout", "yell", "whisper", "plead", "boast", "quip", "write",
    # the manner of saying it: '"None of us has tried to leave," Zaynab sighs'
    "sigh", "exclaim", "mutter", "murmur", "scream", "joke", "snap", "sob", "beg", "muse", "retort", "proclaim",
    "recount",
    # a demand or request of someone: "demanded that the government resign", "encouraged citizens to ask …"
    "demand", "request", "encourage",
})
STANCE = frozenset({
    "applaud", "praise", "welcome", "hail", "commend", "thank", "support", "defend", "back", "endorse",
    "criticize", "criticise", "condemn", "denounce", "deplore", "regret", "reject", "deny", "dismiss",
    "accuse", "blame", "slam", "attack", "oppose", "protest", "question", "challenge", "decry", "lament",
    "call",  # "called for", "called it ..."
    "voice",  # "voiced its hope that …", "voiced concern"
    # verbs with a particle, by lemma and particle: "lashed out at", "brushed off the claims"
    "lash out", "hit out", "speak out", "brush off", "shrug off", "play down", "push back",
})
REPORTING = SPEECH | STANCE
# A stance stated as a state of the speaker: "was critical of", "were angered by", "is pleased with".
STANCE_STATES = frozenset({"critical", "angry", "angered", "outraged", "furious", "disappointed", "dismayed",
                           "shocked", "opposed", "supportive", "pleased", "happy", "delighted", "elated",
                           "relieved", "grateful"})
# Verbs that report a fact, a denial, an apology or declining to comment, which the guidelines call
# neutral whatever their words' tone: "confirmed only that …", "denied the report", "declined to comment".
STATING = frozenset({"confirm", "deny", "announce", "decline", "apologize", "apologise"})
# The stance a reporting verb itself states ("applauded the decision" is supportive).
SUPPORTING = frozenset({"applaud", "praise", "welcome", "hail", "commend", "thank", "support", "defend", "back",
                        "endorse", "supportive", "pleased", "happy", "delighted", "elated", "relieved", "grateful"})
CRITICISING = frozenset({"criticize", "criticise", "condemn", "denounce", "deplore", "regret", "blame", "slam",
                         "lash out", "hit out",
                         "oppose", "protest", "decry", "lament", "complain", "accuse", "warn", "critical", "angry",
                         "angered", "outraged", "furious", "disappointed", "dismayed", "shocked", "opposed"})

# A statement that says nothing (yet): "did not know", "could not be reached", "too early to tell",
# "still gathering evidence", "few details were available".
# A negation elsewhere ("urged them not to send him back") says something, and so does a fact that has not
# happened yet ("has not yet received a notice"), so only these phrases count.
NON_ANSWER = re.compile(
    r"\b(?:(?:did|does|do|could|would|has|have|had|was|were|is) not|(?:did|does|do|could|would|has|have|had)n[’']t)"
    r"\s+(?:\w+\s+){0,2}?(?:know|known|comment|say|see|respond|reply|confirm|reached|determined|disclose|available)\b"
    r"|\bdeclined to\b|\bno comment\b|\bno (?:new )?(?:confirmed )?information\b|\btoo early\b"
    r"|\byet to (?:be )?(?:known|determined|confirmed|comment|respond|say)\b"
    r"|\bunclear\b|\bnot immediately\b"
    r"|\bstill (?:\w+ )?(?:gathering|investigating|trying to|working to|assessing|looking into)\b"
    r"|\b(?:few|no) (?:further |other )?details\b|\bearly stages?\b", re.IGNORECASE)


def verb_lemma(token) -> str:
    """A verb's lemma, with its particle when the two make one of the lexicon's phrasal verbs."""
    lemma = token.lemma_.lower()
    particle = next((c.lower_ for c in token.children if c.dep_ == "prt"), None)
    return f"{lemma} {particle}" if particle and f"{lemma} {particle}" in REPORTING else lemma


def is_reporting(lemma: str) -> bool:
    """Whether a verb's lemma reports speech or a stance."""
    return lemma.lower() in REPORTING

"""The text toolkit: one reader of article text for every caller.

spaCy parses the article once (:mod:`.nlp`); on top of the parse sit one
sentence splitter (:mod:`.sentences`), one quotation finder (:mod:`.quotes`)
and one lexicon of reporting verbs (:mod:`.reporting`).
"""

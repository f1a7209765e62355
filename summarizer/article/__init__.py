"""One article: what code finds in it (parties, speech, claims), the questions
the model answers about it, and the summary assembled from both."""

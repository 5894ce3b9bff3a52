"""The ranking layer: pair features, the prior score, the learned rankers and their training.

``features`` (what a ranker reads of a pair), ``ranker`` (scikit-learn estimators),
``training`` (outcomes into training rows, validation on a later window), ``measures`` and
``trec`` (trec_eval's measures and file formats).
"""

"""The engine: every derived artefact of one store snapshot, built, saved and loaded as a whole.

``tables`` (records as columns), ``columns`` (tables on disk without pickle), ``snapshot``
(the :class:`Engine` and the views requests derive from it), ``build`` (from the store),
``persist`` (save, load, staleness) and ``versions`` (version folders under
``MATCHER_MODELS_DIR``, published atomically).
"""

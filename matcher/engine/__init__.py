"""The engine: every derived artefact of one store snapshot, built, saved and loaded as a whole.

``tables`` (records as columns), ``snapshot`` (the engine: build, save, load) and
``versions`` (versioned folders under ``MATCHER_MODELS_DIR``, published atomically).
"""

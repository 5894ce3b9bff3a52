"""The retrieval layer: candidate generation in both directions.

``embedding`` (the ``Embedder`` contract and its content-hash cache), ``index`` (FAISS),
``lexical`` (BM25), ``fusion`` (the one reciprocal-rank fusion) and the channels.
"""

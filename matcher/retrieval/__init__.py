"""The retrieval layer: candidate generation in both directions.

``embedding`` (the ``Embedder`` contract and its content-hash cache), ``index`` (FAISS),
``lexical`` (BM25), ``fusion`` (the one score fusion) and the channels.
"""

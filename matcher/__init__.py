"""Student–enterprise matching recommender.

The library behind the ``matcher`` command: records, store, import, taxonomy,
simulation and (later) retrieval, ranking and placement. Heavy dependencies
(torch, faiss, jieba) are imported lazily inside the functions that need them,
so ``import matcher`` stays fast.
"""

from __future__ import annotations

__version__ = "0.1.0"

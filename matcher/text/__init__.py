"""The text layer: from free text in Chinese or English to tokens, documents and skills.

``tokens`` (normalise, detect the language, tokenise), ``taxonomy`` (the bilingual skill
taxonomy, shipped as package data, and skill extraction), ``documents`` (the text of a profile
or a position, never a personal field) and ``skillcache`` (remembered extraction).
"""

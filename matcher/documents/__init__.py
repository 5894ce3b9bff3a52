"""Reading a student's résumé or an enterprise's job description into a draft to review.

:mod:`~matcher.documents.reading` turns uploaded bytes (PDF, DOCX, text) into text in a child
process held to fixed limits; :mod:`~matcher.documents.resume` and :mod:`~matcher.documents.job`
turn that text into a draft profile or position in which every field says where it came from and
how sure the reading is. Nothing here stores anything: the owner confirms a draft through the
ordinary create and update routes. This package imports nothing heavy at import time, so the
child process starts quickly.
"""

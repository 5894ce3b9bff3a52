"""The web pages: server-rendered (Jinja2, no front-end build), Chinese by default.

:mod:`api.web.pages` has the routes, ``templates/`` the pages and :mod:`api.web.i18n` their
words (the pages' part of the one catalogue, :mod:`matcher.messages`).
"""

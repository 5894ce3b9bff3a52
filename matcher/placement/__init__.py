"""Cohort placement: an advisor's cohort into the open positions' openings.

``cohort`` (whom to place: the selection, those already placed left out, their refusals),
``problem`` (who may go where and how likely each pair is to match), ``allocation`` (the
methods: optimal, stable, greedy; and the measures of a plan) and ``plans`` (the advisors'
CSV, true utility on a simulated world, the comparison table).
"""

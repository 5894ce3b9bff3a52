"""Cohort placement: an advisor's cohort into the open positions' openings.

``problem`` builds a placement problem from the engine; ``allocation`` solves it (optimal,
stable, greedy) and measures plans.
"""

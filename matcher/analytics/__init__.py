"""Labour-market analytics for the centre, advisors and enterprises: aggregates counted in SQL
by the store's database, each group of fewer than :data:`~matcher.analytics.privacy.MIN_GROUP`
students suppressed."""

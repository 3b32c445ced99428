"""Every write of the credit registry. Modules by entity: subjects, records, decisions,
listings (and enforcement), publications, redlist, repair; tasks holds the viewflow glue."""

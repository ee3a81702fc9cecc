"""Training plan: framework plans, company training plans, the apprentice's plan, company tasks, coverage."""

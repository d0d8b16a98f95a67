"""Rolling action plans: goals, actions and yearly versions (`plans`), backcasting from a scenario
or a future picture to today's actions, and the vision questions."""

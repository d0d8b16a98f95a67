"""Rolling action plans: goals and actions (`plans`), yearly versions (`versions`), backcasting from a scenario
or a future picture to today's actions, and the vision questions."""

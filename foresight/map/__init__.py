"""The regional map: activities and their filters, counts per area, regions like mine, boundaries
(`geo`), and adding or editing one activity."""

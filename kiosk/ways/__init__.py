"""Ways through the building: the route network, directions, starts, plans and their label placement."""

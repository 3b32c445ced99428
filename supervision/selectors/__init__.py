"""Every read with a rule in it: who may see which figures, and the figures themselves."""

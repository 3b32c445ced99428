"""Supervision: figures, campaigns, assessment and bulletins for supervisors and bureau heads."""

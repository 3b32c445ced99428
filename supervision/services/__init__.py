"""Every write of the supervision app, named <entity>_<verb>."""

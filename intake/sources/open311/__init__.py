"""Open311 GeoReport v2 under /open311/v2/ (per the GeoReport v2 specification)."""


def demo_client_ensure():
    """The demo client whose API key is `demo-open311-key`; called by the demo data command."""
    from intake.sources.open311.services import demo_client_ensure as ensure

    return ensure()

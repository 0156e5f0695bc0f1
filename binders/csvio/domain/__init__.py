"""binders.csvio.domain: plain Python, no Django or boto3."""

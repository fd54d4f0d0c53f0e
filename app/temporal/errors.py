class TemporalInputError(ValueError):
    """Bad input to the resolver; the message names the field."""

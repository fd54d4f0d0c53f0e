"""Errors for bad input to the extractor."""


class ExtractionInputError(ValueError):
    """Input the extractor cannot work on; the message names the field ("text: ...", "published_at: ...")."""

    def __init__(self, field: str, problem: str):
        self.field = field
        self.problem = problem
        super().__init__(f"{field}: {problem}")

"""Stand-in for the `reedsolo` package: espefuse imports it at module level, but only
burning eFuse blocks with Reed-Solomon coding calls it, which no socket test does."""


class ReedSolomonError(Exception):
    pass


class RSCodec:
    def __init__(self, nsym=10, *args, **kwargs):
        self.nsym = nsym

    def encode(self, data):
        raise NotImplementedError("reedsolo stand-in: Reed-Solomon coding is not available")

    def decode(self, data):
        raise NotImplementedError("reedsolo stand-in: Reed-Solomon coding is not available")

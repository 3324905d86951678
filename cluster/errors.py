"""The one exception the cluster package raises."""


class ClusterError(Exception):
    """A cluster could not be configured, reached or repaired.

    The message is one line that names the setting or address involved and says
    what to do about it.

    >>> str(ClusterError("workers must be at least 1 (got 0 from --workers)"))
    'workers must be at least 1 (got 0 from --workers)'
    """

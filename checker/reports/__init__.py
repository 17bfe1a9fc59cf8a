"""Reports: pure functions from check results to text; none of them knows how a verdict was reached."""

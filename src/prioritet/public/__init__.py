"""Public pages: what a municipality prioritised and on which criteria and weights, without login."""

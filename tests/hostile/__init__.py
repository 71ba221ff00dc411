"""A hostile corpus: one module per family of bad or unlucky input (docs/security.md)."""

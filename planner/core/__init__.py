"""Bottom layer used by every layer above: errors, units, formatting, bundled files."""

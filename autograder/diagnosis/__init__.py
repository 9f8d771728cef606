"""Mistake detectors of the diagnosis: torch on mutated configurations (see ``common``)."""

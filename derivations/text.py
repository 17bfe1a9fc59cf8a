"""The document's recurring option texts."""

ALL_PREVIOUS = "Las tres opciones anteriores son correctas."
NONE_PREVIOUS = "Ninguna de las tres opciones anteriores es correcta."

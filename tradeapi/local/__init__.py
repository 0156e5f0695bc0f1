"""The local AWS stack: an embedded, serialized moto server and its bootstrap."""

"""The authoritative DNS of the challenge's name: delegation, name
servers, their answers and agreement."""

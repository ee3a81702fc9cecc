"""The learning engine: course content, module player, final test, reflections, certificates."""

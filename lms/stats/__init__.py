"""Cluster statistics: read-only aggregate queries over the projection tables, dashboard, exports."""

"""Dictionaries too large to hold: streamed columns, a working-set Lasso, exact certification at scale.

The pipeline is the materialized one (data → blades → dictionary → Lasso →
network), with the dictionary never built: its columns are generated in
chunks from the subset enumeration, priced against the residual, and only
the columns that matter are kept. The chunks can run on threads or on a
``dask.distributed`` cluster (:mod:`exactwedge.stream.executors`).
"""

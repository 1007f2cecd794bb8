"""A whole programme for benchmarks, made by ``python manage.py generate_scale_data``.

Fills an empty database with a whole programme for benchmarks (``make bench``, ``bench/run.py``):
working groups with coordinators and members, initiatives with owners on both sides, milestones in
mixed states and due dates (so some initiatives are off track, some at risk, some on track), evidence,
indicators with readings, progress updates, comments, activity and follows. Inserts are in bulk and
the random choices come from a fixed seed, so a given size always produces the same rows.

The shape, per initiative: 5 milestones (planned, in progress, submitted, changes requested, approved,
cancelled in turn; due from about 30 days overdue to 100 days ahead), 2 owners (one per side, who follow
it), 3 evidence links, 1 indicator with 4 readings, 2 progress updates, 1 source reference, 3 comments
(one in ten initiatives has a hidden one) and 5 activity rows over the last 14 days; one in five is
restricted. One working group per ``INITIATIVES_PER_GROUP`` initiatives (5 to 50), each with 2
coordinators and its share of ``users / 10`` members; ``bench.coordinator`` coordinates every fifth
group, so their review queue holds a fifth of the programme's submitted milestones. Everyone else is a
stakeholder; every user follows 5 initiatives and one in ten also a working group; everyone takes the
weekly digest. ``--big-initiative`` gives one group-0 initiative 100 milestones, 500 comments and 2,000
activity rows.

Every user gets the same password (``--password``, or a random one that is printed); it is hashed once
with the project's hasher.

The parts: ``shape`` (sizes, sign-ins, helpers), ``programme`` (people, follows, dates, stored figures;
``Programme.run`` inserts everything in one transaction) and ``rows`` (each initiative's rows).
"""

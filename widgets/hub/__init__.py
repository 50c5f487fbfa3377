"""A cohort on JupyterHub: the roster, the database's rules of who sees what, and what the hub
does when a participant's server starts. ``jupyterhub_config.py`` (beside this file) is the
hub's configuration; ``course hub ROSTER`` starts it.
"""

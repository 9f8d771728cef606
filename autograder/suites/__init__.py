"""The pytest suites, one package per assignment: test_public.py ships to students, test_hidden.py never does."""

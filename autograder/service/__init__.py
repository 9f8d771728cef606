"""``convgrade serve``: students submit over the web or the JSON API and get feedback in seconds.

    app = create_app(ServiceConfig(course=load_course(path), db_url=url, workers=2))

The database is the record of truth: a submission is stored (bytes and hash) before it is
acknowledged. Local grading processes, each holding one ``GradingSession``, claim queued
submissions with a lease, grade the stored bytes and store results.json; a claim whose process
died is taken again, and a result is recorded only by the claim that holds it.
"""

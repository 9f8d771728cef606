"""`convgrade export`: a Gradescope autograder zip and an nbgrader course directory.

    from autograder.export.gradescope import build_autograder_zip
    build_autograder_zip("a2_conv2d", Path("autograder.zip"))

    from autograder.export.nbgrader import write_course
    write_course(Path("course"), ["a2_conv2d"])

The modules are imported one by one (nothing here), so that the grader inside Gradescope's
container loads only what it runs.
"""

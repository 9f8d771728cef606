"""One module per command of the CLI; each parses options and calls one package function."""

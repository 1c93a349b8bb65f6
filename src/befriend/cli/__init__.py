"""The command-line shell: parses input, calls the library, renders the result."""

"""Drafting with a language model through the openai package (``copydesk draft``).

``sections`` chooses the data a section is given, ``prompts`` renders it into messages,
``client`` sends them (retries, errors, key redaction), ``cache`` keeps the answers,
``gate`` turns statistics into ``stat()`` citations and lints the draft (CD204 included),
``draft`` plans, runs and writes the drafts, ``command`` is what the CLI prints.
"""

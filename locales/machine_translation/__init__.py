"""Machine translation: plan a draft (drafts), call a provider through the pipeline with
numbers, doses, glossary terms and markup protected, run it as a job or task, in bulk,
and recover runs that died. Provider backends are in `providers/`, one module each."""

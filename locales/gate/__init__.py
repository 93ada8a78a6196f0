"""The publish gate: no live page in any locale shows machine text no person approved.
`rules` is the rule, `guard` applies it on every save, `provenance` records where text
came from, `page_text` lists what a page shows, `summary` is what the API reports."""

"""The nightly job: the run over an inbox, its manifest and claims."""

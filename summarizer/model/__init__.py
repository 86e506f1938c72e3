"""The only code that talks to a model: the openai + instructor clients, rate limits, and the
embedded llama.cpp server."""

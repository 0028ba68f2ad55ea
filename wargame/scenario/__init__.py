"""The scenario compiler: untrusted YAML -> validated file models -> the engine's IR."""

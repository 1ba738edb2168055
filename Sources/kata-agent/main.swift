// Placeholder entry point; replaced by the real agent main.
print("kata-agent")
